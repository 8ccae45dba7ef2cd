/*
 * build_events.h - the graph stage's events and agreements
 * (build_events.c).
 */
#ifndef PK_BUILD_EVENTS_H
#define PK_BUILD_EVENTS_H

#include "pipeline/build_int.h"

/* Agreements, events, their dates and places, of document d (its IRI). */
int pk_build_events(pk_builder *b, const pk_docview *dv, const char *d);

#endif
