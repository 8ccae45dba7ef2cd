/*
 * replay.c - a main() for the harnesses of fuzz/ without libFuzzer: runs
 * LLVMFuzzerTestOneInput once on each file named (a directory: on each
 * file in it, sorted).  The normal build links every harness with it, so
 * the inputs that once crashed (fuzz/regress/) and the seed corpora are
 * replayed by the ordinary test suite, with gcc, under the sanitizer build
 * and under valgrind alike.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int pk_replay_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int pk_replay_file(const char *path)
{
	FILE *fh = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, n;
	int rc = 0;

	if (!fh) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			unsigned char *p = realloc(data, cap ? cap * 2 : 65536);

			if (!p) {
				rc = -1;
				goto out;
			}
			data = p;
			cap = cap ? cap * 2 : 65536;
		}
		n = fread(data + len, 1, cap - len, fh);
		if (n == 0)
			break;
		len += n;
	}
	if (ferror(fh)) {
		perror(path);
		rc = -1;
		goto out;
	}
	LLVMFuzzerTestOneInput(data, len);
out:
	free(data);
	fclose(fh);
	return rc;
}

static int pk_replay_path(const char *path, size_t *count)
{
	struct stat st;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	DIR *d;
	int rc = 0;

	if (stat(path, &st) != 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return pk_replay_file(path);
	}
	if (!(d = opendir(path))) {
		perror(path);
		return -1;
	}
	while ((de = readdir(d))) {
		char **v;
		size_t len;

		if (de->d_name[0] == '.')
			continue;
		v = realloc(names, (n + 1) * sizeof *names);
		len = strlen(path) + strlen(de->d_name) + 2;
		if (!v || !(v[n] = malloc(len))) {
			names = v ? v : names;
			rc = -1;
			goto out;
		}
		names = v;
		snprintf(names[n++], len, "%s/%s", path, de->d_name);
	}
	qsort(names, n, sizeof *names, pk_replay_cmp);
	for (i = 0; i < n && rc == 0; i++)
		rc = pk_replay_path(names[i], count);
out:
	closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		if (pk_replay_path(argv[i], &count) < 0)
			return 1;
	printf("%s: %zu inputs replayed\n", argv[0], count);
	return 0;
}
