/*
 * The few protobuf wire-format pieces the load generator and the echo server read and write
 * by hand, so that measuring does not cost more than what is measured. Field numbers are
 * those of Protos/points/v1/points.proto.
 */
#ifndef POINTS_WIRE_H
#define POINTS_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Reads a varint; returns bytes used, 0 on malformed input. */
static inline size_t wire_varint(const uint8_t *p, size_t n, uint64_t *value) {
    uint64_t v = 0;
    for (size_t i = 0; i < n && i < 10; i++) {
        v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
        if (!(p[i] & 0x80)) { *value = v; return i + 1; }
    }
    return 0;
}

static inline size_t wire_put_varint(uint8_t *p, uint64_t v) {
    size_t i = 0;
    while (v >= 0x80) { p[i++] = (uint8_t)(v | 0x80); v >>= 7; }
    p[i++] = (uint8_t)v;
    return i;
}

/*
 * Walks a message: for each field calls back with its number, wire type and either the
 * varint value or the length-delimited bytes. Returns 0 on malformed input.
 */
typedef void (*wire_field_fn)(void *context, uint32_t field, uint64_t varint, const uint8_t *bytes, size_t len);

static inline int wire_walk(const uint8_t *p, size_t n, wire_field_fn fn, void *context) {
    size_t i = 0;
    while (i < n) {
        uint64_t key, value = 0;
        size_t used = wire_varint(p + i, n - i, &key);
        if (!used) return 0;
        i += used;
        uint32_t field = (uint32_t)(key >> 3), type = (uint32_t)(key & 7);
        if (type == 0) {
            if (!(used = wire_varint(p + i, n - i, &value))) return 0;
            i += used;
            fn(context, field, value, NULL, 0);
        } else if (type == 2) {
            if (!(used = wire_varint(p + i, n - i, &value)) || value > n - i - used) return 0;
            i += used;
            fn(context, field, 0, p + i, (size_t)value);
            i += (size_t)value;
        } else if (type == 1) {
            i += 8;
        } else if (type == 5) {
            i += 4;
        } else {
            return 0;
        }
    }
    return i == n;
}

/* Writes the 5-byte frame prefix for a body of `len` bytes. */
static inline void wire_prefix(uint8_t *p, uint32_t len) {
    p[0] = 0;
    p[1] = (uint8_t)(len >> 24);
    p[2] = (uint8_t)(len >> 16);
    p[3] = (uint8_t)(len >> 8);
    p[4] = (uint8_t)len;
}

#endif
