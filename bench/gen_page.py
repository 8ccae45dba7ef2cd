#!/usr/bin/python3
"""gen_page.py - one long, event-dense Korean news page for the benchmark
of extraction against document size (bench/linear.py, issue 14).

    /usr/bin/python3 bench/gen_page.py --size 800K --seed 1 --out PAGE.txt
        [--rules rules/]

The page is one article: a title, a date line, then paragraphs until the
page has --size bytes (K, M suffixes are 1000s), each the report of a
meeting as Korean ministries write it: a ministry and a foreign body meet
on a date (an event with its place and participants), ministers named
with their posts, an MOU signed 이날 by 양측 (a date, a coreference, an
agreement), a quote, an earlier agreement on an earlier date, and a forum
the two sides will attend (a second event).  The actors are the
gazetteer's (a Korean ministry, a foreign government body and its
country), the persons made up, the meetings numbered, so the page names
more events, agreements and persons the longer it is, as an archive page
does.  Every sentence ends in "다." and every paragraph in a blank line.

The same seed and size give the same bytes (random.Random(seed) only).
"""
import argparse
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_corpus  # noqa: E402  (its gazetteer reader and name syllables)

TOPICS = ['디지털', '인공지능(AI)', '데이터', '사이버보안', '반도체', '디지털정부',
          '양자기술', '6G', '우주', '바이오']
PLACES = ['서울', '부산', '세종', '인천', '제주', '대전']
KR_TITLES = ['장관', '차관', '제1차관', '제2차관']


def particle(word, hard, soft):
    """word with the particle that agrees with its last syllable."""
    return word + (hard if gen_corpus.has_batchim(word) else soft)


def actors(rules):
    """Korean ministries, and foreign ones as (body, its country), by name."""
    ents = gen_corpus.read_gazetteer(rules)
    by_id = {e['id']: e for e in ents}
    kr, foreign = [], []
    for path in gen_corpus.rules_files(rules, '.gaz'):
        base = os.path.basename(path)
        for kind, eid, kv in gen_corpus.read_sections(path):
            if kind != 'entity' or kv.get('class', [''])[0] != 'GovernmentBody':
                continue
            ko = kv.get('ko', [''])[0]
            if not ko.endswith('부') or ' ' in ko:
                continue
            if base == 'kr-government.gaz':
                kr.append(ko)
            elif base == 'foreign-government.gaz':
                c = by_id.get(kv.get('country', [''])[0])
                if c and not ko.startswith(c['ko']):
                    foreign.append((ko, c['ko']))
    return sorted(set(kr)), sorted(set(foreign))


def person(rng):
    return rng.choice(gen_corpus.SURNAMES) + ''.join(rng.choice(gen_corpus.GIVEN) for _ in range(2))


def paragraph(rng, n, kr, foreign):
    body = rng.choice(kr)
    fbody, country = rng.choice(foreign)
    topic = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    m0, d0 = rng.randint(1, 12), rng.randint(1, 28)
    m2 = rng.randint(1, 12)
    p1, p2 = person(rng), person(rng)
    t1 = rng.choice(KR_TITLES)
    meeting = '제%d차 한-%s %s 장관회의' % (n, country, topic)
    mou = '%s %s 협력에 관한 양해각서' % (meeting.split(' ', 1)[0], topic)
    return [
        '%s %d월 %d일 %s에서 \'%s\'를 개최했다고 밝혔다.' % (particle(body, '은', '는'), m, d, place, meeting),
        '이번 회의에는 %s %s %s %s 관계자 등 양국 대표단 30여 명이 참석했다.'
        % (body, p1, particle(t1, '과', '와'), fbody),
        '%s 측에서는 %s %s 국장이 참석했다.' % (country, fbody, p2),
        '양측은 이날 \'%s(MOU)\'를 체결하고 공동연구와 인력 교류를 확대하기로 했다.' % mou,
        '%s %s %s "이번 양해각서 체결을 계기로 %s %s 분야 협력이 한층 강화될 것"이라고 말했다.'
        % (body, p1, particle(t1, '은', '는'), particle(country, '과', '와'), topic),
        '앞서 %s 지난 %d월 %d일 %s \'%s 공동연구 업무협약\'을 맺은 바 있다.'
        % (particle(body, '은', '는'), m0, d0, particle(fbody, '과', '와'), topic),
        '양국은 오는 %d월 %s에서 열리는 \'%s %s 글로벌 포럼\'에 함께 참석할 예정이다.' % (m2, country, country, topic),
    ]


def page(size, seed, rules):
    rng = random.Random(seed)
    kr, foreign = actors(rules)
    out = ['정부 디지털 협력 소식 모음', '', '2025-03-12 10:00', '']
    total = sum(len(x.encode()) + 1 for x in out)
    n = 0
    while True:
        n += 1
        para = ' '.join(paragraph(rng, n, kr, foreign)) + '\n'
        b = len(para.encode()) + 1
        if total + b > size:
            break
        out.append(para)
        total += b
    return '\n'.join(out) + '\n'


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--size', type=gen_corpus.parse_size, required=True, help='bytes (800K, 8M)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--out', required=True, help='file to write')
    ap.add_argument('--rules', default=os.path.join(os.path.dirname(HERE), 'rules'),
                    help='rules directory whose gazetteer supplies the actors')
    a = ap.parse_args(argv)
    text = page(a.size, a.seed, a.rules)
    with open(a.out, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)
    print('%s: %d bytes' % (a.out, len(text.encode())), file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
