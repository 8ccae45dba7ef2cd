#!/usr/bin/env bash
# cli.persons - foreign persons in Korean text (issue 13): names of up to
# six words joined by 빈/알, names bounded by a body's 의 and a title, a
# field noun before the title that is no part of the name, a Korean
# title's implied organization (대통령: Korea) kept off a foreigner, and an
# event's participant cut short given the full name the article reads.
#
#   bash tests/cli/persons.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

extract() {
	"$PK" extract --rules "$SRC/rules" --reference-date 2026-11-23 -f ntriples "$@"
}
# label NAME: the N-Triples literal of a Korean label (UTF-8, issue 16)
label() {
	printf '"%s"@ko\n' "$1"
}
count_type() {
	grep -c "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/policykg/ontology#$1> \\.$" "$OUT" || true
}

printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'특사는 아랍에미리트 통치자인 무함마드 빈 라시드 알 마크툼 대통령을 예방했다.' >ar.txt
run extract ar.txt
expect_rc "extract" 0
expect_out "a name joined by 빈 and 알, whole" "$(label '무함마드 빈 라시드 알 마크툼')"
expect_no_out "the participant is not cut short" "$(label '무함마드 빈')"
expect_no_out "통치자인 is no part of the name" "$(label '통치자인 무함마드 빈 라시드 알 마크툼')"
check "one person" test "$(count_type Person)" -eq 1
check "대통령 alone does not make a foreigner Korea's" test "$(grep -c 'ontology#organization> <https://w3id.org/policykg/id/country-kr>' "$OUT")" -eq 0

printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'장관은 중미경제통합은행(CABEI)의 마리아 호세 가르시아 로페스 부총재와도 만났다.' \
	'또 슬로베니아의 에밀리야 스토이메노바 두 디지털혁신 장관과 회담했다.' >gen.txt
run extract gen.txt
expect_out "a four-word name between a body's 의 and a title" "$(label '마리아 호세 가르시아 로페스')"
expect_out "the body, read by its acronym" "$(label '중미경제통합은행')"
expect_no_out "the post's field is no part of a name" "$(label '에밀리야 스토이메노바 두 디지털혁신')"
# 대통령비서실장: the president's office is written into the title; 중국의
# 시진핑 국가주석: a Korean-shaped name between a country's 의 and a title.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'김민수 대통령비서실장은 16일 출국했다.' '이 대통령은 중국의 시진핑 국가주석에게 말했다.' >kr.txt
run extract kr.txt
check "the chief of staff is the presidential office's" grep -q 'ontology#organization> <https://w3id.org/policykg/id/kr-president-office>' "$OUT"
check "the chairman is China's" grep -q 'ontology#organization> <https://w3id.org/policykg/id/country-cn>' "$OUT"
expect_out "his title is 주석" "$(label '주석')"
# A transliterated word of seven syllables (비시니에프스키) is still a
# name's; the ambassador's country glued to 주한.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'대통령은 바르토슈 비시니에프스키 주한폴란드 대사에게 신임장을 받았다.' >long.txt
run extract long.txt
expect_out "a seven-syllable word in a name" "$(label '바르토슈 비시니에프스키')"
check "the ambassador is Poland's" grep -q 'ontology#organization> <https://w3id.org/policykg/id/country-pl>' "$OUT"
# 이상민 행정안전부 장관, 고기동 차관 등: the next post of a list is held
# in the body the one before names; "고기동 차관이 참석했다" makes a person
# 고기동, not "고기동 차관".
printf '%s\n' '제목' '' '2025-03-12 10:00' '' \
	'이상민 행정안전부 장관, 고기동 차관 등이 참석했다.' '회의에는 고기동 차관이 참석했다.' >list.txt
run extract list.txt
check "both posts are the ministry's" test "$(grep -c 'ontology#organization> <https://w3id.org/policykg/id/mois>' "$OUT")" -eq 2
expect_no_out "no person named with the title" "$(label '고기동 차관')"
check "two persons" test "$(count_type Person)" -eq 2
# English: a vice minister named by the ministry's field is its 차관, not
# its minister; a title in apposition after the name; a run of title
# words is no name.
printf '%s\n' 'Title' '' 'Vice Foreign Minister Kim Hong-kyun held talks in Seoul.' \
	'Ryu Je-myung, the second vice minister of science and ICT, attended the meeting.' \
	'Deputy Prime Minister, Minister of Economy and Finance, and ADB Governor Hong Nam-ki signed it.' >en.txt
run extract en.txt
expect_out "Vice Foreign Minister is 차관" "$(label '차관')"
expect_no_out "not 장관" "$(label '장관')"
expect_out "the second vice minister of science and ICT is MSIT's 제2차관" "$(label '제2차관')"
check "both posts in their ministries" test "$(grep -c 'ontology#organization> <https://w3id.org/policykg/id/\(mofa\|msit\)>' "$OUT")" -eq 2
expect_no_out "Deputy Prime Minister is no person" '"Deputy Prime Minister"@en'
# English titles with their field: Singapore's Minister for Digital
# Development and Information Josephine Teo; Kim, director general for AI
# policy at the Ministry of Science and ICT.
printf '%s\n' 'Title' '' "The minister met Singapore's Minister for Digital Development and Information Josephine Teo." \
	'Kim Kyung-man, director general for AI policy at the Ministry of Science and ICT, spoke at the forum.' >field.txt
run extract field.txt
check "Singapore's minister" grep -q 'ontology#organization> <https://w3id.org/policykg/id/country-sg>' "$OUT"
check "MSIT's director general" grep -q 'ontology#organization> <https://w3id.org/policykg/id/msit>' "$OUT"
finish
