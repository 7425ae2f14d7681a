/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/alloc.h"
#include "input/archive.h"
#include "input/custody.h"
#include "input/gzindex.h"

#define BLOCK	(64 * 1024)

enum how {
	BY_WALK,		/* a compression we cannot enter midway */
	BY_OFFSET,		/* no compression: a header's file offset */
	BY_GZIP,		/* gzip: an offset in the inflated stream */
};

struct st_archive_index {
	enum how	 how;
	struct st_gzindex *gz;
};

struct st_archive {
	struct archive	*a;
	int		 fd;		/* -1 once gz owns it */
	struct st_gzread *gz;		/* inflating a tar.gz ourselves */
	struct st_archive_index *ix;	/* filled by this pass, or NULL */
	struct st_archive *outer;	/* an archive inside: read from it */
	int		 outer_owned;
	uint64_t	 inside;	/* bytes of entries seen, inside one */
	int		 headers;	/* read so far */
	unsigned char	 buf[BLOCK];
};

size_t
st_archive_ext(const char *name, size_t n)
{
	static const char *const ext[] = { ".tar.gz", ".tar.xz", ".tar.zst",
	    ".tar.bz2", ".tgz", ".txz", ".tzst", ".tbz2", ".tar", ".zip" };
	size_t i, k;

	for (i = 0; i < sizeof(ext) / sizeof(*ext); i++) {
		k = strlen(ext[i]);
		if (n > k && strncasecmp(name + n - k, ext[i], k) == 0)
			return k;
	}
	return 0;
}

struct st_archive_index *
st_archive_index_new(void)
{
	return st_calloc(1, sizeof(struct st_archive_index));
}

void
st_archive_index_free(struct st_archive_index *ix)
{
	if (ix == NULL)
		return;
	st_gzindex_free(ix->gz);
	free(ix);
}

/*
 * Only the decompressors built into libarchive: for the others (lrzip,
 * lzop, grzip ...) it would run a program found in PATH on the
 * evidence.  A filter that needs one says so by ARCHIVE_WARN, and is
 * then registered anyway: each is tried on a scratch reader first.
 */
static void
builtin_filters(struct archive *a)
{
	static int (*const filter[])(struct archive *) = {
		archive_read_support_filter_gzip,
		archive_read_support_filter_bzip2,
		archive_read_support_filter_xz,
		archive_read_support_filter_lzma,
		archive_read_support_filter_lzip,
		archive_read_support_filter_zstd,
		archive_read_support_filter_lz4,
		archive_read_support_filter_compress,
	};
	struct archive *probe;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(filter) / sizeof(*filter); i++) {
		if ((probe = archive_read_new()) == NULL)
			abort();
		rc = filter[i](probe);
		archive_read_free(probe);
		if (rc == ARCHIVE_OK)
			filter[i](a);
	}
}

static struct archive *
reader(int compressed)
{
	struct archive *a = archive_read_new();

	if (a == NULL)
		abort();
	if (compressed)
		builtin_filters(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	/* The streaming zip reader: its headers' offsets can be gone back to. */
	archive_read_support_format_zip_streamable(a);
	return a;
}

static la_ssize_t
gz_read(struct archive *a, void *ctx, const void **buf)
{
	struct st_archive *x = ctx;
	long n = st_gzread(x->gz, x->buf, sizeof(x->buf));

	if (n < 0) {
		archive_set_error(a, EIO, "%s", st_gzread_error(x->gz));
		return -1;
	}
	*buf = x->buf;
	return n;
}

/* A tar.gz read through our own inflater, from offset at. */
static int
open_gz(struct st_archive *x, struct st_gzindex *gz, uint64_t at, int build)
{
	if ((x->gz = st_gzread_open(x->fd, gz, at, build)) == NULL)
		return -1;
	x->fd = -1;
	x->a = reader(0);
	return archive_read_open(x->a, x, NULL, gz_read, NULL) == ARCHIVE_OK ?
	    0 : -1;
}

static la_ssize_t
outer_read(struct archive *a, void *ctx, const void **buf)
{
	struct st_archive *x = ctx;
	long n = st_archive_read(x->outer, x->buf, sizeof(x->buf));

	if (n < 0) {
		archive_set_error(a, EIO, "%s", st_archive_error(x->outer));
		return -1;
	}
	*buf = x->buf;
	return n;
}

struct st_archive *
st_archive_open_inner(struct st_archive *outer)
{
	struct st_archive *x = st_calloc(1, sizeof(*x));

	x->fd = -1;
	x->outer = outer;
	x->a = reader(1);
	if (archive_read_open(x->a, x, NULL, outer_read, NULL) != ARCHIVE_OK) {
		st_archive_close(x);
		return NULL;
	}
	return x;
}

static struct st_archive *
new_archive(const char *path, int nofollow)
{
	struct st_archive *x;
	int fd = st_custody_open(path, nofollow);

	if (fd < 0)
		return NULL;
	x = st_calloc(1, sizeof(*x));
	x->fd = fd;
	return x;
}

struct st_archive *
st_archive_open(const char *path, int nofollow, struct st_archive_index *ix)
{
	struct st_archive *x = new_archive(path, nofollow);
	int rc;

	if (x == NULL)
		return NULL;
	x->ix = ix;
	if (ix && st_gzindex_is_gzip(x->fd)) {
		ix->how = BY_GZIP;
		ix->gz = st_gzindex_new();
		rc = open_gz(x, ix->gz, 0, 1);
	} else {
		x->a = reader(1);
		rc = archive_read_open_fd(x->a, x->fd, BLOCK) == ARCHIVE_OK ?
		    0 : -1;
	}
	if (rc < 0) {
		st_archive_close(x);
		return NULL;
	}
	return x;
}

void
st_archive_close(struct st_archive *x)
{
	if (x == NULL)
		return;
	archive_read_free(x->a);
	st_gzread_close(x->gz);
	if (x->fd >= 0)
		close(x->fd);
	if (x->outer_owned)
		st_archive_close(x->outer);
	free(x);
}

long
st_archive_read(struct st_archive *x, void *dst, size_t room)
{
	la_ssize_t n = archive_read_data(x->a, dst, room);

	return n < 0 ? -1 : (long)n;
}

const char *
st_archive_error(struct st_archive *x)
{
	return archive_error_string(x->a) ? archive_error_string(x->a) :
	    "unreadable archive entry";
}

int
st_archive_next(struct st_archive *x, struct st_member *m, char *err,
    size_t errlen)
{
	struct archive_entry *e;
	int rc = archive_read_next_header(x->a, &e);

	if (rc == ARCHIVE_EOF)
		return 0;
	if (rc < ARCHIVE_WARN) {
		snprintf(err, errlen, "%s", archive_error_string(x->a) ?
		    archive_error_string(x->a) : "unreadable archive");
		return -1;
	}
	/* The first header shows the compression. */
	if (x->headers++ == 0 && x->ix && x->ix->how != BY_GZIP)
		x->ix->how = archive_filter_code(x->a, 0) == ARCHIVE_FILTER_NONE ?
		    BY_OFFSET : BY_WALK;
	m->index = m->name ? m->index + 1 : 0;
	m->offset = (uint64_t)archive_read_header_position(x->a);
	m->name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
	m->regular = archive_entry_filetype(e) == AE_IFREG;
	m->dir = archive_entry_filetype(e) == AE_IFDIR;
	m->size = archive_entry_size_is_set(e) && archive_entry_size(e) > 0 ?
	    (uint64_t)archive_entry_size(e) : 0;
	m->mtime = archive_entry_mtime(e);
	m->uid = (long long)archive_entry_uid(e);
	m->uname = archive_entry_uname(e);
	if (x->outer && (x->inside += m->size) > ST_ARCHIVE_INNER_MAX) {
		snprintf(err, errlen, "an archive inside an archive holding "
		    "more than %llu GiB: not read further",
		    ST_ARCHIVE_INNER_MAX >> 30);
		return -1;
	}
	return 1;
}

/* Walk a, just opened, to at's entry; a is closed on failure. */
static struct st_archive *
walk_to(struct st_archive *a, const struct st_archive_at *at, char *err,
    size_t errlen)
{
	struct st_member m = { 0 };
	int rc;

	if (a == NULL) {
		snprintf(err, errlen, "cannot open the archive again");
		return NULL;
	}
	while ((rc = st_archive_next(a, &m, err, errlen)) == 1 &&
	    m.index < at->index)
		continue;
	if (rc == 1 && (at->name == NULL || strcmp(m.name, at->name) == 0))
		return a;
	if (rc >= 0)
		snprintf(err, errlen, "the archive has changed: entry %llu "
		    "is gone", (unsigned long long)at->index);
	st_archive_close(a);
	return NULL;
}

/* An archive inside another: its parent found first, then walked. */
static struct st_archive *
inner_to(const char *path, int nofollow, const struct st_archive_at *at,
    char *err, size_t errlen)
{
	struct st_archive *outer = st_archive_seek(path, nofollow, at->in, err,
	    errlen), *x;

	if (outer == NULL)
		return NULL;
	if ((x = st_archive_open_inner(outer)) == NULL) {
		st_archive_close(outer);
		snprintf(err, errlen, "cannot open the archive again");
		return NULL;
	}
	x->outer_owned = 1;
	return walk_to(x, at, err, errlen);
}

/* Straight to the header at its offset. */
static struct st_archive *
jump_to(const char *path, int nofollow, const struct st_archive_at *at,
    char *err, size_t errlen)
{
	struct st_archive *x = new_archive(path, nofollow);
	struct st_member m = { 0 };
	int rc = -1;

	if (x == NULL) {
		snprintf(err, errlen, "cannot open the archive again");
		return NULL;
	}
	if (at->ix->how == BY_GZIP)
		rc = open_gz(x, at->ix->gz, at->offset, 0);
	else if (lseek(x->fd, (off_t)at->offset, SEEK_SET) == (off_t)at->offset) {
		x->a = reader(0);
		rc = archive_read_open_fd(x->a, x->fd, BLOCK) == ARCHIVE_OK ?
		    0 : -1;
	}
	if (rc == 0 && st_archive_next(x, &m, err, errlen) == 1 &&
	    strcmp(m.name, at->name) == 0)
		return x;
	snprintf(err, errlen, "the archive has changed: %s is not where it "
	    "was", at->name);
	st_archive_close(x);
	return NULL;
}

struct st_archive *
st_archive_seek(const char *path, int nofollow, const struct st_archive_at *at,
    char *err, size_t errlen)
{
	if (at->in)
		return inner_to(path, nofollow, at, err, errlen);
	if (at->ix == NULL || at->ix->how == BY_WALK)
		return walk_to(st_archive_open(path, nofollow, NULL), at, err,
		    errlen);
	return jump_to(path, nofollow, at, err, errlen);
}
