/*
 * points-c: scores a facts file (JSON) on a running pointsd through the C client and prints
 * the card as text or JSON. The whole path an agency's C system takes, in one small program.
 *
 *   points-c [--server HOST:PORT | --unix PATH] [--scheme ID] [--as-of YYYY-MM-DD]
 *            [--format text|json] [--summary] FACTS.json
 *
 * Exit status: 0 scored, 1 the server refused the call (status printed), 2 bad usage or file.
 */
#define _POSIX_C_SOURCE 200809L
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include "facts_json.h"
#include "points_client.h"

static cJSON *bilingual(const Points__V1__Bilingual *b) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "en", b && b->en ? b->en : "");
    cJSON_AddStringToObject(o, "zh", b && b->zh ? b->zh : "");
    return o;
}

static void print_json(const Points__V1__ScoreCard *card, int summary) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "as_of", card->as_of);
    cJSON *lines = cJSON_AddArrayToObject(root, "lines");
    for (size_t i = 0; i < card->n_lines; i++) {
        const Points__V1__Line *l = card->lines[i];
        cJSON *line = cJSON_CreateObject();
        if (l->clause) cJSON_AddStringToObject(line, "clause", l->clause);  /* a summary has none of these */
        if (l->explanation) cJSON_AddItemToObject(line, "explanation", bilingual(l->explanation));
        cJSON_AddStringToObject(line, "id", l->id);
        cJSON_AddStringToObject(line, "points", l->points);
        cJSON_AddStringToObject(line, "raw", l->raw);
        if (l->title) cJSON_AddItemToObject(line, "title", bilingual(l->title));
        cJSON_AddItemToArray(lines, line);
    }
    cJSON *failed = cJSON_AddArrayToObject(root, "failed_gates");
    for (size_t i = 0; i < card->n_failed_gates; i++) {
        cJSON *gate = cJSON_CreateObject();
        cJSON_AddStringToObject(gate, "id", card->failed_gates[i]->id);
        cJSON_AddItemToObject(gate, "reason", bilingual(card->failed_gates[i]->reason));
        cJSON_AddItemToArray(failed, gate);
    }
    if (!summary) {  /* a full card's (perhaps none); a summary leaves them out */
        cJSON *steps = cJSON_AddArrayToObject(root, "next_steps");
        for (size_t i = 0; i < card->n_next_steps; i++) {
            const Points__V1__NextStep *n = card->next_steps[i];
            cJSON *step = cJSON_CreateObject();
            cJSON_AddStringToObject(step, "clause", n->clause ? n->clause : "");
            if (n->date) cJSON_AddStringToObject(step, "date", n->date);
            if (n->fact) cJSON_AddStringToObject(step, "fact", n->fact);
            if (n->from) cJSON_AddStringToObject(step, "from", n->from);
            cJSON_AddStringToObject(step, "id", n->id ? n->id : "");
            cJSON_AddStringToObject(step, "kind", n->kind ? n->kind : "");
            if (n->points) cJSON_AddStringToObject(step, "points", n->points);
            cJSON_AddItemToObject(step, "text", bilingual(n->text));
            if (n->to) cJSON_AddStringToObject(step, "to", n->to);
            cJSON_AddItemToArray(steps, step);
        }
    }
    if (card->n_channels > 0) {  /* a scheme with settlement channels */
        cJSON *channels = cJSON_AddArrayToObject(root, "channels");
        for (size_t i = 0; i < card->n_channels; i++) {
            const Points__V1__ChannelResult *c = card->channels[i];
            cJSON *channel = cJSON_CreateObject();
            if (c->has_holds) cJSON_AddBoolToObject(channel, "holds", c->holds);  /* absent: undetermined */
            cJSON_AddStringToObject(channel, "id", c->id ? c->id : "");
            cJSON_AddItemToObject(channel, "reason", bilingual(c->reason));
            cJSON_AddItemToArray(channels, channel);
        }
    }
    if (card->has_qualified) cJSON_AddBoolToObject(root, "qualified", card->qualified);  /* absent: undetermined */
    if (card->n_undetermined > 0) {  /* parameters not on record the card waits on */
        cJSON *open = cJSON_AddArrayToObject(root, "undetermined");
        for (size_t i = 0; i < card->n_undetermined; i++) {
            const Points__V1__OpenParameter *p = card->undetermined[i];
            cJSON *parameter = cJSON_CreateObject();
            cJSON_AddStringToObject(parameter, "clause", p->clause ? p->clause : "");
            cJSON_AddStringToObject(parameter, "name", p->name ? p->name : "");
            cJSON_AddItemToObject(parameter, "set_by", bilingual(p->set_by));
            cJSON_AddItemToObject(parameter, "title", bilingual(p->title));
            cJSON_AddItemToArray(open, parameter);
        }
    }
    cJSON_AddStringToObject(root, "ranking_score", card->ranking_score);
    cJSON *scheme = cJSON_AddObjectToObject(root, "scheme");
    cJSON_AddStringToObject(scheme, "content_hash", card->scheme->content_hash);
    cJSON_AddStringToObject(scheme, "id", card->scheme->id);
    cJSON_AddStringToObject(scheme, "version", card->scheme->version);
    cJSON_AddStringToObject(root, "total", card->total);
    char *out = cJSON_Print(root);
    puts(out);
    free(out);
    cJSON_Delete(root);
}

static void print_text(const Points__V1__ScoreCard *card) {
    printf("scheme %s version %s  as of %s  %s\n\n", card->scheme->id, card->scheme->version, card->as_of, card->scheme->content_hash);
    for (size_t i = 0; i < card->n_lines; i++) {
        const Points__V1__Line *l = card->lines[i];
        if (l->title) printf("%8s %s / %s\n         %s\n", l->points, l->title->zh, l->title->en, l->explanation ? l->explanation->en : "");
        else printf("%8s %s\n", l->points, l->id);
    }
    printf("\ntotal %s  ranking score %s\n%s\n", card->total, card->ranking_score,
           !card->has_qualified ? "UNDETERMINED" : card->qualified ? "QUALIFIED" : "NOT QUALIFIED");
    for (size_t i = 0; i < card->n_failed_gates; i++)
        printf("  [FAILED] %s: %s\n", card->failed_gates[i]->id, card->failed_gates[i]->reason->en);
    for (size_t i = 0; i < card->n_channels; i++)
        printf("  [channel %s] %s: %s\n", !card->channels[i]->has_holds ? "open" : card->channels[i]->holds ? "holds" : "no", card->channels[i]->id,
               card->channels[i]->reason && card->channels[i]->reason->en ? card->channels[i]->reason->en : "");
    for (size_t i = 0; i < card->n_undetermined; i++)
        printf("  [not on record] %s [%s]: to be set by %s\n", card->undetermined[i]->name, card->undetermined[i]->clause,
               card->undetermined[i]->set_by && card->undetermined[i]->set_by->en ? card->undetermined[i]->set_by->en : "");
    if (card->n_next_steps > 0) printf("\nnext steps\n");
    for (size_t i = 0; i < card->n_next_steps; i++) {
        const Points__V1__NextStep *n = card->next_steps[i];
        printf("  [%s] %s\n          [%s]\n", n->kind, n->text && n->text->en ? n->text->en : "", n->clause ? n->clause : "");
    }
}

static int usage(void) {
    fprintf(stderr, "usage: points-c [--server HOST:PORT | --unix PATH] [--scheme ID] [--as-of DATE] [--format text|json] [--summary] FACTS.json\n");
    return 2;
}

int main(int argc, char **argv) {
    const char *server = "127.0.0.1:7400", *unix_path = NULL, *scheme = "guangzhou-hukou", *as_of = NULL, *format = "text", *file = NULL;
    int summary = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--server") && i + 1 < argc) server = argv[++i];
        else if (!strcmp(argv[i], "--unix") && i + 1 < argc) unix_path = argv[++i];
        else if (!strcmp(argv[i], "--scheme") && i + 1 < argc) scheme = argv[++i];
        else if (!strcmp(argv[i], "--as-of") && i + 1 < argc) as_of = argv[++i];
        else if (!strcmp(argv[i], "--format") && i + 1 < argc) format = argv[++i];
        else if (!strcmp(argv[i], "--summary")) summary = 1;
        else if (argv[i][0] != '-' && !file) file = argv[i];
        else return usage();
    }
    if (!file || (strcmp(format, "text") && strcmp(format, "json"))) return usage();

    FILE *f = fopen(file, "rb");
    if (!f) { perror(file); return 2; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *content = malloc((size_t)size + 1);
    size_t got = fread(content, 1, (size_t)size, f);
    fclose(f);
    content[got] = 0;
    cJSON *json = cJSON_Parse(content);
    free(content);
    if (!json) { fprintf(stderr, "%s: not valid JSON near: %.20s\n", file, cJSON_GetErrorPtr()); return 2; }

    arena a = {0};
    Points__V1__Facts facts;
    Points__V1__ScoreRequest request = POINTS__V1__SCORE_REQUEST__INIT;
    int status = 2;
    if (!build_facts(&a, json, &facts)) goto done;
    request.scheme = (char *)scheme;
    request.as_of = (char *)as_of;
    request.facts = &facts;
    request.has_detail = summary;
    request.detail = summary ? POINTS__V1__DETAIL__DETAIL_SUMMARY : POINTS__V1__DETAIL__DETAIL_FULL;

    points_client *client = NULL;
    points_status s;
    if (unix_path) {
        s = points_connect_unix(unix_path, 5000, &client);
    } else {
        char host[256];
        const char *colon = strrchr(server, ':');
        if (!colon || (size_t)(colon - server) >= sizeof host) { status = usage(); goto done; }
        memcpy(host, server, (size_t)(colon - server));
        host[colon - server] = 0;
        s = points_connect_tcp(host, atoi(colon + 1), 5000, &client);
    }
    if (s != POINTS_OK) {
        int reason = errno;  /* set by the failed connect */
        fprintf(stderr, "cannot connect to %s: %s\n", unix_path ? unix_path : server, s == POINTS_E_IO && reason ? strerror(reason) : points_status_name(s));
        status = 1;
        goto done;
    }
    /* The agency's token comes from the environment, never from the command line. */
    if (getenv("POINTS_TOKEN")) points_set_token(client, getenv("POINTS_TOKEN"));
    Points__V1__ScoreResponse *response = NULL;
    s = points_score(client, &request, 10000, &response);
    if (s == POINTS_OK) {
        if (!strcmp(format, "json")) print_json(response->card, summary);
        else print_text(response->card);
        points__v1__score_response__free_unpacked(response, NULL);
        status = 0;
    } else {
        fprintf(stderr, "%s: %s: %s\n", file, points_status_name(s), points_last_error(client));
        status = 1;
    }
    points_close(client);
done:
    arena_free(&a);
    cJSON_Delete(json);
    return status;
}
