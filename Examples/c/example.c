/* Scores the README's worked example on a running pointsd: ./example [HOST [PORT]] */
#include <stdio.h>
#include <stdlib.h>
#include "points_client.h"

int main(int argc, char **argv) {
    points_client *client;
    points_status s = points_connect_tcp(argc > 1 ? argv[1] : "127.0.0.1", argc > 2 ? atoi(argv[2]) : 7400, 2000, &client);
    if (s != POINTS_OK) { fprintf(stderr, "connect: %s\n", points_status_name(s)); return 1; }
    if (getenv("POINTS_TOKEN")) points_set_token(client, getenv("POINTS_TOKEN"));  /* the agency's bearer token */

    Points__V1__Facts facts = POINTS__V1__FACTS__INIT;
    facts.birth_date = "1990-03-15";
    facts.has_holds_residence_permit = 1; facts.holds_residence_permit = 1;
    facts.has_residence_permit_months = 1; facts.residence_permit_months = 72;
    facts.has_stable_employment = 1; facts.stable_employment = 1;
    facts.housing = "rented_registered";
    facts.has_rented_months = 1; facts.rented_months = 72;
    facts.has_pension_insurance_months = 1; facts.pension_insurance_months = 72;
    facts.has_medical_insurance_months = 1; facts.medical_insurance_months = 72;
    facts.has_unemployment_insurance_months = 1; facts.unemployment_insurance_months = 72;
    facts.has_injury_insurance_months = 1; facts.injury_insurance_months = 72;
    facts.has_maternity_insurance_months = 1; facts.maternity_insurance_months = 72;
    facts.has_housing_fund_months = 1; facts.housing_fund_months = 72;
    facts.education = "bachelor";
    facts.has_criminal_punishment_5y = 1; facts.criminal_punishment_5y = 0;
    Points__V1__ScoreRequest request = POINTS__V1__SCORE_REQUEST__INIT;
    request.scheme = "guangzhou-hukou";
    request.as_of = "2025-06-01";
    request.facts = &facts;

    Points__V1__ScoreResponse *response;
    s = points_score(client, &request, 2000, &response);
    if (s != POINTS_OK) {
        /* Facts the server cannot use come one by one (fact, message, kind: invalid or missing). */
        const Points__V1__Status *why = points_last_status(client);
        for (size_t i = 0; why && i < why->n_fact_issues; i++) {
            const Points__V1__FactIssue *issue = why->fact_issues[i];
            fprintf(stderr, "%s: %s\n", issue->fact ? issue->fact : "", issue->message ? issue->message : "");
        }
        if (!why || why->n_fact_issues == 0) fprintf(stderr, "%s: %s\n", points_status_name(s), points_last_error(client));
    } else {
        printf("total %s, ranking score %s, %s\n", response->card->total, response->card->ranking_score,
               response->card->qualified ? "qualified" : "not qualified");
        points__v1__score_response__free_unpacked(response, NULL);
    }
    points_close(client);
    return s == POINTS_OK ? 0 : 1;
}
