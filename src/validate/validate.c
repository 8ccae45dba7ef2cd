/*
 * validate.c - checks a graph against SHACL shapes (the ontology contract,
 * ontology/shapes.ttl) by running an external SHACL engine.
 *
 * The engine is tools/shacl-validate.mjs under Node.js: N3.js parses the
 * shapes strictly as Turtle and the data as Turtle, N-Triples or N-Quads
 * (the named graphs merged into one), and rdf-validate-shacl validates
 * (why that engine: docs/output.md, "Validation").  This stage spawns
 * `node TOOL SHAPES DATA SYNTAX` with NODE_PATH set to the npm packages, copies
 * the engine's report (stdout) to the caller and turns its messages
 * (stderr, "FILE:LINE: message") into diagnostics, and its exit status
 * into conforms / an error code.
 */
#include "base/util.h"
#include "rdf/parse.h"

#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The engine's exit codes (tools/shacl-validate.mjs). */
enum {
	PK_VALIDATE_TOOL_CONFORMS = 0,
	PK_VALIDATE_TOOL_VIOLATIONS = 1,
	PK_VALIDATE_TOOL_DATA = 2,    /* the data cannot be read or parsed */
	PK_VALIDATE_TOOL_SHAPES = 3,  /* the shapes cannot be read, parsed or used */
	PK_VALIDATE_TOOL_MODULES = 4  /* npm packages missing */
};

/* The npm packages the engine imports. */
static const char *const pk_validate_packages[] = { "n3", "rdf-validate-shacl" };

static int pk_validate_readable(const char *path, const char *what,
	const pk_diag *diag)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		return PK_EIO;
	}
	if (S_ISDIR(st.st_mode)) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: is a directory, not %s", path, what);
		return PK_EIO;
	}
	if (access(path, R_OK) != 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: %s", path, strerror(errno));
		return PK_EIO;
	}
	return 0;
}

static int pk_validate_check_tool(const pk_validate_options *opts,
	const pk_diag *diag)
{
	pk_buf p = PK_BUF_INIT;
	struct stat st;
	size_t i;
	int rc = 0;

	if (access(opts->tool, R_OK) != 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "%s: the SHACL engine script: %s",
			opts->tool, strerror(errno));
		return PK_ETOOL;
	}
	for (i = 0; i < PK_ARRAY_LEN(pk_validate_packages); i++) {
		pk_buf_clear(&p);
		if (pk_path_join(&p, opts->node_modules, pk_validate_packages[i]) < 0 ||
		    pk_buf_puts(&p, "/package.json") < 0) {
			rc = PK_ENOMEM;
			goto out;
		}
		if (stat(p.ptr, &st) != 0) {
			pk_diag_emit(diag, PK_SEV_ERROR,
				"%s: the npm package %s is not installed there",
				opts->node_modules, pk_validate_packages[i]);
			rc = PK_ETOOL;
			goto out;
		}
	}
out:
	pk_buf_free(&p);
	return rc;
}

/* environ with NODE_PATH replaced by node_modules; the strings but the
 * new one are borrowed.  *owned is that one, for the caller to free. */
static char **pk_validate_env(char **owned, const char *node_modules)
{
	pk_buf nodepath = PK_BUF_INIT;
	size_t n = 0, i, j = 0;
	char **env;

	*owned = NULL;
	while (environ && environ[n])
		n++;
	env = calloc(n + 2, sizeof *env);
	if (!env || pk_buf_printf(&nodepath, "NODE_PATH=%s", node_modules) < 0) {
		free(env);
		pk_buf_free(&nodepath);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "NODE_PATH=", 10) != 0)
			env[j++] = environ[i];
	*owned = pk_buf_detach(&nodepath);
	env[j++] = *owned;
	env[j] = NULL;
	return env;
}

static void pk_validate_close(int fds[2])
{
	int i;

	for (i = 0; i < 2; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* Each line of the engine's stderr as an error diagnostic. */
static void pk_validate_relay(const pk_buf *err, const pk_diag *diag)
{
	const char *s = err->ptr, *nl;

	while (s && *s) {
		nl = strchr(s, '\n');
		if (nl == NULL)
			nl = s + strlen(s);
		if (nl > s)
			pk_diag_emit(diag, PK_SEV_ERROR, "%.*s", (int)(nl - s), s);
		s = *nl ? nl + 1 : nl;
	}
}

/* Read the child's stdout (copied to report) and stderr (kept in err)
 * until both are closed. */
static int pk_validate_drain(int outfd, int errfd, FILE *report, pk_buf *err)
{
	struct pollfd fds[2];
	char chunk[8192];
	ssize_t n;
	int open_fds = 2, i;

	fds[0].fd = outfd;
	fds[1].fd = errfd;
	fds[0].events = fds[1].events = POLLIN;
	while (open_fds > 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return PK_ETOOL;
		}
		for (i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(fds[i].fd, chunk, sizeof chunk);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 0) {
				if (report)
					fwrite(chunk, 1, (size_t)n, report);
			} else if (pk_buf_put(err, chunk, (size_t)n) < 0) {
				return PK_ENOMEM;
			}
		}
	}
	return 0;
}

int pk_validate_file(int *conforms, const char *data_path,
	const pk_validate_options *opts, FILE *report, const pk_diag *diag)
{
	const char *node, *syntax;
	char *argv[6];
	char **env = NULL;
	char *nodepath = NULL;
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	posix_spawn_file_actions_t fa;
	int fa_init = 0, status, rc, err;
	pid_t pid = -1;
	pk_buf errors = PK_BUF_INIT;

	assert(conforms && data_path && opts && opts->shapes && opts->tool &&
		opts->node_modules);
	*conforms = 0;
	syntax = opts->syntax ? opts->syntax : pk_parse_guess(data_path);
	if (strcmp(syntax, "turtle") != 0 && strcmp(syntax, "ntriples") != 0 &&
	    strcmp(syntax, "nquads") != 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "validate: unknown RDF syntax '%s' "
			"(turtle, ntriples, nquads)", syntax);
		return PK_EUSAGE;
	}
	if ((rc = pk_validate_readable(data_path, "an RDF file", diag)) < 0 ||
	    (rc = pk_validate_readable(opts->shapes, "a Turtle file of SHACL shapes", diag)) < 0 ||
	    (rc = pk_validate_check_tool(opts, diag)) < 0)
		return rc;

	node = opts->node ? opts->node : "node";
	argv[0] = (char *)node;
	argv[1] = (char *)opts->tool;
	argv[2] = (char *)opts->shapes;
	argv[3] = (char *)data_path;
	argv[4] = (char *)syntax;
	argv[5] = NULL;
	env = pk_validate_env(&nodepath, opts->node_modules);
	if (!env) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (pipe(outp) != 0 || pipe(errp) != 0) {
		pk_diag_emit(diag, PK_SEV_ERROR, "validate: pipe: %s", strerror(errno));
		rc = PK_ETOOL;
		goto out;
	}
	if (posix_spawn_file_actions_init(&fa) != 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	fa_init = 1;
	if (posix_spawn_file_actions_adddup2(&fa, outp[1], STDOUT_FILENO) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, errp[1], STDERR_FILENO) != 0 ||
	    posix_spawn_file_actions_addclose(&fa, outp[0]) != 0 ||
	    posix_spawn_file_actions_addclose(&fa, errp[0]) != 0 ||
	    posix_spawn_file_actions_addclose(&fa, outp[1]) != 0 ||
	    posix_spawn_file_actions_addclose(&fa, errp[1]) != 0) {
		rc = PK_ENOMEM;
		goto out;
	}
	if (report)
		fflush(report);
	err = posix_spawnp(&pid, node, &fa, NULL, argv, env);
	if (err != 0) {
		pid = -1;
		pk_diag_emit(diag, PK_SEV_ERROR, "cannot run %s (Node.js): %s", node,
			strerror(err));
		rc = PK_ETOOL;
		goto out;
	}
	close(outp[1]);
	close(errp[1]);
	outp[1] = errp[1] = -1;
	rc = pk_validate_drain(outp[0], errp[0], report, &errors);
	if (rc < 0)
		goto out; /* the child is stopped there */
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			pk_diag_emit(diag, PK_SEV_ERROR, "validate: waitpid: %s", strerror(errno));
			rc = PK_ETOOL;
			goto out;
		}
	}
	pid = -1;
	if (report)
		fflush(report);
	if (WIFEXITED(status)) {
		switch (WEXITSTATUS(status)) {
		case PK_VALIDATE_TOOL_CONFORMS:
			*conforms = 1;
			break;
		case PK_VALIDATE_TOOL_VIOLATIONS:
			break;
		case PK_VALIDATE_TOOL_DATA:
		case PK_VALIDATE_TOOL_SHAPES:
			pk_validate_relay(&errors, diag);
			rc = PK_EINPUT;
			break;
		case PK_VALIDATE_TOOL_MODULES:
			pk_validate_relay(&errors, diag);
			rc = PK_ETOOL;
			break;
		default:
			pk_validate_relay(&errors, diag);
			pk_diag_emit(diag, PK_SEV_ERROR, "%s %s: failed (exit %d)", node,
				opts->tool, WEXITSTATUS(status));
			rc = PK_ETOOL;
			break;
		}
	} else {
		pk_validate_relay(&errors, diag);
		pk_diag_emit(diag, PK_SEV_ERROR, "%s %s: killed by signal %d", node,
			opts->tool, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		rc = PK_ETOOL;
	}
out:
	if (pid > 0) {
		kill(pid, SIGTERM);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (fa_init)
		posix_spawn_file_actions_destroy(&fa);
	pk_validate_close(outp);
	pk_validate_close(errp);
	free(nodepath);
	free(env);
	pk_buf_free(&errors);
	return rc;
}
