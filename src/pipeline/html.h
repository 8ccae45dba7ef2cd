/*
 * html.h - turning an HTML page (or fragment) into plain text.
 *
 * Tags are dropped, <script>, <style> and comments with their content,
 * entities are decoded (named, decimal, hex; bad ones become U+FFFD),
 * and block-level tags (p, div, br, tr, li, h1-h6, table ...) become line
 * breaks.  Text outside any markup is kept as it is.
 */
#ifndef PK_HTML_H
#define PK_HTML_H

#include <stddef.h>

#include "base/util.h"

/* Nonzero when s looks like HTML (block tags or a doctype). */
int pk_html_detect(const char *s, size_t len);

/* Append the text of s to out (valid UTF-8 in, valid UTF-8 out).
 * Never fails on bad markup: an unterminated tag or <script> runs to the
 * end of the input.  Returns 0 or PK_ENOMEM. */
int pk_html_to_text(pk_buf *out, const char *s, size_t len);

#endif
