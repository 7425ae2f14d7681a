/* SPDX-License-Identifier: ISC */
/*
 * corr.c: the correlator's entry points: rows and requests in, time
 * moving on, rows out.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/u64map.h"
#include "correlate/internal.h"
#include "correlate/summary.h"

struct st_corr *
st_corr_new(const struct st_corr_opts *o, struct st_sink *w)
{
	struct st_corr *c = st_calloc(1, sizeof(*c));

	c->o = *o;
	c->w = w;
	c->summary = st_summary_new(o->key);
	c->sessions = st_sessions_new(o->key);
	return c;
}

const struct st_corr_stats *
st_corr_stats(const struct st_corr *c)
{
	return &c->stats;
}

void
st_corr_summary(const struct st_corr *c, FILE *fp)
{
	st_summary_print(c->summary, fp, &c->o.tz);
	st_sessions_print(c->sessions, fp, &c->o.tz);
}

size_t
st_corr_scripts(const struct st_corr *c)
{
	return st_summary_scripts(c->summary);
}

/*
 * A note about the logs, made while reading them.  The record it comes
 * from is read before the events around it come out of libauparse, so
 * it waits, in time order, for a row as late to be written.
 */
void
st_corr_note(struct st_corr *c, const struct st_row *r)
{
	struct held *h = st_calloc(1, sizeof(*h)), **pp;

	st_row_init(&h->row);
	st_row_copy(&h->row, r);
	for (pp = &c->notes.head; *pp && st_row_ms(&(*pp)->row) <= st_row_ms(r);
	    pp = &(*pp)->next)
		;
	h->next = *pp;
	*pp = h;
	if (h->next == NULL)
		c->notes.tail = h;
	c->notes.n++;
}

void
st_corr_exec(struct st_corr *c, const struct st_row *r)
{
	struct held *h;

	if (!st_corr_wants(c, r->web, r->parent_seq, corr_row_candidate(r)))
		return;
	h = st_calloc(1, sizeof(*h));
	st_row_init(&h->row);
	st_row_copy(&h->row, r);
	h->t = corr_route(c, &h->row);
	if (h->t)
		h->t->held++;
	corr_push(r->web ? &c->web : &c->nonweb, h);
	if (!c->o.hold) {
		corr_unhold(c, corr_pop(r->web ? &c->web : &c->nonweb));
		return;
	}
	/* Too many plain rows held: let the oldest go unmatched. */
	while (c->nonweb.n > MAX_NONWEB) {
		c->stats.dropped++;
		corr_unhold(c, corr_pop(&c->nonweb));
	}
}

void
st_corr_request(struct st_corr *c, struct st_request *q)
{
	struct shape *s = corr_shape_of(c, q->shape, 1);
	struct creq *r = corr_creq_new(q);

	c->stats.requests++;
	st_summary_request(c->summary, q);
	if (q->dynamic)
		st_sessions_request(c->sessions, q->path_hash, q->client_hash,
		    q->seq, q->end_ms);
	/* An untracked shape counts as seen before. */
	r->prior = s ? s->seen - s->tied : 1;
	if (s)
		s->seen++;
	corr_worker_request(c, r);
	if (!corr_match_command(c, r)) {
		corr_match_contains(c, r);
		corr_offer(c, r);
	}
	corr_creq_unref(r);
}

/*
 * What st_corr_request would do with g, when no value is a command run
 * in a tree still indexed (match_command): count it, and keep it as a
 * candidate of the time decisions if corr_offer() would.
 */
int
st_corr_glance(struct st_corr *c, const struct st_glance *g)
{
	struct shape *s = corr_shape_of(c, g->shape, 1);
	uint64_t prior = s ? s->seen - s->tied : 1;
	struct cand e;
	size_t i;

	for (i = 0; i < g->nvalues; i++)
		if (u64map_get(&c->bycmd, g->vhash[i]))
			return 0;
	/* A value may sit inside a command waiting for its decision. */
	if (corr_contains_wanted(c, g))
		return 0;
	if (!st_summary_count(c->summary, g->client_hash))
		return 0;
	c->stats.requests++;
	if (g->dynamic)
		st_sessions_request(c->sessions, g->path_hash, g->client_hash,
		    g->seq, g->end_ms);
	if (s)
		s->seen++;
	corr_worker_glance(c, g, prior);
	/* With no tree undecided nothing is offered (corr_offered). */
	if (corr_tq_head(c) == NULL)
		return 1;
	corr_cand_peek_glance(&e, g, prior);
	if (corr_offered(c, &e, g->dynamic))
		corr_recent_push_glance(c, g, prior);
	return 1;
}

/*
 * A web tree is kept for the descendants its root may still have, with
 * its request for their rows; once the root is gone none can come.  A
 * promoted tree is found through its members, and stays.
 */
void
st_corr_gone(struct st_corr *c, uint64_t seq)
{
	struct ctree *t = u64map_get(&c->trees, seq);

	if (t && t->web && !t->promoted) {
		t->gone = 1;
		corr_maybe_free(c, t);
	}
}

void
st_corr_advance(struct st_corr *c, int64_t now)
{
	int64_t hold = c->o.cmd_window_ms + 3 * RES_MS;
	struct ctree *t;
	struct held *w, *n;

	while ((t = c->cmdq_head) && t->t_root + c->o.cmd_window_ms +
	    2 * RES_MS < now) {
		if ((c->cmdq_head = t->cmdq) == NULL)
			c->cmdq_tail = NULL;
		corr_unindex(c, t);
		corr_maybe_free(c, t);
	}
	while ((t = corr_tq_head(c)) && t->t_root + c->o.time_window_ms +
	    2 * RES_MS < now) {
		corr_decide(c, t);
		corr_subs_remove(c, t);
		corr_tq_pop(c);
		t->in_time = 0;
		corr_maybe_free(c, t);
	}
	/* A request ending before the oldest undecided root fits none. */
	t = corr_tq_head(c);
	corr_recent_trim(c, t ? t->t_root - 2 * RES_MS : now -
	    c->o.time_window_ms - 3 * RES_MS);
	for (;;) {
		w = c->web.head;
		n = c->nonweb.head;
		if (w && (!n || st_row_ms(&w->row) <= st_row_ms(&n->row))) {
			if (st_row_ms(&w->row) + hold >= now)
				break;
			corr_unhold(c, corr_pop(&c->web));
		} else if (n) {
			if (st_row_ms(&n->row) + hold >= now)
				break;
			corr_unhold(c, corr_pop(&c->nonweb));
		} else
			break;
	}
}

void
st_corr_finish(struct st_corr *c)
{
	st_corr_advance(c, INT64_MAX);
	corr_flush_notes(c, INT64_MAX);
}

void
st_corr_free(struct st_corr *c)
{
	if (c == NULL)
		return;
	corr_free_fifo(&c->web);
	corr_free_fifo(&c->nonweb);
	corr_free_fifo(&c->notes);
	corr_recent_free(c);
	free(c->tq);
	u64map_release_all(&c->trees, corr_tree_free);
	u64map_release_all(&c->members, free);
	u64map_release_all(&c->shapes, free);
	u64map_release_all(&c->bycmd, corr_cmd_free);
	u64map_release_all(&c->workers, corr_worker_free);
	u64map_release(&c->subs);
	u64map_release(&c->scripts);
	u64map_release(&c->cmd_scripts);
	u64map_release(&c->cmd_clients);
	st_summary_free(c->summary);
	st_sessions_free(c->sessions);
	st_unwrap_release(&c->uw);
	sb_release(&c->tmp);
	free(c);
}
