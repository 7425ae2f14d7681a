/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "base/alloc.h"
#include "base/producer.h"
#include "input/archive.h"
#include "input/custody.h"
#include "input/reader.h"

#define CHUNK	(256 * 1024)	/* decoded ahead at a time */
/*
 * Chunks decoded ahead, 1 MB: enough for inflating to overlap framing.
 * The framing thread keeps its own slack (framer.c); 16 here cost 4 MB
 * of peak memory and bought no time.
 */
#define READ_AHEAD	4
/*
 * Read from the source this much at a time, and start the line buffer
 * at this size (it grows for long lines): many files may be open at
 * once (access logs merged by time), and most lines are short.
 */
#define RAW	(64 * 1024)

/* Decoded bytes, made ahead on another thread. */
struct block {
	char		 p[CHUNK];
	size_t		 len, pos;
	uint64_t	 rawoff;	/* the source's offset after it */
};

struct readahead {
	struct st_producer	*ahead;
	struct block	*cur;		/* the reader's */
	uint64_t	 rawoff;	/* the reader's view of it */
};

struct st_reader {
	int		 fd;		/* -1: memory or an archive */
	struct st_archive *ar;		/* reading its current entry */
	int		 ar_owned;
	const unsigned char *mem;
	size_t		 memlen, mempos;
	unsigned char	*raw;		/* bytes as in the file */
	size_t		 rawlen, rawpos;
	uint64_t	 rawoff;	/* raw bytes taken from the source */
	int		 rawend;	/* the source has no more */
	int		 gzip;		/* -1 until the first bytes are seen */
	z_stream	 z;
	int		 zinit, zend;	/* inflating; at the end of a member */
	EVP_MD_CTX	*md;		/* hashing raw bytes, or NULL */
	char		*buf;		/* decoded bytes, lines */
	size_t		 cap, start, end;
	uint64_t	 lineno;
	int		 eof, failed, skipping;
	char		 err[256];
	struct readahead *ra;		/* or NULL: decoded on demand */
};

static void	stop_ahead(struct st_reader *in);

static struct st_reader *
new_input(int fd)
{
	struct st_reader *in = st_calloc(1, sizeof(*in));

	in->fd = fd;
	in->gzip = -1;
	in->cap = RAW;
	in->buf = st_malloc(in->cap);
	in->raw = st_malloc(RAW);
	return in;
}

struct st_reader *
st_reader_open(const char *path, int nofollow, char *err, size_t errlen)
{
	int fd;

	if ((fd = st_custody_open(path, nofollow)) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	return new_input(fd);
}

struct st_reader *
st_reader_open_archive(struct st_archive *a)
{
	struct st_reader *in = new_input(-1);

	in->ar = a;
	return in;
}

struct st_reader *
st_reader_open_member(const char *path, int nofollow,
    const struct st_archive_at *at, char *err, size_t errlen)
{
	struct st_archive *a = st_archive_seek(path, nofollow, at, err, errlen);
	struct st_reader *in;

	if (a == NULL)
		return NULL;
	in = st_reader_open_archive(a);
	in->ar_owned = 1;
	return in;
}

struct st_reader *
st_reader_open_mem(const void *buf, size_t len)
{
	struct st_reader *in = new_input(-1);

	in->mem = buf;
	in->memlen = len;
	return in;
}

void
st_reader_close(struct st_reader *in)
{
	if (in == NULL)
		return;
	stop_ahead(in);
	if (in->fd >= 0)
		close(in->fd);
	if (in->ar_owned)
		st_archive_close(in->ar);
	if (in->zinit)
		inflateEnd(&in->z);
	EVP_MD_CTX_free(in->md);
	free(in->buf);
	free(in->raw);
	free(in);
}

const char *
st_reader_error(const struct st_reader *in)
{
	return in->err;
}

int
st_reader_is_gzip(const struct st_reader *in)
{
	return in->gzip == 1;
}

uint64_t
st_reader_raw_offset(const struct st_reader *in)
{
	return in->ra ? in->ra->rawoff : in->rawoff;
}

/* Note the first error: what, with a detail when there is one. */
static int
fail(struct st_reader *in, const char *what, const char *detail)
{
	if (!in->failed)
		snprintf(in->err, sizeof(in->err), "%s%s%s", what,
		    detail ? ": " : "", detail ? detail : "");
	in->failed = 1;
	return -1;
}

/* Raw bytes from the source into dst; 0 at its end, -1 on error. */
static long
source(struct st_reader *in, unsigned char *dst, size_t room)
{
	ssize_t n;

	if (in->rawend)
		return 0;
	if (in->ar) {
		if ((n = st_archive_read(in->ar, dst, room)) < 0)
			return fail(in, st_archive_error(in->ar), NULL);
	} else if (in->fd < 0) {
		n = (ssize_t)(in->memlen - in->mempos < room ?
		    in->memlen - in->mempos : room);
		memcpy(dst, in->mem + in->mempos, (size_t)n);
		in->mempos += (size_t)n;
	} else {
		do
			n = read(in->fd, dst, room);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return fail(in, strerror(errno), NULL);
	}
	if (n == 0)
		in->rawend = 1;
	if (in->md && n > 0)
		EVP_DigestUpdate(in->md, dst, (size_t)n);
	in->rawoff += (uint64_t)n;
	return n;
}

/* Make sure raw holds unread bytes; 0 when the source is done. */
static long
raw_more(struct st_reader *in)
{
	long n;

	if (in->rawpos < in->rawlen)
		return (long)(in->rawlen - in->rawpos);
	in->rawpos = in->rawlen = 0;
	if ((n = source(in, in->raw, RAW)) > 0)
		in->rawlen = (size_t)n;
	return n;
}

/* gzip or not, from the first two bytes. */
static int
detect(struct st_reader *in)
{
	long n;

	while (in->rawlen < 2 && (n = source(in, in->raw + in->rawlen,
	    RAW - in->rawlen)) > 0)
		in->rawlen += (size_t)n;
	if (in->failed)
		return -1;
	in->gzip = in->rawlen >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b;
	if (in->gzip) {
		if (inflateInit2(&in->z, 16 + MAX_WBITS) != Z_OK)
			return fail(in, "cannot start inflating", NULL);
		in->zinit = 1;
	}
	return 0;
}

/* Plain bytes: what raw still holds, then straight from the source. */
static long
plain(struct st_reader *in, char *dst, size_t room)
{
	size_t n;

	if (in->rawpos < in->rawlen) {
		n = in->rawlen - in->rawpos < room ? in->rawlen - in->rawpos :
		    room;
		memcpy(dst, in->raw + in->rawpos, n);
		in->rawpos += n;
		return (long)n;
	}
	return source(in, (unsigned char *)dst, room);
}

/*
 * Make sure raw holds at least n unread bytes (n is small), moving what
 * is left to the front: a member's magic may straddle two reads.
 * Returns the bytes available, fewer only at the end of the source.
 */
static long
raw_need(struct st_reader *in, size_t n)
{
	long got;

	if (raw_more(in) <= 0)
		return in->failed ? -1 : 0;
	if (in->rawlen - in->rawpos >= n)
		return (long)(in->rawlen - in->rawpos);
	memmove(in->raw, in->raw + in->rawpos, in->rawlen - in->rawpos);
	in->rawlen -= in->rawpos;
	in->rawpos = 0;
	while (in->rawlen < n && (got = source(in, in->raw + in->rawlen,
	    RAW - in->rawlen)) > 0)
		in->rawlen += (size_t)got;
	return in->failed ? -1 : (long)in->rawlen;
}

/* After one gzip member, another may follow (gzip -c a b > ab.gz). */
static int
next_member(struct st_reader *in)
{
	long have = raw_need(in, 2);

	if (have <= 0)
		return have < 0 ? -1 : 0;
	if (have < 2 || in->raw[in->rawpos] != 0x1f ||
	    in->raw[in->rawpos + 1] != 0x8b)
		return fail(in, "bytes after the end of the gzip stream", NULL);
	inflateReset(&in->z);
	in->zend = 0;
	return 1;
}

static long
inflated(struct st_reader *in, char *dst, size_t room)
{
	int rc;
	long n;

	for (;;) {
		if (in->zend && next_member(in) <= 0)
			return in->failed ? -1 : 0;
		if ((n = raw_more(in)) <= 0)
			return n < 0 ? -1 : fail(in,
			    "gzip stream ends early (truncated file)", NULL);
		in->z.next_in = in->raw + in->rawpos;
		in->z.avail_in = (uInt)(in->rawlen - in->rawpos);
		in->z.next_out = (unsigned char *)dst;
		in->z.avail_out = (uInt)room;
		rc = inflate(&in->z, Z_NO_FLUSH);
		in->rawpos = in->rawlen - in->z.avail_in;
		if (rc == Z_STREAM_END)
			in->zend = 1;
		else if (rc != Z_OK && rc != Z_BUF_ERROR)
			return fail(in, "corrupt gzip data", in->z.msg);
		if (room - in->z.avail_out > 0)
			return (long)(room - in->z.avail_out);
	}
}

/* Decoded bytes into dst: 0 at the end, -1 on error. */
static long
decode(struct st_reader *in, char *dst, size_t room)
{
	return in->gzip ? inflated(in, dst, room) : plain(in, dst, room);
}

/* ---- decoding ahead, on a thread of its own ---- */

static void *
decode_block(void *ctx, void *reuse)
{
	struct st_reader *in = ctx;
	struct block *b = reuse ? reuse : st_malloc(sizeof(*b));
	long n = decode(in, b->p, sizeof(b->p));

	if (n <= 0) {
		free(b);
		return NULL;	/* the end, or in->failed is set */
	}
	b->len = (size_t)n;
	b->pos = 0;
	b->rawoff = in->rawoff;
	return b;
}

static void
free_block(void *ctx, void *item)
{
	(void)ctx;
	free(item);
}

void
st_reader_readahead(struct st_reader *in)
{
	if (in->ra || in->eof || in->failed || (in->gzip < 0 &&
	    detect(in) < 0))
		return;
	in->ra = st_calloc(1, sizeof(*in->ra));
	in->ra->rawoff = in->rawoff;
	in->ra->ahead = st_producer_start(decode_block, free_block, in,
	    READ_AHEAD);
}

/* Stop decoding ahead: what follows is read on demand again. */
static void
stop_ahead(struct st_reader *in)
{
	struct readahead *ra = in->ra;

	if (ra == NULL)
		return;
	st_producer_stop(ra->ahead, NULL);
	free(ra->cur);
	free(ra);
	in->ra = NULL;
}

/* Bytes decoded ahead into dst: 0 at the end, -1 on error. */
static long
from_ahead(struct st_reader *in, char *dst, size_t room)
{
	struct readahead *ra = in->ra;
	size_t n;

	if (ra->cur && ra->cur->pos == ra->cur->len) {
		st_producer_discard(ra->ahead, ra->cur);
		ra->cur = NULL;
	}
	if (ra->cur == NULL && (ra->cur = st_producer_next(ra->ahead)) == NULL) {
		/* The thread has ended: what it wrote is ours to read. */
		ra->rawoff = in->rawoff;
		return in->failed ? -1 : 0;
	}
	n = ra->cur->len - ra->cur->pos < room ? ra->cur->len - ra->cur->pos :
	    room;
	memcpy(dst, ra->cur->p + ra->cur->pos, n);
	ra->cur->pos += n;
	ra->rawoff = ra->cur->rawoff;
	return (long)n;
}

/*
 * Append more decoded data after in->end.  Returns the bytes added, 0
 * at the end, -1 on error (after the bytes that could be read).
 */
static long
fill(struct st_reader *in)
{
	long n;

	/*
	 * Decoding ahead, the other thread sets failed as soon as it meets
	 * the error, while blocks before it still wait to be read: only
	 * from_ahead may look at it, once that thread has ended.
	 */
	if (in->eof)
		return 0;
	if (in->ra == NULL && in->failed)
		return -1;
	if (in->gzip < 0 && detect(in) < 0)
		return -1;
	if (in->start > 0 && in->start == in->end)
		in->start = in->end = 0;
	else if (in->start > 0 && in->end == in->cap) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	if (in->end == in->cap) {
		if (in->cap >= ST_LINE_MAX + CHUNK)
			return 0;	/* the caller cuts the line */
		in->cap *= 2;
		in->buf = st_realloc(in->buf, in->cap);
	}
	n = in->ra ? from_ahead(in, in->buf + in->end, in->cap - in->end) :
	    decode(in, in->buf + in->end, in->cap - in->end);
	if (n > 0)
		in->end += (size_t)n;
	else if (n == 0)
		in->eof = 1;
	return n;
}

size_t
st_reader_peek(struct st_reader *in, size_t max, const char **p)
{
	while (in->end - in->start < max && fill(in) > 0)
		;
	*p = in->buf + in->start;
	return in->end - in->start < max ? in->end - in->start : max;
}

/* Drop bytes up to and including the next newline. */
static int
skip_rest(struct st_reader *in)
{
	char *nl;
	long r;

	for (;;) {
		nl = memchr(in->buf + in->start, '\n', in->end - in->start);
		if (nl) {
			in->start = (size_t)(nl - in->buf) + 1;
			in->skipping = 0;
			return 1;
		}
		in->start = in->end;
		if ((r = fill(in)) <= 0)
			return (int)r;
	}
}

static void
emit(struct st_reader *in, struct st_line *l, size_t len, size_t adv,
    unsigned flags)
{
	l->p = in->buf + in->start;
	l->len = len;
	l->flags = flags;
	l->no = ++in->lineno;
	if (len > 0 && l->p[len - 1] == '\r' && !(flags & ST_LINE_CUT)) {
		l->len--;
		l->flags |= ST_LINE_CR;
	}
	in->start += adv;
}

int
st_reader_line(struct st_reader *in, struct st_line *l)
{
	char *nl;
	size_t have;
	long r;

	/*
	 * The tail of a cut line is dropped lazily, on the next call, so
	 * the head handed out last time stays valid until then.
	 */
	if (in->skipping && skip_rest(in) < 0)
		return -1;
	for (;;) {
		have = in->end - in->start;
		nl = memchr(in->buf + in->start, '\n', have);
		if (nl) {
			emit(in, l, (size_t)(nl - (in->buf + in->start)),
			    (size_t)(nl - (in->buf + in->start)) + 1, 0);
			return 1;
		}
		if (have >= ST_LINE_MAX) {
			emit(in, l, ST_LINE_MAX, ST_LINE_MAX, ST_LINE_CUT);
			in->skipping = 1;
			return 1;
		}
		r = fill(in);
		if (r < 0 && have == 0)
			return -1;
		if (r <= 0) {
			if (have == 0)
				return 0;
			emit(in, l, have, have, ST_LINE_NOEOL);
			return 1;
		}
	}
}

void
st_reader_hash(struct st_reader *in)
{
	if (in->md == NULL && (in->md = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex(in->md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(in->md);
		in->md = NULL;
	}
}

int
st_reader_sha256(struct st_reader *in, char hex[65])
{
	unsigned char d[EVP_MAX_MD_SIZE], *tmp;
	unsigned n, i;
	long r;

	if (in->md == NULL)
		return -1;
	stop_ahead(in);
	tmp = st_malloc(RAW);
	while ((r = source(in, tmp, RAW)) > 0)
		;
	free(tmp);
	if (r < 0 || EVP_DigestFinal_ex(in->md, d, &n) != 1)
		return -1;
	for (i = 0; i < n && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return 0;
}

int
st_reader_slurp(const char *path, size_t max, struct sbuf *out, char *err,
    size_t errlen)
{
	struct st_reader *in;
	struct st_line l;
	int rc;

	if ((in = st_reader_open(path, 0, err, errlen)) == NULL)
		return -1;
	while ((rc = st_reader_line(in, &l)) > 0 && out->len + l.len < max &&
	    !(l.flags & ST_LINE_CUT)) {
		sb_add(out, l.p, l.len);
		sb_addc(out, '\n');
	}
	if (rc > 0 && (l.flags & ST_LINE_CUT))
		snprintf(err, errlen, "line %llu is longer than 1 MiB: no "
		    "configuration's is", (unsigned long long)l.no);
	else if (rc > 0)
		snprintf(err, errlen, "larger than %zu MB: no configuration is",
		    max >> 20);
	else if (rc < 0)
		snprintf(err, errlen, "%s", st_reader_error(in));
	st_reader_close(in);
	return rc == 0 ? 0 : -1;
}
