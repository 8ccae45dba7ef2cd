/*
 * test_html.c - unit tests for html.c: markup to text, entities, the
 * HTML sniffing, and that odd or huge input neither crashes nor slows down.
 */
#include "pipeline/html.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

#ifndef PK_SOURCE_DIR
#define PK_SOURCE_DIR "/work/main"
#endif

#define SEED_003 PK_SOURCE_DIR "/seeds/003_1ae02d75918a20fb.txt"

static pk_buf text_buf = PK_BUF_INIT; /* freed at the end of main() */

/* pk_html_to_text() of a string; each call overwrites the last result. */
static const char *text_of(const char *html)
{
	pk_buf_clear(&text_buf);
	if (pk_html_to_text(&text_buf, html, strlen(html)) < 0)
		return NULL;
	return text_buf.ptr;
}

static int detect(const char *s)
{
	return pk_html_detect(s, strlen(s));
}

static int is_valid_utf8(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < len) {
		k = pk_utf8_decode(u + i, len - i, &cp);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* '<' followed by an ASCII letter: a tag left behind */
static int has_tag(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (s[i] == '<' && ((s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
				    (s[i + 1] >= 'A' && s[i + 1] <= 'Z')))
			return 1;
	return 0;
}

static void test_html__plain_text_unchanged(void)
{
	CHECK_STR("", text_of(""));
	CHECK_STR("정부는 10월 23일\n  발표했다. ", text_of("정부는 10월 23일\n  발표했다. "));
}

static void test_html__tags_dropped(void)
{
	CHECK_STR("굵게 링크 끝",
		text_of("<strong>굵게</strong> <a href=\"x\">링크</a> <SPAN>끝</span>"));
	CHECK_STR("ab", text_of("a<font color=red size=3>b</font>"));
	CHECK_STR("xy", text_of("x<img src=a.png/>y"));
}

static void test_html__quoted_attribute_with_gt(void)
{
	CHECK_STR("ab", text_of("<a title=\"x > y\">a</a>b"));
	CHECK_STR("ab", text_of("<a title='x > y' data-x = \"1>2\">a</a>b"));
	/* a quote not after "=" is no value */
	CHECK_STR("a", text_of("<a it's>a</a>"));
}

static void test_html__entities_in_attributes_discarded(void)
{
	CHECK_STR("링크", text_of("<a href=\"/v?a=1&amp;b=2&lt;\">링크</a>"));
}

static void test_html__lt_without_letter_is_text(void)
{
	CHECK_STR("a < b", text_of("a < b"));
	CHECK_STR("1<2 and 3<=4, <>", text_of("1<2 and 3<=4, <>"));
	CHECK_STR("end <", text_of("end <"));
	CHECK_STR("a > b", text_of("a > b"));
}

static void test_html__korean_angle_text_is_not_a_tag(void)
{
	CHECK_STR("<저작권자: 보안뉴스(www.boannews.com) 무단전재-재배포금지>",
		text_of("<저작권자: 보안뉴스(www.boannews.com) 무단전재-재배포금지>"));
	CHECK_STR("\n<저작권자 ⓒ 연합뉴스>\n",
		text_of("<p><저작권자 ⓒ 연합뉴스></p>"));
	CHECK_STR("</끝>", text_of("</끝>"));
}

static void test_html__empty_end_tag_dropped(void)
{
	CHECK_STR("ab", text_of("a</>b"));
}

static void test_html__comment_dropped(void)
{
	CHECK_STR("ab", text_of("a<!-- <p>숨김</p> -- > -->b"));
	CHECK_STR("ab", text_of("a<!---->b"));
	CHECK_STR("ab", text_of("a<!-->b"));
	CHECK_STR("ab", text_of("a<!--->b"));
	CHECK_STR("ab", text_of("a<!-- x --!>b"));
	CHECK_STR("a", text_of("a<!-- never closed <p>b</p>"));
}

static void test_html__doctype_and_processing_instruction_dropped(void)
{
	CHECK_STR("본문", text_of("<!DOCTYPE html>본문"));
	CHECK_STR("본문", text_of("<?xml version=\"1.0\"?>본문"));
	CHECK_STR("ab", text_of("a<![if !supportLists]>b"));
}

static void test_html__cdata_kept_as_text(void)
{
	CHECK_STR("a<b> &amp; c", text_of("<![CDATA[a<b> &amp; ]]>c"));
	CHECK_STR("x]y]]z", text_of("<![CDATA[x]y]]z"));
}

static void test_html__script_dropped_with_content(void)
{
	CHECK_STR("ab", text_of("a<script type=\"text/javascript\">"
		"if (x < y && s == \"</div>\") document.write('<p>');"
		"</script>b"));
	CHECK_STR("ab", text_of("a<script>var s = '</scripts>';</script >b"));
	CHECK_STR("ab", text_of("a<SCRIPT>x()</ScRiPt>b"));
}

static void test_html__style_dropped_with_content(void)
{
	CHECK_STR("ab", text_of("a<style>p { color: red } /* </p> */</style>b"));
	CHECK_STR("a\nb", text_of("a<STYLE media=\"x>y\">*{}</STYLE><br>b"));
	/* </script> does not end a style */
	CHECK_STR("ab", text_of("a<style></script>x</style>b"));
}

static void test_html__unterminated_script_drops_to_end(void)
{
	CHECK_STR("a", text_of("a<script>var x = 1; <p>본문</p>"));
	CHECK_STR("a", text_of("a<style>p{}"));
	CHECK_STR("a", text_of("a<script>x</script"));
}

static void test_html__unterminated_tag_drops_to_end(void)
{
	CHECK_STR("a", text_of("a<p class=\"x>b c"));
	CHECK_STR("a", text_of("a<div"));
}

static void test_html__block_tags_become_newlines(void)
{
	CHECK_STR("\n제목\n\n첫 문단\n\n둘째\n줄\n",
		text_of("<h1>제목</h1><p>첫 문단</p><DIV>둘째<br/>줄</div>"));
	CHECK_STR("\n\n항목\n\n",
		text_of("<ul><li>항목</li></ul>"));
	CHECK_STR("a\nb\nc\nd\ne", text_of("a<hr>b<blockquote>c<figcaption>d"
		"<center>e"));
	/* near misses are inline */
	CHECK_STR("abc", text_of("a<pre-x>b<h7>c"));
}

static void test_html__table_cells_become_spaces(void)
{
	CHECK_STR("\n\n 이름  값 \n\n", text_of(
		"<table><tr><th>이름</th><td>값</td></tr></table>"));
}

static void test_html__named_entities(void)
{
	CHECK_STR("<a> & \"q\" 'x'", text_of("&lt;a&gt; &amp; &quot;q&quot; &apos;x&apos;"));
	CHECK_STR("\xc2\xa0\xc2\xb7\xe2\x80\xa6\xe2\x80\x94\xe2\x80\x9c\xe2\x80\x9d",
		text_of("&nbsp;&middot;&hellip;&mdash;&ldquo;&rdquo;"));
	CHECK_STR("©®€™×÷«»•", text_of("&copy;&reg;&euro;&trade;&times;&divide;"
		"&laquo;&raquo;&bull;"));
	/* lang and rang are HTML4's U+2329 and U+232A */
	CHECK_STR("ΑΩαωϑ\xe2\x8c\xa9\xe2\x8c\xaaé", text_of("&Alpha;&Omega;"
		"&alpha;&omega;&thetasym;&lang;&rang;&eacute;"));
	CHECK_STR("ÿŸ", text_of("&yuml;&Yuml;"));
	CHECK_STR("‌‍¼", text_of("&zwnj;&zwj;&frac14;"));
}

static void test_html__named_entities_are_case_sensitive(void)
{
	CHECK_STR("É é &AMP; &Nbsp;", text_of("&Eacute; &eacute; &AMP; &Nbsp;"));
}

static void test_html__unknown_or_unterminated_entity_is_text(void)
{
	CHECK_STR("R&D, AT&T, &foo; & &amp &;", text_of("R&D, AT&T, &foo; & &amp &;"));
	CHECK_STR("&thetasymx; &#; &#x; &#xg;",
		text_of("&thetasymx; &#; &#x; &#xg;"));
	CHECK_STR("&", text_of("&"));
	CHECK_STR("a&b=1", text_of("a&b=1"));
}

static void test_html__numeric_entities(void)
{
	CHECK_STR("A가😀", text_of("&#65;&#xAC00;&#X1f600;"));
	/* the ';' may be missing, as browsers allow */
	CHECK_STR("AB", text_of("&#65&#x42"));
	CHECK_STR("0A", text_of("&#0048;&#x000041;"));
}

static void test_html__invalid_numeric_entity_becomes_replacement(void)
{
	CHECK_STR("\xef\xbf\xbd", text_of("&#0;"));
	CHECK_STR("\xef\xbf\xbd", text_of("&#xD800;"));
	CHECK_STR("\xef\xbf\xbd", text_of("&#xDFFF;"));
	CHECK_STR("\xef\xbf\xbd", text_of("&#x110000;"));
	CHECK_STR("\xef\xbf\xbdx", text_of("&#99999999999999999999999999;x"));
	CHECK_STR("\xef\xbf\xbd", text_of("&#xFFFFFFFFFFFFFFFFFFFFFFFF;"));
	CHECK_STR("\xf4\x8f\xbf\xbf", text_of("&#x10FFFF;"));
}

static void test_html__entity_to_control_becomes_space(void)
{
	CHECK_STR("a b c d e", text_of("a&#1;b&#x1F;c&#150;d&#x7f;e"));
	CHECK_STR("a b", text_of("a&#13;b"));
	/* tab and newline are ordinary whitespace */
	CHECK_STR("a\tb\nc", text_of("a&#9;b&#10;c"));
}

static void test_html__invalid_utf8_is_replaced(void)
{
	/* one U+FFFD per byte that is not part of a valid sequence */
	CHECK_STR("a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd",
		text_of("a\xff" "b\xea\xb0"));
	CHECK_STR("\xef\xbf\xbd<", text_of("\xe0<"));
}

static void test_html__appends_to_buffer(void)
{
	pk_buf out = PK_BUF_INIT;

	CHECK_INT(0, pk_buf_puts(&out, "앞:"));
	CHECK_INT(0, pk_html_to_text(&out, "<b>뒤</b>", strlen("<b>뒤</b>")));
	CHECK_STR("앞:뒤", out.ptr);
	pk_buf_free(&out);

	/* empty input still leaves a string */
	CHECK_INT(0, pk_html_to_text(&out, "", 0));
	CHECK(out.ptr != NULL);
	CHECK_INT(0, out.len);
	pk_buf_free(&out);
}

static void test_html__nested_10000_tags(void)
{
	pk_buf in = PK_BUF_INIT, out = PK_BUF_INIT;
	size_t i;

	for (i = 0; i < 10000; i++)
		pk_buf_puts(&in, "<div><span class=\"c\">");
	pk_buf_puts(&in, "깊다");
	for (i = 0; i < 10000; i++)
		pk_buf_puts(&in, "</span></div>");
	CHECK_INT(0, pk_html_to_text(&out, in.ptr, in.len));
	CHECK_INT(20000 + strlen("깊다"), out.len);
	CHECK(strstr(out.ptr, "\n깊다\n") != NULL);
	pk_buf_free(&in);
	pk_buf_free(&out);
}

/* Inputs built to make a naive scanner rescan: many '<', '&', "&#" with
 * long digit strings, "--" in a comment, "</scrip" inside a script.  Must
 * stay linear (the run time shows it) and produce the right text. */
static void test_html__large_pathological_input(void)
{
	pk_buf in = PK_BUF_INIT, out = PK_BUF_INIT;
	size_t i;

	for (i = 0; i < 200000; i++)
		pk_buf_puts(&in, "< &x &#12345678901234567890x <3 ");
	for (i = 0; i < 200000; i++)
		pk_buf_puts(&in, "&am &lt;a<b>");
	pk_buf_puts(&in, "<!--");
	for (i = 0; i < 200000; i++)
		pk_buf_puts(&in, "- -- --!-><!-- ");
	pk_buf_puts(&in, "-->");
	pk_buf_puts(&in, "<script>");
	for (i = 0; i < 200000; i++)
		pk_buf_puts(&in, "</scrip </scripta <");
	pk_buf_puts(&in, "</script>끝");
	CHECK_INT(0, pk_html_to_text(&out, in.ptr, in.len));
	CHECK(is_valid_utf8(out.ptr, out.len));
	CHECK_INT(200000 * strlen("< &x \xef\xbf\xbdx <3 ") +
		  200000 * strlen("&am <a") + strlen("끝"), out.len);
	pk_buf_free(&in);
	pk_buf_free(&out);
}

/* Random soup of markup fragments: never crashes (ASan), always valid
 * UTF-8, never more than 3 bytes out per byte in. */
static void test_html__random_soup_gives_valid_utf8(void)
{
	static const char *const bits[] = {
		"<", ">", "</", "/", "&", ";", "#", "x", "=", "\"", "'", " ",
		"-", "!", "?", "]", "[", "p", "a", "script", "style", "<p>",
		"<!--", "-->", "<![CDATA[", "]]>", "<script>", "</script>",
		"<style>", "</style>", "&amp;", "&#", "&#x", "1F600", "0",
		"D800", "가", "\xff", "\xe0", "\xea\xb0", "<td>", "<br/>",
		"<!DOCTYPE", "저작권자", "\n", "&nbsp;", "&#150;", "\0"
	};
	pk_buf in = PK_BUF_INIT, out = PK_BUF_INIT;
	unsigned long seed = 12345;
	size_t n, k, j;
	int bad = 0;

	for (n = 0; n < 3000; n++) {
		pk_buf_clear(&in);
		pk_buf_clear(&out);
		k = 1 + n % 60;
		for (j = 0; j < k; j++) {
			const char *b;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			b = bits[(seed >> 33) % PK_ARRAY_LEN(bits)];
			/* "\0" is one NUL byte */
			pk_buf_put(&in, b, *b ? strlen(b) : 1);
		}
		if (pk_html_to_text(&out, in.ptr, in.len) != 0 ||
		    !is_valid_utf8(out.ptr, out.len) ||
		    out.len > 3 * in.len)
			bad++;
		(void)pk_html_detect(in.ptr, in.len);
	}
	CHECK_INT(0, bad);
	pk_buf_free(&in);
	pk_buf_free(&out);
}

static void test_html__seed_003_to_text(void)
{
	char *src = NULL;
	size_t len = 0, tail;
	pk_buf out = PK_BUF_INIT;
	const char *gt;

	CHECK_INT(0, pk_file_read(&src, &len, SEED_003, NULL));
	if (!src)
		return;
	CHECK_INT(0, pk_html_to_text(&out, src, len));
	CHECK(strstr(out.ptr, "배경훈 부총리 겸 과학기술정보통신부장관") != NULL);
	CHECK(strstr(out.ptr, "부총리, 산·학·연 전문가와 인공 지능 안전 정책 방향 논의") != NULL);
	CHECK(!has_tag(out.ptr, out.len));
	CHECK(strstr(out.ptr, "&nbsp;") == NULL);
	CHECK(strstr(out.ptr, "mId=307") == NULL);
	CHECK(is_valid_utf8(out.ptr, out.len));
	/* the plain-text copy after the last tag comes through as it is */
	gt = strrchr(src, '>');
	CHECK(gt != NULL);
	if (gt) {
		tail = len - (size_t)(gt + 1 - src);
		CHECK(tail > 1000);
		CHECK(out.len >= tail &&
		      memcmp(out.ptr + out.len - tail, gt + 1, tail) == 0);
	}
	pk_buf_free(&out);
	free(src);
}

static void test_html__detect_seed_003(void)
{
	char *src = NULL;
	size_t len = 0;

	CHECK_INT(0, pk_file_read(&src, &len, SEED_003, NULL));
	if (!src)
		return;
	CHECK(pk_html_detect(src, len));
	free(src);
}

static void test_html__detect_markers(void)
{
	CHECK(detect("<!DOCTYPE html><title>x"));
	CHECK(detect("  <!doctype HTML>"));
	CHECK(detect("<HTML lang=\"ko\">"));
	CHECK(detect("본문<body>"));
	CHECK(detect("<p>하나</p>"));
	CHECK(detect("<br/>x<BR>"));
	CHECK(detect("<td>1<td>2"));
	CHECK(detect("<div\nclass=a>x</div>"));
}

static void test_html__detect_plain_text_is_not_html(void)
{
	CHECK(!detect(""));
	CHECK(!pk_html_detect(NULL, 0));
	CHECK(!detect("a<b"));
	CHECK(!detect("a<b>c"));
	CHECK(!detect("x < y, y > z"));
	CHECK(!detect("<저작권자: 보안뉴스(www.boannews.com) 무단전재-재배포금지>"));
	CHECK(!detect("<저작권자 ⓒ> 끝 <p>한 번"));
	CHECK(!detect("<brand> <pixel> <trade> <preface> <html5> <bodyguard"));
	CHECK(!detect("<span>a</span><b>c</b>"));
	CHECK(!detect("<p"));
}

static const pk_test tests[] = {
	PK_TEST(test_html__plain_text_unchanged),
	PK_TEST(test_html__tags_dropped),
	PK_TEST(test_html__quoted_attribute_with_gt),
	PK_TEST(test_html__entities_in_attributes_discarded),
	PK_TEST(test_html__lt_without_letter_is_text),
	PK_TEST(test_html__korean_angle_text_is_not_a_tag),
	PK_TEST(test_html__empty_end_tag_dropped),
	PK_TEST(test_html__comment_dropped),
	PK_TEST(test_html__doctype_and_processing_instruction_dropped),
	PK_TEST(test_html__cdata_kept_as_text),
	PK_TEST(test_html__script_dropped_with_content),
	PK_TEST(test_html__style_dropped_with_content),
	PK_TEST(test_html__unterminated_script_drops_to_end),
	PK_TEST(test_html__unterminated_tag_drops_to_end),
	PK_TEST(test_html__block_tags_become_newlines),
	PK_TEST(test_html__table_cells_become_spaces),
	PK_TEST(test_html__named_entities),
	PK_TEST(test_html__named_entities_are_case_sensitive),
	PK_TEST(test_html__unknown_or_unterminated_entity_is_text),
	PK_TEST(test_html__numeric_entities),
	PK_TEST(test_html__invalid_numeric_entity_becomes_replacement),
	PK_TEST(test_html__entity_to_control_becomes_space),
	PK_TEST(test_html__invalid_utf8_is_replaced),
	PK_TEST(test_html__appends_to_buffer),
	PK_TEST(test_html__nested_10000_tags),
	PK_TEST(test_html__large_pathological_input),
	PK_TEST(test_html__random_soup_gives_valid_utf8),
	PK_TEST(test_html__seed_003_to_text),
	PK_TEST(test_html__detect_seed_003),
	PK_TEST(test_html__detect_markers),
	PK_TEST(test_html__detect_plain_text_is_not_html),
};

static void test_html__teardown(void)
{
	pk_buf_free(&text_buf);
}

int main(int argc, char **argv)
{
	return PK_TEST_MAIN(argc, argv, tests, NULL, test_html__teardown);
}
