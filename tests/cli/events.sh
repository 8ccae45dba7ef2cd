#!/usr/bin/env bash
# cli.events - event shapes of real news that the rules read (issue 13):
# one event for 인공지능(AI) X and AI X, meetings from meeting verbs with
# their participants, visits, summits of a pair of countries without a
# hyphen, and English events in lower case.
#
#   bash tests/cli/events.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

extract() {
	"$PK" extract --rules "$SRC/rules" --reference-date 2026-11-23 -f ntriples "$@"
}
# count_type TYPE: how many resources of pkg:TYPE the last run wrote
count_type() {
	grep -c "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/policykg/ontology#$1> \\.$" "$OUT" || true
}

printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'정부는 21일 인공지능(AI) 서울 정상회의를 개최한다.' \
	'이번 AI 서울 정상회의에는 여러 나라가 참석한다.' >ai.txt
run extract ai.txt
expect_rc "extract" 0
check "인공지능(AI) 서울 정상회의 and AI 서울 정상회의 are one summit" test "$(count_type Summit)" -eq 1

printf '%s\n' '제목' '' '2026-02-23 15:05' '' \
	'과학기술정보통신부는 류제명 제2차관이 마이클 니드햄 미국 국무부 고문과 면담을 갖고 협력을 논의했다고 23일 밝혔다.' >meet.txt
run extract meet.txt
check "a meeting from 과 면담을 갖고" test "$(count_type Meeting)" -eq 1
expect_out "dated by the announcement that closes the sentence" '"2026-02-23"^^<http://www.w3.org/2001/XMLSchema#date>'
expect_out "the foreign participant by name" '"마이클 니드햄"@ko'

printf '%s\n' '제목' '' '2024-07-02 10:00' '' \
	'윤석열 대통령이 베트남을 순방할 때 한미 정상회담도 열렸다.' >visit.txt
run extract visit.txt
check "a visit to a country" test "$(count_type Visit)" -eq 1
check "a summit of 한미 (no hyphen)" test "$(count_type Summit)" -eq 1

# 이날 in an article without a date line: the day the story last named,
# though it has no month (---28), never a year alone.
printf '%s\n' '과기정통부, EU와 파트너십' '' \
	'과학기술정보통신부는 유럽연합(EU)과 디지털 파트너십을 체결했다고 28일 밝혔다.' \
	'이날 비대면으로 진행된 체결식에는 이종호 장관이 자리했다.' \
	'양측은 2018년 협력을 시작했다. 이날 정상회담도 열렸다.' >sameday.txt
run extract sameday.txt
check "the ceremony is that day's, a day without a month" grep -q '^<[^>]*/event/[^>]*> <https://w3id.org/policykg/ontology#startDate> "---28"^^' "$OUT"
check "the summit after a year alone is not dated by it" test "$(grep -c '"2018"^^' "$OUT")" -eq 0

# 양측 장관, 양국 대표단 attending are the two actors named last, not
# persons of those names.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'과학기술정보통신부와 영국 과학혁신기술부는 10일 서울에서 회의를 열었다.' \
	'이날 체결식에는 양측 장관이 자리했다.' >coref.txt
run extract coref.txt
check "no person named after the two sides" test "$(count_type Person)" -eq 0
check "the ceremony's participants are the two bodies" test "$(grep -c '/event/[^>]*> <https://w3id.org/policykg/ontology#participant> <https://w3id.org/policykg/id/\(msit\|uk-dsit\)>' "$OUT")" -eq 2

# 「…협의회(English)」을 <date> <place>에서 열었다: a council in corner
# brackets, its date and place between the name and the verb.
printf '%s\n' '제목' '' '2023-07-03 10:00' '' \
	'과학기술정보통신부는 「제1차 한-EU 디지털 파트너십 협의회(the First ROK-EU Digital Partnership Council)」을 6월 30일(금) 서울중앙우체국 스카이홀에서 열었다고 밝혔다.' >council.txt
run extract council.txt
check "a council named in corner brackets" test "$(count_type Meeting)" -eq 1
expect_out "held on the day between name and verb" '"2023-06-30"^^<http://www.w3.org/2001/XMLSchema#date>'

# "South Korea and the United States held talks": the two subjects take
# part.
printf '%s\n' 'Title' '' 'South Korea and the United States held talks in Seoul on May 5, 2024.' >enpair.txt
run extract enpair.txt
check "talks held by the two subjects" test "$(grep -c '/event/[^>]*> <https://w3id.org/policykg/ontology#participant> <https://w3id.org/policykg/id/country-\(kr\|us\)>' "$OUT")" -eq 2

# 방한 중인 X를 접견: 방한 (a visit to Korea) is no name; 이날 reaches a
# talk named some words later in its sentence.
printf '%s\n' '제목' '' '2025-03-12 10:00' '' \
	'행정안전부 장관은 13일 방한 중인 알렉스 버가트 영국 내각부 장관을 접견했다.' \
	'유상임 장관은 이날 회의에서 일본 총무성 장관과 양자회담을 갖고 협력 방안을 논의했다.' >meet2.txt
run extract meet2.txt
expect_no_out "방한 is no person" '"방한"@ko'
check "the bilateral talk is dated by 이날, the 13th" test "$(grep -c '/event/[^>]*> <https://w3id.org/policykg/ontology#startDate> "2025-03-13"' "$OUT")" -eq 2

printf '%s\n' 'Title' '' 'SEOUL, June 19 (Yonhap) -- The minister held talks with Japan on Tuesday and attended the signing ceremony.' >en.txt
run extract en.txt
check "English events in lower case: talks and a ceremony" test "$(count_type Event)" -eq 2
printf '%s\n' '제목' '' '2024-05-10 09:00' '' '류제명 차관은 미국 국무부 고문인 마이클 니드햄과 만났다. 행정안전부 장관인 이상민은 말했다.' >appos.txt
run extract appos.txt
check "a title before the name, joined by 인: two posts" test "$(count_type Position)" -eq 2
expect_out "the name ends before its particle" '"이상민"@ko'
finish
