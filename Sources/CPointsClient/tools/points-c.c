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
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "points_client.h"

/* Everything allocated for a Facts message, freed in one place. */
typedef struct {
    void **blocks;
    size_t count, cap;
} arena;

static void *arena_alloc(arena *a, size_t size) {
    if (a->count == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 32;
        a->blocks = realloc(a->blocks, a->cap * sizeof *a->blocks);
        if (!a->blocks) abort();
    }
    void *block = calloc(1, size ? size : 1);
    if (!block) abort();
    return a->blocks[a->count++] = block;
}

static void arena_free(arena *a) {
    for (size_t i = 0; i < a->count; i++) free(a->blocks[i]);
    free(a->blocks);
}

static int bad(const char *fact, const char *what) {
    fprintf(stderr, "%s: expected %s\n", fact, what);
    return 0;
}

/* A whole non-negative number that fits the field. */
static int whole(const cJSON *item, const char *fact, uint32_t *out) {
    if (!cJSON_IsNumber(item) || item->valuedouble < 0 || item->valuedouble > 4294967295.0 ||
        floor(item->valuedouble) != item->valuedouble)
        return bad(fact, "a whole number of 0 or more");
    *out = (uint32_t)item->valuedouble;
    return 1;
}

/* Text, or a money amount given as a whole number (decimals must be strings: no floats). */
static char *text(arena *a, const cJSON *item, const char *fact) {
    if (cJSON_IsString(item)) return item->valuestring;
    if (cJSON_IsNumber(item) && floor(item->valuedouble) == item->valuedouble && fabs(item->valuedouble) < 9.0e15) {
        char *buffer = arena_alloc(a, 32);
        snprintf(buffer, 32, "%.0f", item->valuedouble);
        return buffer;
    }
    bad(fact, "text (money with decimals as a string, e.g. \"12000.50\")");
    return NULL;
}

#define FLAG(name) {#name, offsetof(Points__V1__Facts, has_##name), offsetof(Points__V1__Facts, name)}
static const struct { const char *name; size_t has, value; } FLAGS[] = {
    FLAG(holds_residence_permit), FLAG(stable_employment), FLAG(urgent_trade),
    FLAG(income_tax_declared_each_year), FLAG(income_tax_reconciled), FLAG(criminal_punishment_5y),
};
static const struct { const char *name; size_t has, value; } NUMBERS[] = {
    FLAG(residence_permit_months), FLAG(residence_permit_continuous_months), FLAG(residence_months),
    FLAG(employment_months), FLAG(rented_months), FLAG(core_district_exit_months), FLAG(pension_insurance_months),
    FLAG(medical_insurance_months), FLAG(unemployment_insurance_months), FLAG(injury_insurance_months),
    FLAG(maternity_insurance_months), FLAG(housing_fund_months), FLAG(rnd_months), FLAG(hardship_frontline_months),
    FLAG(blood_donations), FLAG(bad_credit_records), FLAG(tax_evasions_5y), FLAG(police_penalties_5y),
};
#define TEXT(name) {#name, offsetof(Points__V1__Facts, name)}
static const struct { const char *name; size_t value; } TEXTS[] = {
    TEXT(birth_date), TEXT(housing), TEXT(education), TEXT(skill_level), TEXT(professional_title),
    TEXT(income_tax_3y), TEXT(enterprise_tax_3y), TEXT(district), TEXT(work_district),
};
#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static int build_facts(arena *a, const cJSON *json, Points__V1__Facts *facts);

static int build_list(arena *a, const cJSON *item, Points__V1__Facts *facts) {
    const char *name = item->string;
    if (!cJSON_IsArray(item) && strcmp(name, "volunteer_hours_by_year") && strcmp(name, "military_merits"))
        return bad(name, "a list");
    size_t n = (size_t)cJSON_GetArraySize(item);
    const cJSON *element;
    size_t i = 0;
    if (!strcmp(name, "invention_patents")) {
        facts->has_invention_patents_stated = facts->invention_patents_stated = 1;
        facts->n_invention_patents = n;
        facts->invention_patents = arena_alloc(a, n * sizeof *facts->invention_patents);
        cJSON_ArrayForEach(element, item) {
            Points__V1__Patent *patent = arena_alloc(a, sizeof *patent);
            points__v1__patent__init(patent);
            patent->has_inventors = 1;
            if (!whole(cJSON_GetObjectItemCaseSensitive(element, "inventors"), "invention_patents[].inventors", &patent->inventors)) return 0;
            facts->invention_patents[i++] = patent;
        }
    } else if (!strcmp(name, "honours")) {
        facts->has_honours_stated = facts->honours_stated = 1;
        facts->n_honours = n;
        facts->honours = arena_alloc(a, n * sizeof *facts->honours);
        cJSON_ArrayForEach(element, item) {
            Points__V1__Honour *honour = arena_alloc(a, sizeof *honour);
            points__v1__honour__init(honour);
            const cJSON *level = cJSON_GetObjectItemCaseSensitive(element, "level");
            if (!cJSON_IsString(level)) return bad("honours[].level", "text");
            honour->level = level->valuestring;
            facts->honours[i++] = honour;
        }
    } else if (!strcmp(name, "volunteer_hours_by_year")) {
        if (!cJSON_IsObject(item)) return bad(name, "an object of year to hours");
        facts->has_volunteer_hours_stated = facts->volunteer_hours_stated = 1;
        facts->n_volunteer_hours_by_year = n;
        facts->volunteer_hours_by_year = arena_alloc(a, n * sizeof *facts->volunteer_hours_by_year);
        cJSON_ArrayForEach(element, item) {
            Points__V1__Facts__VolunteerHoursByYearEntry *entry = arena_alloc(a, sizeof *entry);
            points__v1__facts__volunteer_hours_by_year_entry__init(entry);
            entry->has_key = entry->has_value = 1;
            entry->key = atoi(element->string);
            if (!whole(element, "volunteer_hours_by_year", &entry->value)) return 0;
            facts->volunteer_hours_by_year[i++] = entry;
        }
    } else if (!strcmp(name, "military_merits")) {
        if (!cJSON_IsObject(item)) return bad(name, "an object of first, second, third");
        Points__V1__MilitaryMerits *merits = arena_alloc(a, sizeof *merits);
        points__v1__military_merits__init(merits);
        cJSON_ArrayForEach(element, item) {
            uint32_t count;
            if (!whole(element, "military_merits", &count)) return 0;
            if (!strcmp(element->string, "first")) merits->has_first = 1, merits->first = count;
            else if (!strcmp(element->string, "second")) merits->has_second = 1, merits->second = count;
            else if (!strcmp(element->string, "third")) merits->has_third = 1, merits->third = count;
            else return bad("military_merits", "only first, second and third");
        }
        facts->military_merits = merits;
    } else {  /* children */
        facts->has_children_stated = facts->children_stated = 1;
        facts->n_children = n;
        facts->children = arena_alloc(a, n * sizeof *facts->children);
        cJSON_ArrayForEach(element, item) {
            Points__V1__Child *child = arena_alloc(a, sizeof *child);
            points__v1__child__init(child);
            const cJSON *birth = cJSON_GetObjectItemCaseSensitive(element, "birth_date");
            const cJSON *stage = cJSON_GetObjectItemCaseSensitive(element, "school_stage");
            const cJSON *months = cJSON_GetObjectItemCaseSensitive(element, "local_schooling_months");
            const cJSON *record = cJSON_GetObjectItemCaseSensitive(element, "local_junior_high_record");
            if (!cJSON_IsString(birth) || !cJSON_IsString(stage)) return bad("children[]", "birth_date and school_stage");
            child->birth_date = birth->valuestring;
            child->school_stage = stage->valuestring;
            if (months && !(child->has_local_schooling_months = whole(months, "children[].local_schooling_months", &child->local_schooling_months))) return 0;
            if (record) child->has_local_junior_high_record = 1, child->local_junior_high_record = cJSON_IsTrue(record);
            facts->children[i++] = child;
        }
    }
    return 1;
}

static int build_facts(arena *a, const cJSON *json, Points__V1__Facts *facts) {
    if (!cJSON_IsObject(json)) return bad("(document)", "an object of fact names to values");
    points__v1__facts__init(facts);
    size_t extras = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, json) extras++;
    facts->extra = arena_alloc(a, extras * sizeof *facts->extra);
    cJSON_ArrayForEach(item, json) {
        const char *name = item->string;
        int known = 0;
        for (size_t i = 0; i < COUNT(FLAGS) && !known; i++)
            if (!strcmp(name, FLAGS[i].name)) {
                if (!cJSON_IsBool(item)) return bad(name, "true or false");
                *(protobuf_c_boolean *)((char *)facts + FLAGS[i].has) = 1;
                *(protobuf_c_boolean *)((char *)facts + FLAGS[i].value) = cJSON_IsTrue(item);
                known = 1;
            }
        for (size_t i = 0; i < COUNT(NUMBERS) && !known; i++)
            if (!strcmp(name, NUMBERS[i].name)) {
                if (!whole(item, name, (uint32_t *)((char *)facts + NUMBERS[i].value))) return 0;
                *(protobuf_c_boolean *)((char *)facts + NUMBERS[i].has) = 1;
                known = 1;
            }
        for (size_t i = 0; i < COUNT(TEXTS) && !known; i++)
            if (!strcmp(name, TEXTS[i].name)) {
                char *value = text(a, item, name);
                if (!value) return 0;
                *(char **)((char *)facts + TEXTS[i].value) = value;
                known = 1;
            }
        if (known) continue;
        if (!strcmp(name, "invention_patents") || !strcmp(name, "honours") || !strcmp(name, "volunteer_hours_by_year") ||
            !strcmp(name, "military_merits") || !strcmp(name, "children")) {
            if (!build_list(a, item, facts)) return 0;
        } else if (!strcmp(name, "spouse")) {
            facts->spouse = arena_alloc(a, sizeof *facts->spouse);
            if (!build_facts(a, item, facts->spouse)) return 0;
        } else {  /* an extra fact the scheme declares: sent as text, checked by the server */
            Points__V1__Facts__ExtraEntry *entry = arena_alloc(a, sizeof *entry);
            points__v1__facts__extra_entry__init(entry);
            entry->key = (char *)name;
            entry->value = cJSON_IsBool(item) ? (cJSON_IsTrue(item) ? "true" : "false") : text(a, item, name);
            if (!entry->value) return 0;
            facts->extra[facts->n_extra++] = entry;
        }
    }
    return 1;
}

static cJSON *bilingual(const Points__V1__Bilingual *b) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "en", b && b->en ? b->en : "");
    cJSON_AddStringToObject(o, "zh", b && b->zh ? b->zh : "");
    return o;
}

static void print_json(const Points__V1__ScoreCard *card) {
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
    cJSON_AddBoolToObject(root, "qualified", card->qualified);
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
    printf("\ntotal %s  ranking score %s\n%s\n", card->total, card->ranking_score, card->qualified ? "QUALIFIED" : "NOT QUALIFIED");
    for (size_t i = 0; i < card->n_failed_gates; i++)
        printf("  [FAILED] %s: %s\n", card->failed_gates[i]->id, card->failed_gates[i]->reason->en);
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
    if (s != POINTS_OK) { fprintf(stderr, "cannot connect: %s\n", points_status_name(s)); status = 1; goto done; }
    Points__V1__ScoreResponse *response = NULL;
    s = points_score(client, &request, 10000, &response);
    if (s == POINTS_OK) {
        if (!strcmp(format, "json")) print_json(response->card);
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
