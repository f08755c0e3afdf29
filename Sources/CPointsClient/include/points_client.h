/*
 * Residence Points C client (protobuf-c): talks to pointsd over TCP, TLS (OpenSSL 3, mutual
 * TLS with a client certificate) or a Unix socket with the framing of
 * Protos/points/v1/PROTOCOL.md. Link with -lpointsclient -lprotobuf-c -lssl -lcrypto.
 *
 * Blocking calls with timeouts on an opaque handle, plus a pipelined mode (send many, then
 * receive many). Every result the library allocates is freed by the matching free function;
 * a handle is not thread-safe (use one per thread).
 */
#ifndef POINTS_CLIENT_H
#define POINTS_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "points/v1/points.pb-c.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Call outcomes. 0...16 are the server's status codes (gRPC's numbering, as in the .proto);
 * negative values are local failures.
 */
typedef enum {
    POINTS_OK = 0,
    POINTS_CANCELLED = 1,
    POINTS_UNKNOWN = 2,
    POINTS_INVALID_ARGUMENT = 3,
    POINTS_DEADLINE_EXCEEDED = 4,
    POINTS_NOT_FOUND = 5,
    POINTS_ALREADY_EXISTS = 6,
    POINTS_PERMISSION_DENIED = 7,
    POINTS_RESOURCE_EXHAUSTED = 8,
    POINTS_FAILED_PRECONDITION = 9,
    POINTS_ABORTED = 10,
    POINTS_OUT_OF_RANGE = 11,
    POINTS_UNIMPLEMENTED = 12,
    POINTS_INTERNAL = 13,
    POINTS_UNAVAILABLE = 14,
    POINTS_DATA_LOSS = 15,
    POINTS_UNAUTHENTICATED = 16,
    /* Local failures. */
    POINTS_E_IO = -1,        /* connect, read or write failed; the connection is unusable */
    POINTS_E_PROTOCOL = -2,  /* the server broke the framing or sent a connection error */
    POINTS_E_TIMEOUT = -3,   /* no answer within the timeout */
    POINTS_E_NOMEM = -4,     /* allocation failed */
    POINTS_E_ARGUMENT = -5,  /* a bad argument (NULL handle, empty method, ...) */
    POINTS_E_CLOSED = -6     /* the server said goodbye or closed the connection */
} points_status;

typedef struct points_client points_client;

/* Connects over TCP and exchanges the preface. On failure *out is NULL (points_last_error(NULL)
 * says why; errno too when the connection itself failed). */
points_status points_connect_tcp(const char *host, int port, int timeout_ms, points_client **out);
/* Connects over a Unix domain socket and exchanges the preface. */
points_status points_connect_unix(const char *path, int timeout_ms, points_client **out);

/* TLS for points_connect_tls. Files are PEM; NULL leaves a field out. */
typedef struct {
    const char *ca_file;      /* PEM CA(s) that must have signed the server's certificate; NULL: the system's store */
    const char *cert_file;    /* PEM client certificate for mutual TLS, or NULL */
    const char *key_file;     /* its PEM private key, or NULL */
    const char *server_name;  /* name checked against the certificate and sent as SNI; NULL: host */
} points_tls_options;

/*
 * Connects over TCP, handshakes TLS 1.2 or later and exchanges the preface, all within
 * timeout_ms (0: no limit). The server's certificate must chain to tls->ca_file and be for
 * tls->server_name (or host): a name is checked and sent as SNI, a numeric address is checked
 * as an IP address. With cert_file and key_file (both or neither) the client presents its
 * certificate: an agency known to the server by its certificate needs no token. tls NULL: the
 * system's CAs and no client certificate.
 * Fails with POINTS_E_ARGUMENT for an option that does not work (a file that cannot be read,
 * a key that does not match its certificate: no connection is tried), POINTS_E_IO when the
 * handshake fails or the server refuses it (a certificate that does not verify, our client
 * certificate refused: with TLS 1.3 that comes on the first read, during the preface),
 * POINTS_E_TIMEOUT; points_last_error(NULL) then says why, e.g. "TLS handshake with
 * 127.0.0.1:7400 failed: certificate verify failed (unable to get local issuer certificate)".
 */
points_status points_connect_tls(const char *host, int port, const points_tls_options *tls, int timeout_ms,
                                 points_client **out);
/* Closes the connection and frees the handle (NULL is allowed). */
void points_close(points_client *client);
/* The agency's bearer token: copied, and sent with every later call as the metadata
 * `authorization: Bearer <token>` (NULL stops sending it). A server with agencies configured
 * answers POINTS_UNAUTHENTICATED without it and POINTS_PERMISSION_DENIED for a method the
 * agency's roles do not grant. */
points_status points_set_token(points_client *client, const char *token);

/* The last failure's message: the server's status message or a local description. With NULL:
 * why this thread's most recent failed points_connect_* failed ("cannot connect to
 * 127.0.0.1:7400: Connection refused", "TLS handshake with 127.0.0.1:7400 failed: ..."). */
const char *points_last_error(const points_client *client);
/* The status the server answered the last failed call with, whole (points_last_error keeps
 * only its first 511 bytes), or NULL when the last failure was this side's. For facts that
 * cannot be used it lists each in fact_issues (fact, message, kind: INVALID or MISSING), for
 * a system to show at its field. Valid until the next failure on this client or
 * points_close. */
const Points__V1__Status *points_last_status(const points_client *client);
/* A short name for a status: "OK", "INVALID_ARGUMENT", "E_TIMEOUT", ... */
const char *points_status_name(points_status status);

/*
 * One call with raw payloads: sends `request` (a serialised request message) to `method`
 * and waits up to `timeout_ms` (0: no deadline) for the answer. On POINTS_OK, *response
 * holds the serialised response message (free it with points_free_bytes).
 */
points_status points_call(points_client *client, const char *method, const uint8_t *request, size_t request_len,
                          uint32_t timeout_ms, uint8_t **response, size_t *response_len);
void points_free_bytes(uint8_t *bytes);

/* Typed calls. On POINTS_OK, free *response with the matching
 * points__v1__..._response__free_unpacked(*response, NULL). */
points_status points_score(points_client *client, const Points__V1__ScoreRequest *request, uint32_t timeout_ms,
                           Points__V1__ScoreResponse **response);
points_status points_score_batch(points_client *client, const Points__V1__ScoreBatchRequest *request, uint32_t timeout_ms,
                                 Points__V1__ScoreBatchResponse **response);
points_status points_list_schemes(points_client *client, uint32_t timeout_ms, Points__V1__ListSchemesResponse **response);
points_status points_health(points_client *client, uint32_t timeout_ms, Points__V1__HealthCheckResponse **response);
points_status points_enrolment_tier(points_client *client, const Points__V1__EnrolmentTierRequest *request, uint32_t timeout_ms,
                                    Points__V1__EnrolmentTierResponse **response);

/*
 * Pipelined mode: points_send queues a call and returns its id without waiting;
 * points_flush writes what is queued; points_receive waits up to `timeout_ms` for the next
 * answer of any call (they may arrive in any order). On a returned POINTS_OK, *call_status
 * is the call's own status and, when that is POINTS_OK, *response its payload (free with
 * points_free_bytes).
 */
points_status points_send(points_client *client, const char *method, const uint8_t *request, size_t request_len,
                          uint32_t timeout_ms, uint64_t *call_id);
points_status points_flush(points_client *client, int timeout_ms);
points_status points_receive(points_client *client, int timeout_ms, uint64_t *call_id, points_status *call_status,
                             uint8_t **response, size_t *response_len);

#ifdef __cplusplus
}
#endif

#endif
