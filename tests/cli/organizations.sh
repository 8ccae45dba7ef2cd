#!/usr/bin/env bash
# cli.organizations - bodies the gazetteer does not know, read from the
# shape of their names (rules/organizations.rules): each gets an id of its
# own under pkgid:org/, its class, label and country, and the rules read
# it like a gazetteer name (a post held there, an agreement it signs);
# common words that end like a ministry (정부, 디지털정부) are not bodies.
#
#   bash tests/cli/organizations.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

printf '%s\n' '과기정통부, 슬로베니아와 협력' '' '2024-05-10 09:00' '' \
	'과학기술정보통신부는 슬로베니아 디지털혁신부와 양해각서를 체결했다고 10일 밝혔다.' \
	'에밀리야 스토이메노바 두 장관은 슬로베니아 디지털혁신부 장관으로 서명식에 참석했다.' \
	'한국 정부는 한-영 디지털정부 협력도 넓힌다.' >ko.txt
run "$PK" extract --rules "$SRC/rules" -f ntriples ko.txt
expect_rc "extract an article naming an unknown ministry" 0
org='<https://w3id.org/policykg/id/org/'
expect_out "the ministry gets an id of the article's own" "$org"
check "typed a government body" grep -q "^${org}[^>]*> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/policykg/ontology#GovernmentBody>" "$OUT"
check "typed an unlinked organization, so stats and queries can tell it apart" grep -q "^${org}[^>]*> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/policykg/ontology#UnlinkedOrganization>" "$OUT"
check "its Korean label is the name as written" grep -q 'label> "슬로베니아 디지털혁신부"@ko' "$OUT"
check "its country is Slovenia" grep -q "${org}[^>]*> <https://w3id.org/policykg/ontology#country> <https://w3id.org/policykg/id/country-si>" "$OUT"
check "it is a party of the MOU" grep -q "ontology#party> ${org}" "$OUT"
check "정부 and 디지털정부 are no bodies" test "$(grep -c "^${org}[^>]*> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/policykg/ontology#Organization>" "$OUT")" -eq 1

"$PK" extract --rules "$SRC/rules" -f nquads -o ko.nq ko.txt
run "$PK" load --store db ko.nq
run "$PK" stats --store db
expect_out "stats counts the unlinked organizations" "UnlinkedOrganization"

# A body's name with its Latin acronym after it; the country before it is
# part of the name; a committee of a known body is not a body of its own.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'행안부와 우즈베키스탄의 전자정부 사업을 맡는 프로젝트관리청(NAPM)은 양해각서에 서명한다.' \
	'개인정보위는 프랑스 개인정보 감독기구(CNIL)와 업무협약을 맺었다.' \
	'OECD 디지털경제정책위원회(DEPC) 회의가 열렸다.' >acr.txt
run "$PK" extract --rules "$SRC/rules" -f ntriples acr.txt
expect_out "a body read by its acronym" '"프로젝트관리청"@ko'
expect_out "with its country in its name" '"프랑스 개인정보 감독기구"@ko'
expect_no_out "a committee of OECD is no body of its own" '"디지털경제정책위원회"@ko'

# 칠레 외교부: Korea's 외교부 is the gazetteer's, but after another
# country's name it is that country's ministry.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' '칠레 외교부 대변인은 10일 브리핑에서 입장을 밝혔다.' >cn.txt
run "$PK" extract --rules "$SRC/rules" -f ntriples cn.txt
expect_no_out "not Korea's foreign ministry" '<https://w3id.org/policykg/id/mofa>'
check "Chile's own ministry" grep -q "${org}[^>]*> <https://w3id.org/policykg/ontology#country> <https://w3id.org/policykg/id/country-cl>" "$OUT"

# An institute named with its acronym signs like any body.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' '과학기술정보통신부는 UAE 기술혁신연구소(TII)와 AI 공동연구 협약을 체결했다.' >tii.txt
run "$PK" extract --rules "$SRC/rules" -f ntriples tii.txt
check "the institute is a party" grep -q "ontology#party> ${org}" "$OUT"

printf '%s\n' 'Title' '' "Slovenia's Ministry of Digital Transformation signed an MOU with the Ministry of Science and ICT." >en.txt
run "$PK" extract --rules "$SRC/rules" -f ntriples en.txt
expect_out "an English ministry's name is read too" 'Ministry of Digital Transformation"@en'
printf '%s\n' 'Title' '' "ADB President Masatsugu Asakawa met UNESCO Director-General Audrey Azoulay." >kind.txt
run "$PK" extract --rules "$SRC/rules" -f ntriples kind.txt
expect_out "the President of a bank of nations is its 총재" '"총재"@ko'
expect_out "the Director-General of UNESCO is its 사무총장" '"사무총장"@ko'
expect_no_out "neither is a 대통령" '"대통령"@ko'
finish
