/*
 * hold.c: rows held until no request can still come for them, then
 * released in time order, with their request's columns, to the sink.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "correlate/internal.h"
#include "correlate/summary.h"

void
corr_push(struct fifo *f, struct held *h)
{
	if (f->tail)
		f->tail->next = h;
	else
		f->head = h;
	f->tail = h;
	f->n++;
}

struct held *
corr_pop(struct fifo *f)
{
	struct held *h = f->head;

	if (h && (f->head = h->next) == NULL)
		f->tail = NULL;
	if (h)
		f->n--;
	return h;
}

static void
write_out(struct st_corr *c, const struct st_row *r)
{
	int64_t ms = st_row_ms(r);

	if (ms < c->o.since_ms || ms > c->o.until_ms)
		return;
	c->w->row(c->w, r);
	c->stats.rows++;
	if (r->web)
		c->stats.web_rows++;
}

/* Write the notes no later than ms. */
void
corr_flush_notes(struct st_corr *c, int64_t ms)
{
	struct held *h;

	while (c->notes.head && st_row_ms(&c->notes.head->row) <= ms) {
		h = corr_pop(&c->notes);
		write_out(c, &h->row);
		st_row_release(&h->row);
		free(h);
	}
}

void
corr_maybe_free(struct st_corr *c, struct ctree *t)
{
	if ((t->web && !t->gone) || t->held || t->in_cmd || t->in_time)
		return;
	u64map_del(&c->trees, t->key);
	corr_tree_free(t);
}

static void
write_row(struct st_corr *c, struct st_row *r)
{
	corr_flush_notes(c, st_row_ms(r));
	if (r->web || c->o.all)
		write_out(c, r);
}

void
corr_unhold(struct st_corr *c, struct held *h)
{
	struct st_row *r = &h->row;
	struct ctree *t = h->t;
	struct member *m = t ? u64map_get(&c->members, r->seq) : NULL;

	if (t && t->promoted && !r->web)
		corr_promoted_row(r, t, m ? m->depth : 0);
	if (t && t->req) {
		corr_fill_request(c, r, t);
		if (r->nargs && (t->relaunched ? r->depth == 1 &&
		    r->num[ST_COL_PID] == t->pid : r->depth == 0))
			st_summary_tree(c->summary, t->req->q,
			    sb_str(&r->text[ST_COL_SCRIPT]),
			    sb_str(&r->text[ST_COL_ARGV]),
			    sb_str(&r->text[ST_COL_CONFIDENCE]),
			    corr_match_name(t), corr_role(t));
	} else if (t && t->amb && r->web)
		corr_fill_ambiguous(r, t);
	if (t && t->cmdlen == 0 && r->text[ST_COL_TARGET].len)
		corr_script_written(c, r, t);
	write_row(c, r);
	if (t) {
		t->held--;
		if (!t->promoted && m)
			free(u64map_del(&c->members, r->seq));
		corr_maybe_free(c, t);
	}
	st_row_release(r);
	free(h);
}

void
corr_free_fifo(struct fifo *f)
{
	struct held *h;

	while ((h = corr_pop(f)) != NULL) {
		st_row_release(&h->row);
		free(h);
	}
}
