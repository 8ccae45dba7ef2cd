#!/usr/bin/env python3
"""layers.py - every #include in src/ points down a layer, and no module
includes itself back through others (issue 15).

The layers, bottom up, are declared once, in LAYERS: a file may include a
header of its own folder or of a folder on a lower layer, never one on its
own layer or above.  Within a folder, a module is a .c file with its .h
and its _int.h (build.c, build.h, build_int.h); the includes between
modules must not go round in a circle.

usage: layers.py SRC_DIR [INCLUDE_DIR]   exit 0 when all holds, 1 with a
line per fault otherwise.
"""
import os
import re
import sys

# Bottom up.  The public header declares the library's interface and is
# included anywhere; it includes nothing of src/.
LAYERS = [
    ("base",),                                 # util, outfile, trie, version
    ("rdf",),                                  # triples, vocab, parse, onto
    ("pipeline", "store"),                     # articles -> graph; graph -> store
    ("eval", "explain", "export", "review", "validate", "serve"),  # read what they made
    ("cli",),                                  # the policykg command
]
LAYER = {d: i for i, group in enumerate(LAYERS) for d in group}
PUBLIC = {"policykg.h"}

# Cycles known and not yet undone, each with why.  Empty this, do not add
# to it: a new cycle is a fault.
KNOWN_CYCLES = set()

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
def module_of(rel):
    """src-relative path -> its module: dir/stem with _int dropped."""
    stem = os.path.splitext(rel)[0]
    return stem[:-4] if stem.endswith("_int") else stem


def main():
    src = sys.argv[1]
    faults = []
    files = {}
    for dirpath, _, names in os.walk(src):
        for n in names:
            if n.endswith((".c", ".h")):
                rel = os.path.relpath(os.path.join(dirpath, n), src)
                with open(os.path.join(dirpath, n), encoding="utf-8") as fh:
                    files[rel] = fh.read()
    edges = {}
    for rel, text in sorted(files.items()):
        folder = rel.split(os.sep)[0] if os.sep in rel else ""
        if folder not in LAYER:
            faults.append(f"src/{rel}: folder '{folder}' has no layer in {sys.argv[0]}")
            continue
        for inc in INCLUDE.findall(text):
            if inc in PUBLIC:
                continue
            # a path from src/, or a neighbour in the same folder
            target = inc if inc in files else os.path.join(folder, inc)
            if target not in files:
                faults.append(f"src/{rel}: #include \"{inc}\": no such file in src/")
                continue
            tfolder = target.split(os.sep)[0]
            if tfolder != folder and LAYER[tfolder] >= LAYER[folder]:
                how = "up" if LAYER[tfolder] > LAYER[folder] else "sideways"
                faults.append(f"src/{rel}: #include \"{inc}\" points {how}: "
                              f"{folder} is layer {LAYER[folder]}, {tfolder} layer {LAYER[tfolder]}")
            a, b = module_of(rel), module_of(target)
            if a != b:
                edges.setdefault(a, set()).add(b)
    # cycles between modules (depth-first search, reporting each once)
    state, stack = {}, []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for n in sorted(edges.get(m, ())):
            if state.get(n) == 1:
                cyc = stack[stack.index(n):] + [n]
                if tuple(sorted(set(cyc))) not in KNOWN_CYCLES:
                    faults.append("include cycle: " + " -> ".join(cyc))
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m)
    for f in faults:
        print(f)
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
