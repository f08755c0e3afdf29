#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpus (Fuzz/Corpus/TARGET/*) from the project's own files:
golden cases, examples, built-in schemes, test fixtures, and the hostile inputs of the
hostile-peer tests. Wire seeds are encoded from protobuf text format by protoc.
Run from the package root: python3 Fuzz/make-corpus.py"""
import glob, os, shutil, struct, subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fuzz", "Corpus")
PROTO = "Protos/points/v1/points.proto"
METHODS = ["Score", "ScoreBatch", "ListSchemes", "GetScheme", "Health", "EnrolmentTier", "AllocateSeats"]

def encode(message, text):
    return subprocess.run(["protoc", "--proto_path=Protos", f"--encode=points.v1.{message}", "points/v1/points.proto"],
                          input=text.encode(), capture_output=True, check=True, cwd=ROOT).stdout

def write(target, name, data):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

def frame(body):
    return b"\x00" + struct.pack(">I", len(body)) + body

def alias_bomb(levels=10, width=10):
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"

def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()

shutil.rmtree(OUT, ignore_errors=True)

# Facts documents: golden cases, examples, and documents that pass a budget.
for path in sorted(glob.glob(os.path.join(ROOT, "Tests/PointsCoreTests/Cases/*/*.yaml")) + glob.glob(os.path.join(ROOT, "Examples/*.yaml"))):
    write("fuzz-facts-document", os.path.basename(os.path.dirname(path)) + "-" + os.path.basename(path), read(path))
write("fuzz-facts-document", "alias-bomb.yaml", alias_bomb())
write("fuzz-facts-document", "deep.json", "{\"a\": " + "[" * 40 + "]" * 40 + "}")
write("fuzz-facts-document", "long-name.yaml", "x" * 5000 + ": 1\n")

# Scheme files: the built-in ones, a broken one, and an alias bomb.
for path in sorted(glob.glob(os.path.join(ROOT, "Sources/PointsCore/Schemes/*.yaml"))):
    write("fuzz-scheme", os.path.basename(path), read(path))
write("fuzz-scheme", "broken-scheme.yaml", read("Tests/PointsCLITests/Fixtures/broken-scheme.yaml"))
write("fuzz-scheme", "alias-bomb.yaml", "scheme: bomb\nversion: \"1\"\n" + alias_bomb())

# Populations: the first byte picks ranking a CSV (0) or JSON lines (1), the allocation file reader
# on CSV (2) or JSON lines (3), or a seat plan (4).
for name in ["applicants.csv", "school-applicants.csv"]:
    write("fuzz-csv", name, b"\x00" + read("Tests/PointsCLITests/Fixtures/" + name))
write("fuzz-csv", "seats.csv", b"\x04" + read("Tests/PointsCLITests/Fixtures/seats.csv"))
write("fuzz-csv", "school-applicants-file.csv", b"\x02" + read("Tests/PointsCLITests/Fixtures/school-applicants.csv"))
write("fuzz-csv", "flow-cells.csv", b"\x00applicant_id,birth_date,invention_patents,volunteer_hours_by_year,income_tax_3y\n"
      b"A1,1990-01-01,\"[{inventors: 2}, {inventors: 3}]\",\"{2023: 60, 2024: 120}\",12000.5\n"
      b"A2,1990-02-29,[],{},0\n")
write("fuzz-csv", "flow-alias.csv", b"\x00applicant_id,invention_patents\nA1,\"[&p {inventors: 2}, *p]\"\n")
write("fuzz-csv", "lines.jsonl", b"\x01{\"applicant_id\": \"A1\", \"birth_date\": \"1990-01-01\"}\n{\"applicant_id\": \"A2\"}\n")

# Wire calls: the first byte picks the method (PointsService.methods order), the rest is its request.
facts = 'birth_date: "1990-05-01" holds_residence_permit: true residence_permit_months: 72 stable_employment: true ' \
        'employment_months: 60 housing: "rented_registered" rented_months: 60 pension_insurance_months: 60 education: "bachelor"'
score = f'scheme: "guangzhou-hukou" as_of: "2025-06-01" facts {{ {facts} }} applicant_ref: "case-1"'
bomb = alias_bomb().replace("\n", ", ").rstrip(", ").replace('"', '\\"')
calls = {
    "score": ("Score", "ScoreRequest", score),
    "score-summary": ("Score", "ScoreRequest", score + " detail: DETAIL_SUMMARY"),
    "score-alias-bomb": ("Score", "ScoreRequest", f'facts {{ extra {{ key: "no_such_fact" value: "{{{bomb}}}" }} }}'),
    "score-long-name": ("Score", "ScoreRequest", f'facts {{ extra {{ key: "{"x" * 3000}" value: "1" }} }}'),
    "batch": ("ScoreBatch", "ScoreBatchRequest", f"requests {{ {score} }} requests {{ }} requests {{ {score} detail: DETAIL_SUMMARY }}"),
    "get-scheme": ("GetScheme", "GetSchemeRequest", 'id: "guangzhou-hukou"'),
    "list": ("ListSchemes", "ListSchemesRequest", ""),
    "health": ("Health", "HealthCheckRequest", 'service: "points.v1.Points"'),
    "enrolment": ("EnrolmentTier", "EnrolmentTierRequest", f'scheme: "panyu-school-points" as_of: "2016-05-01" parent {{ {facts} }} child {{ school_stage: "primary" }}'),
    "allocate": ("AllocateSeats", "AllocateSeatsRequest",
                 f'scheme: "panyu-school-points" as_of: "2016-05-01" schools {{ id: "S1" seats: 2 }} schools {{ id: "S2" seats: 1 kind: "subsidised" }} '
                 f'applicants {{ applicant_id: "A1" facts {{ {facts} }} preferences: "S1" preferences: "S2" }}'),
    "allocate-huge-seats": ("AllocateSeats", "AllocateSeatsRequest", 'scheme: "panyu-school-points" schools { id: "S1" seats: 4000000000 } schools { id: "S2" seats: 4000000000 }'),
    "allocate-control-id": ("AllocateSeats", "AllocateSeatsRequest", 'scheme: "panyu-school-points" schools { id: "evil\\n=id" seats: 1 }'),
}
for name, (method, message, text) in calls.items():
    write("fuzz-wire-calls", name, bytes([METHODS.index(method)]) + encode(message, text))

# Connections: frames after the preface.
def call(call_id, method, message, text, extra=""):
    payload = encode(message, text)
    return frame(encode("ClientFrame", f'call {{ call_id: {call_id} method: "{method}" payload: "{escape(payload)}" {extra} }}'))

def escape(data):
    return "".join(f"\\{b:03o}" for b in data)

write("fuzz-connection", "health", call(1, "Health", "HealthCheckRequest", ""))
write("fuzz-connection", "score-and-cancel", call(1, "Score", "ScoreRequest", score) + frame(encode("ClientFrame", "cancel { call_id: 1 }")))
write("fuzz-connection", "batch-with-deadline", call(2, "ScoreBatch", "ScoreBatchRequest", f"requests {{ {score} }}", "timeout_ms: 1"))
write("fuzz-connection", "token", call(3, "GetScheme", "GetSchemeRequest", 'id: "guangzhou-hukou"', 'metadata { key: "authorization" value: "Bearer x" }'))
write("fuzz-connection", "unknown-method", call(4, "NoSuchMethod", "HealthCheckRequest", ""))
write("fuzz-connection", "reused-id", call(5, "Health", "HealthCheckRequest", "") + call(5, "Health", "HealthCheckRequest", ""))
write("fuzz-connection", "announced-4gib", b"\x00\xff\xff\xff\xff")
write("fuzz-connection", "reserved-flags", b"\x80\x00\x00\x00\x01\x00")
write("fuzz-connection", "empty-frame", frame(b""))
write("fuzz-connection", "partial-header", b"\x00\x00")
print("corpus written to", OUT)
