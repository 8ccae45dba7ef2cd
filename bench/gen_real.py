#!/usr/bin/python3
"""gen_real.py - a corpus of real-article text of a given size: the
articles of tests/real/dev and tests/real/test (the accuracy issue's real
corpus, article text only: the .txt files, no gold, no manifest) copied
again and again until the size is reached.

    /usr/bin/python3 bench/gen_real.py --size 100M --out DIR [--real tests/real]

Copy N goes to DIR/NNN/, each file named NNN_<article>.txt, so every
file has a name of its own and its own document id.  The last copy is cut
short at the size (whole files only).  Same size, same bytes.

Generated text (gen_corpus.py) recombines the sentence patterns the rules
were written for; this is the text real news has, with its page furniture,
long paragraphs and sentences where no rule fires, which is what issue 16's
extraction target is measured on.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)


def size(s):
    mult = {'K': 10 ** 3, 'M': 10 ** 6, 'G': 10 ** 9}
    if s and s[-1].upper() in mult:
        return int(float(s[:-1]) * mult[s[-1].upper()])
    return int(s)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--size', required=True, type=size, help='bytes (K, M, G suffixes: powers of 10)')
    ap.add_argument('--out', required=True)
    ap.add_argument('--real', default=os.path.join(SRC, 'tests', 'real'))
    a = ap.parse_args(argv)
    arts = []
    for split in ('dev', 'test'):
        d = os.path.join(a.real, split)
        for name in sorted(os.listdir(d)):
            if name.endswith('.txt'):
                with open(os.path.join(d, name), 'rb') as f:
                    arts.append((name, f.read()))
    if not arts:
        print('gen_real.py: no .txt articles under %s' % a.real, file=sys.stderr)
        return 1
    total, copy = 0, 0
    while total < a.size:
        d = os.path.join(a.out, '%03d' % copy)
        os.makedirs(d, exist_ok=True)
        for name, data in arts:
            if total >= a.size:
                break
            with open(os.path.join(d, '%03d_%s' % (copy, name)), 'wb') as f:
                f.write(data)
            total += len(data)
        copy += 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
