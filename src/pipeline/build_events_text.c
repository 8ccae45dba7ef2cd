/*
 * build_events_text.c - the words of the events and agreements part of the
 * graph stage (build_events.c): a slot's text, lexicon value or number; a
 * name as written, without quotes and bracketed asides, its English name
 * and its abbreviated form; the event class a name ends with.  The other
 * build_events_*.c files read the text only through these.
 */
#include <stdlib.h>
#include <string.h>

#include "pipeline/build_events_int.h"

void pk_ev_actor_add(pk_actorset *s, const pk_entity *e)
{
	size_t i;

	if (!e || e->cls == PK_CLASS_PLACE)
		return;
	for (i = 0; i < s->n; i++)
		if (s->e[i] == e)
			return;
	if (s->n < PK_EV_MAX)
		s->e[s->n++] = e;
}

const char *pk_ev_lex(const pk_ev_state *st, pk_lex lexicon, const pk_slot *s)
{
	if (!s)
		return NULL;
	return pk_ruleset_lex(st->b->rs, lexicon, st->dv->nt->text + s->start, s->end - s->start);
}

int pk_ev_int(const pk_ev_state *st, const pk_slot *s)
{
	const char *p;
	int v = 0;

	if (!s)
		return 0;
	for (p = st->dv->nt->text + s->start; p < st->dv->nt->text + s->end; p++) {
		if (*p < '0' || *p > '9' || v > 100000)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

static int pk_ev_is_latin_name(const char *s, size_t n)
{
	size_t i, letters = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80)
			return 0;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
			letters++;
	}
	return letters >= 4 && memchr(s, ' ', n) != NULL;
}

/* The name with each word that has its abbreviation in brackets written as
 * that abbreviation (인공지능(AI) 서울 정상회의 -> AI 서울 정상회의), or NULL
 * when it has none. */
int pk_ev_abbr_label(char **out, const char *s, size_t n)
{
	pk_buf b = PK_BUF_INIT;
	size_t i = 0, word = 0;
	int any = 0, rc;
	char *en = NULL;

	*out = NULL;
	while (i < n) {
		if (s[i] == '(') {
			size_t k = i + 1;

			while (k < n && ((s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z') || s[k] == '&'))
				k++;
			if (k < n && s[k] == ')' && k > i + 1 && i > word) {
				/* drop the word before, keep the abbreviation */
				b.len -= i - word;
				if (pk_buf_put(&b, s + i + 1, k - i - 1) < 0)
					goto nomem;
				i = k + 1;
				any = 1;
				continue;
			}
		}
		if (s[i] == ' ')
			word = i + 1;
		if (pk_buf_putc(&b, s[i]) < 0)
			goto nomem;
		i++;
	}
	if (any && b.len) {
		rc = pk_ev_clean(out, &en, b.ptr, b.len);
		free(en);
		pk_buf_free(&b);
		return rc;
	}
	pk_buf_free(&b);
	return 0;
nomem:
	pk_buf_free(&b);
	return PK_ENOMEM;
}

/* A name as people write it: without the quotes around it and without
 * bracketed asides (다우닝가(街) 합의(Downing Street Accord) -> 다우닝가 합의);
 * an English name in brackets goes to *en. */
int pk_ev_clean(char **ko, char **en, const char *s, size_t n)
{
	pk_buf out = PK_BUF_INIT;
	size_t i = 0, depth = 0, open = 0;
	int space = 0;

	*ko = NULL;
	if (en)
		*en = NULL;
	while (n && strchr(" '\"", s[0]))
		s++, n--;
	while (n && strchr(" '\"", s[n - 1]))
		n--;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '(') {
			if (depth++ == 0)
				open = i;
			continue;
		}
		if (c == ')' && depth) {
			if (--depth == 0 && en && !*en && pk_ev_is_latin_name(s + open + 1, i - open - 1))
				*en = pk_strndup(s + open + 1, i - open - 1);
			continue;
		}
		if (depth)
			continue;
		if (c == ' ') {
			space = 1;
			continue;
		}
		if (space && out.len && pk_buf_putc(&out, ' ') < 0)
			goto nomem;
		space = 0;
		if (pk_buf_putc(&out, c) < 0)
			goto nomem;
	}
	/* 「X」 alone: the brackets only quote */
	if (out.len >= 6 && strncmp(out.ptr, "「", 3) == 0 &&
	    strcmp(out.ptr + out.len - 3, "」") == 0 && !strstr(out.ptr + 3, "「")) {
		memmove(out.ptr, out.ptr + 3, out.len - 3);
		out.len -= 6;
		out.ptr[out.len] = '\0';
	}
	if (out.len == 0) {
		pk_buf_free(&out);
		return 0;
	}
	*ko = pk_buf_detach(&out);
	return 0;
nomem:
	pk_buf_free(&out);
	return PK_ENOMEM;
}

/* The first w at or after byte from that starts inside sentence sp (it
 * may run past its end).  Bounded by the sentence: strstr would read on to
 * the end of the text each time it finds nothing. */
const char *pk_ev_find(const pk_ev_state *st, const pk_span *sp, size_t from,
	const char *w)
{
	size_t n = strlen(w), to = sp->end + n - 1;

	if (to > st->dv->nt->len)
		to = st->dv->nt->len;
	if (from >= sp->end || to <= from)
		return NULL;
	return pk_mem_find(st->dv->nt->text + from, to - from, w, n);
}

char *pk_ev_slot_text(const pk_ev_state *st, const pk_slot *s)
{
	return s ? pk_strndup(st->dv->nt->text + s->start, s->end - s->start) : NULL;
}

/* The event class a name ends with (AI 글로벌 포럼 -> Forum). */
const char *pk_ev_class_of_name(const pk_ev_state *st, const char *name)
{
	size_t n = strlen(name), i;

	for (i = 0; i < n; i++) {
		const char *v;

		if (((unsigned char)name[i] & 0xC0) == 0x80)
			continue;
		v = pk_ruleset_lex(st->b->rs, PK_LEX_EVENT_CLASS, name + i, n - i);
		if (v)
			return v;
	}
	return NULL;
}


/* s without spaces and interpuncts, into st->scratch (pk_ev_same_squashed
 * compares these). */
int pk_ev_squash(pk_ev_state *st, const char *s)
{
	pk_buf_clear(&st->scratch);
	if (pk_buf_put(&st->scratch, "", 0) < 0)
		return PK_ENOMEM;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (s[0] == '\xC2' && s[1] == '\xB7') {
			s++;
			continue;
		}
		if (pk_buf_putc(&st->scratch, *s) < 0)
			return PK_ENOMEM;
	}
	return 0;
}

/* The next word of s (a run of non-spaces, as pk_ev_words_within reads
 * them) at or after *p; 0 at the end. */
size_t pk_ev_next_word(const char **p)
{
	*p += strspn(*p, " ");
	return strcspn(*p, " ");
}
