#!/usr/bin/env python3
"""table.py - the README's accuracy table for tests/real/.

    python3 tests/real/table.py BEFORE_POLICYKG BEFORE_RULES NOW_POLICYKG NOW_RULES

prints one markdown row per fact type and one for all: precision / recall
on dev/ and test/, before and now (BEFORE_* can be a build of an older
commit, e.g. a `git worktree` of it).  Only the score table is read
(--quiet), so the test articles' misses are never shown.
"""
import os
import subprocess
import sys


def scores(pk, rules, part):
    top = os.path.dirname(os.path.abspath(__file__))
    d = os.path.join(top, part)
    out = subprocess.run([pk, "eval", "--rules", rules, "--reference-date", "2026-11-23",
                          "--quiet", "--gold", d, d + "/"],
                         capture_output=True, text=True).stdout
    rows = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) == 9 and cells[0] not in ("type",) and not cells[0].startswith("-"):
            rows[cells[0]] = f"{cells[6]} / {cells[7]}"
    return rows


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    bpk, brules, npk, nrules = sys.argv[1:]
    cols = [scores(bpk, brules, "dev"), scores(npk, nrules, "dev"),
            scores(bpk, brules, "test"), scores(npk, nrules, "test")]
    for t in ("document", "actor", "person", "position", "agreement", "event", "date", "all"):
        name = f"**{t}**" if t == "all" else t
        print(f"| {name} | " + " | ".join(c.get(t, "-") for c in cols) + " |")


if __name__ == "__main__":
    main()
