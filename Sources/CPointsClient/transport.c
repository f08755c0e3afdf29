/*
 * The transport: plain socket reads and writes, or the TLS session's (tls_session.c).
 */
#define _POSIX_C_SOURCE 200809L

#include "transport.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tls_session.h"

transport_result transport_read(transport *t, uint8_t *buffer, size_t len, size_t *done, char *error, size_t error_size) {
    *done = 0;
    if (t->tls) return tls_read(t->tls, buffer, len, done, error, error_size);
    for (;;) {
        ssize_t got = recv(t->fd, buffer, len, 0);
        if (got > 0) {
            *done = (size_t)got;
            return TRANSPORT_DONE;
        }
        if (got == 0) {
            snprintf(error, error_size, "the server closed the connection");
            return TRANSPORT_CLOSED;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return TRANSPORT_WANT_READ;
        snprintf(error, error_size, "read failed: %s", strerror(errno));
        return TRANSPORT_FAILED;
    }
}

transport_result transport_write(transport *t, const uint8_t *buffer, size_t len, size_t *done, char *error,
                                 size_t error_size) {
    *done = 0;
    if (t->tls) return tls_write(t->tls, buffer, len, done, error, error_size);
    for (;;) {
        ssize_t written = send(t->fd, buffer, len, MSG_NOSIGNAL);
        if (written > 0) {
            *done = (size_t)written;
            return TRANSPORT_DONE;
        }
        if (written < 0 && errno == EINTR) continue;
        if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return TRANSPORT_WANT_WRITE;
        snprintf(error, error_size, "write failed: %s", written < 0 ? strerror(errno) : "nothing written");
        return TRANSPORT_FAILED;
    }
}

int transport_pending(const transport *t) { return t->tls ? tls_pending(t->tls) : 0; }

void transport_close(transport *t) {
    if (t->tls) tls_close(t->tls);
    t->tls = NULL;
    if (t->fd >= 0) close(t->fd);
    t->fd = -1;
}
