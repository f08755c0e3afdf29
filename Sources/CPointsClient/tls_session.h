/*
 * TLS for the C client with OpenSSL 3: a client context from points_tls_options, the
 * handshake on a non-blocking socket one step at a time (the caller waits with its deadline),
 * and the reads and writes the transport (transport.h) routes through it. Every failure is
 * put in words. Internal to the library; tools/loadgen.c uses the context and name check too.
 */
#ifndef POINTS_TLS_SESSION_H
#define POINTS_TLS_SESSION_H

#include <openssl/ssl.h>

#include "points_client.h"
#include "transport.h"

/* A client context: TLS 1.2 or later, the server's certificate verified against
 * options->ca_file (NULL: the system's store), the client certificate and key when given.
 * NULL on failure, with why in error ("cannot read the CA file X: ..."). */
SSL_CTX *tls_client_context(const points_tls_options *options, char *error, size_t error_size);

/* Makes `ssl` check that the server's certificate is for `name` (an IP address when numeric)
 * and send `name` as SNI (names only, not addresses). 0 on failure, with why in error. */
int tls_expect_name(SSL *ssl, const char *name, char *error, size_t error_size);

/* A session for options, not yet connected: a bad option fails here, before any socket
 * (POINTS_E_ARGUMENT or POINTS_E_NOMEM, with why in error). Free it with tls_close. */
points_status tls_session_new(const points_tls_options *options, tls_session **out, char *error, size_t error_size);

/* Puts the session on the connected, non-blocking socket fd (which it never closes), to check
 * the server's name (options->server_name, or host). */
points_status tls_session_start(tls_session *session, int fd, const char *host, char *error, size_t error_size);

/* One step of the handshake: TRANSPORT_DONE once it is complete, WANT_READ/WANT_WRITE to be
 * called again when the socket is ready, else error says why ("certificate verify failed
 * (...)", "the server refused our client certificate: certificate expired", ...). */
transport_result tls_handshake(tls_session *session, char *error, size_t error_size);

transport_result tls_read(tls_session *session, uint8_t *buffer, size_t len, size_t *done, char *error,
                          size_t error_size);
transport_result tls_write(tls_session *session, const uint8_t *buffer, size_t len, size_t *done, char *error,
                           size_t error_size);
/* Whether decrypted bytes wait inside OpenSSL (the socket may show nothing to read). */
int tls_pending(const tls_session *session);
/* Sends close_notify if it can without waiting, then frees the session, its SSL and SSL_CTX. */
void tls_close(tls_session *session);

#endif
