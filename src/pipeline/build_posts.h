/*
 * build_posts.h - the graph stage's persons and posts (build_posts.c).
 */
#ifndef PK_BUILD_POSTS_H
#define PK_BUILD_POSTS_H

#include "pipeline/build_int.h"

/* The persons and posts of document d (its IRI) in dv. */
int pk_build_positions(pk_builder *b, const pk_docview *dv, const char *d);

#endif
