/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "input/reader.h"
#include "web/accesslog.h"
#include "web/pair.h"

/*
 * Files open at once, at most.  Rotated logs overlap only around each
 * rotation, so two or three are open; thousands of logs all covering
 * the same seconds would each hold a reader.  Past this, the next file
 * waits for one to end, and its requests may come out of order.
 */
#define MAX_OPEN	64

struct cursor {
	struct st_file	*file;
	struct st_reqctx *cx;		/* how its lines are read: the
					 * log's (ctxs), as long as it is */
	struct st_reader	*in;
	struct st_request *next;	/* parsed, not yet handed out */
};

struct st_accesslog {
	const struct st_logformats *fmts;
	int64_t		 skew_ms, longest_ms;
	struct st_logmatch *m;
	struct st_file	**files;	/* by first request, not yet open */
	size_t		 nfiles, capfiles, opened;
	struct cursor	*open;
	size_t		 nopen, capopen;
	uint64_t	 seq, key;
	int		 sorted, hash;
	int		 crowded;	/* MAX_OPEN was reached */
	int		 again;		/* the files were read once: tell
					 * nothing of them a second time */
	int		 fronts, backs;	/* files of each side */
	/* Each opened file's way of reading, for the glances of its
	 * requests: they outlive the file's cursor, not the stream. */
	struct st_reqctx **ctxs;
	size_t		 nctxs, capctxs;
	struct st_pair	*pair;		/* when there are both */
};

struct st_accesslog *
st_accesslog_new(const struct st_logformats *fmts, int64_t skew_ms,
    int64_t longest_ms, int hash, uint64_t key)
{
	struct st_accesslog *a = st_calloc(1, sizeof(*a));
	a->fmts = fmts;
	a->skew_ms = skew_ms;
	a->longest_ms = longest_ms;
	a->hash = hash;
	a->key = key;
	a->m = st_logmatch_new(fmts, 0);
	return a;
}

static void
drop(struct st_request *r)
{
	st_request_release(r);
	free(r);
}

static void
close_cursor(struct st_accesslog *a, struct cursor *c)
{
	if (c->next)
		drop(c->next);
	if (c->in)
		st_file_done(c->file, c->in, a->hash);
	st_reader_close(c->in);
}

void
st_accesslog_reference(struct st_accesslog *a)
{
	a->m->reference = 1;
}

void
st_accesslog_again(struct st_accesslog *a)
{
	a->again = 1;
}

void
st_accesslog_free(struct st_accesslog *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nopen; i++)
		close_cursor(a, &a->open[i]);
	free(a->open);
	free(a->files);
	st_pair_free(a->pair);
	for (i = 0; i < a->nctxs; i++)
		free(a->ctxs[i]);
	free(a->ctxs);
	st_logmatch_free(a->m);
	free(a);
}

/* php-fpm, gunicorn and uWSGI serve behind a front server. */
static int
is_back(const struct st_file *f)
{
	return f->server == ST_SERVER_FPM || f->server == ST_SERVER_GUNICORN ||
	    f->server == ST_SERVER_UWSGI;
}

void
st_accesslog_add(struct st_accesslog *a, struct st_file *f)
{
	a->files = st_grow(a->files, &a->capfiles, a->nfiles + 1,
	    sizeof(*a->files));
	a->files[a->nfiles++] = f;
	a->sorted = 0;
	if (is_back(f))
		a->backs++;
	else
		a->fronts++;
}

static int
by_first(const void *x, const void *y)
{
	const struct st_file *f = *(struct st_file *const *)x;
	const struct st_file *g = *(struct st_file *const *)y;

	if (f->first_ms != g->first_ms)
		return f->first_ms < g->first_ms ? -1 : 1;
	return strcmp(f->path, g->path);
}

/* Parse with the file's format, then the others: -1 keeps why. */
static int
parse(struct st_accesslog *a, struct cursor *c, const struct st_line *l,
    struct st_request *r, const char **why)
{
	int fmt = c->file->fmt;
	size_t i;

	*why = st_request_parse(a->fmts->v[fmt], a->m, l->p, l->len, c->cx,
	    r);
	for (i = 0; *why && i < a->fmts->n; i++) {
		if ((int)i == fmt)
			continue;
		if (st_request_parse(a->fmts->v[i], a->m, l->p, l->len,
		    c->cx, r) == NULL)
			*why = NULL;
	}
	return *why ? -1 : 0;
}

/* Parse c's next request into c->next; 0 at the end of its file. */
static int
advance(struct st_accesslog *a, struct cursor *c)
{
	struct st_request *r = c->next;
	struct st_stamp t;
	struct st_line l;
	const char *why;
	int rc;

	while ((rc = st_reader_line(c->in, &l)) > 0) {
		c->file->lines += !a->again;
		if (l.len == 0)
			continue;
		if (l.flags & ST_LINE_CUT) {
			if (!a->again)
				st_file_bad(c->file, l.no, "line longer than "
				    "1 MiB");
			continue;
		}
		if (parse(a, c, &l, r, &why) < 0) {
			if (!a->again)
				st_file_bad(c->file, l.no, why);
			continue;
		}
		r->file = c->file->name;
		r->line = l.no;
		if (a->again)
			return 1;
		c->file->records++;
		t.sec = r->end_ms / 1000;
		t.ms = (unsigned)(r->end_ms % 1000);
		t.serial = 0;
		st_file_saw(c->file, &t);
		return 1;
	}
	if (rc < 0 && !a->again)
		st_file_error(c->file, "%s (after line %llu)",
		    st_reader_error(c->in), (unsigned long long)c->file->lines);
	return 0;
}

static void
open_next(struct st_accesslog *a)
{
	struct st_file *f = a->files[a->opened++];
	struct cursor c = { f, st_malloc(sizeof(*c.cx)), f->held,
	    st_calloc(1, sizeof(*c.next)) };
	char err[256];

	c.cx->skew_ms = a->skew_ms;
	c.cx->key = a->key;
	c.cx->server = (enum st_server)f->server;
	c.cx->longest_ms = a->longest_ms;
	c.cx->reference = a->m->reference;
	a->ctxs = st_grow(a->ctxs, &a->capctxs, a->nctxs + 1, sizeof(*a->ctxs));
	a->ctxs[a->nctxs++] = c.cx;

	f->held = NULL;
	f->read = 1;
	if (c.in == NULL && (c.in = st_file_open(f, err,
	    sizeof(err))) == NULL) {
		if (!a->again)
			st_file_error(f, "%s", err);
		close_cursor(a, &c);
		return;
	}
	f->gzip = st_reader_is_gzip(c.in);
	if (a->hash)
		st_reader_hash(c.in);
	if (!advance(a, &c)) {
		close_cursor(a, &c);
		return;
	}
	a->open = st_grow(a->open, &a->capopen, a->nopen + 1, sizeof(*a->open));
	a->open[a->nopen++] = c;
}

/* The open cursor with the earliest next request, or -1. */
static long
earliest(const struct st_accesslog *a)
{
	long best = -1;
	size_t i;

	for (i = 0; i < a->nopen; i++)
		if (best < 0 || a->open[i].next->end_ms <
		    a->open[best].next->end_ms)
			best = (long)i;
	return best;
}

/* The open cursor with the earliest request, opening files as needed. */
static long
next_cursor(struct st_accesslog *a)
{
	long i;

	if (!a->sorted && a->nfiles > a->opened)
		qsort(a->files + a->opened, a->nfiles - a->opened,
		    sizeof(*a->files), by_first);
	a->sorted = 1;
	/* Open every file that may hold a request before the earliest. */
	while (a->opened < a->nfiles && ((i = earliest(a)) < 0 ||
	    a->files[a->opened]->first_ms - a->skew_ms <=
	    a->open[i].next->end_ms)) {
		if (a->nopen == MAX_OPEN) {
			if (!a->crowded && !a->again)
				st_file_warn(a->files[a->opened], "more than %d "
				    "access logs cover the same time: this one "
				    "and the next are read as others end, and "
				    "their requests may come out of order (and "
				    "go untied)", MAX_OPEN);
			a->crowded = 1;
			break;
		}
		open_next(a);
	}
	return earliest(a);
}

/* Hand c's request to the pairing, and read its next. */
static void
feed(struct st_accesslog *a, long i)
{
	struct cursor *c = &a->open[i];

	st_pair_push(a->pair, c->next, c->cx, is_back(c->file));
	c->next = st_pair_spare(a->pair);
	if (!advance(a, c)) {
		close_cursor(a, c);
		a->open[i] = a->open[--a->nopen];
	}
}

/*
 * Where the requests go, in order: 0 when it takes no more now (a chunk
 * of glances is full), and the request stays for the next time.
 */
typedef int	(*sink_fn)(void *sink, struct st_request *r,
		    const struct st_reqctx *cx);

static void
drain_paired(struct st_accesslog *a, sink_fn take, void *sink)
{
	const struct st_reqctx *cx;
	struct st_request *r;
	long i;

	for (;;) {
		i = next_cursor(a);
		r = st_pair_peek(a->pair, i < 0 ? INT64_MAX :
		    a->open[i].next->end_ms, &cx);
		if (r == NULL && i < 0)
			break;
		if (r == NULL) {
			feed(a, i);
			continue;
		}
		r->seq = a->seq + 1;
		if (!take(sink, r, cx))
			break;
		a->seq++;
		st_pair_next(a->pair);
	}
}

static void
drain_direct(struct st_accesslog *a, sink_fn take, void *sink)
{
	struct cursor *c;
	long i;

	while ((i = next_cursor(a)) >= 0) {
		c = &a->open[i];
		c->next->seq = a->seq + 1;
		if (!take(sink, c->next, c->cx))
			break;
		a->seq++;
		if (!advance(a, c)) {
			close_cursor(a, c);
			a->open[i] = a->open[--a->nopen];
		}
	}
}

static void
drain(struct st_accesslog *a, sink_fn take, void *sink)
{
	if (a->pair == NULL && a->fronts && a->backs)
		a->pair = st_pair_new();
	if (a->pair)
		drain_paired(a, take, sink);
	else
		drain_direct(a, take, sink);
}

static int
to_glances(void *sink, struct st_request *r, const struct st_reqctx *cx)
{
	return st_glances_add(sink, r, cx);
}

size_t
st_accesslog_fill(struct st_accesslog *a, struct st_glances *g)
{
	st_glances_clear(g);
	drain(a, to_glances, g);
	return g->n;
}

struct each {
	st_accesslog_fn	 fn;
	void		*ctx;
};

static int
to_each(void *sink, struct st_request *r, const struct st_reqctx *cx)
{
	struct each *e = sink;

	(void)cx;
	e->fn(e->ctx, r);
	return 1;
}

void
st_accesslog_each(struct st_accesslog *a, st_accesslog_fn fn, void *ctx)
{
	struct each e = { fn, ctx };

	drain(a, to_each, &e);
}

const struct st_pair_stats *
st_accesslog_pairs(const struct st_accesslog *a)
{
	static const struct st_pair_stats none;

	return a->pair ? st_pair_stats(a->pair) : &none;
}
