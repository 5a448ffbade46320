#!/usr/bin/env python3
"""Runs reference.py on tiny.json / tiny_queries.json and compares with the
hand-computed tiny_expected.json (floats within 1e-9; keys must match)."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def diff(path, got, exp, out):
    if isinstance(exp, dict):
        if not isinstance(got, dict):
            out.append("%s: expected object, got %r" % (path, got))
            return
        for k in sorted(set(exp) | set(got)):
            if k not in got:
                out.append("%s.%s: missing" % (path, k))
            elif k not in exp:
                out.append("%s.%s: unexpected %r" % (path, k, got[k]))
            else:
                diff("%s.%s" % (path, k), got[k], exp[k], out)
    elif isinstance(exp, list):
        if not isinstance(got, list) or len(got) != len(exp):
            out.append("%s: list length/type mismatch" % path)
            return
        for i, (g, e) in enumerate(zip(got, exp)):
            diff("%s[%d]" % (path, i), g, e, out)
    elif isinstance(exp, bool) or exp is None or isinstance(exp, str):
        if got != exp or type(got) != type(exp):
            out.append("%s: got %r, expected %r" % (path, got, exp))
    elif isinstance(exp, (int, float)):
        if isinstance(got, bool) or not isinstance(got, (int, float)) \
                or abs(got - exp) > 1e-9:
            out.append("%s: got %r, expected %r" % (path, got, exp))
    else:
        out.append("%s: unhandled %r" % (path, exp))


def main():
    res = subprocess.run(
        [sys.executable, os.path.join(HERE, "reference.py"),
         os.path.join(HERE, "tiny.json"), os.path.join(HERE, "tiny_queries.json")],
        check=True, capture_output=True, text=True)
    got = json.loads(res.stdout)
    with open(os.path.join(HERE, "tiny_expected.json")) as f:
        exp = json.load(f)
    out = []
    diff("$", got, exp, out)
    for line in out:
        print(line)
    print("OK" if not out else "%d mismatches" % len(out))
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main())
