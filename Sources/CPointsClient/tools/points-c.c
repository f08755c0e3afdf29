/*
 * points-c: scores a facts file (JSON) on a running pointsd through the C client and prints
 * the card as text or JSON. The whole path an agency's C system takes, in one small program.
 *
 *   points-c [--server HOST:PORT | --unix PATH] [--tls-ca FILE] [--tls-cert FILE --tls-key FILE]
 *            [--scheme ID] [--as-of YYYY-MM-DD] [--format text|json] [--summary] [--next-steps]
 *            FACTS.json
 *
 * Any --tls-* option means TLS to --server: the server's certificate must chain to --tls-ca
 * (without it, the system's CAs) and name HOST; --tls-cert and --tls-key present the
 * agency's client certificate (mutual TLS). An agency known by a token gives it in the
 * environment, POINTS_TOKEN, never on the command line.
 *
 * The text card is line for line what `points score` prints, the JSON card has its keys.
 *
 * Exit status: 0 scored, 1 no connection or the server refused the call (why printed), 2 bad
 * usage or file (a TLS file too).
 */
#define _POSIX_C_SOURCE 200809L
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts_json.h"
#include "points_client.h"

static cJSON *bilingual(const Points__V1__Bilingual *b) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "en", b && b->en ? b->en : "");
    cJSON_AddStringToObject(o, "zh", b && b->zh ? b->zh : "");
    return o;
}

static const char *text_or(const char *text, const char *otherwise) { return text ? text : otherwise; }
static const char *en(const Points__V1__Bilingual *b) { return b && b->en ? b->en : ""; }
static const char *zh(const Points__V1__Bilingual *b) { return b && b->zh ? b->zh : ""; }

static cJSON *subtotal(const Points__V1__Subtotal *t) {
    cJSON *o = cJSON_CreateObject();
    if (t->cap) cJSON_AddStringToObject(o, "cap", t->cap);
    cJSON_AddStringToObject(o, "id", text_or(t->id, ""));
    if (t->percent_added) cJSON_AddStringToObject(o, "percent_added", t->percent_added);
    cJSON_AddStringToObject(o, "points", text_or(t->points, ""));
    cJSON_AddStringToObject(o, "raw", text_or(t->raw, ""));
    cJSON_AddItemToObject(o, "title", bilingual(t->title));
    return o;
}

static cJSON *gate(const Points__V1__GateResult *g) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "clause", text_or(g->clause, ""));
    cJSON_AddBoolToObject(o, "exempt", g->has_exempt && g->exempt);
    cJSON_AddStringToObject(o, "id", text_or(g->id, ""));
    if (g->has_passed) cJSON_AddBoolToObject(o, "passed", g->passed);  /* absent: waits on a rule not on record */
    cJSON_AddItemToObject(o, "reason", bilingual(g->reason));
    cJSON_AddItemToObject(o, "title", bilingual(g->title));
    return o;
}

/* The card as JSON, with the keys of `points score --format json` (a summary's lines carry
   only their numbers, as on the wire). */
static void print_json(const Points__V1__ScoreCard *card, int summary) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "as_of", text_or(card->as_of, ""));
    if (card->n_channels > 0) {  /* a scheme with settlement channels */
        cJSON *channels = cJSON_AddArrayToObject(root, "channels");
        for (size_t i = 0; i < card->n_channels; i++) {
            const Points__V1__ChannelResult *c = card->channels[i];
            cJSON *channel = cJSON_CreateObject();
            cJSON_AddStringToObject(channel, "clause", text_or(c->clause, ""));
            cJSON *family = cJSON_AddArrayToObject(channel, "family");
            for (size_t k = 0; k < c->n_family; k++) cJSON_AddItemToArray(family, cJSON_CreateString(c->family[k]));
            if (c->has_holds) cJSON_AddBoolToObject(channel, "holds", c->holds);  /* absent: undetermined */
            cJSON_AddStringToObject(channel, "id", text_or(c->id, ""));
            cJSON_AddItemToObject(channel, "reason", bilingual(c->reason));
            cJSON_AddItemToObject(channel, "title", bilingual(c->title));
            cJSON_AddItemToArray(channels, channel);
        }
    }
    cJSON *failed = cJSON_AddArrayToObject(root, "failed_gates");
    for (size_t i = 0; i < card->n_failed_gates; i++) cJSON_AddItemToArray(failed, gate(card->failed_gates[i]));
    cJSON *gates = cJSON_AddArrayToObject(root, "gates");
    for (size_t i = 0; i < card->n_gates; i++) cJSON_AddItemToArray(gates, gate(card->gates[i]));
    cJSON *groups = cJSON_AddArrayToObject(root, "groups");
    for (size_t i = 0; i < card->n_groups; i++) cJSON_AddItemToArray(groups, subtotal(card->groups[i]));
    cJSON *lines = cJSON_AddArrayToObject(root, "lines");
    for (size_t i = 0; i < card->n_lines; i++) {
        const Points__V1__Line *l = card->lines[i];
        cJSON *line = cJSON_CreateObject();
        if (l->cap) cJSON_AddStringToObject(line, "cap", l->cap);
        cJSON_AddStringToObject(line, "clause", text_or(l->clause, ""));
        cJSON_AddItemToObject(line, "explanation", bilingual(l->explanation));
        cJSON *uses = cJSON_AddArrayToObject(line, "facts");
        for (size_t k = 0; k < l->n_facts; k++) {
            cJSON *use = cJSON_CreateObject();
            cJSON_AddBoolToObject(use, "defaulted", l->facts[k]->has_defaulted && l->facts[k]->defaulted);
            cJSON_AddStringToObject(use, "name", text_or(l->facts[k]->name, ""));
            cJSON_AddStringToObject(use, "value", text_or(l->facts[k]->value, ""));
            cJSON_AddItemToArray(uses, use);
        }
        cJSON_AddStringToObject(line, "group", text_or(l->group, ""));
        cJSON_AddStringToObject(line, "id", text_or(l->id, ""));
        cJSON_AddStringToObject(line, "points", text_or(l->points, ""));
        cJSON_AddStringToObject(line, "raw", text_or(l->raw, ""));
        cJSON_AddItemToObject(line, "title", bilingual(l->title));
        cJSON_AddItemToArray(lines, line);
    }
    if (!summary) {  /* a full card's (perhaps none); a summary leaves them out */
        cJSON *steps = cJSON_AddArrayToObject(root, "next_steps");
        for (size_t i = 0; i < card->n_next_steps; i++) {
            const Points__V1__NextStep *n = card->next_steps[i];
            cJSON *step = cJSON_CreateObject();
            cJSON_AddStringToObject(step, "clause", text_or(n->clause, ""));
            if (n->date) cJSON_AddStringToObject(step, "date", n->date);
            if (n->fact) cJSON_AddStringToObject(step, "fact", n->fact);
            if (n->from) cJSON_AddStringToObject(step, "from", n->from);
            cJSON_AddStringToObject(step, "id", text_or(n->id, ""));
            cJSON_AddStringToObject(step, "kind", text_or(n->kind, ""));
            if (n->points) cJSON_AddStringToObject(step, "points", n->points);
            cJSON_AddItemToObject(step, "text", bilingual(n->text));
            if (n->to) cJSON_AddStringToObject(step, "to", n->to);
            cJSON_AddItemToArray(steps, step);
        }
    }
    if (card->has_qualified) cJSON_AddBoolToObject(root, "qualified", card->qualified);  /* absent: undetermined */
    cJSON_AddStringToObject(root, "ranking_score", text_or(card->ranking_score, ""));
    if (card->rules_known_on) cJSON_AddStringToObject(root, "rules_known_on", card->rules_known_on);
    cJSON *scheme = cJSON_AddObjectToObject(root, "scheme");
    cJSON_AddStringToObject(scheme, "content_hash", text_or(card->scheme->content_hash, ""));
    cJSON_AddStringToObject(scheme, "id", text_or(card->scheme->id, ""));
    cJSON_AddItemToObject(scheme, "legal_source", bilingual(card->scheme->legal_source));
    if (card->scheme->published_on) cJSON_AddStringToObject(scheme, "published_on", card->scheme->published_on);
    cJSON_AddItemToObject(scheme, "title", bilingual(card->scheme->title));
    cJSON_AddStringToObject(scheme, "version", text_or(card->scheme->version, ""));
    cJSON *scores = cJSON_AddArrayToObject(root, "scores");
    for (size_t i = 0; i < card->n_scores; i++) cJSON_AddItemToArray(scores, subtotal(card->scores[i]));
    cJSON *ties = cJSON_AddArrayToObject(root, "tie_breakers");
    for (size_t i = 0; i < card->n_tie_breakers; i++) {
        cJSON *tie = cJSON_CreateObject();
        cJSON_AddBoolToObject(tie, "descending", card->tie_breakers[i]->has_descending && card->tie_breakers[i]->descending);
        cJSON_AddStringToObject(tie, "fact", text_or(card->tie_breakers[i]->fact, ""));
        if (card->tie_breakers[i]->value) cJSON_AddStringToObject(tie, "value", card->tie_breakers[i]->value);
        cJSON_AddItemToArray(ties, tie);
    }
    cJSON *tiers = cJSON_AddArrayToObject(root, "tiers");
    for (size_t i = 0; i < card->n_tiers; i++) {
        const Points__V1__TierResult *t = card->tiers[i];
        cJSON *tier = cJSON_CreateObject();
        if (t->has_batch) cJSON_AddNumberToObject(tier, "batch", t->batch);
        cJSON_AddStringToObject(tier, "clause", text_or(t->clause, ""));
        cJSON_AddItemToObject(tier, "reason", bilingual(t->reason));
        cJSON_AddStringToObject(tier, "score", text_or(t->score, ""));
        cJSON_AddStringToObject(tier, "service", text_or(t->service, ""));
        if (t->tier) cJSON_AddStringToObject(tier, "tier", t->tier);
        cJSON_AddItemToObject(tier, "title", bilingual(t->title));
        if (t->has_undetermined) cJSON_AddBoolToObject(tier, "undetermined", t->undetermined);
        cJSON_AddItemToArray(tiers, tier);
    }
    cJSON_AddStringToObject(root, "total", text_or(card->total, ""));
    if (card->n_undetermined > 0) {  /* parameters not on record the card waits on */
        cJSON *open = cJSON_AddArrayToObject(root, "undetermined");
        for (size_t i = 0; i < card->n_undetermined; i++) {
            const Points__V1__OpenParameter *p = card->undetermined[i];
            cJSON *parameter = cJSON_CreateObject();
            cJSON_AddStringToObject(parameter, "clause", text_or(p->clause, ""));
            cJSON_AddStringToObject(parameter, "name", text_or(p->name, ""));
            cJSON_AddItemToObject(parameter, "set_by", bilingual(p->set_by));
            cJSON_AddItemToObject(parameter, "title", bilingual(p->title));
            cJSON_AddItemToArray(open, parameter);
        }
    }
    cJSON *warnings = cJSON_AddArrayToObject(root, "warnings");
    for (size_t i = 0; i < card->n_warnings; i++) cJSON_AddItemToArray(warnings, bilingual(card->warnings[i]));
    char *out = cJSON_Print(root);
    puts(out);
    free(out);
    cJSON_Delete(root);
}

/* The card as text, line for line what `points score` prints (`--next-steps` adds the steps). */
static void print_text(const Points__V1__ScoreCard *card, int next_steps) {
    printf("%s / %s\n", zh(card->scheme->title), en(card->scheme->title));
    printf("scheme %s version %s", card->scheme->id, card->scheme->version);
    if (card->scheme->published_on) printf(" (published %s)", card->scheme->published_on);
    printf("  as of %s", card->as_of);
    if (card->rules_known_on) printf("  rules known on %s", card->rules_known_on);
    printf("  %s\n", card->scheme->content_hash);
    if (card->n_groups > 0) {
        printf("\n");
        for (size_t g = 0; g < card->n_groups; g++) {
            const Points__V1__Subtotal *group = card->groups[g];
            printf("%s / %s: %s", zh(group->title), en(group->title), group->points);
            if (group->cap) printf(" (cap %s)", group->cap);
            printf("\n");
            for (size_t i = 0; i < card->n_lines; i++) {
                const Points__V1__Line *l = card->lines[i];
                if (strcmp(text_or(l->group, ""), text_or(group->id, ""))) continue;
                printf("  %7s %s / %s", l->points, zh(l->title), en(l->title));
                if (strcmp(l->raw, l->points)) printf(" (raw %s, cap %s)", l->raw, text_or(l->cap, ""));
                printf("\n          %s\n          %s\n          [%s]\n", en(l->explanation), zh(l->explanation), text_or(l->clause, ""));
            }
        }
        printf("\n");
        for (size_t i = 0; i < card->n_scores; i++) {
            const Points__V1__Subtotal *score = card->scores[i];
            printf("%s / %s: %s", zh(score->title), en(score->title), score->points);
            if (score->percent_added) printf(" (%s + %s %%)", score->raw, score->percent_added);
            if (score->cap && !strcmp(score->points, score->cap) && strcmp(score->raw, score->cap)) printf(" (cap %s)", score->cap);
            printf("\n");
        }
        printf("total %s  ranking score %s\n", card->total, card->ranking_score);
    }
    if (card->n_gates > 0 || card->n_channels > 0 || !card->has_qualified) {
        printf("\n%s\n", !card->has_qualified ? "UNDETERMINED 尚不能确定 (rules not on record: see below)"
                         : card->qualified ? "QUALIFIED 符合条件" : "NOT QUALIFIED 不符合条件");
        for (size_t i = 0; i < card->n_gates; i++) {
            const Points__V1__GateResult *g = card->gates[i];
            const char *mark = g->has_exempt && g->exempt ? "exempt" : !g->has_passed ? "open" : g->passed ? "ok" : "FAILED";
            printf("  [%s] %s / %s: %s\n", mark, zh(g->title), en(g->title), en(g->reason));
            if (*zh(g->reason)) printf("          %s\n", zh(g->reason));
            printf("          [%s]\n", text_or(g->clause, ""));
        }
        if (card->n_channels > 0) {
            int holds = 0;
            for (size_t i = 0; i < card->n_channels; i++) holds |= card->channels[i]->has_holds && card->channels[i]->holds;
            printf("\n落户渠道 / settlement channels (any one suffices)%s\n", holds ? "" : ": none holds 无一成立");
            for (size_t i = 0; i < card->n_channels; i++) {
                const Points__V1__ChannelResult *c = card->channels[i];
                printf("  [%s] %s / %s", !c->has_holds ? "open" : c->holds ? "holds" : "no", zh(c->title), en(c->title));
                for (size_t k = 0; k < c->n_family; k++) printf("%s%s", k == 0 ? "  family may follow: " : ", ", c->family[k]);
                printf("\n          %s\n          %s\n          [%s]\n", en(c->reason), zh(c->reason), text_or(c->clause, ""));
            }
        }
    }
    if (card->n_undetermined > 0) {
        printf("\n未有规定的参数 / parameters not on record (the card does not guess them)\n");
        for (size_t i = 0; i < card->n_undetermined; i++) {
            const Points__V1__OpenParameter *p = card->undetermined[i];
            printf("  %s: %s / %s  [%s]\n          to be set by %s / 待%s规定\n", p->name, zh(p->title), en(p->title), p->clause, en(p->set_by), zh(p->set_by));
        }
    }
    if (card->n_tiers > 0) {
        printf("\n公共服务档次 / service tiers\n");
        for (size_t i = 0; i < card->n_tiers; i++) {
            const Points__V1__TierResult *t = card->tiers[i];
            printf("  %s  ", t->service);
            if (t->tier) printf("%s: %s / %s", t->tier, zh(t->title), en(t->title));
            else printf("%s", t->has_undetermined && t->undetermined ? "undetermined 尚不能确定" : "no tier 未达到任何档次");
            if (t->has_batch) printf(" (batch %u)", t->batch);
            if (card->n_groups > 0) printf("  score %s", t->score);
            printf("\n          %s\n          %s\n          [%s]\n", en(t->reason), zh(t->reason), text_or(t->clause, ""));
        }
    }
    for (size_t i = 0; i < card->n_warnings; i++) printf("warning: %s / %s\n", en(card->warnings[i]), zh(card->warnings[i]));
    if (next_steps) {
        printf("\n下一步 / next steps%s\n", card->n_next_steps == 0 ? ": none 无" : "");
        for (size_t i = 0; i < card->n_next_steps; i++) {
            const Points__V1__NextStep *n = card->next_steps[i];
            printf("  [%s] %s\n          %s\n", n->kind, en(n->text), zh(n->text));
            if (n->clause && *n->clause) printf("          [%s]\n", n->clause);
        }
    }
}

static int usage(void) {
    fprintf(stderr, "usage: points-c [--server HOST:PORT | --unix PATH] [--tls-ca FILE] [--tls-cert FILE --tls-key FILE]\n"
                    "                [--scheme ID] [--as-of DATE] [--format text|json] [--summary] [--next-steps] FACTS.json\n"
                    "  --tls-ca FILE    TLS to --server, its certificate signed by a CA in FILE (PEM; default: the system's)\n"
                    "  --tls-cert FILE  TLS with the agency's client certificate (PEM), with --tls-key\n"
                    "  --tls-key FILE   the client certificate's private key (PEM, unencrypted)\n"
                    "  POINTS_TOKEN     (environment) the agency's bearer token, if it has one\n");
    return 2;
}

int main(int argc, char **argv) {
    const char *server = "127.0.0.1:7400", *unix_path = NULL, *scheme = "guangzhou-hukou", *as_of = NULL, *format = "text", *file = NULL;
    int summary = 0, next_steps = 0, use_tls = 0;
    points_tls_options tls = {NULL, NULL, NULL, NULL};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--server") && i + 1 < argc) server = argv[++i];
        else if (!strcmp(argv[i], "--tls-ca") && i + 1 < argc) tls.ca_file = argv[++i], use_tls = 1;
        else if (!strcmp(argv[i], "--tls-cert") && i + 1 < argc) tls.cert_file = argv[++i], use_tls = 1;
        else if (!strcmp(argv[i], "--tls-key") && i + 1 < argc) tls.key_file = argv[++i], use_tls = 1;
        else if (!strcmp(argv[i], "--unix") && i + 1 < argc) unix_path = argv[++i];
        else if (!strcmp(argv[i], "--scheme") && i + 1 < argc) scheme = argv[++i];
        else if (!strcmp(argv[i], "--as-of") && i + 1 < argc) as_of = argv[++i];
        else if (!strcmp(argv[i], "--format") && i + 1 < argc) format = argv[++i];
        else if (!strcmp(argv[i], "--summary")) summary = 1;
        else if (!strcmp(argv[i], "--next-steps")) next_steps = 1;
        else if (argv[i][0] != '-' && !file) file = argv[i];
        else return usage();
    }
    if (!file || (strcmp(format, "text") && strcmp(format, "json"))) return usage();
    if (use_tls && unix_path) {
        fprintf(stderr, "points-c: --tls-ca, --tls-cert and --tls-key are for --server HOST:PORT, not --unix\n");
        return 2;
    }
    if (!tls.cert_file != !tls.key_file) {
        fprintf(stderr, "points-c: --tls-cert and --tls-key go together\n");
        return 2;
    }

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
        if (use_tls) s = points_connect_tls(host, atoi(colon + 1), &tls, 5000, &client);
        else s = points_connect_tcp(host, atoi(colon + 1), 5000, &client);
    }
    if (s != POINTS_OK) {
        /* "cannot connect to HOST:PORT: Connection refused", "TLS handshake with ... failed: ..." */
        fprintf(stderr, "%s\n", points_last_error(NULL));
        status = s == POINTS_E_ARGUMENT ? 2 : 1;
        goto done;
    }
    /* The agency's token comes from the environment, never from the command line. */
    if (getenv("POINTS_TOKEN")) points_set_token(client, getenv("POINTS_TOKEN"));
    Points__V1__ScoreResponse *response = NULL;
    s = points_score(client, &request, 10000, &response);
    if (s == POINTS_OK) {
        if (!strcmp(format, "json")) print_json(response->card, summary);
        else print_text(response->card, next_steps && !summary);
        points__v1__score_response__free_unpacked(response, NULL);
        status = 0;
    } else {
        /* Facts the server cannot use: each on its own line, whole (the last error keeps 511 bytes). */
        const Points__V1__Status *why = points_last_status(client);
        for (size_t i = 0; why && i < why->n_fact_issues; i++) {
            const Points__V1__FactIssue *issue = why->fact_issues[i];
            fprintf(stderr, "%s: %s: %s: %s\n", file, points_status_name(s), issue->fact ? issue->fact : "", issue->message ? issue->message : "");
        }
        if (!why || why->n_fact_issues == 0)
            fprintf(stderr, "%s: %s: %s\n", file, points_status_name(s), why && why->message ? why->message : points_last_error(client));
        status = 1;
    }
    points_close(client);
done:
    arena_free(&a);
    cJSON_Delete(json);
    return status;
}
