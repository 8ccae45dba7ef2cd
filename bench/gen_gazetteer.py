#!/usr/bin/python3
"""gen_gazetteer.py - a rules directory whose gazetteer has N more entries,
for measuring how extraction scales with the gazetteer.

    /usr/bin/python3 bench/gen_gazetteer.py --entries 10000 --seed 1 --out DIR
        [--rules rules/]

Writes DIR/rules/ (a copy of --rules with DIR/rules/gazetteer/generated.gaz
added: N entries in the forms of the real ones) and DIR/aliases.txt (every
name of every entry, real and generated, one per line: the patterns of the
`rg -F -f` floor).  The real entries stay, so a corpus made from them
(gen_corpus.py) extracts the same facts whatever N is; the generated
names are there to be searched for.

Generated entries, in the proportions of the real gazetteer's
organizations (countries are not invented):
  GovernmentBody  한국{stem}진흥원, {stem}위원회 ... / Korea {Stem} Agency,
                  a short Korean alias and a K-acronym, country-kr, some
                  with a real ministry as parent;
  Company         {stem}테크, {stem}소프트 ... / {Stem} Tech, alias the
                  English name;
  InternationalOrganization  {stem}협력기구 / {Stem} Cooperation
                  Organization, a 4-5 letter acronym;
  Organization    한국{stem}협회 / Korea {Stem} Association.
Stems are two or three syllables drawn from a fixed list; every name is
unique across the whole gazetteer, and acronyms avoid every Latin word of
seeds/ and tests/corpus/.  Same seed and N, same bytes.
"""
import argparse
import os
import random
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_corpus import read_gazetteer  # noqa: E402

SYL = [('가', 'ga'), ('나', 'na'), ('다', 'da'), ('라', 'ra'), ('마', 'ma'), ('바', 'ba'),
       ('사', 'sa'), ('아', 'a'), ('자', 'ja'), ('차', 'cha'), ('카', 'ka'), ('타', 'ta'),
       ('파', 'pa'), ('하', 'ha'), ('서', 'seo'), ('온', 'on'), ('빛', 'bit'), ('솔', 'sol'),
       ('누', 'nu'), ('리', 'ri'), ('미', 'mi'), ('소', 'so'), ('윤', 'yun'), ('진', 'jin'),
       ('현', 'hyeon'), ('선', 'seon'), ('태', 'tae'), ('경', 'gyeong'), ('영', 'yeong'),
       ('보', 'bo'), ('로', 'ro'), ('해', 'hae'), ('별', 'byeol'), ('늘', 'neul'), ('은', 'eun'),
       ('결', 'gyeol'), ('새', 'sae'), ('한', 'han'), ('슬', 'seul'), ('담', 'dam'),
       ('율', 'yul'), ('찬', 'chan'), ('도', 'do'), ('모', 'mo'), ('주', 'ju'), ('호', 'ho'),
       ('란', 'ran'), ('훈', 'hun'), ('규', 'gyu'), ('세', 'se')]

GOV = [('진흥원', 'Promotion Agency'), ('연구원', 'Research Institute'), ('위원회', 'Commission'),
       ('정보원', 'Information Service'), ('평가원', 'Evaluation Institute'), ('재단', 'Foundation'),
       ('센터', 'Center'), ('공사', 'Corporation'), ('청', 'Administration'), ('처', 'Office')]
COMPANY = [('테크', 'Tech'), ('소프트', 'Soft'), ('랩스', 'Labs'), ('시스템즈', 'Systems'),
           ('네트웍스', 'Networks'), ('솔루션', 'Solutions'), ('로보틱스', 'Robotics'),
           ('반도체', 'Semiconductor'), ('클라우드', 'Cloud'), ('에이아이', 'AI')]
INTL = [('협력기구', 'Cooperation Organization'), ('포럼', 'Forum'), ('연합', 'Union'),
        ('이니셔티브', 'Initiative'), ('파트너십', 'Partnership')]
PARENTS = ['msit', 'mois', 'mofa', 'motie', 'mss', 'pipc']


def stem(rng, n):
    s = [rng.choice(SYL) for _ in range(n)]
    return ''.join(k for k, _ in s), ''.join(r for _, r in s)


def latin_words(src):
    words = set()
    for d in ('seeds', 'tests/corpus'):
        for n in sorted(os.listdir(os.path.join(src, d))):
            if n.endswith('.txt'):
                with open(os.path.join(src, d, n), encoding='utf-8') as f:
                    words.update(re.findall(r'[A-Za-z]+', f.read()))
    return words


def entries(n, seed, taken, banned):
    rng = random.Random(seed)
    out = []
    used_ids = set()

    def fresh(name):
        if name in taken or name in banned:
            return False
        taken.add(name)
        return True

    def acronym(first, lo, hi):
        for _ in range(100):
            a = first + ''.join(rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')
                                for _ in range(rng.randint(lo, hi) - len(first)))
            if fresh(a):
                return a
        return None

    while len(out) < n:
        r = rng.random()
        k = 3 if rng.random() < 0.7 else 2
        ko_stem, ro = stem(rng, k)
        cap = ro.capitalize()
        e = {}
        if r < 0.45:
            kind, kind_en = rng.choice(GOV)
            ko = ('한국' if rng.random() < 0.5 else '') + ko_stem + kind
            e = {'class': 'GovernmentBody', 'ko': ko, 'en': 'Korea %s %s' % (cap, kind_en),
                 'alias': [ko_stem + kind[-1]] if len(kind) > 1 else [], 'country': 'country-kr',
                 'prefix': 'gen-gov'}
            if rng.random() < 0.3:
                e['parent'] = rng.choice(PARENTS)
            a = acronym('K', 4, 5)
            if a:
                e['alias'].append(a)
                e['acr'] = (a,)
        elif r < 0.80:
            kind, kind_en = rng.choice(COMPANY)
            e = {'class': 'Company', 'ko': ko_stem + kind, 'en': '%s %s' % (cap, kind_en),
                 'alias': [], 'country': 'country-kr', 'prefix': 'company-gen'}
            e['alias'].append(e['en'])
        elif r < 0.90:
            kind, kind_en = rng.choice(INTL)
            e = {'class': 'InternationalOrganization', 'ko': ko_stem + kind,
                 'en': '%s %s' % (cap, kind_en), 'alias': [], 'prefix': 'gen-intl'}
            a = acronym('', 4, 5)
            if a:
                e['alias'].append(a)
                e['acr'] = (a,)
        else:
            e = {'class': 'Organization', 'ko': '한국' + ko_stem + '협회',
                 'en': 'Korea %s Association' % cap, 'alias': [], 'prefix': 'gen-org'}
        if not fresh(e['ko']):
            continue
        # acronyms were reserved when made; other aliases must be unused
        e['alias'] = [a for a in e['alias'] if a in e.get('acr', ()) or fresh(a)]
        eid = '%s-%s' % (e['prefix'], ro)
        i = 2
        while eid in used_ids:
            eid = '%s-%s-%d' % (e['prefix'], ro, i)
            i += 1
        used_ids.add(eid)
        e['id'] = eid
        out.append(e)
    return out


def write_gaz(path, ents, n, seed):
    with open(path, 'w', encoding='utf-8') as f:
        f.write('# generated.gaz - %d entries made by bench/gen_gazetteer.py (seed %d)\n'
                '# for the benchmark; not real organizations.\n' % (n, seed))
        for e in ents:
            f.write('\n[entity %s]\nclass   = %s\nko      = %s\nen      = %s\n'
                    % (e['id'], e['class'], e['ko'], e['en']))
            if e['alias']:
                f.write('alias   = %s\n' % ' | '.join(e['alias']))
            for k in ('parent', 'country'):
                if k in e:
                    f.write('%-7s = %s\n' % (k, e[k]))


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--entries', type=int, required=True)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--out', required=True)
    ap.add_argument('--src', default=os.path.dirname(here))
    ap.add_argument('--rules', default=None)
    a = ap.parse_args(argv)
    rules = a.rules or os.path.join(a.src, 'rules')
    real = read_gazetteer(rules)
    taken = set()
    for e in real:
        taken.update([e['ko'], e['en']] + e['alias'])
    ents = entries(a.entries, a.seed, taken, latin_words(a.src))
    dst = os.path.join(a.out, 'rules')
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(rules, dst)
    write_gaz(os.path.join(dst, 'gazetteer', 'generated.gaz'), ents, a.entries, a.seed)
    names = set()
    for e in real + ents:
        names.update(x for x in [e['ko'], e['en']] + e['alias'] if x)
    with open(os.path.join(a.out, 'aliases.txt'), 'w', encoding='utf-8') as f:
        for x in sorted(names):
            f.write(x + '\n')
    print('%s: %d generated entries, %d real, %d names' % (a.out, len(ents), len(real), len(names)),
          file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
