/*
 * A minimal C server speaking pointsd's framing: it answers every call OK with the request
 * payload echoed back. The load generator measures it in the same run as pointsd, so every
 * report can say how close pointsd comes to what the framing itself allows.
 *
 *   echo-server PORT
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wire.h"

typedef struct {
    int fd, preface_done;
    uint8_t *in, *out;
    size_t in_len, in_cap, out_len, out_cap;
} connection;

static void grow(uint8_t **buffer, size_t *cap, size_t needed) {
    if (needed <= *cap) return;
    while (*cap < needed) *cap = *cap ? *cap * 2 : 65536;
    *buffer = realloc(*buffer, *cap);
    if (!*buffer) abort();
}

typedef struct { uint64_t call_id; const uint8_t *payload; size_t payload_len; const uint8_t *call; size_t call_len; } parsed;

static void on_call_field(void *context, uint32_t field, uint64_t varint, const uint8_t *bytes, size_t len) {
    parsed *p = context;
    if (field == 1) p->call_id = varint;
    else if (field == 5) p->payload = bytes, p->payload_len = len;
}

static void on_frame_field(void *context, uint32_t field, uint64_t varint, const uint8_t *bytes, size_t len) {
    (void)varint;
    parsed *p = context;
    if (field == 1 && bytes) p->call = bytes, p->call_len = len;
}

/* Appends ServerFrame{response{call_id, status{code: OK}, payload}}. */
static void answer(connection *c, uint64_t call_id, const uint8_t *payload, size_t payload_len) {
    uint8_t head[64];
    size_t r = 0;
    head[r++] = 0x08;                                 /* Response.call_id */
    r += wire_put_varint(head + r, call_id);
    head[r++] = 0x12; head[r++] = 0x02; head[r++] = 0x08; head[r++] = 0x00;  /* status{code: OK} */
    uint8_t payload_head[16];
    size_t ph = 0;
    payload_head[ph++] = 0x1a;                        /* Response.payload */
    ph += wire_put_varint(payload_head + ph, payload_len);
    size_t response_len = r + ph + payload_len;
    uint8_t frame_head[16];
    size_t fh = 0;
    frame_head[fh++] = 0x0a;                          /* ServerFrame.response */
    fh += wire_put_varint(frame_head + fh, response_len);
    size_t body = fh + response_len;
    grow(&c->out, &c->out_cap, c->out_len + 5 + body);
    uint8_t *o = c->out + c->out_len;
    wire_prefix(o, (uint32_t)body);
    memcpy(o + 5, frame_head, fh);
    memcpy(o + 5 + fh, head, r);
    memcpy(o + 5 + fh + r, payload_head, ph);
    memcpy(o + 5 + fh + r + ph, payload, payload_len);
    c->out_len += 5 + body;
}

static int serve(connection *c) {
    size_t at = 0;
    if (!c->preface_done) {
        if (c->in_len < 8) return 0;
        if (memcmp(c->in, "RPTS", 4) != 0) return -1;
        grow(&c->out, &c->out_cap, c->out_len + 8);
        memcpy(c->out + c->out_len, c->in, 8);
        c->out_len += 8;
        c->preface_done = 1;
        at = 8;
    }
    while (c->in_len - at >= 5) {
        uint32_t len = (uint32_t)c->in[at + 1] << 24 | (uint32_t)c->in[at + 2] << 16 | (uint32_t)c->in[at + 3] << 8 | c->in[at + 4];
        if (c->in_len - at < 5 + (size_t)len) break;
        parsed p = {0};
        if (!wire_walk(c->in + at + 5, len, on_frame_field, &p) || !p.call || !wire_walk(p.call, p.call_len, on_call_field, &p)) return -1;
        answer(c, p.call_id, p.payload, p.payload_len);
        at += 5 + len;
    }
    memmove(c->in, c->in + at, c->in_len - at);
    c->in_len -= at;
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: echo-server PORT\n"); return 2; }
    signal(SIGPIPE, SIG_IGN);
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0 || listen(listener, 128) < 0) { perror("listen"); return 1; }
    int epoll = epoll_create1(0);
    struct epoll_event event = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event);
    struct epoll_event events[64];
    for (;;) {
        int n = epoll_wait(epoll, events, 64, -1);
        for (int i = 0; i < n; i++) {
            connection *c = events[i].data.ptr;
            if (!c) {
                int fd;
                while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    connection *accepted = calloc(1, sizeof *accepted);
                    accepted->fd = fd;
                    struct epoll_event e = {.events = EPOLLIN, .data.ptr = accepted};
                    epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &e);
                }
                continue;
            }
            int closed = 0;
            for (;;) {
                grow(&c->in, &c->in_cap, c->in_len + 65536);
                ssize_t got = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, 0);
                if (got > 0) { c->in_len += (size_t)got; continue; }
                if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) closed = 1;
                break;
            }
            if (!closed && serve(c) < 0) closed = 1;
            size_t sent = 0;
            while (!closed && sent < c->out_len) {
                ssize_t w = send(c->fd, c->out + sent, c->out_len - sent, MSG_NOSIGNAL);
                if (w > 0) sent += (size_t)w;
                else if (errno == EAGAIN || errno == EWOULDBLOCK) continue;  /* loopback drains quickly */
                else closed = 1;
            }
            c->out_len = 0;
            if (closed) {
                close(c->fd);
                free(c->in);
                free(c->out);
                free(c);
            }
        }
    }
}
