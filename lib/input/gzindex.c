/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "base/alloc.h"
#include "input/gzindex.h"

#define WINDOW		32768		/* deflate's window */
#define SPAN		(128u << 10)	/* output between checkpoints, at first */
#define MAX_POINTS	256
#define INBUF		(64 * 1024)
#define SCRATCH		(64 * 1024)	/* output thrown away to reach an offset */

/*
 * The inflater at a deflate block boundary: what it had produced, how
 * much input it had taken (whole bytes, and bits of the next one), and
 * its window, which the next blocks may refer back into.
 */
struct point {
	uint64_t	 out, in;
	int		 bits;
	unsigned	 wlen;
	unsigned char	 window[WINDOW];
};

struct st_gzindex {
	struct point	**p;		/* by out, rising */
	size_t		 n, cap;
	uint64_t	 span;
};

struct st_gzread {
	int		 fd;
	z_stream	 z;
	int		 raw;		/* raw deflate, resumed at a point */
	unsigned char	 in[INBUF];
	uint64_t	 inoff;		/* file offset after the input read */
	uint64_t	 out;		/* offset of the next byte produced */
	uint64_t	 skip_to;	/* output before this is thrown away */
	struct st_gzindex *ix;
	int		 build;
	uint64_t	 last;		/* out at the newest checkpoint */
	int		 ended, failed;
	char		 err[128];
	unsigned char	 scratch[SCRATCH];
};

struct st_gzindex *
st_gzindex_new(void)
{
	struct st_gzindex *ix = st_calloc(1, sizeof(*ix));

	ix->span = SPAN;
	return ix;
}

void
st_gzindex_free(struct st_gzindex *ix)
{
	size_t i;

	if (ix == NULL)
		return;
	for (i = 0; i < ix->n; i++)
		free(ix->p[i]);
	free(ix->p);
	free(ix);
}

int
st_gzindex_is_gzip(int fd)
{
	unsigned char m[2];
	ssize_t n = pread(fd, m, 2, 0);

	return n == 2 && m[0] == 0x1f && m[1] == 0x8b;
}

static long
fail(struct st_gzread *r, const char *why)
{
	if (!r->failed)
		snprintf(r->err, sizeof(r->err), "%s", why);
	r->failed = 1;
	return -1;
}

/* Full: keep every other checkpoint, and space new ones twice as far. */
static void
thin(struct st_gzindex *ix)
{
	size_t i, k = 0;

	for (i = 0; i < ix->n; i++) {
		if (i % 2 == 0)
			ix->p[k++] = ix->p[i];
		else
			free(ix->p[i]);
	}
	ix->n = k;
	ix->span *= 2;
}

static void
checkpoint(struct st_gzread *r)
{
	struct st_gzindex *ix = r->ix;
	struct point *p;

	if (ix->n == MAX_POINTS)
		thin(ix);
	p = st_malloc(sizeof(*p));
	p->out = r->out;
	p->in = r->inoff - r->z.avail_in;
	p->bits = r->z.data_type & 7;
	p->wlen = WINDOW;
	if (inflateGetDictionary(&r->z, p->window, &p->wlen) != Z_OK) {
		free(p);
		return;
	}
	ix->p = st_grow(ix->p, &ix->cap, ix->n + 1, sizeof(*ix->p));
	ix->p[ix->n++] = p;
	r->last = r->out;
}

/* The newest checkpoint at or before offset at, or NULL. */
static const struct point *
before(const struct st_gzindex *ix, uint64_t at)
{
	size_t lo = 0, hi = ix ? ix->n : 0, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ix->p[mid]->out <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? ix->p[lo - 1] : NULL;
}

/* Start inflating raw deflate at checkpoint p. */
static int
resume(struct st_gzread *r, const struct point *p)
{
	unsigned char ch;
	off_t at = (off_t)p->in - (p->bits ? 1 : 0);

	if (lseek(r->fd, at, SEEK_SET) != at ||
	    inflateInit2(&r->z, -15) != Z_OK)
		return -1;
	r->raw = 1;
	r->inoff = (uint64_t)at;
	if (p->bits) {
		if (read(r->fd, &ch, 1) != 1)
			return -1;
		r->inoff++;
		inflatePrime(&r->z, p->bits, ch >> (8 - p->bits));
	}
	inflateSetDictionary(&r->z, p->window, p->wlen);
	r->out = p->out;
	return 0;
}

struct st_gzread *
st_gzread_open(int fd, struct st_gzindex *ix, uint64_t at, int build)
{
	struct st_gzread *r = st_calloc(1, sizeof(*r));
	const struct point *p = build ? NULL : before(ix, at);

	r->fd = fd;
	r->ix = ix;
	r->build = build && ix;
	r->skip_to = at;
	if (p ? resume(r, p) < 0 : (lseek(fd, 0, SEEK_SET) != 0 ||
	    inflateInit2(&r->z, 31) != Z_OK)) {
		close(fd);
		free(r);
		return NULL;
	}
	return r;
}

void
st_gzread_close(struct st_gzread *r)
{
	if (r == NULL)
		return;
	inflateEnd(&r->z);
	close(r->fd);
	free(r);
}

const char *
st_gzread_error(const struct st_gzread *r)
{
	return r->err;
}

/* More input; 0 at the end of the file, -1 on a read error. */
static long
refill(struct st_gzread *r)
{
	ssize_t n;

	do
		n = read(r->fd, r->in, sizeof(r->in));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return fail(r, strerror(errno));
	r->z.next_in = r->in;
	r->z.avail_in = (uInt)n;
	r->inoff += (uint64_t)n;
	return n;
}

/*
 * A member has ended.  After a resumed one, its 8-byte trailer is still
 * in the input; then another member may follow (gzip -c a b > ab.gz).
 */
static int
member_end(struct st_gzread *r)
{
	unsigned skip = r->raw ? 8 : 0, k;

	while (skip > 0) {
		if (r->z.avail_in == 0 && refill(r) <= 0)
			return -1;
		k = r->z.avail_in < skip ? r->z.avail_in : skip;
		r->z.next_in += k;
		r->z.avail_in -= k;
		skip -= k;
	}
	if (r->z.avail_in == 0 && refill(r) < 0)
		return -1;
	if (r->z.avail_in == 0) {
		r->ended = 1;
		return 0;
	}
	r->raw = 0;
	return inflateReset2(&r->z, 31) == Z_OK ? 0 : -1;
}

/* Inflate into dst (n bytes) once; the bytes made, -1 on damage. */
static long
step(struct st_gzread *r, unsigned char *dst, size_t n)
{
	int rc;

	if (r->z.avail_in == 0 && refill(r) < 0)
		return -1;
	if (r->z.avail_in == 0)
		return fail(r, "gzip stream ends early (truncated file)");
	r->z.next_out = dst;
	r->z.avail_out = (uInt)n;
	rc = inflate(&r->z, r->build ? Z_BLOCK : Z_NO_FLUSH);
	n -= r->z.avail_out;
	r->out += n;
	if (rc == Z_STREAM_END) {
		if (member_end(r) < 0)
			return fail(r, "bytes after the end of the gzip stream");
	} else if (rc != Z_OK && rc != Z_BUF_ERROR)
		return fail(r, r->z.msg ? r->z.msg : "corrupt gzip data");
	else if (r->build && (r->z.data_type & 128) &&
	    !(r->z.data_type & 64) && r->out - r->last >= r->ix->span)
		checkpoint(r);
	return (long)n;
}

long
st_gzread(struct st_gzread *r, void *dst, size_t n)
{
	long got = 0;

	if (r->failed)
		return -1;
	while (!r->ended && r->out < r->skip_to)
		if (step(r, r->scratch, r->skip_to - r->out < SCRATCH ?
		    r->skip_to - r->out : SCRATCH) < 0)
			return -1;
	while (!r->ended && got == 0 && n > 0)
		if ((got = step(r, dst, n > UINT32_MAX ? UINT32_MAX : n)) < 0)
			return -1;
	return got;
}
