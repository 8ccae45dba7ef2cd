/*
 * version.c - the library's version and the names of its error codes.
 */
#include "policykg.h"

const char *pk_version(void)
{
	return PK_VERSION;
}

const char *pk_error_name(int code)
{
	switch (code) {
	case PK_OK: return "ok";
	case PK_ENOMEM: return "out of memory";
	case PK_EIO: return "input/output error";
	case PK_ERULES: return "broken rules";
	case PK_EINPUT: return "unusable input";
	case PK_ESTORE: return "store error";
	case PK_EQUERY: return "query error";
	case PK_EUSAGE: return "usage error";
	case PK_EBUSY: return "store is busy";
	case PK_ETOOL: return "external tool missing or failed";
	default: return "unknown error";
	}
}
