#!/usr/bin/env bash
# cli.dates - dates as an analyst needs them: resolved against the
# article's own date, or --doc-date, or the --manifest line, in that order;
# an impossible date or a weekday that disagrees is a warning naming the
# file and the text, and no date is written for it.
#
#   bash tests/cli/dates.sh POLICYKG SOURCE_DIR
set -euo pipefail
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
pk_init "$@"
cd -- "$W"

extract() {
	"$PK" extract --rules "$SRC/rules" --reference-date 2026-11-23 "$@"
}

echo "# a weekday that disagrees"
printf '2024-05-10 09:00\n외교부와 과학기술정보통신부는 5월 14일(금) 서울에서 양해각서(MOU)를 체결했다.\n' >weekday.txt
run extract weekday.txt
expect_rc "extract an article with a wrong weekday" 0
expect_err_line "the warning names the file and the text" "weekday.txt: '5월 14일(금)'" "weekday"
expect_no_out "no date is written for it" '"2024-05-14"'
expect_out "the agreement is still read" 'pkg:MOU'

echo "# an impossible date"
printf '2024-02-10 09:00\n외교부와 과학기술정보통신부는 2월 30일 서울에서 양해각서(MOU)를 체결했다.\n' >feb30.txt
run extract feb30.txt
expect_rc "extract an article with 2월 30일" 0
expect_err_line "the warning names the file and the text" "feb30.txt: '2월 30일'" "no such date"
expect_no_out "no date is written for it" 'signedOn'

echo "# the article's own date wins over --doc-date"
printf '2024-05-10 09:00\n외교부와 과학기술정보통신부는 지난 3일 서울에서 양해각서(MOU)를 체결했다.\n' >own.txt
run extract own.txt --doc-date 2020-01-20
expect_rc "extract with --doc-date" 0
expect_out "지난 3일 is 2024-05-03 from the header" '"2024-05-03"^^xsd:date'

echo "# --doc-date, then --manifest, for an undated article"
printf '외교부와 과학기술정보통신부는 지난 22일 서울에서 양해각서(MOU)를 체결했다.\n' >undated.txt
run extract undated.txt
expect_out "without a date: day only" '"---22"^^xsd:gDay'
run extract undated.txt --doc-date 2023-11-23
expect_out "with --doc-date 2023-11-23: 2023-11-22" '"2023-11-22"^^xsd:date'
printf '# path\tdate\turl\tpublisher\nundated.txt\t2024-03-05\thttps://example.org/a\t정책브리핑\n' >manifest.tsv
run extract undated.txt --manifest manifest.tsv
expect_rc "extract with --manifest" 0
expect_out "the manifest's date resolves 지난 22일 to 2024-02-22" '"2024-02-22"^^xsd:date'
expect_out "the manifest's URL is the source" '<https://example.org/a>'
expect_out "the manifest's publisher" '"정책브리핑"'
run extract undated.txt --manifest manifest.tsv --doc-date 2023-11-23
expect_out "--doc-date is trusted before the manifest" '"2023-11-22"^^xsd:date'
printf 'undated.txt\tyesterday\n' >bad.tsv
run extract undated.txt --manifest bad.tsv
expect_rc "a manifest with a bad date is refused" 2
expect_err "the message names the manifest and line" "bad.tsv:1:"

echo "# English datelines and outlets known by their reporters' addresses (issue 13)"
printf 'S. Korea signs MOU\n\nSEOUL, Dec. 2 (Yonhap) -- The science ministry said Thursday it signed a deal.\n' >dateline.txt
run extract dateline.txt
expect_rc "extract an English wire story" 0
expect_out "a dateline without a year is the month and day" '"--12-02"^^xsd:gMonthDay'
expect_out "the wire service in brackets is the publisher" '"Yonhap"'
printf '과기정통부, 협력 논의\n\n과학기술정보통신부는 23일 회의를 열었다.\n\n이명환 기자 lifehwan@asiae.co.kr\n' >email.txt
run extract email.txt
expect_out "the reporter's domain names the outlet" '"아시아경제"'
printf '제목\n\n(서울=연합뉴스) 홍길동 기자 = 외교부는 23일 회의를 열었다.\n' >city.txt
run extract city.txt
expect_out "(서울=연합뉴스): the outlet after the city" '"연합뉴스"'

echo "# 이날 is the story's last day, 오는 5월 a month of next year (issue 13)"
printf '제목\n\n2024-11-20 09:00\n\n외교부는 지난 18일 서울에서 회의를 열었다. 이날 양국은 양해각서를 체결했다. 양국은 오는 5월 서울에서 '"'"'한-영 디지털 포럼'"'"'을 개최하기로 했다.\n' >sameday.txt
run extract sameday.txt
expect_out "the MOU is dated by 이날, the 18th the story named" '"2024-11-18"^^xsd:date'
expect_out "오는 5월 in November is next May" '"2025-05"^^xsd:gYearMonth'
expect_no_out "이날 is not the publication day here" 'signedOn "2024-11-20"'

echo "# a board's 작성일 is the publication day; a year alone after a month is another thing's"
printf '자유게시판\n\n작성자 : 관리자 작성일 : 2023-07-03\n\n이번 협의회는 지난 5월 올해 수교 60주년을 기념해 개최된 한-EU 정상회담의 성과다.\n' >board.txt
run extract board.txt
expect_out "작성일 after the writer's name dates the article" '"2023-07-03"^^xsd:date'
expect_out "the summit is in May, not the whole year of 올해" 'startDate "2023-05"^^xsd:gYearMonth'

echo "# British dates, a gov.uk 'Published' line, and a weekday alone"
printf 'UK and Korea sign MOU\n\nPublished 12 March 2025\n\nThe UK signed a memorandum of understanding with Japan in London on 11 March 2025.\nThe ministry announced on Tuesday that it will host a forum with Japan on 24-25 March.\nThe Cabinet Office signed a memorandum of understanding with Korea on Monday.\n' >uk.txt
run extract uk.txt
expect_out "Published 12 March 2025 dates the article" '"2025-03-12"^^xsd:date'
expect_out "11 March 2025 is a date" 'signedOn "2025-03-11"^^xsd:date'
expect_out "24-25 March is a range of this year" '"2025-03-25"^^xsd:date'
expect_out "on Monday is the Monday before the 12th" 'signedOn "2025-03-10"^^xsd:date'
expect_no_out "announced on Tuesday dates no forum" 'startDate "2025-03-11"'

echo "# --doc-date is checked"
run extract undated.txt --doc-date 2023-13-01
expect_rc "an impossible --doc-date is a usage error" 2
run extract undated.txt --doc-date 2023-02-29
expect_rc "29 February of a common year is a usage error" 2
expect_err "the error names the date" "2023-02-29"
run extract undated.txt --reference-date 2025-04-31
expect_rc "31 April is a usage error too" 2
run extract undated.txt --doc-date 2024-02-29
expect_rc "29 February of a leap year is a date" 0

finish
