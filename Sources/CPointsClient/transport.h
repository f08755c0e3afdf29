/*
 * The one place the C client's bytes cross a connection: a plain socket, or a TLS session
 * over it (tls_session.h). Internal to the library: not installed, not in include/.
 *
 * Reads and writes never block: a call either moves bytes or says what the connection waits
 * for (the socket readable or writable), and the caller polls the descriptor with its own
 * deadline. TLS may hold decrypted bytes the socket no longer shows (transport_pending): read
 * again before polling.
 */
#ifndef POINTS_TRANSPORT_H
#define POINTS_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

typedef struct tls_session tls_session;

typedef struct {
    int fd;           /* the socket, non-blocking; -1: none */
    tls_session *tls; /* NULL: plain bytes on fd */
} transport;

typedef enum {
    TRANSPORT_DONE,       /* *done bytes moved, at least one */
    TRANSPORT_WANT_READ,  /* nothing moved: retry once the socket is readable */
    TRANSPORT_WANT_WRITE, /* nothing moved: retry once the socket is writable */
    TRANSPORT_CLOSED,     /* the peer closed the connection; error says so */
    TRANSPORT_FAILED      /* the connection is unusable; error says why */
} transport_result;

transport_result transport_read(transport *t, uint8_t *buffer, size_t len, size_t *done, char *error, size_t error_size);
/* A write after TRANSPORT_WANT_READ/WANT_WRITE must offer the same bytes again (the buffer may
 * move, and more may follow them). */
transport_result transport_write(transport *t, const uint8_t *buffer, size_t len, size_t *done, char *error,
                                 size_t error_size);
/* Whether bytes are ready to read without waiting on the socket. */
int transport_pending(const transport *t);
/* Ends TLS (best effort, without waiting), closes the socket and frees the session. */
void transport_close(transport *t);

#endif
