#!/usr/bin/env python3
"""Writes N synthetic Panyu school applicants (CSV, with preferences) and a seat plan of S
schools, for `points allocate` benchmarks and tests.

Deterministic for a given --seed. Some schools are far more wanted than others (a few
popular public schools), seats total about 80 % of the applicants, and many applicants tie
on points (months in whole years), so batches, points and tie-breakers all matter.
"""
import argparse
import csv
import random

COLUMNS = [
    "applicant_id", "holds_residence_permit", "residence_permit_continuous_months", "stable_employment",
    "employment_months", "pension_insurance_months", "medical_insurance_months", "education", "skill_level",
    "income_tax_5y", "housing", "housing_in_school_town", "family_planning_compliant", "blood_donations",
    "preferences",
]


def applicant(i, rnd, schools, weights):
    permit = rnd.choice(range(12, 145, 12))
    insured = rnd.choice(range(12, 145, 12))
    wanted = min(rnd.randint(1, 19), len(schools))  # never more than there are schools
    preferences = []
    while len(preferences) < wanted:
        school = rnd.choices(schools, weights)[0]
        if school not in preferences:
            preferences.append(school)
    return {
        "applicant_id": f"C{i:07d}",
        "holds_residence_permit": "true" if rnd.random() < 0.97 else "false",
        "residence_permit_continuous_months": permit,
        "stable_employment": "true" if rnd.random() < 0.9 else "false",
        "employment_months": rnd.choice(range(0, 97, 12)),
        "pension_insurance_months": insured,
        "medical_insurance_months": insured,
        "education": rnd.choice(["senior_secondary", "junior_college", "bachelor", "none"]),
        "skill_level": rnd.choice(["none", "none", "level4", "level3"]),
        "income_tax_5y": rnd.choice([0, 0, 3000, 12000, 40000]),
        "housing": rnd.choice(["owned", "rented_registered", "rented_registered", "none"]),
        "housing_in_school_town": "true" if rnd.random() < 0.6 else "false",
        "family_planning_compliant": "true" if rnd.random() < 0.95 else "false",
        "blood_donations": rnd.choice([0, 0, 0, 1, 3]),
        "preferences": ";".join(preferences),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--applicants-out", required=True)
    parser.add_argument("--seats-out", required=True)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    schools = [f"S{j:03d}" for j in range(args.schools)]
    weights = [1.0 / (1 + j) ** 0.7 for j in range(args.schools)]
    total_seats = int(args.count * 0.8)
    with open(args.seats_out, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["school_id", "seats", "kind"])
        for j, school in enumerate(schools):
            writer.writerow([school, max(1, total_seats // args.schools), "public" if j % 4 else "subsidised"])
    with open(args.applicants_out, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for i in range(args.count):
            writer.writerow(applicant(i, rnd, schools, weights))


if __name__ == "__main__":
    main()
