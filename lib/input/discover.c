/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "input/archive.h"
#include "input/custody.h"
#include "input/discover.h"
#include "input/reader.h"

#define MAX_DEPTH	64

static struct st_file *
new_file(const struct st_discover *d, struct st_files *fl, const char *path,
    enum st_kind forced)
{
	struct st_file *f = st_files_add(fl, path);

	f->rel = d->rel;
	f->forced = forced != ST_KIND_OTHER;
	f->kind = forced;
	return f;
}

/* Tell f's kind from the first bytes in holds. */
static void
sniff_input(const struct st_discover *d, struct st_file *f,
    struct st_reader *in)
{
	const char *head, *why = NULL;
	enum st_kind kind;
	size_t n;

	n = st_reader_peek(in, ST_DISCOVER_HEAD, &head);
	f->gzip = st_reader_is_gzip(in);
	kind = d->sniff(d->ctx, f, head, n, &why);
	if (n == 0 && *st_reader_error(in))
		st_file_error(f, "%s", st_reader_error(in));
	else if (f->kind == ST_KIND_OTHER)	/* not forced */
		f->kind = kind;
	if (f->kind == ST_KIND_OTHER && f->error == NULL)
		st_file_skip(f, "%s", why ? why : "not a log");
}

static void
sniff_file(const struct st_discover *d, struct st_file *f, int stream)
{
	char err[256];
	struct st_reader *in;

	f->stream = stream;
	if ((in = st_file_open(f, err, sizeof(err))) == NULL) {
		st_file_error(f, "%s", err);
		return;
	}
	if (stream && d->hash)
		st_reader_hash(in);
	sniff_input(d, f, in);
	if (stream && f->kind != ST_KIND_OTHER)
		f->held = in;		/* cannot be opened twice */
	else
		st_reader_close(in);
}

static struct st_file *
new_member(const struct st_discover *d, struct st_files *fl,
    const struct st_file *f, const struct st_member *m,
    const struct st_archive_index *ix)
{
	struct sbuf name = SBUF_INIT;
	struct st_file *mf;

	sb_addf(&name, "%s%s%s", f->path, ARCHIVE_SEP,
	    m->name + (*m->name == '/'));
	mf = new_file(d, fl, sb_str(&name), ST_KIND_OTHER);
	sb_release(&name);
	mf->archive = st_strdup(f->path);
	mf->disk = f->archive ? f->disk : f->path;
	mf->nested = f->nested;
	mf->inner = st_strdup(m->name);
	mf->at.ix = ix;
	mf->at.index = m->index;
	mf->at.offset = m->offset;
	mf->at.name = mf->inner;
	mf->at.in = f->archive ? &f->at : NULL;
	mf->size = m->size;
	mf->mtime_sec = m->mtime;
	mf->uid = m->uid;
	mf->uname = m->uname && *m->uname ? st_strdup(m->uname) : NULL;
	return mf;
}

static void
sniff_member(const struct st_discover *d, struct st_file *mf,
    struct st_archive *a)
{
	struct st_reader *in = st_reader_open_archive(a);

	/* Hashed now, while the archive streams past: found again later,
	 * each member would cost a seek. */
	if (d->hash)
		st_reader_hash(in);
	sniff_input(d, mf, in);
	if (d->hash && st_reader_sha256(in, mf->sha256) < 0)
		mf->sha256[0] = '\0';
	st_reader_close(in);
}

/*
 * Does any folder of name bear a host's top-level name?  Below
 * CatScale's catscale_out/ only: the folder it ran in may be /tmp.
 */
static int
host_path(const char *name)
{
	static const char *const top[] = { "[root]", "uploads", "var", "etc",
	    "home", "root", "tmp", "srv", "opt", "usr", "run", "dev" };
	const char *p = name, *slash, *cat;
	size_t i;

	for (cat = name; (cat = strstr(cat, "catscale_out/")) != NULL; cat++)
		if (cat == name || cat[-1] == '/')
			p = cat + strlen("catscale_out/");

	for (; (slash = strchr(p, '/')) != NULL; p = slash + 1)
		for (i = 0; i < sizeof(top) / sizeof(*top); i++)
			if ((size_t)(slash - p) == strlen(top[i]) &&
			    memcmp(p, top[i], strlen(top[i])) == 0)
				return 1;
	return 0;
}

/*
 * Why a member named as an archive is not opened, or NULL to open it.
 * Only the collector's own packing is opened (CatScale's
 * Logs/HOST-var-log.tar.gz): an archive among the host's files could
 * be anyone's, planted there to be read as evidence.
 */
static const char *
inner_refused(const struct st_member *m, int depth)
{
	if (depth >= ST_ARCHIVE_DEPTH)
		return "an archive nested too deep: not opened";
	if (host_path(m->name))
		return "an archive among the host's own files: not opened (it "
		    "could have been planted)";
	return NULL;
}

static void	members(const struct st_discover *, struct st_files *,
		    struct st_file *, struct st_archive *, struct st_member *,
		    const struct st_archive_index *, int);

/* The archive in a's current entry, read as it streams past. */
static void
walk_inner(const struct st_discover *d, struct st_files *fl,
    struct st_file *mf, struct st_archive *a, int depth)
{
	struct st_archive *in = st_archive_open_inner(a);
	struct st_member m = { 0 };
	char err[256] = "";
	int rc = in ? st_archive_next(in, &m, err, sizeof(err)) : -1;

	if (rc <= 0)
		st_file_skip(mf, "named as an archive but none that can be "
		    "read%s%s", *err ? ": " : "", err);
	else {
		mf->is_archive = 1;
		members(d, fl, mf, in, &m, NULL, depth);
	}
	st_archive_close(in);
}

/* Each entry of a from m on is a file of its own: sniffed, or opened. */
static void
members(const struct st_discover *d, struct st_files *fl, struct st_file *f,
    struct st_archive *a, struct st_member *m,
    const struct st_archive_index *ix, int depth)
{
	struct st_file *mf;
	const char *why;
	char err[256];
	size_t found = 0;
	int rc = 1;

	for (; rc == 1; rc = st_archive_next(a, m, err, sizeof(err))) {
		if (m->dir)
			continue;
		found++;
		mf = new_member(d, fl, f, m, ix);
		if (!m->regular)
			st_file_skip(mf, "not a regular file");
		else if (st_archive_ext(m->name, strlen(m->name)) == 0)
			sniff_member(d, mf, a);
		else if ((why = inner_refused(m, depth)) != NULL)
			st_file_skip(mf, "%s", why);
		else
			walk_inner(d, fl, mf, a, depth + 1);
	}
	/* Members read before the damage: damaged, not unread. */
	if (rc < 0 && found)
		st_file_warn(f, "%s, after %zu member%s", err, found,
		    found == 1 ? "" : "s");
	else if (rc < 0)
		st_file_error(f, "%s", err);
}

/*
 * A file that is no log may be an archive of them: each member is then
 * a file of its own, sniffed while the archive passes by.
 */
static int
walk_archive(const struct st_discover *d, struct st_files *fl,
    struct st_file *f)
{
	struct st_archive_index *ix = st_archive_index_new();
	struct st_archive *a = st_archive_open(f->path, f->nested, ix);
	struct st_member m = { 0 };
	char err[256];

	/* An archive without entries (a gzip of zeros reads as an empty
	 * tar) is no archive of logs: it is sniffed like any file. */
	if (a == NULL || st_archive_next(a, &m, err, sizeof(err)) <= 0) {
		st_archive_close(a);
		st_archive_index_free(ix);
		return 0;
	}
	f->is_archive = 1;
	f->aix = ix;
	members(d, fl, f, a, &m, ix, 0);
	st_archive_close(a);
	return 1;
}

static const char *
type_name(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISLNK(m))
		return "a symbolic link (not followed)";
	return "not a regular file";
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add_file(const struct st_discover *d, struct st_files *fl, const char *path,
    const struct stat *st, enum st_kind forced, int nested)
{
	struct st_file *f = new_file(d, fl, path, forced);

	f->nested = nested;

	if (!S_ISREG(st->st_mode)) {
		st_file_skip(f, "%s", type_name(st->st_mode));
		return;
	}
	f->size = (uint64_t)st->st_size;
	f->uid = (long long)st->st_uid;
	f->mtime_sec = st->st_mtim.tv_sec;
	f->mtime_nsec = st->st_mtim.tv_nsec;
	if (f->forced || !walk_archive(d, fl, f))
		sniff_file(d, f, 0);
}

static void walk(const struct st_discover *, struct st_files *, const char *,
    enum st_kind, int);

/* One directory entry found while walking: never follow links. */
static void
visit(const struct st_discover *d, struct st_files *fl, const char *path,
    enum st_kind forced, int depth)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		st_file_error(st_files_add(fl, path), "%s", strerror(errno));
	else if (S_ISDIR(st.st_mode))
		walk(d, fl, path, forced, depth + 1);
	else
		add_file(d, fl, path, &st, forced, 1);
}

static void
walk(const struct st_discover *d, struct st_files *fl, const char *dir,
    enum st_kind forced, int depth)
{
	DIR *dp;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct sbuf path = SBUF_INIT;
	struct st_file *f;

	if (depth > MAX_DEPTH || (dp = st_custody_opendir(dir, depth > 0)) == NULL) {
		f = st_files_add(fl, dir);
		st_file_error(f, "%s", depth > MAX_DEPTH ?
		    "directories nested too deep" : strerror(errno));
		return;
	}
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		names = st_grow(names, &cap, n + 1, sizeof(*names));
		names[n++] = st_strdup(de->d_name);
	}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		sb_clear(&path);
		sb_addf(&path, "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		visit(d, fl, sb_str(&path), forced, depth);
		free(names[i]);
	}
	free(names);
	sb_release(&path);
}

void
st_discover(const struct st_discover *given, struct st_files *fl,
    const char *path, enum st_kind forced)
{
	struct st_discover walking = *given, *d = &walking;
	struct stat st;
	int ok = stat(path, &st) == 0;

	walking.rel = strlen(path);
	if (strcmp(path, "-") == 0 || (ok && (S_ISFIFO(st.st_mode) ||
	    S_ISCHR(st.st_mode))))
		sniff_file(d, new_file(d, fl, path, forced), 1);
	else if (!ok)
		st_file_error(st_files_add(fl, path), "%s", strerror(errno));
	else if (S_ISDIR(st.st_mode))
		walk(d, fl, path, forced, 0);
	else
		add_file(d, fl, path, &st, forced, 0);
}
