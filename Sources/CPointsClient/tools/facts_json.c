#define _POSIX_C_SOURCE 200809L
#include "facts_json.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void arena_free(arena *a) {
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
    FLAG(returned_from_study_abroad), FLAG(vocational_school_graduate), FLAG(fresh_graduate), FLAG(veteran),
    FLAG(landless_farmer), FLAG(excellent_migrant_worker), FLAG(continuous_study), FLAG(landlord_consent),
    FLAG(rental_shared_or_sublet), FLAG(address_has_registered_household), FLAG(co_resident_with_host),
    FLAG(host_hukou_local), FLAG(owns_home),
};
static const struct { const char *name; size_t has, value; } NUMBERS[] = {
    FLAG(residence_permit_months), FLAG(residence_permit_continuous_months), FLAG(residence_months),
    FLAG(employment_months), FLAG(rented_months), FLAG(core_district_exit_months), FLAG(pension_insurance_months),
    FLAG(medical_insurance_months), FLAG(unemployment_insurance_months), FLAG(injury_insurance_months),
    FLAG(maternity_insurance_months), FLAG(housing_fund_months), FLAG(rnd_months), FLAG(hardship_frontline_months),
    FLAG(blood_donations), FLAG(bad_credit_records), FLAG(tax_evasions_5y), FLAG(police_penalties_5y),
    FLAG(labour_contract_months), FLAG(housing_fund_continuous_months),
};
#define TEXT(name) {#name, offsetof(Points__V1__Facts, name)}
static const struct { const char *name; size_t value; } TEXTS[] = {
    TEXT(birth_date), TEXT(housing), TEXT(education), TEXT(skill_level), TEXT(professional_title),
    TEXT(income_tax_3y), TEXT(enterprise_tax_3y), TEXT(district), TEXT(work_district),
    TEXT(settlement_place_kind), TEXT(relation_to_host), TEXT(employer_kind), TEXT(per_capita_floor_area_m2), TEXT(talent_card_valid_until),
};
#define COUNT(array) (sizeof(array) / sizeof((array)[0]))


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

int build_facts(arena *a, const cJSON *json, Points__V1__Facts *facts) {
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

