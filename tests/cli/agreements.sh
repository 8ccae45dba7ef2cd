#!/usr/bin/env bash
# cli.agreements - who signs an agreement, in shapes of real news that the
# rules read (issue 13): the bodies of the ministers who sign, whichever of
# them is the subject, and a later sentence that speaks of the same
# agreement in other words (a country for its ministry) adds none.
#
#   bash tests/cli/agreements.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

ID=https://w3id.org/policykg/id
PKG=https://w3id.org/policykg/ontology#
extract() {
	"$PK" extract --rules "$SRC/rules" --reference-date 2026-11-23 -f ntriples "$@"
}
# parties: the sorted ids of every agreement's parties, one line each
parties() {
	sed -n "s|^<$ID/agreement/\\([^>]*\\)> <${PKG}party> <$ID/\\([^>]*\\)> \\.\$|\\1 \\2|p" "$OUT" |
		awk '{ p[$1] = p[$1] " " $2 } END { for (a in p) print p[a] }' |
		while read -r line; do printf '%s\n' $line | sort | tr '\n' ' '; echo; done | sort
}
count_agreements() {
	grep -c "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${PKG}Agreement> \\.\$" "$OUT" || true
}

# The ministers' bodies sign, not the countries of the name's pair.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'김민수 행정안전부장관과 존 스미스 영국 내각부 장관은 10일 서울에서 '"'"'한-영 디지털정부 협력 양해각서'"'"'를 체결했다.' >pair.txt
run extract pair.txt
expect_rc "extract" 0
expect_eq "the two ministries sign, named by their ministers" "mois uk-cabinet-office " "$(parties)"

# The same with the partner's minister after the subject's.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'김민수 행정안전부장관은 존 스미스 영국 내각부 장관과 10일 디지털정부 협력 업무협약을 체결했다.' >subj.txt
run extract subj.txt
expect_eq "subject minister with a partner minister" "mois uk-cabinet-office " "$(parties)"

# A quote of the partner's minister about "signing with Korea" is the same
# MOU, not a second one between Korea and the Cabinet Office.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'행정안전부는 10일 영국 내각부와 '"'"'한-영 디지털정부 협력에 관한 양해각서'"'"'를 체결했다고 밝혔다.' \
	'존 스미스 영국 내각부 장관은 "한국과 양해각서를 체결하게 되어 기쁘다"고 말했다.' >quote.txt
run extract quote.txt
check "one agreement" test "$(count_agreements)" -eq 1
expect_eq "its parties are the two bodies" "mois uk-cabinet-office " "$(parties)"

# The partner is the one joined to the agreement's clause, not another
# met in an earlier clause of the sentence.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'과학기술정보통신부는 영국 과학혁신기술부와 회의를 열었고, 영국 내각부와는 업무협약을 맺었다.' >clause.txt
run extract clause.txt
expect_eq "the partner of the signing clause" "msit uk-cabinet-office " "$(parties)"

# A declaration named after the meeting that adopted it is concluded at
# that meeting, on its day, though its own sentence gives no date.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'과학기술정보통신부는 8일 서울에서 제2차 한-아프리카 디지털 장관회의를 열었다.' \
	'양측은 '"'"'제2차 한-아프리카 디지털 장관회의 공동선언문'"'"'도 발표했다.' >adopt.txt
run extract adopt.txt
check "concluded at the meeting" grep -q "^<$ID/agreement/[^>]*> <${PKG}concludedAt> <$ID/event/" "$OUT"
check "signed on the meeting's day" grep -q "^<$ID/agreement/[^>]*> <${PKG}signedOn> \"2024-05-08\"" "$OUT"

# 양국 부처: the two ministries named last, not the two countries.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'과학기술정보통신부 장관은 10일 영국 과학혁신기술부 장관과 만나 2019년 양국 부처 사이에 체결된 ICT 분야 업무협약을 되살리기로 했다.' >gov.txt
run extract gov.txt
expect_eq "the two ministries of 양국 부처" "msit uk-dsit " "$(parties)"

# English: a capitalised name opened by a pair of countries, then its verb.
printf '%s\n' 'Title' '' 'The committee rests on the Korea-Japan Agreement on Digital Cooperation signed in March 2001.' >enpair.txt
run extract enpair.txt
expect_eq "the pair signs the named agreement" "country-jp country-kr " "$(parties)"
check "signed in March 2001" grep -q "^<$ID/agreement/[^>]*> <${PKG}signedOn> \"2001-03\"" "$OUT"

# English: "South Korea's science ministry" is MSIT; a partnership
# launched "in 2022" is dated by it; a year clauses away is not the
# signing's.
printf '%s\n' 'Title' '' "South Korea's science ministry signed a memorandum of understanding with the Visegrad Group in Budapest earlier in the day, under which the sides agreed to share information, hold exchange programs and carry out joint research projects beginning in 2023." \
	'Korea and the EU launched a digital partnership in 2022.' >en2.txt
run extract en2.txt
expect_eq "MSIT and the group; Korea and the EU" "country-kr eu 
msit visegrad-group " "$(parties)"
check "the partnership launched in 2022" grep -q "^<$ID/agreement/[^>]*> <${PKG}signedOn> \"2022\"" "$OUT"
check "no signing in 2023" test "$(grep -c "${PKG}signedOn> \"2023\"" "$OUT")" -eq 0

# A headline names the partner alone (by its parent body); the story names
# both: one agreement, with the story's parties and name.
printf '%s\n' '김 차관, 미 국토안보부 차관과 협력 의향서 체결' '' '2023-03-22 10:00' '' \
	'과학기술정보통신부는 21일 서울에서 미국 국토안보부 과학기술본부와 '"'"'공동연구 협력 의향서'"'"'를 체결했다고 밝혔다.' >head.txt
run extract head.txt
check "one agreement" test "$(count_agreements)" -eq 1
expect_eq "the story's parties" "msit us-dhs-st " "$(parties)"

# A와 B는 … <glued>협정을 맺었고: both subjects sign a kind word glued to
# its field.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'한국과 슬로베니아는 지난 1994년 과학기술협력협정을 맺었고, 협력을 이어 왔다.' >glued.txt
run extract glued.txt
expect_eq "both countries" "country-kr country-si " "$(parties)"

# 'A와 B 간 … 업무협약 서명식': the pair between which it is signed, though
# the clause's subject is one of them.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'행정안전부는 10일 '"'"'대한민국 행정안전부와 영국 내각부 간 디지털정부 협력 업무협약 서명식'"'"'을 열었다.' >gan.txt
run extract gan.txt
expect_eq "the pair between" "mois uk-cabinet-office " "$(parties)"

# Two ministries of one country each with their own partner: two MOUs.
printf '%s\n' '제목' '' '2024-05-10 09:00' '' \
	'과학기술정보통신부는 10일 영국 과학혁신기술부와 양해각서를 체결했다.' \
	'행정안전부는 같은 날 영국 내각부와 양해각서를 체결했다.' >two.txt
run extract two.txt
check "two agreements" test "$(count_agreements)" -eq 2
finish
