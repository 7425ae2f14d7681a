/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "batch/wire.h"
#include "output/writer.h"

#define MAX_RECORD	(256u * 1024 * 1024)	/* far over any row */

struct wire {
	struct st_sink w;
	FILE		*out;
	struct sbuf	 b;
};

static void
put(struct sbuf *b, const void *p, size_t n)
{
	sb_add(b, p, n);
}

static void
put_u64(struct sbuf *b, uint64_t v)
{
	put(b, &v, sizeof(v));
}

static void
put_bytes(struct sbuf *b, const char *p, size_t n)
{
	put_u64(b, n);
	put(b, p, n);
}

void
st_wire_put(FILE *out, int tag, const void *p, size_t len)
{
	uint32_t n = (uint32_t)len;

	putc(tag, out);
	fwrite(&n, sizeof(n), 1, out);
	fwrite(p, 1, len, out);
}

static void
wire_row(struct st_sink *w, const struct st_row *r)
{
	struct wire *x = (struct wire *)w;
	struct sbuf *b = &x->b;
	size_t i;

	sb_clear(b);
	put_u64(b, (uint64_t)r->id.sec);	/* field by field: no padding */
	put_u64(b, r->id.ms);
	put_u64(b, r->id.serial);
	put_u64(b, (uint64_t)r->web);
	put_u64(b, (uint64_t)r->note);
	put_u64(b, r->tree);
	put_u64(b, r->depth);
	put_u64(b, r->group);
	for (i = 0; i < ST_NCOLS; i++) {
		put_u64(b, (uint64_t)r->num[i]);
		put_bytes(b, r->text[i].s, r->text[i].len);
	}
	put_u64(b, r->nargs);
	for (i = 0; i < r->nargs; i++) {
		put_u64(b, r->args[i].p != NULL);
		put_bytes(b, r->args[i].p, r->args[i].p ? r->args[i].len : 0);
	}
	st_wire_put(x->out, ST_WIRE_ROW, b->s, b->len);
}

static int
wire_finish(struct st_sink *w)
{
	struct wire *x = (struct wire *)w;

	return st_writer_flush(x->out);
}

static void
wire_free(struct st_sink *w)
{
	sb_release(&((struct wire *)w)->b);
	free(w);
}

struct st_sink *
st_wire_sink(FILE *out)
{
	struct wire *x = st_calloc(1, sizeof(*x));

	x->w.row = wire_row;
	x->w.finish = wire_finish;
	x->w.free = wire_free;
	x->out = out;
	return &x->w;
}

long
st_wire_next(const char *b, size_t n, int *tag, const char **p, size_t *len)
{
	uint32_t k;

	if (n < 1 + sizeof(k))
		return 0;
	memcpy(&k, b + 1, sizeof(k));
	if (k > MAX_RECORD)
		return -1;
	if (n < 1 + sizeof(k) + k)
		return 0;
	*tag = (unsigned char)b[0];
	*p = b + 1 + sizeof(k);
	*len = k;
	return (long)(1 + sizeof(k) + k);
}

/* A cursor over a payload: every read checks what is left. */
struct cur {
	const char	*p;
	size_t		 left;
	int		 bad;
};

static void
get(struct cur *c, void *dst, size_t n)
{
	if (c->bad || c->left < n) {
		c->bad = 1;
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, c->p, n);
	c->p += n;
	c->left -= n;
}

static uint64_t
get_u64(struct cur *c)
{
	uint64_t v;

	get(c, &v, sizeof(v));
	return v;
}

/* The bytes of a counted string, in place; NULL when they are not all there. */
static const char *
get_bytes(struct cur *c, size_t *n)
{
	const char *p;

	*n = (size_t)get_u64(c);
	if (c->bad || c->left < *n) {
		c->bad = 1;
		*n = 0;
		return NULL;
	}
	p = c->p;
	c->p += *n;
	c->left -= *n;
	return p;
}

int
st_wire_row(const char *p, size_t len, struct st_row *r)
{
	struct cur c = { p, len, 0 };
	const char *s;
	uint64_t i, nargs, present;
	size_t n;

	r->id.sec = (int64_t)get_u64(&c);
	r->id.ms = (unsigned)get_u64(&c);
	r->id.serial = get_u64(&c);
	r->web = (int)get_u64(&c);
	r->note = (int)get_u64(&c);
	r->tree = get_u64(&c);
	r->depth = (unsigned)get_u64(&c);
	r->group = get_u64(&c);
	for (i = 0; i < ST_NCOLS && !c.bad; i++) {
		r->num[i] = (long long)get_u64(&c);
		s = get_bytes(&c, &n);
		sb_clear(&r->text[i]);
		sb_add(&r->text[i], s ? s : "", n);
	}
	nargs = get_u64(&c);
	for (i = 0; i < nargs && !c.bad; i++) {
		present = get_u64(&c);
		s = get_bytes(&c, &n);
		st_row_arg(r, present ? (s ? s : "") : NULL, n);
	}
	return c.bad ? -1 : 0;
}
