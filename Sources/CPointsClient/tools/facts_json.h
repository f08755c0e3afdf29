/*
 * Facts documents in JSON (the vocabulary of FACTS.md) to the wire's Facts message, for the
 * C tools. Type errors are printed naming the fact; ranges are the server's to check.
 */
#ifndef POINTS_FACTS_JSON_H
#define POINTS_FACTS_JSON_H

#include <cJSON.h>

#include "points_client.h"

/* Everything allocated for a Facts message, freed in one place. */
typedef struct {
    void **blocks;
    size_t count, cap;
} arena;

/* Fills `facts` from a JSON object; strings point into `json`, so keep it until sent.
 * Returns 0 (after printing why) when a value has the wrong type. */
int build_facts(arena *a, const cJSON *json, Points__V1__Facts *facts);
/* Frees what build_facts allocated. */
void arena_free(arena *a);

#endif
