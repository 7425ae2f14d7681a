/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "base/sbuf.h"
#include "input/custody.h"
#include "input/reader.h"

/*
 * O_NOATIME keeps even the access time of the evidence as it was; the
 * kernel allows it only to the file's owner (or root), and says EPERM
 * to anyone else, who then reads without it.
 */
static int
open_evidence(const char *path, int flags, int nofollow)
{
	int fd;

	flags |= O_RDONLY | O_NOCTTY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0);
	if ((fd = open(path, flags | O_NOATIME)) < 0 && errno == EPERM)
		fd = open(path, flags);
	return fd;
}

int
st_custody_open(const char *path, int nofollow)
{
	if (strcmp(path, "-") == 0)
		return fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);
	return open_evidence(path, 0, nofollow);
}

DIR *
st_custody_opendir(const char *path, int nofollow)
{
	int fd = open_evidence(path, O_DIRECTORY, nofollow);
	DIR *d;

	if (fd < 0)
		return NULL;
	if ((d = fdopendir(fd)) == NULL)
		close(fd);
	return d;
}

static FILE *
create(const char *path, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | flags,
	    0644);
	FILE *fp;

	if (fd < 0)
		return NULL;
	if ((fp = fdopen(fd, "w")) == NULL)
		close(fd);
	return fp;
}

FILE *
st_custody_create(const char *path)
{
	return create(path, O_TRUNC);
}

FILE *
st_custody_create_new(const char *path)
{
	return create(path, O_EXCL);
}

int
st_custody_mkdirs(const char *path)
{
	char *p, *s;
	int rc = 0;

	if (*path == '\0') {
		errno = ENOENT;
		return -1;
	}
	p = st_strdup(path);
	for (s = p + 1; rc == 0 && (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0755) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/*
 * The absolute path out will have once made, components that exist
 * resolved as the kernel will (links, ".."), the others taken as
 * written: "nothere/../ev/out" is "ev/out", inside the evidence, once
 * mkdir -p has made nothere.  NULL when an existing part cannot be
 * resolved (errno set).
 */
static char *
resolve(const char *out)
{
	struct sbuf cur = SBUF_INIT;
	const char *p = out, *e;
	struct stat st;
	char *real, *slash;
	size_t n;

	if (*out == '/')
		sb_adds(&cur, "/");
	else if ((real = realpath(".", NULL)) != NULL) {
		sb_adds(&cur, real);
		free(real);
	} else
		return NULL;
	for (; *p; p = *e ? e + 1 : e) {
		e = strchr(p, '/') ? strchr(p, '/') : p + strlen(p);
		n = (size_t)(e - p);
		if (n == 0 || (n == 1 && *p == '.'))
			continue;
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if ((slash = strrchr(cur.s, '/')) != NULL)
				cur.len = slash == cur.s ? 1 : (size_t)(slash - cur.s);
			cur.s[cur.len] = '\0';
			continue;
		}
		if (cur.len > 1)
			sb_addc(&cur, '/');
		sb_add(&cur, p, n);
		if (lstat(cur.s, &st) == 0) {
			if ((real = realpath(cur.s, NULL)) == NULL) {
				sb_release(&cur);
				return NULL;
			}
			sb_clear(&cur);
			sb_adds(&cur, real);
			free(real);
		}
	}
	return sb_detach(&cur);
}

static int
inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return 1;
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

int
st_custody_check_output(const char *out, const char *const *inputs, size_t n,
    char *err, size_t errlen)
{
	char *abs, *in;
	struct stat so, si;
	int exists, rc = 0;
	size_t i;

	if (*out == '\0' || (abs = resolve(out)) == NULL) {
		snprintf(err, errlen, "'%s': %s", out, *out ? strerror(errno) :
		    "an empty path");
		return -1;
	}
	exists = stat(abs, &so) == 0;
	/* Another name of the same file may be evidence: a hard link. */
	if (exists && S_ISREG(so.st_mode) && so.st_nlink > 1)
		rc = snprintf(err, errlen, "%s: will not write over a file "
		    "with other names (%ju links): one may be evidence", out,
		    (uintmax_t)so.st_nlink);
	for (i = 0; i < n && rc == 0; i++) {
		if (strcmp(inputs[i], "-") == 0 || stat(inputs[i], &si) < 0 ||
		    (in = realpath(inputs[i], NULL)) == NULL)
			continue;
		if (S_ISDIR(si.st_mode) && inside(abs, in))
			rc = snprintf(err, errlen, "%s: will not write inside "
			    "the evidence directory %s", out, inputs[i]);
		else if (strcmp(abs, in) == 0 || (exists && so.st_dev ==
		    si.st_dev && so.st_ino == si.st_ino))
			rc = snprintf(err, errlen, "%s: will not write over the "
			    "evidence file %s", out, inputs[i]);
		free(in);
	}
	free(abs);
	return rc ? -1 : 0;
}

int
st_custody_same_output(const char *a, const char *b)
{
	char *ra = resolve(a), *rb = resolve(b);
	int same = ra && rb && strcmp(ra, rb) == 0;

	free(ra);
	free(rb);
	return same;
}

/* Hash a file not read in full while running. */
static void
hash_now(struct st_file *f)
{
	struct st_reader *in;
	char err[256];

	if (f->stream || (in = st_file_open(f, err, sizeof(err))) ==
	    NULL)
		return;
	st_reader_hash(in);
	if (st_reader_sha256(in, f->sha256) < 0)
		f->sha256[0] = '\0';
	st_reader_close(in);
}

static const char *
kind_name(const struct st_file *f)
{
	if (f->is_archive)
		return "archive";
	if (f->skipped)
		return "skipped";
	return f->kind == ST_KIND_AUDIT ? "audit" : f->kind == ST_KIND_ACCESS ?
	    "access" : "other";
}

/* The file's size or time now differ from when it was found. */
static int
changed(const struct st_file *f)
{
	struct stat st;

	if (f->stream || stat(f->path, &st) < 0)
		return 0;
	return (uint64_t)st.st_size != f->size ||
	    st.st_mtim.tv_sec != f->mtime_sec ||
	    st.st_mtim.tv_nsec != f->mtime_nsec;
}

size_t
st_custody_manifest(FILE *fp, struct st_files *fl, const struct st_tz *tz)
{
	struct sbuf b = SBUF_INIT;
	struct st_file *f;
	size_t i, bad = 0;

	fputs("sha256\tbytes\tmtime\tkind\tpath\n", fp);
	for (i = 0; i < fl->n; i++) {
		f = fl->v[i];
		if (f->sha256[0] == '\0')
			hash_now(f);
		f->changed = changed(f);
		bad += f->sha256[0] == '\0' || f->changed;
		sb_clear(&b);
		if (f->mtime_sec || f->mtime_nsec)
			st_time_iso(&b, f->mtime_sec, (unsigned)(f->mtime_nsec /
			    1000000), tz);
		fprintf(fp, "%s\t%llu\t%s\t%s%s\t", f->sha256[0] ? f->sha256 :
		    "-", (unsigned long long)f->size, b.len ? b.s : "-",
		    kind_name(f), f->changed ? ",changed" : "");
		sb_clear(&b);
		st_escape(&b, f->name, strlen(f->name));
		fprintf(fp, "%s\n", sb_str(&b));
	}
	sb_release(&b);
	return bad;
}
