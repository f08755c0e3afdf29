/*
 * The C client against a real pointsd, every path an agency will meet: scores, batches,
 * lists, health, pipelining, invalid facts, unknown methods, deadlines, an oversized frame,
 * the server saying goodbye, a Unix socket; and over TLS with client certificates. Run under
 * valgrind by Scripts/test-c-client.sh: it must report zero leaks.
 *
 *   client-test HOST PORT UNIX_SOCKET_PATH [SECURED_PORT SCORER_TOKEN]
 *                 (from the package root; pointsd with --max-frame-bytes 1048576
 *                 --idle-timeout-seconds 2 --unix-socket PATH; SECURED_PORT's has one agency,
 *                 role scorer, known by SCORER_TOKEN)
 *   client-test --tls HOST TLS_PORT PLAIN_PORT TLS_DIR
 *                 (TLS_PORT: pointsd with --idle-timeout-seconds 2 and tls: {certificate:
 *                 TLS_DIR/server.pem, private_key: TLS_DIR/server.key, client_ca: TLS_DIR/ca.pem}
 *                 and one agency, role scorer, known by TLS_DIR/hr-bureau.pem's SHA-256;
 *                 PLAIN_PORT: a pointsd without TLS; TLS_DIR: Tests/TLS)
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "facts_json.h"
#include "points_client.h"

static int failures = 0, checks = 0;

#define CHECK(condition, ...)                                              \
    do {                                                                   \
        checks++;                                                          \
        if (!(condition)) {                                                \
            failures++;                                                    \
            fprintf(stderr, "FAILED %s:%d: %s: ", __FILE__, __LINE__, #condition); \
            fprintf(stderr, __VA_ARGS__);                                  \
            fprintf(stderr, "\n");                                         \
        }                                                                  \
    } while (0)

/* The README's worked example, read once from Examples/bachelor-renting.json. */
static Points__V1__Facts facts;
static arena facts_memory;
static cJSON *facts_json;

static int load_worked_example(void) {
    FILE *f = fopen("Examples/bachelor-renting.json", "rb");
    if (!f) { perror("Examples/bachelor-renting.json"); return 0; }
    char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    facts_json = cJSON_Parse(text);
    return facts_json && build_facts(&facts_memory, facts_json, &facts);
}

static void worked_example(Points__V1__ScoreRequest *request) {
    *request = (Points__V1__ScoreRequest)POINTS__V1__SCORE_REQUEST__INIT;
    request->scheme = "guangzhou-hukou";
    request->as_of = "2025-06-01";
    request->facts = &facts;
}

static uint8_t *pack_request(const Points__V1__ScoreRequest *request, size_t *len) {
    *len = points__v1__score_request__get_packed_size(request);
    uint8_t *bytes = malloc(*len);
    points__v1__score_request__pack(request, bytes);
    return bytes;
}

/* With these options set (TLS mode), every check connects over TLS. */
static const points_tls_options *tls_options;

static points_client *connect_tcp(const char *host, int port) {
    points_client *client = NULL;
    points_status s = tls_options ? points_connect_tls(host, port, tls_options, 5000, &client)
                                  : points_connect_tcp(host, port, 5000, &client);
    CHECK(s == POINTS_OK && client, "connect: %s %s", points_status_name(s), points_last_error(NULL));
    return client;
}

/* A card that waits on a rule not on record (Chongqing's years of insurance and residence)
   leaves `qualified` unset and names what it waits on. */
static void reads_an_undetermined_card(points_client *client) {
    Points__V1__Facts worker = POINTS__V1__FACTS__INIT;
    worker.has_stable_employment = 1; worker.stable_employment = 1;
    worker.housing = "rented_registered";
    worker.has_pension_insurance_months = 1; worker.pension_insurance_months = 30;
    worker.has_residence_months = 1; worker.residence_months = 40;
    worker.has_holds_residence_permit = 1; worker.holds_residence_permit = 1;
    Points__V1__ScoreRequest request = POINTS__V1__SCORE_REQUEST__INIT;
    request.scheme = "chongqing-settlement";
    request.as_of = "2025-06-01";
    request.facts = &worker;
    Points__V1__ScoreResponse *response = NULL;
    points_status s = points_score(client, &request, 5000, &response);
    CHECK(s == POINTS_OK, "undetermined: %s %s", points_status_name(s), points_last_error(client));
    if (s == POINTS_OK) {
        CHECK(!response->card->has_qualified && response->card->n_undetermined == 2
              && strcmp(response->card->undetermined[0]->name, "min_insurance_months") == 0
              && response->card->n_channels == 2 && !response->card->channels[1]->has_holds, "an undetermined card");
        points__v1__score_response__free_unpacked(response, NULL);
    }
}

static void scores_and_describes(points_client *client) {
    Points__V1__ScoreRequest request;
    worked_example(&request);
    Points__V1__ScoreResponse *response = NULL;
    points_status s = points_score(client, &request, 5000, &response);
    CHECK(s == POINTS_OK, "score: %s %s", points_status_name(s), points_last_error(client));
    if (s == POINTS_OK) {
        CHECK(strcmp(response->card->total, "200") == 0 && response->card->qualified, "total %s", response->card->total);
        CHECK(response->card->n_lines == 22 && strlen(response->card->lines[0]->explanation->en) > 0, "explained lines");
        points__v1__score_response__free_unpacked(response, NULL);
    }

    request.has_detail = 1;
    request.detail = POINTS__V1__DETAIL__DETAIL_SUMMARY;
    s = points_score(client, &request, 5000, &response);
    CHECK(s == POINTS_OK, "summary: %s", points_status_name(s));
    if (s == POINTS_OK) {
        CHECK(strcmp(response->card->ranking_score, "170") == 0 && response->card->lines[0]->explanation == NULL, "summary card");
        points__v1__score_response__free_unpacked(response, NULL);
    }

    Points__V1__ListSchemesResponse *list = NULL;
    s = points_list_schemes(client, 5000, &list);
    CHECK(s == POINTS_OK && list->n_schemes == 12, "list: %s", points_status_name(s));
    if (s == POINTS_OK) {
        size_t hukou = 0;
        for (size_t i = 0; i < list->n_schemes; i++) hukou += strcmp(list->schemes[i]->id, "guangzhou-hukou") == 0;
        CHECK(hukou == 2, "both versions of guangzhou-hukou listed");
    }
    if (list) points__v1__list_schemes_response__free_unpacked(list, NULL);

    Points__V1__HealthCheckResponse *health = NULL;
    s = points_health(client, 5000, &health);
    CHECK(s == POINTS_OK && health->status == POINTS__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING, "health");
    if (health) points__v1__health_check_response__free_unpacked(health, NULL);
}

static void batches_answer_each_request(points_client *client) {
    Points__V1__ScoreRequest good, bad;
    worked_example(&good);
    bad = good;
    bad.as_of = "2019-05-01";
    Points__V1__ScoreRequest *items[] = {&good, &bad};
    Points__V1__ScoreBatchRequest batch = POINTS__V1__SCORE_BATCH_REQUEST__INIT;
    batch.n_requests = 2;
    batch.requests = items;
    Points__V1__ScoreBatchResponse *response = NULL;
    points_status s = points_score_batch(client, &batch, 5000, &response);
    CHECK(s == POINTS_OK && response->n_results == 2, "batch: %s", points_status_name(s));
    if (s == POINTS_OK) {
        CHECK(response->results[0]->status->code == POINTS__V1__CODE__OK, "first OK");
        CHECK(response->results[1]->status->code == POINTS__V1__CODE__NOT_FOUND, "gap NOT_FOUND");
        points__v1__score_batch_response__free_unpacked(response, NULL);
    }
}

static void bad_calls_fail_alone(points_client *client) {
    Points__V1__ScoreRequest request;
    worked_example(&request);
    char *housing = facts.housing;
    facts.housing = "castle";
    Points__V1__ScoreResponse *response = NULL;
    points_status s = points_score(client, &request, 5000, &response);
    CHECK(s == POINTS_INVALID_ARGUMENT && strstr(points_last_error(client), "housing"), "invalid facts: %s %s",
          points_status_name(s), points_last_error(client));
    const Points__V1__Status *why = points_last_status(client);
    CHECK(why && why->n_fact_issues == 1 && why->fact_issues[0]->fact && !strcmp(why->fact_issues[0]->fact, "housing") &&
          why->fact_issues[0]->kind == POINTS__V1__FACT_ISSUE_KIND__FACT_ISSUE_INVALID,
          "the invalid fact by name and kind: %zu issues", why ? why->n_fact_issues : 0);
    facts.housing = housing;
    char *birth_date = facts.birth_date;
    facts.birth_date = NULL;
    s = points_score(client, &request, 5000, &response);
    why = points_last_status(client);
    CHECK(s == POINTS_INVALID_ARGUMENT && why && why->n_fact_issues == 1 && why->fact_issues[0]->fact && !strcmp(why->fact_issues[0]->fact, "birth_date") &&
          why->fact_issues[0]->kind == POINTS__V1__FACT_ISSUE_KIND__FACT_ISSUE_MISSING,
          "the missing fact by name and kind: %s", points_status_name(s));
    facts.birth_date = birth_date;

    uint8_t *answer = NULL;
    size_t answer_len = 0;
    s = points_call(client, "Teleport", NULL, 0, 5000, &answer, &answer_len);
    CHECK(s == POINTS_UNIMPLEMENTED && answer == NULL, "unknown method: %s", points_status_name(s));

    s = points_call(client, "Score", (const uint8_t *)"\xff\xff\xff", 3, 5000, &answer, &answer_len);
    CHECK(s == POINTS_INVALID_ARGUMENT, "unparsable payload: %s", points_status_name(s));
    why = points_last_status(client);
    CHECK(why && why->code == POINTS__V1__CODE__INVALID_ARGUMENT && why->n_fact_issues == 0, "a status without fact issues");
}

/* Scores `n` copies of the worked example in one batch. */
static points_status score_copies(points_client *client, size_t n, uint32_t timeout_ms, Points__V1__ScoreBatchResponse **response) {
    Points__V1__ScoreRequest one;
    worked_example(&one);
    Points__V1__ScoreRequest **items = malloc(n * sizeof *items);
    if (!items) return POINTS_E_NOMEM;
    for (size_t i = 0; i < n; i++) items[i] = &one;
    Points__V1__ScoreBatchRequest batch = POINTS__V1__SCORE_BATCH_REQUEST__INIT;
    batch.n_requests = n;
    batch.requests = items;
    *response = NULL;
    points_status s = points_score_batch(client, &batch, timeout_ms, response);
    free(items);
    return s;
}

static void deadlines_are_answered(points_client *client) {
    Points__V1__ScoreBatchResponse *response = NULL;
    points_status s = score_copies(client, 3000, 1, &response);
    CHECK(s == POINTS_DEADLINE_EXCEEDED && response == NULL, "deadline: %s", points_status_name(s));
}

static void pipelines_many_calls(points_client *client) {
    Points__V1__ScoreRequest request;
    worked_example(&request);
    size_t len;
    uint8_t *bytes = pack_request(&request, &len);
    enum { N = 200 };
    int seen[N + 1] = {0};
    uint64_t first = 0, id = 0;
    for (int i = 0; i < N; i++) {
        points_status s = points_send(client, "Score", bytes, len, 5000, &id);
        CHECK(s == POINTS_OK, "send %d", i);
        if (i == 0) first = id;
    }
    CHECK(points_flush(client, 5000) == POINTS_OK, "flush");
    int ok = 0;
    for (int i = 0; i < N; i++) {
        uint64_t answered;
        points_status call_status;
        uint8_t *answer = NULL;
        size_t answer_len = 0;
        points_status s = points_receive(client, 5000, &answered, &call_status, &answer, &answer_len);
        if (s == POINTS_OK && call_status == POINTS_OK && answered >= first && answered < first + N) {
            Points__V1__ScoreResponse *response = points__v1__score_response__unpack(NULL, answer_len, answer);
            if (response && strcmp(response->card->total, "200") == 0 && !seen[answered - first]++) ok++;
            if (response) points__v1__score_response__free_unpacked(response, NULL);
        }
        points_free_bytes(answer);
    }
    CHECK(ok == N, "%d of %d pipelined calls answered once with the right card", ok, N);
    free(bytes);
}

static void an_oversized_frame_closes_only_this_connection(const char *host, int port) {
    points_client *client = connect_tcp(host, port);
    if (!client) return;
    size_t big = 2 * 1024 * 1024;
    uint8_t *payload = calloc(big, 1);
    uint8_t *answer = NULL;
    size_t answer_len = 0;
    points_status s = points_call(client, "Score", payload, big, 5000, &answer, &answer_len);
    CHECK(s == POINTS_E_PROTOCOL && strstr(points_last_error(client), "RESOURCE_EXHAUSTED"), "oversize: %s %s",
          points_status_name(s), points_last_error(client));
    s = points_call(client, "Health", NULL, 0, 5000, &answer, &answer_len);
    CHECK(s == POINTS_E_CLOSED, "after a connection error the handle refuses calls: %s", points_status_name(s));
    free(payload);
    points_close(client);
}

static void goodbye_is_a_clear_return_code(const char *host, int port) {
    points_client *client = connect_tcp(host, port);
    if (!client) return;
    struct timespec pause = {.tv_sec = 3, .tv_nsec = 0};  /* past the server's 2 s idle timeout */
    nanosleep(&pause, NULL);
    uint8_t *answer = NULL;
    size_t answer_len = 0;
    points_status s = points_call(client, "Health", NULL, 0, 5000, &answer, &answer_len);
    CHECK(s == POINTS_E_CLOSED || s == POINTS_E_IO, "after goodbye: %s", points_status_name(s));
    points_close(client);
}

/* A server with agencies: no token is UNAUTHENTICATED, the scorer's token scores, and a
 * method the scorer's role does not grant is PERMISSION_DENIED. */
static void agencies_need_their_token(const char *host, int port, const char *token) {
    points_client *client = connect_tcp(host, port);
    if (!client) return;
    Points__V1__ScoreRequest request = POINTS__V1__SCORE_REQUEST__INIT;
    request.scheme = "guangzhou-hukou";
    request.as_of = "2025-06-01";
    request.facts = &facts;
    Points__V1__ScoreResponse *response = NULL;
    points_status s = points_score(client, &request, 5000, &response);
    CHECK(s == POINTS_UNAUTHENTICATED && response == NULL, "no token: %s", points_status_name(s));
    CHECK(points_set_token(client, "not-the-token") == POINTS_OK, "set a wrong token");
    s = points_score(client, &request, 5000, &response);
    CHECK(s == POINTS_UNAUTHENTICATED, "a wrong token: %s", points_status_name(s));
    CHECK(points_set_token(client, token) == POINTS_OK, "set the token");
    s = points_score(client, &request, 5000, &response);
    CHECK(s == POINTS_OK && response && strcmp(response->card->total, "200") == 0, "the scorer's token scores: %s", points_status_name(s));
    if (response) points__v1__score_response__free_unpacked(response, NULL);
    Points__V1__EnrolmentTierRequest tier = POINTS__V1__ENROLMENT_TIER_REQUEST__INIT;
    Points__V1__EnrolmentTierResponse *answer = NULL;
    s = points_enrolment_tier(client, &tier, 5000, &answer);
    CHECK(s == POINTS_PERMISSION_DENIED && answer == NULL && strstr(points_last_error(client), "may not call EnrolmentTier"),
          "a scorer may not ask for enrolment tiers: %s %s", points_status_name(s), points_last_error(client));
    CHECK(points_set_token(client, NULL) == POINTS_OK, "stop sending the token");
    points_close(client);
}

/* TLS mode. */

typedef struct {
    char ca[512], other_ca[512], cert[512], key[512], expired[512], expired_key[512], stranger[512], stranger_key[512],
        mismatched_key[512], missing[512];
} tls_files;

static void tls_files_in(const char *dir, tls_files *f) {
    snprintf(f->ca, sizeof f->ca, "%s/ca.pem", dir);
    snprintf(f->other_ca, sizeof f->other_ca, "%s/other-ca.pem", dir);
    snprintf(f->cert, sizeof f->cert, "%s/hr-bureau.pem", dir);
    snprintf(f->key, sizeof f->key, "%s/hr-bureau.key", dir);
    snprintf(f->expired, sizeof f->expired, "%s/expired.pem", dir);
    snprintf(f->expired_key, sizeof f->expired_key, "%s/expired.key", dir);
    snprintf(f->stranger, sizeof f->stranger, "%s/stranger.pem", dir);
    snprintf(f->stranger_key, sizeof f->stranger_key, "%s/stranger.key", dir);
    snprintf(f->mismatched_key, sizeof f->mismatched_key, "%s/education-bureau.key", dir);
    snprintf(f->missing, sizeof f->missing, "%s/no-such-ca.pem", dir);
}

/* A batch whose answer spans many TLS records (16 KiB each) arrives whole. */
static void a_big_answer_arrives_whole(points_client *client) {
    enum { N = 40 }; /* full cards: well over 128 KiB, under a 1 MiB frame limit */
    Points__V1__ScoreBatchResponse *response = NULL;
    points_status s = score_copies(client, N, 30000, &response);
    CHECK(s == POINTS_OK && response && response->n_results == N, "a big batch: %s %s", points_status_name(s), points_last_error(client));
    if (s != POINTS_OK || !response) return;
    size_t size = points__v1__score_batch_response__get_packed_size(response), ok = 0;
    for (size_t i = 0; i < response->n_results; i++)
        ok += response->results[i]->status->code == POINTS__V1__CODE__OK && strcmp(response->results[i]->card->total, "200") == 0;
    CHECK(ok == N && size > 128 * 1024, "%zu of %d cards in an answer of %zu bytes", ok, N, size);
    printf("a big answer: %zu bytes\n", size);
    points__v1__score_batch_response__free_unpacked(response, NULL);
}

/* The certificate is for localhost and 127.0.0.1: server_name picks the name checked. */
static void the_server_name_is_checked(const char *host, int port, const tls_files *f) {
    points_tls_options named = {f->ca, f->cert, f->key, "localhost"};
    points_client *client = NULL;
    points_status s = points_connect_tls(host, port, &named, 5000, &client);
    CHECK(s == POINTS_OK, "server_name localhost: %s %s", points_status_name(s), points_last_error(NULL));
    Points__V1__HealthCheckResponse *health = NULL;
    if (client) CHECK(points_health(client, 5000, &health) == POINTS_OK, "health as localhost: %s", points_last_error(client));
    if (health) points__v1__health_check_response__free_unpacked(health, NULL);
    points_close(client);

    points_tls_options elsewhere = {f->ca, f->cert, f->key, "elsewhere.example"};
    client = NULL;
    s = points_connect_tls(host, port, &elsewhere, 5000, &client);
    CHECK(s == POINTS_E_IO && !client && strstr(points_last_error(NULL), "certificate verify failed (hostname mismatch"),
          "a certificate for another name: %s %s", points_status_name(s), points_last_error(NULL));
    printf("another name: %s\n", points_last_error(NULL));
}

static void a_wrong_ca_is_refused(const char *host, int port, const tls_files *f) {
    points_tls_options wrong = {f->other_ca, f->cert, f->key, NULL};
    points_client *client = NULL;
    points_status s = points_connect_tls(host, port, &wrong, 5000, &client);
    CHECK(s == POINTS_E_IO && !client && strstr(points_last_error(NULL), "TLS handshake with ")
          && strstr(points_last_error(NULL), "certificate verify failed"), "the wrong CA: %s %s", points_status_name(s), points_last_error(NULL));
    printf("wrong CA: %s\n", points_last_error(NULL));
}

/* After a connect that returned `s`: when it succeeded, a Health call (a refusal may come
 * only with the first call); the status of whichever ran last, and why from the same. */
static points_status health_after_connect(points_status s, points_client *client, const char **why) {
    *why = points_last_error(NULL);
    if (s != POINTS_OK) return s;
    Points__V1__HealthCheckResponse *health = NULL;
    s = points_health(client, 5000, &health);
    *why = points_last_error(client);
    if (health) points__v1__health_check_response__free_unpacked(health, NULL);
    return s;
}

/* A client certificate the server cannot verify is refused, in words: with TLS 1.3 the
 * server's alert comes after the handshake, so the preface (or else the first call) says it. */
static void a_client_certificate_is_refused(const char *host, int port, const char *ca, const char *cert, const char *key,
                                            const char *what) {
    points_tls_options options = {ca, cert, key, NULL};
    points_client *client = NULL;
    points_status s = points_connect_tls(host, port, &options, 5000, &client);
    const char *why;
    s = health_after_connect(s, client, &why);
    CHECK((s == POINTS_E_IO || s == POINTS_E_CLOSED) && strstr(why, "the server refused our client certificate"),
          "%s: %s %s", what, points_status_name(s), why);
    printf("%s: %s\n", what, why);
    points_close(client);
}

/* Certificates are optional at the TLS level: without one, the handshake succeeds and a call
 * without a token is UNAUTHENTICATED. */
static void no_certificate_is_no_agency(const char *host, int port, const tls_files *f) {
    points_tls_options anonymous = {f->ca, NULL, NULL, NULL};
    points_client *client = NULL;
    points_status s = points_connect_tls(host, port, &anonymous, 5000, &client);
    CHECK(s == POINTS_OK, "TLS without a client certificate: %s %s", points_status_name(s), points_last_error(NULL));
    if (!client) return;
    Points__V1__ScoreRequest request;
    worked_example(&request);
    Points__V1__ScoreResponse *response = NULL;
    s = points_score(client, &request, 5000, &response);
    CHECK(s == POINTS_UNAUTHENTICATED && !response, "no certificate, no token: %s %s", points_status_name(s), points_last_error(client));
    if (response) points__v1__score_response__free_unpacked(response, NULL);
    points_close(client);
}

/* Plain TCP to the TLS port: the server says in plain text that it wants TLS. */
static void plain_tcp_to_the_tls_port_fails(const char *host, int port) {
    points_client *client = NULL;
    points_status s = points_connect_tcp(host, port, 5000, &client);
    const char *why;
    s = health_after_connect(s, client, &why);
    CHECK(s != POINTS_OK && strstr(why, "TLS"), "plain TCP to the TLS port: %s %s", points_status_name(s), why);
    printf("plain TCP to the TLS port: %s\n", why);
    points_close(client);
}

/* TLS to a server without TLS fails at once, saying so (a pointsd answers a ClientHello with
 * its preface, in plain text). */
static void tls_to_a_plain_port_fails(const char *host, int port, const tls_files *f) {
    points_tls_options agency = {f->ca, f->cert, f->key, NULL};
    points_client *client = NULL;
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    points_status s = points_connect_tls(host, port, &agency, 5000, &client);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    CHECK(s == POINTS_E_IO && !client && strstr(points_last_error(NULL), "does not speak TLS") && seconds < 4,
          "TLS to a plain port: %s %s after %.1f s", points_status_name(s), points_last_error(NULL), seconds);
    printf("TLS to a plain port: %s\n", points_last_error(NULL));
}

/* Options that cannot work fail before any connection (port 1: nothing listens). */
static void bad_options_fail_before_connecting(const char *host, const tls_files *f) {
    struct { points_tls_options options; const char *says; } cases[] = {
        {{f->missing, NULL, NULL, NULL}, "cannot read the CA file"},
        {{f->key, NULL, NULL, NULL}, "cannot read the CA file"},
        {{f->ca, f->cert, NULL, NULL}, "needs its key"},
        {{f->ca, f->cert, f->mismatched_key, NULL}, "does not match the certificate"},
        {{f->ca, f->key, f->key, NULL}, "cannot read the client certificate"},
        {{f->ca, f->cert, f->cert, NULL}, "cannot read the client key"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        points_client *client = NULL;
        points_status s = points_connect_tls(host, 1, &cases[i].options, 5000, &client);
        CHECK(s == POINTS_E_ARGUMENT && !client && strstr(points_last_error(NULL), cases[i].says), "bad options %zu: %s %s",
              i, points_status_name(s), points_last_error(NULL));
    }
}

static int tls_main(char **argv) {
    const char *host = argv[2];
    int tls_port = atoi(argv[3]), plain_port = atoi(argv[4]);
    tls_files f;
    tls_files_in(argv[5], &f);
    points_tls_options agency = {f.ca, f.cert, f.key, NULL};
    tls_options = &agency; /* the plain checks, over TLS as the agency hr-bureau */
    points_client *client = connect_tcp(host, tls_port);
    if (client) {
        scores_and_describes(client);
        reads_an_undetermined_card(client);
        batches_answer_each_request(client);
        bad_calls_fail_alone(client);
        deadlines_are_answered(client);
        pipelines_many_calls(client);
        a_big_answer_arrives_whole(client);
        points_close(client);
    }
    goodbye_is_a_clear_return_code(host, tls_port);
    tls_options = NULL;

    the_server_name_is_checked(host, tls_port, &f);
    a_wrong_ca_is_refused(host, tls_port, &f);
    a_client_certificate_is_refused(host, tls_port, f.ca, f.expired, f.expired_key, "an expired client certificate");
    a_client_certificate_is_refused(host, tls_port, f.ca, f.stranger, f.stranger_key, "a stranger's client certificate");
    no_certificate_is_no_agency(host, tls_port, &f);
    plain_tcp_to_the_tls_port_fails(host, tls_port);
    tls_to_a_plain_port_fails(host, plain_port, &f);
    bad_options_fail_before_connecting(host, &f);
    return 0;
}

int main(int argc, char **argv) {
    int tls = argc >= 2 && strcmp(argv[1], "--tls") == 0;
    if (tls ? argc != 6 : argc != 4 && argc != 6) {
        fprintf(stderr, "usage: client-test HOST PORT UNIX_SOCKET_PATH [SECURED_PORT SCORER_TOKEN]\n"
                        "       client-test --tls HOST TLS_PORT PLAIN_PORT TLS_DIR\n");
        return 2;
    }
    if (!load_worked_example()) return 1;
    if (tls) {
        tls_main(argv);
        arena_free(&facts_memory);
        cJSON_Delete(facts_json);
        printf("TLS: %d passed, %d failed\n", checks - failures, failures);
        return failures ? 1 : 0;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    points_client *client = connect_tcp(host, port);
    if (!client) return 1;
    scores_and_describes(client);
    reads_an_undetermined_card(client);
    batches_answer_each_request(client);
    bad_calls_fail_alone(client);
    deadlines_are_answered(client);
    pipelines_many_calls(client);
    points_close(client);

    points_client *unix_client = NULL;
    CHECK(points_connect_unix(argv[3], 5000, &unix_client) == POINTS_OK, "unix connect");
    if (unix_client) {
        scores_and_describes(unix_client);
        points_close(unix_client);
    }
    points_client *refused = NULL;
    CHECK(points_connect_tcp(host, 1, 1000, &refused) == POINTS_E_IO && refused == NULL, "connection refused");

    an_oversized_frame_closes_only_this_connection(host, port);
    goodbye_is_a_clear_return_code(host, port);
    if (argc == 6) agencies_need_their_token(host, atoi(argv[4]), argv[5]);

    arena_free(&facts_memory);
    cJSON_Delete(facts_json);
    printf("%d passed, %d failed\n", checks - failures, failures);
    return failures ? 1 : 0;
}
