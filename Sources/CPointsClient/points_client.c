/*
 * Residence Points C client: framing (PROTOCOL.md), connections, blocking and pipelined
 * calls. Sockets are non-blocking and every wait goes through poll() with the caller's
 * deadline, so no call can hang past its timeout. Every byte goes through the transport
 * (transport.h): the socket itself, or TLS over it (tls_session.c).
 */
#define _POSIX_C_SOURCE 200809L

#include "points_client.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "tls_session.h"
#include "transport.h"

#define PREFACE_LEN 8
#define PREFIX_LEN 5
#define MAX_FRAME_BYTES (64u * 1024u * 1024u)

static const uint8_t PREFACE[PREFACE_LEN] = {'R', 'P', 'T', 'S', 0x00, 0x01, 0x00, 0x00};

struct points_client {
    transport io;
    uint64_t next_id;
    uint8_t *in;       /* bytes received, not yet consumed */
    size_t in_len, in_cap;
    uint8_t *out;      /* frames queued, not yet written */
    size_t out_len, out_cap;
    int gone;          /* the server said goodbye or closed */
    char *authorization; /* "Bearer <token>", or NULL */
    char error[512];
    Points__V1__ServerFrame *failure; /* the frame of the last failure the server answered, or NULL */
};

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t deadline_after(int timeout_ms) { return timeout_ms > 0 ? now_ms() + timeout_ms : -1; }

/* Keeps `frame` (or nothing) as the last failure's, freeing the one kept before. */
static void keep_failure(points_client *c, Points__V1__ServerFrame *frame) {
    if (c->failure) points__v1__server_frame__free_unpacked(c->failure, NULL);
    c->failure = frame;
}

static points_status fail(points_client *c, points_status status, const char *format, ...) {
    keep_failure(c, NULL);
    va_list args;
    va_start(args, format);
    vsnprintf(c->error, sizeof c->error, format, args);
    va_end(args);
    return status;
}

/* Why this thread's last failed points_connect_* failed: there is no handle to hold it. */
static _Thread_local char connect_error[512];

static points_status connect_failed(points_status status, const char *format, ...) {
    int saved = errno; /* callers may read errno after a failed connect */
    va_list args;
    va_start(args, format);
    vsnprintf(connect_error, sizeof connect_error, format, args);
    va_end(args);
    errno = saved;
    return status;
}

const char *points_last_error(const points_client *client) {
    if (client) return client->error;
    return connect_error[0] ? connect_error : "no client";
}

const Points__V1__Status *points_last_status(const points_client *client) {
    return client && client->failure ? client->failure->response->status : NULL;
}

const char *points_status_name(points_status status) {
    static const char *names[] = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
                                  "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
                                  "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
                                  "UNAUTHENTICATED"};
    static const char *local[] = {"E_IO", "E_PROTOCOL", "E_TIMEOUT", "E_NOMEM", "E_ARGUMENT", "E_CLOSED"};
    if (status >= 0 && status <= POINTS_UNAUTHENTICATED) return names[status];
    if (status <= POINTS_E_IO && status >= POINTS_E_CLOSED) return local[-status - 1];
    return "UNKNOWN";
}

/* Waits until the socket is ready for `events` or the deadline (-1: none) passes. */
static points_status wait_ready(points_client *c, short events, int64_t deadline) {
    for (;;) {
        int timeout = -1;
        if (deadline >= 0) {
            int64_t left = deadline - now_ms();
            if (left <= 0) return fail(c, POINTS_E_TIMEOUT, "timed out");
            timeout = (int)left;
        }
        struct pollfd p = {.fd = c->io.fd, .events = events, .revents = 0};
        int ready = poll(&p, 1, timeout);
        if (ready > 0) return POINTS_OK;
        if (ready < 0 && errno != EINTR) return fail(c, POINTS_E_IO, "poll failed: %s", strerror(errno));
    }
}

static points_status ensure(points_client *c, uint8_t **buffer, size_t *cap, size_t needed) {
    if (needed <= *cap) return POINTS_OK;
    size_t next = *cap ? *cap : 4096;
    while (next < needed) next *= 2;
    uint8_t *grown = realloc(*buffer, next);
    if (!grown) return fail(c, POINTS_E_NOMEM, "out of memory");
    *buffer = grown;
    *cap = next;
    return POINTS_OK;
}

/* Writes what is queued, waiting on the socket until the deadline (-1: none). */
static points_status flush_until(points_client *c, int64_t deadline) {
    size_t done = 0;
    while (done < c->out_len) {
        size_t written = 0;
        transport_result r = transport_write(&c->io, c->out + done, c->out_len - done, &written, c->error, sizeof c->error);
        if (r == TRANSPORT_DONE) {
            done += written;
        } else if (r == TRANSPORT_WANT_WRITE || r == TRANSPORT_WANT_READ) {
            /* TLS may need to read before it can write; the same bytes are offered again. */
            points_status s = wait_ready(c, r == TRANSPORT_WANT_WRITE ? POLLOUT : POLLIN, deadline);
            if (s != POINTS_OK) {
                memmove(c->out, c->out + done, c->out_len - done);
                c->out_len -= done;
                return s;
            }
        } else {
            c->gone = 1;
            return r == TRANSPORT_CLOSED ? POINTS_E_CLOSED : POINTS_E_IO;
        }
    }
    c->out_len = 0;
    return POINTS_OK;
}

points_status points_flush(points_client *c, int timeout_ms) {
    if (!c) return POINTS_E_ARGUMENT;
    return flush_until(c, deadline_after(timeout_ms));
}

/* Reads at least one more byte into the input buffer. */
static points_status read_more(points_client *c, int64_t deadline) {
    points_status s = ensure(c, &c->in, &c->in_cap, c->in_len + 65536);
    if (s != POINTS_OK) return s;
    for (;;) {
        size_t got = 0;
        transport_result r = transport_read(&c->io, c->in + c->in_len, c->in_cap - c->in_len, &got, c->error, sizeof c->error);
        if (r == TRANSPORT_DONE) {
            c->in_len += got;
            return POINTS_OK;
        }
        if (r == TRANSPORT_CLOSED || r == TRANSPORT_FAILED) {
            c->gone = 1;
            return r == TRANSPORT_CLOSED ? POINTS_E_CLOSED : POINTS_E_IO;
        }
        /* Poll only when TLS holds nothing decrypted: the socket cannot show those bytes. */
        if (transport_pending(&c->io)) continue;
        s = wait_ready(c, r == TRANSPORT_WANT_READ ? POLLIN : POLLOUT, deadline);
        if (s != POINTS_OK) return s;
    }
}

static void consume(points_client *c, size_t n) {
    memmove(c->in, c->in + n, c->in_len - n);
    c->in_len -= n;
}

/* The next frame's body, valid until consume(); the caller consumes PREFIX_LEN + *len. */
static points_status next_frame(points_client *c, int64_t deadline, const uint8_t **body, uint32_t *len) {
    points_status s;
    while (c->in_len < PREFIX_LEN)
        if ((s = read_more(c, deadline)) != POINTS_OK) return s;
    if (c->in[0] != 0) return fail(c, POINTS_E_PROTOCOL, "frame flags 0x%02x are reserved", c->in[0]);
    uint32_t n = (uint32_t)c->in[1] << 24 | (uint32_t)c->in[2] << 16 | (uint32_t)c->in[3] << 8 | c->in[4];
    if (n > MAX_FRAME_BYTES) return fail(c, POINTS_E_PROTOCOL, "the server announced a frame of %u bytes", n);
    while (c->in_len < PREFIX_LEN + (size_t)n)
        if ((s = read_more(c, deadline)) != POINTS_OK) return s;
    *body = c->in + PREFIX_LEN;
    *len = n;
    return POINTS_OK;
}

/* Writes the preface and reads the server's. On a plain TCP connection, a TLS record or a
 * silent close where the preface should be says the port wants TLS. */
static points_status handshake(points_client *c, int64_t deadline, int plain_tcp) {
    points_status s = ensure(c, &c->out, &c->out_cap, PREFACE_LEN);
    if (s != POINTS_OK) return s;
    memcpy(c->out, PREFACE, PREFACE_LEN);
    c->out_len = PREFACE_LEN;
    if ((s = flush_until(c, deadline)) != POINTS_OK) return s;
    while (c->in_len < PREFACE_LEN) {
        s = read_more(c, deadline);
        if (plain_tcp && c->in_len >= 2 && (c->in[0] == 0x15 || c->in[0] == 0x16) && c->in[1] == 0x03)
            return fail(c, POINTS_E_PROTOCOL, "the server answered with TLS: connect with TLS (points_connect_tls)");
        if (plain_tcp && s == POINTS_E_CLOSED && c->in_len == 0)
            return fail(c, s, "the server closed the connection without answering the preface (does it require TLS?)");
        if (s != POINTS_OK) return s;
    }
    if (memcmp(c->in, PREFACE, 4) != 0) return fail(c, POINTS_E_PROTOCOL, "the peer is not a pointsd server");
    if (c->in[4] != 0 || c->in[5] != 1) return fail(c, POINTS_E_PROTOCOL, "the server speaks protocol version %u", c->in[4] << 8 | c->in[5]);
    consume(c, PREFACE_LEN);
    return POINTS_OK;
}

/* A handle on a connected transport (closed if there is no memory for one). */
static points_client *new_client(transport io) {
    points_client *c = calloc(1, sizeof *c);
    if (c) c->io = io;
    else transport_close(&io);
    return c;
}

/* Exchanges the preface on a new handle: *out on success; otherwise the handle is closed and
 * why is kept for points_last_error(NULL). */
static points_status open_client(points_client *c, const char *address, int64_t deadline, int plain_tcp, points_client **out) {
    points_status s = handshake(c, deadline, plain_tcp);
    if (s != POINTS_OK) {
        connect_failed(s, "cannot connect to %s: %s", address, c->error);
        points_close(c);
        return s;
    }
    *out = c;
    return POINTS_OK;
}

/* Connects a non-blocking socket, waiting for completion up to the deadline. */
static int connect_with_timeout(int fd, const struct sockaddr *address, socklen_t length, int timeout_ms) {
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK) < 0) return -1;
    if (connect(fd, address, length) == 0) return 0;
    if (errno != EINPROGRESS && errno != EAGAIN) return -1;
    struct pollfd p = {.fd = fd, .events = POLLOUT, .revents = 0};
    int ready;
    do ready = poll(&p, 1, timeout_ms > 0 ? timeout_ms : -1);
    while (ready < 0 && errno == EINTR);
    if (ready <= 0) {
        errno = ready == 0 ? ETIMEDOUT : errno;
        return -1;
    }
    int error = 0;
    socklen_t size = sizeof error;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) < 0 || error != 0) {
        errno = error ? error : errno;
        return -1;
    }
    return 0;
}

static void format_address(char *out, size_t size, const char *host, int port) {
    if (strchr(host, ':')) snprintf(out, size, "[%s]:%d", host, port); /* IPv6 */
    else snprintf(out, size, "%s:%d", host, port);
}

static points_status check_tcp_arguments(const char *function, const char *host, int port, points_client **out) {
    if (out) *out = NULL;
    if (!host || !out) return connect_failed(POINTS_E_ARGUMENT, "%s: a NULL argument", function);
    if (port <= 0 || port > 65535) return connect_failed(POINTS_E_ARGUMENT, "%s: port %d is not 1 to 65535", function, port);
    return POINTS_OK;
}

/* Resolves host and connects a non-blocking TCP socket; -1 on failure, with errno and
 * points_last_error(NULL) saying why. */
static int open_tcp(const char *host, int port, const char *address, int timeout_ms) {
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    struct addrinfo hints = {0}, *addresses = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int resolved = getaddrinfo(host, service, &hints, &addresses);
    if (resolved != 0) {
        connect_failed(POINTS_E_IO, "cannot connect to %s: %s", address, gai_strerror(resolved));
        return -1;
    }
    int fd = -1, failure = 0;
    for (struct addrinfo *a = addresses; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) { failure = errno; continue; }
        if (connect_with_timeout(fd, a->ai_addr, a->ai_addrlen, timeout_ms) == 0) break;
        failure = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(addresses);
    if (fd < 0) {
        errno = failure; /* why (ECONNREFUSED, ETIMEDOUT), for callers that read errno */
        connect_failed(POINTS_E_IO, "cannot connect to %s: %s", address, strerror(failure));
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

points_status points_connect_tcp(const char *host, int port, int timeout_ms, points_client **out) {
    points_status s = check_tcp_arguments("points_connect_tcp", host, port, out);
    if (s != POINTS_OK) return s;
    char address[320];
    format_address(address, sizeof address, host, port);
    int fd = open_tcp(host, port, address, timeout_ms);
    if (fd < 0) return POINTS_E_IO;
    points_client *c = new_client((transport){.fd = fd, .tls = NULL});
    if (!c) return connect_failed(POINTS_E_NOMEM, "cannot connect to %s: out of memory", address);
    return open_client(c, address, deadline_after(timeout_ms), 1, out);
}

/* Runs the TLS handshake to its end, waiting on the socket until the deadline. */
static points_status tls_handshake_until(points_client *c, int64_t deadline, int timeout_ms) {
    for (;;) {
        transport_result r = tls_handshake(c->io.tls, c->error, sizeof c->error);
        if (r == TRANSPORT_DONE) return POINTS_OK;
        if (r == TRANSPORT_CLOSED || r == TRANSPORT_FAILED) return POINTS_E_IO;
        points_status s = wait_ready(c, r == TRANSPORT_WANT_READ ? POLLIN : POLLOUT, deadline);
        if (s == POINTS_E_TIMEOUT) return fail(c, s, "no answer within %d ms (does the server speak TLS on this port?)", timeout_ms);
        if (s != POINTS_OK) return s;
    }
}

points_status points_connect_tls(const char *host, int port, const points_tls_options *tls, int timeout_ms,
                                 points_client **out) {
    points_status s = check_tcp_arguments("points_connect_tls", host, port, out);
    if (s != POINTS_OK) return s;
    int64_t deadline = deadline_after(timeout_ms); /* connection, handshake and preface together */
    static const points_tls_options defaults = {NULL, NULL, NULL, NULL};
    char address[320], why[512];
    format_address(address, sizeof address, host, port);
    tls_session *session = NULL;
    if ((s = tls_session_new(tls ? tls : &defaults, &session, why, sizeof why)) != POINTS_OK)
        return connect_failed(s, "%s", why); /* a bad option: no connection tried */
    int fd = open_tcp(host, port, address, timeout_ms);
    if (fd < 0) {
        int failure = errno;
        tls_close(session);
        errno = failure;
        return POINTS_E_IO;
    }
    points_client *c = new_client((transport){.fd = fd, .tls = session});
    if (!c) return connect_failed(POINTS_E_NOMEM, "cannot connect to %s: out of memory", address);
    if ((s = tls_session_start(session, fd, host, c->error, sizeof c->error)) != POINTS_OK ||
        (s = tls_handshake_until(c, deadline, timeout_ms)) != POINTS_OK) {
        connect_failed(s, "TLS handshake with %s failed: %s", address, c->error);
        points_close(c);
        return s;
    }
    return open_client(c, address, deadline, 0, out);
}

points_status points_connect_unix(const char *path, int timeout_ms, points_client **out) {
    if (out) *out = NULL;
    if (!path || !out) return connect_failed(POINTS_E_ARGUMENT, "points_connect_unix: a NULL argument");
    struct sockaddr_un address = {0};
    if (strlen(path) >= sizeof address.sun_path)
        return connect_failed(POINTS_E_ARGUMENT, "cannot connect to %s: the path is too long for a Unix socket", path);
    address.sun_family = AF_UNIX;
    strcpy(address.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return connect_failed(POINTS_E_IO, "cannot connect to %s: %s", path, strerror(errno));
    if (connect_with_timeout(fd, (struct sockaddr *)&address, sizeof address, timeout_ms) != 0) {
        int failure = errno;
        close(fd);
        errno = failure;
        return connect_failed(POINTS_E_IO, "cannot connect to %s: %s", path, strerror(failure));
    }
    points_client *c = new_client((transport){.fd = fd, .tls = NULL});
    if (!c) return connect_failed(POINTS_E_NOMEM, "cannot connect to %s: out of memory", path);
    return open_client(c, path, deadline_after(timeout_ms), 0, out);
}

void points_close(points_client *c) {
    if (!c) return;
    transport_close(&c->io);
    keep_failure(c, NULL);
    free(c->in);
    free(c->out);
    free(c->authorization);
    free(c);
}

points_status points_set_token(points_client *c, const char *token) {
    if (!c) return POINTS_E_ARGUMENT;
    free(c->authorization);
    c->authorization = NULL;
    if (!token) return POINTS_OK;
    size_t len = strlen(token);
    c->authorization = malloc(len + 8);
    if (!c->authorization) return fail(c, POINTS_E_NOMEM, "out of memory");
    memcpy(c->authorization, "Bearer ", 7);
    memcpy(c->authorization + 7, token, len + 1);
    return POINTS_OK;
}

void points_free_bytes(uint8_t *bytes) { free(bytes); }

points_status points_send(points_client *c, const char *method, const uint8_t *request, size_t request_len,
                          uint32_t timeout_ms, uint64_t *call_id) {
    if (!c || !method || !*method || (!request && request_len)) return POINTS_E_ARGUMENT;
    if (c->gone) return fail(c, POINTS_E_CLOSED, "the connection is closed or going away");
    Points__V1__Call call = POINTS__V1__CALL__INIT;
    call.has_call_id = 1;
    call.call_id = ++c->next_id;
    call.method = (char *)method;
    call.has_timeout_ms = timeout_ms > 0;
    call.timeout_ms = timeout_ms;
    call.has_payload = 1;
    call.payload.data = (uint8_t *)request;
    call.payload.len = request_len;
    Points__V1__Call__MetadataEntry authorization = POINTS__V1__CALL__METADATA_ENTRY__INIT;
    Points__V1__Call__MetadataEntry *entries[1] = {&authorization};
    if (c->authorization) {
        authorization.key = "authorization";
        authorization.value = c->authorization;
        call.n_metadata = 1;
        call.metadata = entries;
    }
    Points__V1__ClientFrame frame = POINTS__V1__CLIENT_FRAME__INIT;
    frame.kind_case = POINTS__V1__CLIENT_FRAME__KIND_CALL;
    frame.call = &call;
    size_t size = points__v1__client_frame__get_packed_size(&frame);
    points_status s = ensure(c, &c->out, &c->out_cap, c->out_len + PREFIX_LEN + size);
    if (s != POINTS_OK) return s;
    uint8_t *prefix = c->out + c->out_len;
    prefix[0] = 0;
    prefix[1] = (uint8_t)(size >> 24);
    prefix[2] = (uint8_t)(size >> 16);
    prefix[3] = (uint8_t)(size >> 8);
    prefix[4] = (uint8_t)size;
    points__v1__client_frame__pack(&frame, prefix + PREFIX_LEN);
    c->out_len += PREFIX_LEN + size;
    if (call_id) *call_id = call.call_id;
    return POINTS_OK;
}

points_status points_receive(points_client *c, int timeout_ms, uint64_t *call_id, points_status *call_status,
                             uint8_t **response, size_t *response_len) {
    if (!c || !call_id || !call_status || !response || !response_len) return POINTS_E_ARGUMENT;
    *response = NULL;
    *response_len = 0;
    int64_t deadline = deadline_after(timeout_ms);
    points_status s = points_flush(c, timeout_ms);
    if (s != POINTS_OK) return s;
    for (;;) {
        const uint8_t *body = NULL;
        uint32_t len = 0;
        if ((s = next_frame(c, deadline, &body, &len)) != POINTS_OK) return s;
        Points__V1__ServerFrame *frame = points__v1__server_frame__unpack(NULL, len, body);
        consume(c, PREFIX_LEN + len);
        if (!frame) return fail(c, POINTS_E_PROTOCOL, "the server sent a frame that is not a ServerFrame");
        switch (frame->kind_case) {
        case POINTS__V1__SERVER_FRAME__KIND_RESPONSE: {
            Points__V1__Response *r = frame->response;
            Points__V1__Code code = r->status ? r->status->code : POINTS__V1__CODE__UNKNOWN;
            *call_id = r->call_id;
            *call_status = (int)code >= 0 && (int)code <= POINTS_UNAUTHENTICATED ? (points_status)code : POINTS_UNKNOWN;
            if (*call_status == POINTS_OK) {
                *response = malloc(r->payload.len ? r->payload.len : 1);
                if (!*response) {
                    points__v1__server_frame__free_unpacked(frame, NULL);
                    return fail(c, POINTS_E_NOMEM, "out of memory");
                }
                if (r->payload.len) memcpy(*response, r->payload.data, r->payload.len);
                *response_len = r->payload.len;
                points__v1__server_frame__free_unpacked(frame, NULL);
            } else {
                fail(c, *call_status, "%s", r->status && r->status->message ? r->status->message : "");
                if (r->status) keep_failure(c, frame);
                else points__v1__server_frame__free_unpacked(frame, NULL);
            }
            return POINTS_OK;
        }
        case POINTS__V1__SERVER_FRAME__KIND_GO_AWAY:
            /* Calls already accepted are still answered: keep reading. */
            c->gone = 1;
            points__v1__server_frame__free_unpacked(frame, NULL);
            continue;
        case POINTS__V1__SERVER_FRAME__KIND_CONNECTION_ERROR: {
            Points__V1__Status *status = frame->connection_error;
            fail(c, POINTS_E_PROTOCOL, "connection error %s: %s", points_status_name((points_status)status->code),
                 status->message ? status->message : "");
            c->gone = 1;
            points__v1__server_frame__free_unpacked(frame, NULL);
            return POINTS_E_PROTOCOL;
        }
        default:
            points__v1__server_frame__free_unpacked(frame, NULL);
            continue;
        }
    }
}

points_status points_call(points_client *c, const char *method, const uint8_t *request, size_t request_len,
                          uint32_t timeout_ms, uint8_t **response, size_t *response_len) {
    if (!response || !response_len) return POINTS_E_ARGUMENT;
    uint64_t id;
    points_status s = points_send(c, method, request, request_len, timeout_ms, &id);
    if (s != POINTS_OK) return s;
    /* Wait a little past the server's deadline: it answers DEADLINE_EXCEEDED itself. */
    int wait_ms = timeout_ms > 0 ? (int)timeout_ms + 1000 : -1;
    int64_t deadline = deadline_after(wait_ms);
    for (;;) {
        uint64_t answered;
        points_status call_status;
        int left = deadline < 0 ? -1 : (int)(deadline - now_ms());
        if (deadline >= 0 && left <= 0) return fail(c, POINTS_E_TIMEOUT, "no answer within %u ms", timeout_ms);
        s = points_receive(c, left, &answered, &call_status, response, response_len);
        if (s != POINTS_OK) return s;
        if (answered == id) return call_status;
        points_free_bytes(*response);  /* an answer to an earlier pipelined call nobody waits for */
        *response = NULL;
    }
}

/* Packs `request`, calls `method`, unpacks the answer with `unpack`. */
static points_status typed_call(points_client *c, const char *method, const ProtobufCMessage *request, uint32_t timeout_ms,
                                const ProtobufCMessageDescriptor *response_type, ProtobufCMessage **response) {
    if (!c || !response) return POINTS_E_ARGUMENT;
    *response = NULL;
    size_t size = protobuf_c_message_get_packed_size(request);
    uint8_t *bytes = malloc(size ? size : 1);
    if (!bytes) return fail(c, POINTS_E_NOMEM, "out of memory");
    protobuf_c_message_pack(request, bytes);
    uint8_t *answer = NULL;
    size_t answer_len = 0;
    points_status s = points_call(c, method, bytes, size, timeout_ms, &answer, &answer_len);
    free(bytes);
    if (s != POINTS_OK) return s;
    *response = protobuf_c_message_unpack(response_type, NULL, answer_len, answer);
    free(answer);
    if (!*response) return fail(c, POINTS_DATA_LOSS, "the %s response could not be decoded", method);
    return POINTS_OK;
}

points_status points_score(points_client *c, const Points__V1__ScoreRequest *request, uint32_t timeout_ms,
                           Points__V1__ScoreResponse **response) {
    if (!request) return POINTS_E_ARGUMENT;
    return typed_call(c, "Score", &request->base, timeout_ms, &points__v1__score_response__descriptor, (ProtobufCMessage **)response);
}

points_status points_score_batch(points_client *c, const Points__V1__ScoreBatchRequest *request, uint32_t timeout_ms,
                                 Points__V1__ScoreBatchResponse **response) {
    if (!request) return POINTS_E_ARGUMENT;
    return typed_call(c, "ScoreBatch", &request->base, timeout_ms, &points__v1__score_batch_response__descriptor,
                      (ProtobufCMessage **)response);
}

points_status points_list_schemes(points_client *c, uint32_t timeout_ms, Points__V1__ListSchemesResponse **response) {
    Points__V1__ListSchemesRequest request = POINTS__V1__LIST_SCHEMES_REQUEST__INIT;
    return typed_call(c, "ListSchemes", &request.base, timeout_ms, &points__v1__list_schemes_response__descriptor,
                      (ProtobufCMessage **)response);
}

points_status points_enrolment_tier(points_client *c, const Points__V1__EnrolmentTierRequest *request, uint32_t timeout_ms,
                                    Points__V1__EnrolmentTierResponse **response) {
    if (!request) return POINTS_E_ARGUMENT;
    return typed_call(c, "EnrolmentTier", &request->base, timeout_ms, &points__v1__enrolment_tier_response__descriptor,
                      (ProtobufCMessage **)response);
}

points_status points_health(points_client *c, uint32_t timeout_ms, Points__V1__HealthCheckResponse **response) {
    Points__V1__HealthCheckRequest request = POINTS__V1__HEALTH_CHECK_REQUEST__INIT;
    return typed_call(c, "Health", &request.base, timeout_ms, &points__v1__health_check_response__descriptor,
                      (ProtobufCMessage **)response);
}
