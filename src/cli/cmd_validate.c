/*
 * cmd_validate.c - `policykg validate FILE [--shapes FILE] [--format NAME]`:
 * check a graph (Turtle, N-Triples or N-Quads) against the SHACL shapes of
 * the ontology contract and print each violation.  Finds the shapes, the engine script (tools/) and its npm
 * packages; the work is pk_validate_file's.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void pk_validate_help(FILE *out)
{
	fprintf(out,
		"usage: policykg validate [OPTIONS] FILE\n"
		"\n"
		"Check the graph FILE (Turtle, N-Triples or N-Quads, as extract writes them;\n"
		"the named graphs of N-Quads as one graph, their union) against the SHACL\n"
		"shapes of the ontology contract (ontology/shapes.ttl), and print each\n"
		"violation as\n"
		"\n"
		"  FOCUS PATH [VALUE]: message\n"
		"\n"
		"then a summary line. The SHACL engine is rdf-validate-shacl, run by Node.js\n"
		"(node on PATH) from the npm packages that `bash scripts/bootstrap.sh test`\n"
		"installs into build/js/node_modules. They are looked up in\n"
		"$POLICYKG_NODE_MODULES, share/policykg/node_modules beside the installed\n"
		"binary, js/node_modules beside the binary in the build tree, then the source\n"
		"tree's tests/js/node_modules.\n"
		"\n"
		"Options:\n"
		"  -s, --shapes FILE    SHACL shapes in Turtle (default: the installed\n"
		"                       ontology/shapes.ttl)\n"
		"  -f, --format NAME    FILE's syntax: turtle, ntriples or nquads (default:\n"
		"                       from the name: .nt, .nq, else Turtle)\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Exit codes: 0 FILE conforms, 1 it violates the shapes, 2 usage,\n"
		"4 FILE or the shapes could not be read or parsed (FILE in its syntax, the\n"
		"shapes as Turtle),\n"
		"7 Node.js or the npm packages are missing.\n");
}

static int pk_validate_has_modules(const char *dir)
{
	char path[PATH_MAX];
	struct stat st;

	if (snprintf(path, sizeof path, "%s/rdf-validate-shacl/package.json", dir) >=
	    (int)sizeof path)
		return 0;
	if (stat(path, &st) != 0)
		return 0;
	if (snprintf(path, sizeof path, "%s/n3/package.json", dir) >= (int)sizeof path)
		return 0;
	return stat(path, &st) == 0;
}

/* The node_modules directory to use, or NULL (each place tried is listed
 * in tried).  $POLICYKG_NODE_MODULES is taken as it is, to be reported
 * if it lacks the packages. */
static const char *pk_validate_node_modules(char *buf, size_t len,
	char *tried, size_t tlen)
{
	const char *env = getenv("POLICYKG_NODE_MODULES");
	char exe[PATH_MAX];
	char *slash;
	ssize_t n;
	size_t used = 0;
	int i;

	tried[0] = '\0';
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return buf;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
	} else {
		exe[0] = '\0';
	}
	for (i = 0; i < 3; i++) {
		if (i == 0 && exe[0])
			snprintf(buf, len, "%s/../share/policykg/node_modules", exe);
		else if (i == 1 && exe[0])
			snprintf(buf, len, "%s/js/node_modules", exe);
		else if (i == 2)
			snprintf(buf, len, "%s/tests/js/node_modules", PK_SOURCE_DIR);
		else
			continue;
		if (pk_validate_has_modules(buf))
			return buf;
		if (used < tlen) {
			int w = snprintf(tried + used, tlen - used, "\n  %s", buf);
			if (w > 0)
				used += (size_t)w;
		}
	}
	return NULL;
}

int pk_cmd_validate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "shapes", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	pk_validate_options opts = PK_VALIDATE_OPTIONS_INIT;
	char shapes[PATH_MAX], tools[PATH_MAX], tool[PATH_MAX], modules[PATH_MAX];
	char ontology[PATH_MAX], tried[4 * PATH_MAX];
	pk_cli_diag dstate;
	pk_diag diag;
	int c, rc, conforms = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "s:f:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 's': opts.shapes = optarg; break;
		case 'f': opts.syntax = optarg; break;
		case 'h': pk_validate_help(stdout); return PK_EXIT_OK;
		case 'V': printf("policykg %s\n", pk_version()); return PK_EXIT_OK;
		default: pk_validate_help(stderr); return PK_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		pk_cli_usage_error("validate", "give one FILE");
		return PK_EXIT_USAGE;
	}
	if (opts.syntax && !pk_store_syntax_known(opts.syntax)) {
		pk_cli_usage_error("validate", "unknown format '%s' (turtle, ntriples, nquads)",
			opts.syntax);
		return PK_EXIT_USAGE;
	}
	if (!opts.shapes) {
		snprintf(shapes, sizeof shapes, "%s/shapes.ttl",
			pk_cli_data_dir("ontology", ontology, sizeof ontology));
		opts.shapes = shapes;
	}
	snprintf(tool, sizeof tool, "%s/shacl-validate.mjs",
		pk_cli_data_dir("tools", tools, sizeof tools));
	opts.tool = tool;
	opts.node_modules = pk_validate_node_modules(modules, sizeof modules,
		tried, sizeof tried);
	if (!opts.node_modules) {
		fprintf(stderr,
			"policykg: error: validate: the npm packages of the SHACL engine (n3,\n"
			"rdf-validate-shacl) are not installed. Looked in:%s\n"
			"Install them with `bash scripts/bootstrap.sh test` (into build/js), or\n"
			"`npm ci` in a copy of tests/js/ (package.json, package-lock.json) and\n"
			"POLICYKG_NODE_MODULES=that/node_modules.\n", tried);
		return PK_EXIT_TOOL;
	}
	pk_cli_diag_init(&diag, &dstate, 0);
	rc = pk_validate_file(&conforms, argv[optind], &opts, stdout, &diag);
	if (pk_cli_stdout_done(rc < 0 ? errno : 0) < 0)
		return PK_EXIT_IO;
	if (rc == PK_ETOOL) {
		fprintf(stderr,
			"policykg: validate needs Node.js (`node` on PATH; Debian: apt-get install\n"
			"nodejs npm) and the npm packages in %s\n"
			"(`bash scripts/bootstrap.sh test` installs both).\n", opts.node_modules);
		return PK_EXIT_TOOL;
	}
	if (rc == PK_EINPUT || rc == PK_EIO)
		return PK_EXIT_IO;
	if (rc < 0)
		return pk_cli_exit_for(rc);
	return conforms ? PK_EXIT_OK : PK_EXIT_VIOLATIONS;
}
