/*
 * store_pg.c - the PostgreSQL backend (postgresql://user@host[:port]/db).
 */
#include "store_int.h"

#include <string.h>

static int pk_pg_claims(const char *path)
{
	return strncmp(path, "postgresql://", 13) == 0 ||
		strncmp(path, "postgres://", 11) == 0;
}

static int pk_pg_open(pk_store *st, const char *path, int flags, double wait)
{
	PK_UNUSED(flags);
	PK_UNUSED(wait);
	pk_diag_emit(&st->log.diag, PK_SEV_ERROR, "%s: PostgreSQL stores are not supported yet", path);
	return PK_ESTORE;
}

static void pk_pg_close(pk_store *st)
{
	PK_UNUSED(st);
}

static int pk_pg_read_doc(pk_store *st, const pk_store_doc *doc, char **text, size_t *len)
{
	PK_UNUSED(st);
	PK_UNUSED(doc);
	*text = NULL;
	*len = 0;
	return PK_ESTORE;
}

static int pk_pg_apply(pk_store *st, pk_store_change *ch, size_t n)
{
	PK_UNUSED(st);
	PK_UNUSED(ch);
	PK_UNUSED(n);
	return PK_ESTORE;
}

static long pk_pg_documents(pk_store *st)
{
	PK_UNUSED(st);
	return -1;
}

static int pk_pg_open_graphs(pk_store *st)
{
	PK_UNUSED(st);
	return PK_ESTORE;
}

const pk_store_backend pk_store_backend_pg = {
	"postgresql",
	pk_pg_claims,
	pk_pg_open,
	pk_pg_close,
	pk_pg_read_doc,
	pk_pg_apply,
	pk_pg_documents,
	pk_pg_open_graphs,
};
