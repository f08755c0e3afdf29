"""Prints the key paths two JSON cards do not share (items of a list are merged), and exits 1
when there are any: points-c's JSON card must have the keys of `points score --format json`."""
import json
import sys


def paths(value, prefix=""):
    out = set()
    if isinstance(value, dict):
        for key, item in value.items():
            out.add(prefix + key)
            out |= paths(item, prefix + key + ".")
    elif isinstance(value, list):
        for item in value:
            out |= paths(item, prefix + "[].")
    return out


a, b = (paths(json.load(open(name))) for name in sys.argv[1:3])
for path in sorted(a ^ b):
    print(("only in " + sys.argv[1] if path in a else "only in " + sys.argv[2]) + ": " + path)
sys.exit(1 if a ^ b else 0)
