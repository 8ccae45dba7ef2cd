#!/usr/bin/python3
"""gen_corpus.py - a deterministic corpus of Korean policy articles for the
benchmark, built by recombining the sentence patterns of seeds/ and
tests/corpus/.

    /usr/bin/python3 bench/gen_corpus.py --size 10M --seed 1 --out DIR
        [--rules rules/] [--src .] [--per-dir 1000]

Each source article is turned into a template once: every name the
gazetteer knows (longest match, left boundary, glued only to a particle or a
title on its right, as src/pipeline/gazetteer.c matches) becomes a slot of its class,
every Korean person name of its gold file (tests/seeds/*.gold, tests/corpus/*.gold)
a person slot, every date the rules read (2024-05-10, 2024. 3. 15.,
2024년 5월, 5월 10일, 오는 28일(목), 지난달 30일, 13~14일 ...) a date slot
resolved against the article's own date, and the topic words (AI, 디지털,
데이터, 인공지능) topic slots.  An article is a template with its slots
filled: other actors of the same class (consistently within the article,
in the form the text used: the Korean label, a Korean alias, a Latin name),
newly made Korean names, a topic, and every date moved by the same whole
number of weeks (so weekdays in brackets still agree), with the particle
after a replaced word agreeing with its last syllable (와/과, 는/은, 를/을,
가/이).  Half the articles also get one or two body paragraphs of another
article, filled the same way.  Files are DIR/NNN/gNNNNNNN.txt, a few KB
each, until the total reaches --size (bytes; K, M, G suffixes are 1000s).

The same seed, size and inputs give byte-identical files: the only source
of randomness is random.Random(seed), and nothing iterates over a set or a
dict in hash order.
"""
import argparse
import datetime
import os
import random
import re
import sys

HANGUL = re.compile(r'[\uac00-\ud7a3]')


# --- the gazetteer and the rules ------------------------------------------

def read_sections(path):
    """[kind id] sections of a rules file as (kind, id, {key: [values]})."""
    out = []
    cur = None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            m = re.match(r'^\[(\S+)(?:\s+(\S+))?\]$', line)
            if m:
                cur = (m.group(1), m.group(2), {})
                out.append(cur)
                continue
            if cur is None or '=' not in line:
                continue
            k, v = line.split('=', 1)
            cur[2][k.strip()] = [x.strip() for x in v.split('|') if x.strip()]
    return out


def rules_files(rules, suffix):
    out = []
    for dirpath, dirnames, filenames in os.walk(rules):
        dirnames.sort()
        for n in sorted(filenames):
            if n.endswith(suffix):
                out.append(os.path.join(dirpath, n))
    return sorted(out)


def read_gazetteer(rules):
    """Entities as dicts: id, class, ko, en, names [(text, form)]."""
    ents = []
    for path in rules_files(rules, '.gaz'):
        for kind, eid, kv in read_sections(path):
            if kind != 'entity':
                continue
            e = {'id': eid, 'class': kv.get('class', ['Organization'])[0],
                 'ko': kv.get('ko', [''])[0], 'en': kv.get('en', [''])[0],
                 'alias': kv.get('alias', [])}
            ents.append(e)
    return ents


def read_words(rules):
    """Particles and titles: what may follow a name glued to it."""
    words = []
    for path in rules_files(rules, '.rules'):
        for kind, _id, kv in read_sections(path):
            if kind == 'particles':
                for vs in kv.values():
                    words += vs
            elif kind == 'title':
                words += kv.get('ko', []) + kv.get('alias', [])
    return sorted(set(words), key=lambda w: (-len(w), w))


def form_of(name):
    if HANGUL.search(name):
        return 'ko'
    return 'latin'


# --- templates ------------------------------------------------------------

DATE_RES = [
    # (kind, regex); order matters: longer forms first
    ('ymd', r'(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})'),
    ('ymd.', r'(?P<y>\d{4})\.\s?(?P<m>\d{1,2})\.\s?(?P<d>\d{1,2})\.?'),
    ('ymdk', r'(?P<y>\d{4})년\s?(?P<m>\d{1,2})월\s?(?P<d>\d{1,2})일'),
    ('ymk', r'(?P<y>\d{4})년\s?(?P<m>\d{1,2})월(?!\s?\d)'),
    ('yk', r'(?P<y>\d{4})년(?!\s?\d{1,2}월)'),
    ('mdk', r'(?P<m>\d{1,2})월\s?(?P<d>\d{1,2})일'),
    ('mdrange', r'(?P<m>\d{1,2})월\s?(?P<d>\d{1,2})~(?P<d2>\d{1,2})일'),
    ('mk', r'(?<!\d)(?P<m>\d{1,2})월(?!\s?\d)'),
    ('drange', r'(?<![\d월] )(?<![\d월])(?P<d>\d{1,2})~(?P<d2>\d{1,2})일'),
    ('dk', r'(?P<rel>지난달\s|다음\s?달\s|지난\s|오는\s)?(?<![\d.~])(?P<d>\d{1,2})일'),
]
DATE_RE = re.compile('|'.join('(?P<k%d>%s)' % (i, r.replace('(?P<', '(?P<g%d_' % i))
                              for i, (_k, r) in enumerate(DATE_RES)))
WEEKDAY = re.compile(r'\(([월화수목금토일])\)')
TOPICS_IN = ['인공지능', '디지털', '데이터', 'AI']
TOPICS_OUT = ['AI', '인공지능', '디지털', '데이터', '양자', '반도체', '사이버보안', '클라우드',
              '바이오', '우주항공', '6G', '로봇', '메타버스', '블록체인', '스마트시티']
TOPIC_RE = re.compile(r'(?<![A-Za-z])(?:' + '|'.join(TOPICS_IN) + r')(?![A-Za-z])')


def add_months(d, n):
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return y, m + 1


def nearest_day(base, day, rel):
    """The date with day-of-month `day` that `rel` means, seen from base."""
    cands = []
    for dm in (-1, 0, 1):
        y, m = add_months(base, dm)
        try:
            cands.append(datetime.date(y, m, day))
        except ValueError:
            pass
    if not cands:
        return None
    rel = (rel or '').replace(' ', '')
    if rel == '지난달':
        c = [x for x in cands if (x.year, x.month) == add_months(base, -1)]
    elif rel == '다음달':
        c = [x for x in cands if (x.year, x.month) == add_months(base, 1)]
    elif rel == '지난':
        c = [x for x in cands if x < base]
    elif rel == '오는':
        c = [x for x in cands if x > base]
    else:
        c = cands
    if not c:
        return None
    return min(c, key=lambda x: (abs((x - base).days), x))


def article_date(text):
    m = re.search(r'(\d{4})(?:-|\.\s?)(\d{1,2})(?:-|\.\s?)(\d{1,2})', text)
    if m:
        try:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    return None


class Matcher:
    """Gazetteer names in text, longest first, boundaries as the extractor."""

    def __init__(self, ents, words):
        names = {}
        for i, e in enumerate(ents):
            for n in [e['ko'], e['en']] + e['alias']:
                if len(n) >= 2 and n not in names:
                    names[n] = i
        self.names = names
        alts = sorted(names, key=lambda n: (-len(n), n))
        self.re = re.compile('(?<![\\w])(?:' + '|'.join(re.escape(a) for a in alts) + ')')
        self.words = words

    def spans(self, line):
        out = []
        pos = 0
        while True:
            m = self.re.search(line, pos)
            if not m:
                return out
            s, e = m.span()
            nxt = line[e:e + 1]
            ok = True
            if nxt and nxt.isalnum():
                if HANGUL.match(nxt) and HANGUL.search(m.group(0)):
                    ok = any(line.startswith(w, e) for w in self.words)
                else:
                    ok = False
            if ok:
                out.append((s, e, self.names[m.group(0)]))
                pos = e
            else:
                pos = s + 1


def persons_of(gold):
    out = []
    if not os.path.exists(gold):
        return out
    with open(gold, encoding='utf-8') as f:
        for line in f:
            m = re.match(r'^person\s+(\S+)\s*$', line)
            if m and re.fullmatch(r'[\uac00-\ud7a3]{2,4}', m.group(1)):
                out.append(m.group(1))
    return sorted(set(out), key=lambda n: (-len(n), n))


def templatize(text, base, matcher, ents, persons):
    """A list of paragraphs, each a list of parts:
    str, ('ent', slot, form), ('person', slot), ('date', kind, groups, date),
    ('topic', slot, word)."""
    ent_slots, person_slots, topic_slots = {}, {}, {}
    paras = []
    for para in re.split(r'\n(?:[ \t]*\n)+', text):
        parts = []
        for line_no, line in enumerate(para.split('\n')):
            if line_no:
                parts.append('\n')
            pos = 0
            for s, e, i in matcher.spans(line):
                plain(parts, line[pos:s], base, persons, person_slots, topic_slots)
                slot = ent_slots.setdefault(i, len(ent_slots))
                parts.append(('ent', slot, form_of(line[s:e]), ents[i]['class']))
                pos = e
            plain(parts, line[pos:], base, persons, person_slots, topic_slots)
        paras.append(parts)
    return paras, len(ent_slots), len(person_slots), len(topic_slots)


def plain(parts, text, base, persons, person_slots, topic_slots):
    if not text:
        return
    if persons:
        pre = re.compile('|'.join(re.escape(p) for p in persons))
        pos = 0
        for m in pre.finditer(text):
            plain2(parts, text[pos:m.start()], base, topic_slots)
            parts.append(('person', person_slots.setdefault(m.group(0), len(person_slots))))
            pos = m.end()
        text = text[pos:]
    plain2(parts, text, base, topic_slots)


def plain2(parts, text, base, topic_slots):
    pos = 0
    for m in DATE_RE.finditer(text):
        kind = None
        for i, (k, _r) in enumerate(DATE_RES):
            if m.group('k%d' % i) is not None:
                kind, idx = k, i
                break
        g = {k.split('_', 1)[1]: v for k, v in m.groupdict().items()
             if k.startswith('g%d_' % idx) and v is not None}
        d = date_of(kind, g, base)
        if d is None:
            continue
        topics(parts, text[pos:m.start()], topic_slots)
        parts.append(('date', kind, g, d, m.group(0)))
        pos = m.end()
    topics(parts, text[pos:], topic_slots)


def date_of(kind, g, base):
    """The date a slot stands for (for month/year forms: its first day)."""
    try:
        if kind in ('ymd', 'ymd.', 'ymdk'):
            return datetime.date(int(g['y']), int(g['m']), int(g['d']))
        if kind == 'ymk':
            return datetime.date(int(g['y']), int(g['m']), 1)
        if kind == 'yk':
            y = int(g['y'])
            return datetime.date(y, 1, 1) if 1990 <= y <= 2100 else None
        if base is None:
            return None
        if kind in ('mdk', 'mdrange'):
            m, d = int(g['m']), int(g['d'])
            c = [datetime.date(base.year + dy, m, d) for dy in (-1, 0, 1)]
            return min(c, key=lambda x: abs((x - base).days))
        if kind == 'mk':
            m = int(g['m'])
            if not 1 <= m <= 12:
                return None
            c = [datetime.date(base.year + dy, m, 1) for dy in (-1, 0, 1)]
            return min(c, key=lambda x: abs((x - base).days))
        if kind in ('drange', 'dk'):
            return nearest_day(base, int(g['d']), g.get('rel'))
    except ValueError:
        return None
    return None


def topics(parts, text, topic_slots):
    pos = 0
    for m in TOPIC_RE.finditer(text):
        if m.start() > pos:
            parts.append(text[pos:m.start()])
        parts.append(('topic', topic_slots.setdefault(m.group(0), len(topic_slots)), m.group(0)))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:])


# --- filling a template ---------------------------------------------------

SURNAMES = list('김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국')
GIVEN = list('민서준도윤하지우현수진영은성재희정호경태승연혜유나원상훈동석철규찬비소예주다아시채가')

# with batchim / without: the particle that follows
PAIRS = [('과', '와'), ('은', '는'), ('을', '를'), ('이', '가'), ('으로', '로')]


def has_batchim(word):
    c = word[-1:]
    if not c or not HANGUL.match(c):
        return None
    return (ord(c) - 0xac00) % 28 != 0


def render(parts_list, fill):
    out = []
    for parts in parts_list:
        if out:
            out.append('\n\n')
        for p in parts:
            if isinstance(p, str):
                out.append(p)
            else:
                w = fill(p)
                out.append(w)
                out.append(('fix', w))
    # particle agreement: a fix marker applies to the text right after it
    res = []
    pending = None
    for x in out:
        if isinstance(x, tuple):
            pending = x[1]
            continue
        if pending is not None and x:
            b = has_batchim(pending)
            if b is not None:
                for hard, soft in PAIRS:
                    if hard == '이' and not re.match(r'^[이가](?:[\s,.]|$)', x):
                        continue
                    if x.startswith(hard) or x.startswith(soft):
                        cur = hard if x.startswith(hard) else soft
                        if hard == '으로' and x.startswith('로'):
                            cur = '로'
                        x = (hard if b else soft) + x[len(cur):]
                        if hard == '으로' and b and pending[-1:] and (ord(pending[-1]) - 0xac00) % 28 == 8:
                            x = '로' + x[len('으로'):]  # ㄹ batchim takes 로
                        break
            pending = None
        res.append(x)
    return ''.join(res)


def render_date(kind, g, d, shift, base, nbase):
    nd = d + datetime.timedelta(days=shift)
    if kind == 'ymd':
        return nd.strftime('%Y-%m-%d')
    if kind == 'ymd.':
        return '%d. %d. %d.' % (nd.year, nd.month, nd.day)
    if kind == 'ymdk':
        return '%d년 %d월 %d일' % (nd.year, nd.month, nd.day)
    months = (nbase.year * 12 + nbase.month) - (base.year * 12 + base.month) if base else 0
    if kind == 'ymk':
        y, m = add_months(d, months)
        return '%d년 %d월' % (y, m)
    if kind == 'yk':
        return '%d년' % (d.year + (nbase.year - base.year if base else 0))
    if kind == 'mk':
        return '%d월' % add_months(d, months)[1]
    span = int(g['d2']) - int(g['d']) if 'd2' in g else 0
    nd2 = nd + datetime.timedelta(days=span)
    if kind == 'mdk':
        return '%d월 %d일' % (nd.month, nd.day)
    if kind == 'mdrange':
        return '%d월 %d~%d일' % (nd.month, nd.day, nd2.day)
    if kind == 'drange':
        return '%d~%d일' % (nd.day, nd2.day)
    rel = g.get('rel') or ''
    r = rel.replace(' ', '')
    if r in ('지난달', '다음달'):
        # the month may have moved relative to the article's
        diff = (nd.year * 12 + nd.month) - (nbase.year * 12 + nbase.month)
        rel = {-1: '지난달 ', 1: '다음 달 ', 0: '이달 '}.get(diff, rel)
    return '%s%d일' % (rel, nd.day)


class Corpus:
    def __init__(self, src, rules):
        self.ents = read_gazetteer(rules)
        words = read_words(rules)
        self.matcher = Matcher(self.ents, words)
        self.by_class = {}
        for i, e in enumerate(self.ents):
            self.by_class.setdefault(e['class'], []).append(i)
        self.templates = []
        srcs = []
        for d, gold in (('seeds', 'tests/seeds'), ('tests/corpus', 'tests/corpus')):
            for n in sorted(os.listdir(os.path.join(src, d))):
                if n.endswith('.txt'):
                    srcs.append((os.path.join(src, d, n),
                                 os.path.join(src, gold, n[:-4] + '.gold')))
        for path, gold in srcs:
            with open(path, encoding='utf-8') as f:
                text = f.read().replace('\r\n', '\n').strip('\n') + '\n'
            base = article_date(text)
            korean = len(HANGUL.findall(text)) > len(text) / 5
            paras, ne, np_, nt = templatize(text, base, self.matcher, self.ents,
                                            persons_of(gold))
            days = [x[3] for para in paras for x in para
                    if isinstance(x, tuple) and x[0] == 'date' and x[1] in ('dk', 'drange')]
            self.templates.append({'path': path, 'base': base, 'korean': korean,
                                   'paras': paras, 'n': (ne, np_, nt), 'days': days})
        # body paragraphs that can be lent to other articles
        self.body = []
        for ti, t in enumerate(self.templates):
            if not t['korean']:
                continue
            for pi, p in enumerate(t['paras']):
                s = ''.join(x if isinstance(x, str) else 'x' for x in p)
                if len(HANGUL.findall(s)) >= 80 and 0 < pi < len(t['paras']) - 1:
                    self.body.append((ti, pi))

    def person(self, rng):
        return rng.choice(SURNAMES) + ''.join(rng.choice(GIVEN) for _ in range(2))

    def filler(self, rng, t, shift):
        """A function filling one template's slots, consistent within it."""
        ents, persons, topics_ = {}, {}, {}
        used = set()
        base = t['base']
        nbase = base + datetime.timedelta(days=shift) if base else None

        def fill(p):
            k = p[0]
            if k == 'ent':
                slot, form, cls = p[1], p[2], p[3]
                if slot not in ents:
                    pool = self.by_class.get(cls, [])
                    j = None
                    for _ in range(8):
                        j = rng.choice(pool)
                        if j not in used:
                            break
                    used.add(j)
                    ents[slot] = j
                e = self.ents[ents[slot]]
                if form == 'ko':
                    ko = [a for a in e['alias'] if form_of(a) == 'ko']
                    if ko and rng.random() < 0.3:
                        return rng.choice(ko)
                    return e['ko']
                lat = [a for a in [e['en']] + e['alias'] if a and form_of(a) == 'latin']
                return rng.choice(lat) if lat else e['ko']
            if k == 'person':
                if p[1] not in persons:
                    persons[p[1]] = self.person(rng)
                return persons[p[1]]
            if k == 'topic':
                if p[1] not in topics_:
                    topics_[p[1]] = rng.choice(TOPICS_OUT)
                return topics_[p[1]]
            if k == 'date':
                if not shift or base is None:
                    return p[4]
                return render_date(p[1], p[2], p[3], shift, base, nbase)
            raise AssertionError(k)

        return fill

    @staticmethod
    def keeps_months(t, shift):
        """Whether moving t by shift days keeps each bare day (22일) in the
        month it was in relative to the article's, where the extractor
        looks for it (else '30일' may land in February)."""
        base, nbase = t['base'], t['base'] + datetime.timedelta(days=shift)
        for d in t['days']:
            nd = d + datetime.timedelta(days=shift)
            if (nd.year * 12 + nd.month) - (nbase.year * 12 + nbase.month) != \
               (d.year * 12 + d.month) - (base.year * 12 + base.month):
                return False
        return True

    def shift_for(self, rng, t, around=None):
        if not (t['korean'] and t['base']):
            return 0
        for _ in range(30):
            if around is None:
                shift = 7 * rng.randint(-78, 26)
            else:
                shift = around + 7 * rng.randint(-4, 4)
            if self.keeps_months(t, shift):
                return shift
        return 0

    def article(self, rng):
        t = rng.choice(self.templates)
        shift = self.shift_for(rng, t)
        paras = t['paras']
        if not (t['korean'] and t['base'] and self.body and rng.random() < 0.5):
            return render(paras, self.filler(rng, t, shift)).rstrip('\n') + '\n'
        # one or two body paragraphs of other articles before the last
        # paragraph, their dates moved by whole weeks near this one's
        nbase = t['base'] + datetime.timedelta(days=shift)
        at = max(1, len(paras) - 1)
        fill = self.filler(rng, t, shift)
        text = render(paras[:at], fill)
        for _ in range(rng.randint(1, 2)):
            ti, pi = rng.choice(self.body)
            t2 = self.templates[ti]
            shift2 = self.shift_for(rng, t2, 7 * round((nbase - t2['base']).days / 7)) if t2['base'] else 0
            text += '\n\n' + render([t2['paras'][pi]], self.filler(rng, t2, shift2))
        text += '\n\n' + render(paras[at:], fill)
        return text.rstrip('\n') + '\n'


def parse_size(s):
    m = re.fullmatch(r'(\d+(?:\.\d+)?)([KMG]?)B?', s.strip().upper())
    if not m:
        raise argparse.ArgumentTypeError('bad size: ' + s)
    return int(float(m.group(1)) * {'': 1, 'K': 1000, 'M': 1000 ** 2, 'G': 1000 ** 3}[m.group(2)])


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument('--size', type=parse_size, required=True, help='total bytes (1M, 10M, 1G)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--out', required=True, help='directory to create')
    ap.add_argument('--src', default=os.path.dirname(here), help='the source tree (seeds/, tests/)')
    ap.add_argument('--rules', default=None, help='rules directory whose gazetteer supplies the actors')
    ap.add_argument('--per-dir', type=int, default=1000, help='articles per subdirectory')
    a = ap.parse_args(argv)
    corpus = Corpus(a.src, a.rules or os.path.join(a.src, 'rules'))
    rng = random.Random(a.seed)
    total = n = 0
    os.makedirs(a.out, exist_ok=True)
    while total < a.size:
        text = corpus.article(rng).encode('utf-8')
        d = os.path.join(a.out, '%03d' % (n // a.per_dir))
        if n % a.per_dir == 0:
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'g%07d.txt' % n), 'wb') as f:
            f.write(text)
        total += len(text)
        n += 1
    print('%s: %d articles, %d bytes' % (a.out, n, total), file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
