/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/u64map.h"
#include "web/pair.h"

/*
 * Two logs of one host disagree by the time a write takes; a view
 * whose completion is vaguer than PRECISE_MS (a whole second and a
 * duration in whole seconds) cannot be told from its neighbours and
 * never pairs.  Nothing that arrives SETTLE_MS past a request's
 * completion can pair with it or with its partner.
 */
#define CLOCK_MS	100
#define PRECISE_MS	1500
#define SETTLE_MS	(2 * (PRECISE_MS + CLOCK_MS))
#define SCAN_MAX	256	/* views looked at in one second's chain */
/* Requests held at most: about 25 MB, 3 s at 5,000 requests a second. */
#define HELD_MAX	(1u << 14)

struct ent {
	struct st_request *r;		/* NULL once handed on (a ghost) */
	const struct st_reqctx *cx;	/* the caller's, outliving it */
	uint64_t	 uri, key;	/* its URI; and its second (bucket()) */
	int64_t		 end_ms, end_max_ms;
	int		 back, usable, gone, seen, final;
	struct ent	*prev, *next;	/* same side, URI and second, by
					 * arrival */
};

struct fifo {
	struct ent	**v;
	size_t		 head, n, cap;	/* cap: a power of two */
};

/*
 * Requests parsed and let go are kept to be parsed into again: each
 * keeps its memory, and a malloc and free a request was half the cost
 * of pairing on a busy log.
 */
#define SPARES_MAX	1024

struct st_pair {
	struct fifo	 held, ghosts;
	struct st_request *spare[SPARES_MAX];
	size_t		 nspare;
	struct u64map	 chains[2];	/* front, back: bucket -> newest */
	struct st_pair_stats st;
};

static void
fifo_push(struct fifo *q, struct ent *e)
{
	struct ent **v;
	size_t i;

	if (q->n == q->cap) {
		v = st_calloc(q->cap ? 2 * q->cap : 64, sizeof(*v));
		for (i = 0; i < q->n; i++)
			v[i] = q->v[(q->head + i) & (q->cap - 1)];
		free(q->v);
		q->v = v;
		q->cap = q->cap ? 2 * q->cap : 64;
		q->head = 0;
	}
	q->v[(q->head + q->n++) & (q->cap - 1)] = e;
}

static struct ent *
fifo_head(const struct fifo *q)
{
	return q->n ? q->v[q->head] : NULL;
}

static void
fifo_pop(struct fifo *q)
{
	q->head = (q->head + 1) & (q->cap - 1);
	q->n--;
}

struct st_pair *
st_pair_new(void)
{
	return st_calloc(1, sizeof(struct st_pair));
}

/*
 * Views are chained by URI and the second they completed in: a match
 * lies in the two or three seconds about a view's own, and a hot URI's
 * thousands of views a second are not all walked for each decision.
 */
static uint64_t
bucket(uint64_t uri, int64_t ms)
{
	return st_hash64(uri ^ st_hash64((uint64_t)(ms / 1000)));
}

static void
unchain(struct st_pair *p, struct ent *e)
{
	if (e->prev)
		e->prev->next = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else if (e->prev)
		u64map_put(&p->chains[e->back], e->key, e->prev);
	else
		u64map_del(&p->chains[e->back], e->key);
}

static void
drop_request(struct st_pair *p, struct st_request *r)
{
	if (p->nspare < SPARES_MAX)
		p->spare[p->nspare++] = r;
	else {
		st_request_release(r);
		free(r);
	}
}

struct st_request *
st_pair_spare(struct st_pair *p)
{
	return p->nspare ? p->spare[--p->nspare] :
	    st_calloc(1, sizeof(struct st_request));
}

static void
ent_free(struct st_pair *p, struct ent *e)
{
	if (e->r)
		drop_request(p, e->r);
	free(e);
}

void
st_pair_free(struct st_pair *p)
{
	struct ent *e;

	if (p == NULL)
		return;
	while ((e = fifo_head(&p->held)) != NULL) {
		fifo_pop(&p->held);
		ent_free(p, e);
	}
	while ((e = fifo_head(&p->ghosts)) != NULL) {
		fifo_pop(&p->ghosts);
		ent_free(p, e);
	}
	while (p->nspare > 0) {
		st_request_release(p->spare[--p->nspare]);
		free(p->spare[p->nspare]);
	}
	free(p->held.v);
	free(p->ghosts.v);
	u64map_release(&p->chains[0]);
	u64map_release(&p->chains[1]);
	free(p);
}

void
st_pair_push(struct st_pair *p, struct st_request *r,
    const struct st_reqctx *cx, int back)
{
	struct ent *e = st_calloc(1, sizeof(*e));

	e->r = r;
	e->cx = cx;
	e->uri = st_request_uri_hash(r, cx->key);
	e->key = bucket(e->uri, r->end_ms);
	e->end_ms = r->end_ms;
	e->end_max_ms = r->end_max_ms;
	e->back = back != 0;
	e->usable = r->end_logged && r->end_max_ms - r->end_ms <= PRECISE_MS;
	if (e->usable) {
		e->prev = u64map_get(&p->chains[e->back], e->key);
		if (e->prev)
			e->prev->next = e;
		u64map_put(&p->chains[e->back], e->key, e);
	}
	fifo_push(&p->held, e);
}

/* Did the two views complete together? */
static int
meet(const struct ent *a, const struct ent *b)
{
	return b->end_ms <= a->end_max_ms + CLOCK_MS &&
	    a->end_ms <= b->end_max_ms + CLOCK_MS;
}

/* The views of one second's chain that x meets, counted into *n. */
static int
in_second(const struct st_pair *p, const struct ent *x, int side,
    int64_t sec, int limit, struct ent **held, int mark, int *n)
{
	struct ent *e = u64map_get(&p->chains[side], bucket(x->uri,
	    sec * 1000));
	int seen = 0;

	for (; e && *n < limit; e = e->prev) {
		if (++seen > SCAN_MAX)
			return -1;
		if (e == x || e->gone || e->uri != x->uri || !meet(x, e))
			continue;
		if ((*n)++ == 0 && held)
			*held = e->r ? e : NULL;
		e->seen |= mark;
	}
	return 0;
}

/*
 * The views of the other side that x meets, up to limit (more than
 * SCAN_MAX looked at in a second: limit); the first one still held in
 * *held.  x's own second first, then outwards: a busy URI's matches are
 * there, and the farthest seconds rarely hold one.
 */
static int
partners(const struct st_pair *p, const struct ent *x, int side, int limit,
    struct ent **held, int mark)
{
	int64_t own = x->end_ms / 1000;
	int64_t first = (x->end_ms - PRECISE_MS - CLOCK_MS) / 1000;
	int64_t last = (x->end_max_ms + CLOCK_MS) / 1000;
	int64_t d;
	int n = 0;

	for (d = 0; n < limit && (own - d >= first || own + d <= last); d++) {
		if (own - d >= first && in_second(p, x, side, own - d, limit,
		    held, mark, &n) < 0)
			return limit;
		if (d > 0 && own + d <= last && n < limit && in_second(p, x,
		    side, own + d, limit, held, mark, &n) < 0)
			return limit;
	}
	return n;
}

/* The back view b is the front view f's: f tells the request. */
static void
merge(struct st_pair *p, struct ent *f, struct ent *b)
{
	if (f->r->pid < 0) {
		f->r->pid = b->r->pid;
		f->r->tid = b->r->tid;
	}
	f->r->back_file = b->r->file;
	f->r->back_line = b->r->line;
	/* The back server received it after the front one did. */
	if (b->r->start_ms != ST_TIME_NONE && (f->r->start_ms == ST_TIME_NONE ||
	    b->r->start_ms > f->r->start_ms))
		f->r->start_ms = b->r->start_ms;
	b->gone = 1;
	p->st.merged++;
}

/* x is the first of the held: pair it, or say what it is alone. */
static void
decide(struct st_pair *p, struct ent *x)
{
	struct ent *y = NULL;
	int other = !x->back;

	if (x->gone || !x->usable) {
		p->st.alone += x->back && !x->gone;
		return;
	}
	if (!(x->back && x->seen) &&
	    partners(p, x, other, 2, &y, 0) == 1 && y && !y->gone &&
	    !(y->back && y->seen) && partners(p, y, x->back, 2, NULL, 0) == 1) {
		if (x->back)
			merge(p, y, x);
		else
			merge(p, x, y);
		return;
	}
	if (!x->back)
		partners(p, x, 1, 2, NULL, 1);
	else if (x->seen || partners(p, x, 0, 1, NULL, 0) > 0) {
		x->gone = 1;
		p->st.unsure++;
	} else
		p->st.alone++;
}

/* Forget the ghosts no view to come can meet. */
static void
expire(struct st_pair *p, int64_t now_ms)
{
	struct ent *e;

	while ((e = fifo_head(&p->ghosts)) != NULL &&
	    (e->end_max_ms + 2 * SETTLE_MS < now_ms ||
	    p->ghosts.n > HELD_MAX)) {
		fifo_pop(&p->ghosts);
		unchain(p, e);
		ent_free(p, e);
	}
}

/* Done with the held view e: a front one stays as a ghost a while. */
static void
retire(struct st_pair *p, struct ent *e)
{
	fifo_pop(&p->held);
	if (e->r) {
		drop_request(p, e->r);
		e->r = NULL;
	}
	if (e->usable && !e->back && !e->gone)
		fifo_push(&p->ghosts, e);
	else {
		if (e->usable)
			unchain(p, e);
		ent_free(p, e);
	}
}

struct st_request *
st_pair_peek(struct st_pair *p, int64_t now_ms, const struct st_reqctx **cx)
{
	struct ent *e;

	expire(p, now_ms);
	while ((e = fifo_head(&p->held)) != NULL) {
		/* A view that cannot pair waits only for those before it. */
		if ((e->usable ? e->end_max_ms + SETTLE_MS : e->end_ms) >=
		    now_ms && p->held.n <= HELD_MAX)
			return NULL;
		if (!e->final) {
			p->st.crowded += p->held.n > HELD_MAX;
			decide(p, e);
			e->final = 1;
		}
		if (!e->gone) {
			*cx = e->cx;
			return e->r;
		}
		retire(p, e);
	}
	return NULL;
}

void
st_pair_next(struct st_pair *p)
{
	struct ent *e = fifo_head(&p->held);

	if (e)
		retire(p, e);
}

const struct st_pair_stats *
st_pair_stats(const struct st_pair *p)
{
	return &p->st;
}
