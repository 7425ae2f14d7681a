#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "alloc.h"
#include "input.h"

#define CHUNK	(256 * 1024)

struct st_input {
	gzFile		 gz;
	char		*buf;
	size_t		 cap;
	size_t		 start;		/* first unconsumed byte */
	size_t		 end;		/* end of valid data */
	uint64_t	 lineno;
	int		 eof;
	int		 failed;
	int		 skipping;	/* inside the tail of a cut line */
	char		 err[256];
};

struct st_input *
st_input_open(const char *path, char *err, size_t errlen)
{
	struct st_input *in;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = dup(STDIN_FILENO);
	else
		fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	in = st_calloc(1, sizeof(*in));
	in->gz = gzdopen(fd, "rb");
	if (in->gz == NULL) {
		snprintf(err, errlen, "cannot start reading: %s",
		    strerror(errno ? errno : ENOMEM));
		close(fd);
		free(in);
		return NULL;
	}
	gzbuffer(in->gz, CHUNK);
	in->cap = CHUNK;
	in->buf = st_malloc(in->cap);
	return in;
}

void
st_input_close(struct st_input *in)
{
	if (in == NULL)
		return;
	gzclose_r(in->gz);
	free(in->buf);
	free(in);
}

const char *
st_input_error(const struct st_input *in)
{
	return in->err;
}

int
st_input_is_gzip(const struct st_input *in)
{
	return !gzdirect(in->gz);
}

uint64_t
st_input_raw_offset(const struct st_input *in)
{
	z_off_t off = gzoffset(in->gz);

	return off < 0 ? 0 : (uint64_t)off;
}

/*
 * Append more data after in->end.  Returns the bytes added, 0 at end
 * of file, -1 on error.  A gzip stream cut short reads as an error
 * after its last complete bytes have been delivered.
 */
static long
fill(struct st_input *in)
{
	int n, zerr;
	const char *msg;

	if (in->eof || in->failed)
		return in->failed ? -1 : 0;
	if (in->start > 0 && in->start == in->end)
		in->start = in->end = 0;
	else if (in->start > 0 && in->end == in->cap) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	if (in->end == in->cap) {
		if (in->cap >= ST_LINE_MAX + CHUNK)
			return 0;	/* caller handles the cut */
		in->cap *= 2;
		in->buf = st_realloc(in->buf, in->cap);
	}
	n = gzread(in->gz, in->buf + in->end, (unsigned)(in->cap - in->end));
	if (n > 0) {
		in->end += (size_t)n;
		return n;
	}
	msg = gzerror(in->gz, &zerr);
	if (n == 0 && zerr == Z_BUF_ERROR) {
		snprintf(in->err, sizeof(in->err),
		    "gzip stream ends early (truncated file)");
		in->failed = 1;
		return -1;
	}
	if (n < 0) {
		snprintf(in->err, sizeof(in->err), "%s",
		    zerr == Z_ERRNO ? strerror(errno) : msg);
		in->failed = 1;
		return -1;
	}
	in->eof = 1;
	return 0;
}

size_t
st_input_peek(struct st_input *in, size_t max, const char **p)
{
	while (in->end - in->start < max && fill(in) > 0)
		;
	*p = in->buf + in->start;
	return in->end - in->start < max ? in->end - in->start : max;
}

/* Drop bytes up to and including the next newline. */
static int
skip_rest(struct st_input *in)
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
emit(struct st_input *in, struct st_line *l, size_t len, size_t adv,
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
st_input_line(struct st_input *in, struct st_line *l)
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
