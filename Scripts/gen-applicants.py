#!/usr/bin/env python3
"""Writes N synthetic Guangzhou applicants as CSV, for `points rank` benchmarks.

Deterministic for a given --seed. Values are drawn so that most applicants qualify and many
tie exactly (months come in whole years), which is what the ranking must get right.
"""
import argparse
import csv
import random
import sys

COLUMNS = [
    "applicant_id", "birth_date", "holds_residence_permit", "residence_permit_months",
    "residence_permit_continuous_months", "stable_employment", "housing", "rented_months",
    "pension_insurance_months", "medical_insurance_months", "unemployment_insurance_months",
    "injury_insurance_months", "maternity_insurance_months", "housing_fund_months", "education",
    "income_tax_3y", "blood_donations", "invention_patents", "volunteer_hours_by_year",
    "police_penalties_5y", "criminal_punishment_5y",
]


def applicant(i, rnd):
    permit = rnd.choice(range(24, 181, 12))
    insured = rnd.choice(range(36, 181, 12))
    return {
        "applicant_id": f"A{i:07d}",
        "birth_date": f"{rnd.randint(1976, 2003)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
        "holds_residence_permit": "true" if rnd.random() < 0.97 else "false",
        "residence_permit_months": permit,
        "residence_permit_continuous_months": rnd.choice(range(12, permit + 1, 12)),
        "stable_employment": "true" if rnd.random() < 0.95 else "false",
        "housing": rnd.choice(["owned", "rented_registered", "rented_registered", "employer_dormitory"]),
        "rented_months": rnd.choice(range(0, 121, 12)),
        "pension_insurance_months": insured,
        "medical_insurance_months": insured,
        "unemployment_insurance_months": insured,
        "injury_insurance_months": insured,
        "maternity_insurance_months": insured,
        "housing_fund_months": rnd.choice(range(0, 121, 12)),
        "education": rnd.choice(["senior_secondary", "junior_college", "bachelor", "master", "none"]),
        "income_tax_3y": rnd.choice([0, 0, 12000, 35000, 80000]),
        "blood_donations": rnd.choice([0, 0, 0, 1, 3]),
        "invention_patents": rnd.choice(["", "", "", "[{inventors: 2}]"]),
        "volunteer_hours_by_year": rnd.choice(["", "", "{2023: 60, 2024: 120}"]),
        "police_penalties_5y": rnd.choice([0] * 19 + [1]),
        "criminal_punishment_5y": "true" if rnd.random() < 0.01 else "false",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for i in range(args.count):
        writer.writerow(applicant(i, rnd))


if __name__ == "__main__":
    main()
