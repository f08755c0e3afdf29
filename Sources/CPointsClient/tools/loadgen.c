/*
 * Load generator for pointsd (or the echo server): N connections, each with calls in flight,
 * closed loop (W in flight per connection) or open loop (a fixed total rate, latency measured
 * from each call's intended send time so a stalled server cannot hide its queue:
 * no coordinated omission). Reports calls/s, latency percentiles and errors by status.
 *
 *   loadgen --port P [--host H] [--connections N] [--window W] [--calls C] [--rate R]
 *           [--method Score|Health] [--summary] [--facts FILE.json] [--label TEXT]
 *           [--tls-ca FILE] [--tls-cert FILE --tls-key FILE]
 *
 * Any --tls-* option means TLS (as points-c: the server's certificate checked against --tls-ca
 * or the system's CAs and the host name; --tls-cert/--tls-key: the agency's certificate).
 * An agency known by a token gives it in the environment, POINTS_TOKEN (as points-c): every
 * call then carries the metadata `authorization: Bearer <token>`.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "facts_json.h"
#include "tls_session.h"
#include "wire.h"

#define RING 65536  /* calls outstanding per connection at most */

typedef struct {
    int fd;
    SSL *ssl; /* NULL: plain */
    uint64_t next_id, in_flight;
    uint8_t *in, *out;
    size_t in_len, in_cap, out_len, out_cap;
    int64_t intended[RING];  /* intended send time (ns) by call id */
} connection;

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void grow(uint8_t **buffer, size_t *cap, size_t needed) {
    if (needed <= *cap) return;
    while (*cap < needed) *cap = *cap ? *cap * 2 : 65536;
    *buffer = realloc(*buffer, *cap);
    if (!*buffer) abort();
}

static const char *method = "Score";
static uint8_t *payload;
static size_t payload_len;
static uint8_t *metadata; /* Call.metadata, encoded once: the authorization entry, or none */
static size_t metadata_len;

/* Encodes Call.metadata {"authorization": "Bearer <token>"} (field 4, a map entry). */
static void build_metadata(const char *token) {
    static const char key[] = "authorization";
    size_t key_len = sizeof key - 1, value_len = 7 + strlen(token);
    uint8_t key_head[16], value_head[16], entry_head[16];
    size_t kh = 0, vh = 0, eh = 0;
    key_head[kh++] = 0x0a;
    kh += wire_put_varint(key_head + kh, key_len);
    value_head[vh++] = 0x12;
    vh += wire_put_varint(value_head + vh, value_len);
    size_t entry_len = kh + key_len + vh + value_len;
    entry_head[eh++] = 0x22;
    eh += wire_put_varint(entry_head + eh, entry_len);
    metadata_len = eh + entry_len;
    uint8_t *m = metadata = malloc(metadata_len);
    if (!m) abort();
    memcpy(m, entry_head, eh); m += eh;
    memcpy(m, key_head, kh); m += kh;
    memcpy(m, key, key_len); m += key_len;
    memcpy(m, value_head, vh); m += vh;
    memcpy(m, "Bearer ", 7); m += 7;
    memcpy(m, token, value_len - 7);
}

/* Queues one call: ClientFrame{call{call_id, method, metadata, payload}}. */
static void queue_call(connection *c, int64_t intended) {
    uint64_t id = ++c->next_id;
    uint8_t head[32];
    size_t h = 0, method_len = strlen(method);
    head[h++] = 0x08;
    h += wire_put_varint(head + h, id);
    head[h++] = 0x12;
    h += wire_put_varint(head + h, method_len);
    uint8_t payload_head[16];
    size_t ph = 0;
    payload_head[ph++] = 0x2a;
    ph += wire_put_varint(payload_head + ph, payload_len);
    size_t call_len = h + method_len + metadata_len + ph + payload_len;
    uint8_t frame_head[16];
    size_t fh = 0;
    frame_head[fh++] = 0x0a;
    fh += wire_put_varint(frame_head + fh, call_len);
    size_t body = fh + call_len;
    grow(&c->out, &c->out_cap, c->out_len + 5 + body);
    uint8_t *o = c->out + c->out_len;
    wire_prefix(o, (uint32_t)body);
    o += 5;
    memcpy(o, frame_head, fh); o += fh;
    memcpy(o, head, h); o += h;
    memcpy(o, method, method_len); o += method_len;
    if (metadata_len) { memcpy(o, metadata, metadata_len); o += metadata_len; }
    memcpy(o, payload_head, ph); o += ph;
    memcpy(o, payload, payload_len);
    c->out_len += 5 + body;
    c->intended[id % RING] = intended;
    c->in_flight++;
}

static SSL_CTX *tls; /* NULL: plain TCP */

/* Bytes moved (> 0), 0 when the socket would block, -1 when the connection failed or closed. */
static ssize_t send_some(connection *c, const uint8_t *data, size_t len) {
    if (c->ssl) {
        size_t n = 0;
        if (SSL_write_ex(c->ssl, data, len, &n)) return (ssize_t)n;
        int e = SSL_get_error(c->ssl, 0);
        return e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ ? 0 : -1;
    }
    ssize_t w = send(c->fd, data, len, MSG_NOSIGNAL);
    return w >= 0 ? w : errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
}

/* Like send_some. TLS: a caller reads until 0, so no record stays decrypted inside OpenSSL
 * unseen by epoll. */
static ssize_t recv_some(connection *c, uint8_t *data, size_t len) {
    if (c->ssl) {
        size_t n = 0;
        if (SSL_read_ex(c->ssl, data, len, &n)) return (ssize_t)n;
        int e = SSL_get_error(c->ssl, 0);
        return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
    }
    ssize_t got = recv(c->fd, data, len, 0);
    return got > 0 ? got : got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
}

static int flush_out(connection *c) {
    size_t sent = 0;
    while (sent < c->out_len) {
        ssize_t w = send_some(c, c->out + sent, c->out_len - sent);
        if (w > 0) sent += (size_t)w;
        else if (w == 0) break;
        else return -1;
    }
    memmove(c->out, c->out + sent, c->out_len - sent);
    c->out_len -= sent;
    return 0;
}

typedef struct { uint64_t call_id, code; const uint8_t *response; size_t response_len; int has_code, is_response; } answer;

static void on_status(void *context, uint32_t field, uint64_t varint, const uint8_t *bytes, size_t len) {
    (void)bytes; (void)len;
    answer *a = context;
    if (field == 1) a->code = varint, a->has_code = 1;
}

static void on_response(void *context, uint32_t field, uint64_t varint, const uint8_t *bytes, size_t len) {
    answer *a = context;
    if (field == 1) a->call_id = varint;
    else if (field == 2 && bytes) wire_walk(bytes, len, on_status, a);
}

static void on_server_frame(void *context, uint32_t field, uint64_t varint, const uint8_t *bytes, size_t len) {
    (void)varint;
    answer *a = context;
    if (field == 1 && bytes) a->is_response = 1, a->response = bytes, a->response_len = len;
}

static int compare(const void *x, const void *y) {
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* OpenSSL's reason, e.g. "sslv3 alert certificate expired" for our certificate refused. */
static void tls_failure(const char *host, const char *port, const char *what) {
    const char *reason = ERR_peek_error() ? ERR_reason_error_string(ERR_peek_error()) : NULL;
    fprintf(stderr, "%s %s:%s failed: %s\n", what, host, port, reason ? reason : "the server closed the connection");
    ERR_clear_error();
}

/* The TLS handshake on a blocking socket; 0, or -1 having said why. */
static int start_tls(connection *c, const char *host, const char *port) {
    char why[512];
    if (!(c->ssl = SSL_new(tls)) || !tls_expect_name(c->ssl, host, why, sizeof why) || !SSL_set_fd(c->ssl, c->fd)) {
        fprintf(stderr, "cannot set up TLS: %s\n", c->ssl ? why : "out of memory");
        return -1;
    }
    if (SSL_connect(c->ssl) == 1) return 0;
    long verify = SSL_get_verify_result(c->ssl);
    if (verify != X509_V_OK) fprintf(stderr, "TLS handshake with %s:%s failed: certificate verify failed (%s)\n", host, port, X509_verify_cert_error_string(verify));
    else tls_failure(host, port, "TLS handshake with");
    return -1;
}

/* Connects (TLS too, with tls set) and exchanges the preface, blocking; 0 or -1. */
static int connect_to(connection *c, const char *host, const char *port) {
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *addresses;
    c->fd = -1;
    if (getaddrinfo(host, port, &hints, &addresses) != 0) return -1;
    int fd = socket(addresses->ai_family, addresses->ai_socktype, 0), one = 1;
    if (fd >= 0 && connect(fd, addresses->ai_addr, addresses->ai_addrlen) != 0) { close(fd); fd = -1; }
    freeaddrinfo(addresses);
    if (fd < 0) return -1;
    c->fd = fd;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (tls && start_tls(c, host, port) < 0) return -1;
    uint8_t preface[8] = {'R', 'P', 'T', 'S', 0, 1, 0, 0}, reply[8];
    size_t got = 0;
    if (send_some(c, preface, 8) != 8) return -1;
    while (got < 8) {  /* blocking: 0 only if TLS wants to write first */
        ssize_t n = recv_some(c, reply + got, 8 - got);
        if (n < 0 && c->ssl) tls_failure(host, port, "the preface with"); /* TLS 1.3: a refused certificate shows here */
        if (n < 0) return -1;
        got += (size_t)n;
    }
    return memcmp(reply, "RPTS", 4) == 0 ? 0 : -1;
}

static int build_payload(const char *facts_file, int summary) {
    if (strcmp(method, "Score") != 0) { payload = malloc(1); payload_len = 0; return 1; }
    FILE *f = fopen(facts_file, "rb");
    if (!f) { perror(facts_file); return 0; }
    char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    cJSON *json = cJSON_Parse(text);
    arena a = {0};
    Points__V1__Facts facts;
    int ok = json && build_facts(&a, json, &facts);
    if (ok) {
        Points__V1__ScoreRequest request = POINTS__V1__SCORE_REQUEST__INIT;
        request.scheme = "guangzhou-hukou";
        request.as_of = "2025-06-01";
        request.facts = &facts;
        request.has_detail = summary;
        request.detail = summary ? POINTS__V1__DETAIL__DETAIL_SUMMARY : POINTS__V1__DETAIL__DETAIL_FULL;
        payload_len = points__v1__score_request__get_packed_size(&request);
        payload = malloc(payload_len);
        points__v1__score_request__pack(&request, payload);
    }
    arena_free(&a);
    cJSON_Delete(json);
    return ok;
}

/* Runs `calls` calls (closed loop with `window` per connection, or open loop at `rate`),
 * recording each latency and status; returns the elapsed nanoseconds, or -1 on failure. */
static int64_t measure(int epoll, connection *conns, long connections, long window, long calls, long rate,
                       int64_t *latencies, long *errors) {
    long answered = 0, sent = 0;
    int64_t start = now_ns(), interval = rate > 0 ? 1000000000 / rate : 0;
    if (rate == 0) {  /* closed loop: fill every connection's window */
        for (long i = 0; i < connections; i++)
            for (long w = 0; w < window && sent < calls; w++, sent++) queue_call(&conns[i], now_ns());
    }
    for (long i = 0; i < connections; i++) if (flush_out(&conns[i]) < 0) { fprintf(stderr, "write failed\n"); return -1; }

    /* Open loop: a timer ticks every 50 µs (or each interval, if longer) and each tick sends
     * the calls whose intended time has come; latency still counts from the intended time. */
    int timer = -1;
    if (rate > 0) {
        timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
        int64_t tick = interval > 50000 ? interval : 50000;
        struct itimerspec spec = {.it_interval = {0, tick}, .it_value = {0, tick}};
        timerfd_settime(timer, 0, &spec, NULL);
        struct epoll_event e = {.events = EPOLLIN, .data.ptr = &timer};
        epoll_ctl(epoll, EPOLL_CTL_ADD, timer, &e);
    }
    struct epoll_event events[64];
    long next_conn = 0;
    while (answered < calls) {
        int n = epoll_wait(epoll, events, 64, 100);
        for (int e = 0; e < n; e++) {
            if (events[e].data.ptr == &timer) {
                uint64_t ticks;
                if (read(timer, &ticks, sizeof ticks) < 0) continue;
                int64_t now = now_ns();
                while (sent < calls && start + sent * interval <= now) {
                    connection *c = &conns[next_conn++ % connections];
                    if (c->in_flight >= RING / 2) break;  /* the server is hopelessly behind */
                    queue_call(c, start + sent * interval);
                    sent++;
                }
                for (long i = 0; i < connections; i++) if (conns[i].out_len && flush_out(&conns[i]) < 0) return -1;
                continue;
            }
            connection *c = events[e].data.ptr;
            for (;;) {
                grow(&c->in, &c->in_cap, c->in_len + 65536);
                ssize_t got = recv_some(c, c->in + c->in_len, c->in_cap - c->in_len);
                if (got > 0) { c->in_len += (size_t)got; continue; }
                if (got < 0) { fprintf(stderr, "the server closed a connection\n"); return -1; }
                break;
            }
            size_t at = 0;
            int64_t now = now_ns();
            while (c->in_len - at >= 5) {
                uint32_t len = (uint32_t)c->in[at + 1] << 24 | (uint32_t)c->in[at + 2] << 16 | (uint32_t)c->in[at + 3] << 8 | c->in[at + 4];
                if (c->in_len - at < 5 + (size_t)len) break;
                answer a = {0};
                wire_walk(c->in + at + 5, len, on_server_frame, &a);
                at += 5 + len;
                if (!a.is_response) continue;
                wire_walk(a.response, a.response_len, on_response, &a);
                latencies[answered++] = now - c->intended[a.call_id % RING];
                errors[a.has_code && a.code <= 16 ? a.code : 17]++;
                c->in_flight--;
                if (rate == 0 && sent < calls) { queue_call(c, now); sent++; }
            }
            memmove(c->in, c->in + at, c->in_len - at);
            c->in_len -= at;
            if (c->out_len && flush_out(c) < 0) return -1;
        }
    }
    if (timer >= 0) close(timer);
    return now_ns() - start;
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1", *port = NULL, *facts_file = "Examples/bachelor-renting.json", *label = "pointsd";
    long connections = 1, window = 64, calls = 100000, rate = 0;
    int summary = 0, use_tls = 0;
    points_tls_options tls_options = {NULL, NULL, NULL, NULL};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--host") && i + 1 < argc) host = argv[++i];
        else if (!strcmp(argv[i], "--port") && i + 1 < argc) port = argv[++i];
        else if (!strcmp(argv[i], "--connections") && i + 1 < argc) connections = atol(argv[++i]);
        else if (!strcmp(argv[i], "--window") && i + 1 < argc) window = atol(argv[++i]);
        else if (!strcmp(argv[i], "--calls") && i + 1 < argc) calls = atol(argv[++i]);
        else if (!strcmp(argv[i], "--rate") && i + 1 < argc) rate = atol(argv[++i]);
        else if (!strcmp(argv[i], "--method") && i + 1 < argc) method = argv[++i];
        else if (!strcmp(argv[i], "--facts") && i + 1 < argc) facts_file = argv[++i];
        else if (!strcmp(argv[i], "--label") && i + 1 < argc) label = argv[++i];
        else if (!strcmp(argv[i], "--summary")) summary = 1;
        else if (!strcmp(argv[i], "--tls-ca") && i + 1 < argc) tls_options.ca_file = argv[++i], use_tls = 1;
        else if (!strcmp(argv[i], "--tls-cert") && i + 1 < argc) tls_options.cert_file = argv[++i], use_tls = 1;
        else if (!strcmp(argv[i], "--tls-key") && i + 1 < argc) tls_options.key_file = argv[++i], use_tls = 1;
        else { fprintf(stderr, "unknown argument %s\n", argv[i]); return 2; }
    }
    if (!port || connections < 1 || window < 1 || window > RING / 2 || calls < 1) {
        fprintf(stderr, "usage: loadgen --port P [--host H] [--connections N] [--window W] [--calls C] [--rate R] [--method M] [--summary] [--facts FILE] [--label TEXT] [--tls-ca FILE] [--tls-cert FILE --tls-key FILE]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    char why[512];
    if (use_tls && !(tls = tls_client_context(&tls_options, why, sizeof why))) { fprintf(stderr, "%s\n", why); return 2; }
    if (!build_payload(facts_file, summary)) return 2;
    /* The agency's token comes from the environment, never from the command line. */
    if (getenv("POINTS_TOKEN")) build_metadata(getenv("POINTS_TOKEN"));

    int epoll = epoll_create1(0);
    connection *conns = calloc((size_t)connections, sizeof *conns);
    for (long i = 0; i < connections; i++) {
        if (connect_to(&conns[i], host, port) < 0) { fprintf(stderr, "cannot connect to %s:%s\n", host, port); return 1; }
        fcntl(conns[i].fd, F_SETFL, fcntl(conns[i].fd, F_GETFL, 0) | O_NONBLOCK);
        struct epoll_event e = {.events = EPOLLIN, .data.ptr = &conns[i]};
        epoll_ctl(epoll, EPOLL_CTL_ADD, conns[i].fd, &e);
    }

    int64_t *latencies = malloc((size_t)calls * sizeof *latencies);
    long errors[18] = {0};
    /* Warm-up: the same load, unrecorded, so a cold server's first calls do not count. */
    long warmup = calls < 5000 ? calls : 5000;
    if (measure(epoll, conns, connections, window, warmup, rate, latencies, errors) < 0) return 1;
    memset(errors, 0, sizeof errors);
    int64_t elapsed = measure(epoll, conns, connections, window, calls, rate, latencies, errors);
    if (elapsed < 0) return 1;
    qsort(latencies, (size_t)calls, sizeof *latencies, compare);
#define P(q) (latencies[(size_t)((double)(calls - 1) * (q))] / 1000.0)
    printf("%s\t%s\t%ld\t%ld\t%s\t%ld\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t", label, rate ? "open" : "closed", connections,
           rate ? 0 : window, summary ? "summary" : "full", calls, calls / (elapsed / 1e9), P(0.5), P(0.9), P(0.99), P(0.999));
    static const char *names[18] = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
                                    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
                                    "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
                                    "UNAUTHENTICATED", "OTHER"};
    int any = 0;
    for (int i = 1; i < 18; i++) if (errors[i]) printf("%s%s %ld", any++ ? ", " : "", names[i], errors[i]);
    printf("%s\n", any ? "" : "none");
    for (long i = 0; i < connections; i++) {
        if (conns[i].ssl) { SSL_shutdown(conns[i].ssl); SSL_free(conns[i].ssl); }
        close(conns[i].fd);
        free(conns[i].in);
        free(conns[i].out);
    }
    free(conns);
    SSL_CTX_free(tls);
    free(latencies);
    free(payload);
    free(metadata);
    return 0;
}
