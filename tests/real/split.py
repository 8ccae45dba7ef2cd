#!/usr/bin/env python3
"""split.py - file the articles of tests/real/incoming/*/ into dev/ and test/.

The split is fixed by the file name alone, so it was decided before any
article was read: an article NAME goes to test/ when the first 8 hex
digits of sha256(NAME), as a number, modulo 100 are below 32, else to dev/.
Rules are tuned on dev/ only; test/ is measured and reported, never read
to write a rule.

For each NAME.txt with its NAME.gold, both are moved; the helper's
manifest.tsv lines are merged into MANIFEST.tsv (with a split column) and
new_actors.tsv lines into NEW_ACTORS.tsv.  Run from anywhere:
    python3 tests/real/split.py [HELPER...]
(only the named incoming folders when given).
"""
import hashlib
import os
import shutil
import sys

TEST_SHARE = 32


def split_of(name):
    h = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    return "test" if h % 100 < TEST_SHARE else "dev"


def main():
    top = os.path.dirname(os.path.abspath(__file__))
    incoming = os.path.join(top, "incoming")
    manifest_path = os.path.join(top, "MANIFEST.tsv")
    actors_path = os.path.join(top, "NEW_ACTORS.tsv")
    manifest = {}
    if os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    manifest[line.split("\t")[0]] = line.rstrip("\n")
    actors = []
    if os.path.exists(actors_path):
        with open(actors_path, encoding="utf-8") as f:
            actors = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    moved = 0
    helpers = sys.argv[1:] or (sorted(os.listdir(incoming)) if os.path.isdir(incoming) else [])
    for helper in helpers:
        hdir = os.path.join(incoming, helper)
        rows = {}
        mpath = os.path.join(hdir, "manifest.tsv")
        if os.path.exists(mpath):
            with open(mpath, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        rows[line.split("\t")[0].strip()] = line.rstrip("\n").split("\t")
        for fn in sorted(os.listdir(hdir)):
            if not fn.endswith(".txt"):
                continue
            name = fn[:-4]
            gold = os.path.join(hdir, name + ".gold")
            if not os.path.exists(gold):
                print(f"split.py: {helper}/{fn}: no gold yet; left", file=sys.stderr)
                continue
            if name not in rows:
                print(f"split.py: {helper}/{fn}: no manifest line; left", file=sys.stderr)
                continue
            part = split_of(name)
            os.makedirs(os.path.join(top, part), exist_ok=True)
            shutil.move(os.path.join(hdir, fn), os.path.join(top, part, fn))
            shutil.move(gold, os.path.join(top, part, name + ".gold"))
            r = rows[name]
            manifest[name] = "\t".join([name, part] + [c.strip() for c in r[1:]])
            moved += 1
        apath = os.path.join(hdir, "new_actors.tsv")
        if os.path.exists(apath):
            with open(apath, encoding="utf-8") as f:
                for line in f:
                    if line.strip() and line.rstrip("\n") not in actors:
                        actors.append(line.rstrip("\n"))
    with open(manifest_path, "w", encoding="utf-8") as f:
        f.write("# name\tsplit\tlang\tpublished\tpublisher\tsource URL\twhat it covers\n")
        for k in sorted(manifest):
            f.write(manifest[k] + "\n")
    with open(actors_path, "w", encoding="utf-8") as f:
        f.write("# id\tclass\tko\ten\tcountry\tother forms (|)\n")
        for a in sorted(set(actors)):
            f.write(a + "\n")
    print(f"split.py: {moved} articles filed")


if __name__ == "__main__":
    main()
