/* SPDX-License-Identifier: ISC */
/*
 * hold.c: rows held until no request can still come for them, then
 * released in time order, with their request's columns, to the sink.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
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

/* The wrapper's columns and the session's, on every row of a tree. */
static void
fill_operator(struct st_row *r, const struct ctree *t)
{
	const struct wrap *w = t->wrap;

	r->num[ST_COL_SESSION] = t->session ? t->session : ST_NUM_NONE;
	if (w == NULL)
		return;
	sb_clear(&r->text[ST_COL_TOOL]);
	st_escape(&r->text[ST_COL_TOOL], w->tool, strlen(w->tool));
	sb_clear(&r->text[ST_COL_OPERATOR_COMMAND]);
	sb_adds(&r->text[ST_COL_OPERATOR_COMMAND], w->command);
	sb_clear(&r->text[ST_COL_OPERATOR_CWD]);
	sb_adds(&r->text[ST_COL_OPERATOR_CWD], w->cwd);
}

/*
 * A tree tied to its request, at its root's row: the summary's, and
 * when the evidence names its client, a session's.
 */
static void
tell(struct st_corr *c, struct ctree *t, const struct st_row *r)
{
	enum st_sumrole role = corr_role(t);
	struct st_sesstree st;

	sb_clear(&c->tmp);
	if (t->wrap)
		st_escape(&c->tmp, t->wrap->command, strlen(t->wrap->command));
	else
		sb_adds(&c->tmp, sb_str(&r->text[ST_COL_ARGV]));
	st_summary_tree(c->summary, t->req->q, sb_str(&r->text[ST_COL_SCRIPT]),
	    sb_str(&c->tmp), sb_str(&r->text[ST_COL_CONFIDENCE]),
	    corr_match_name(t), role);
	if (role != ST_SUM_NAMED && role != ST_SUM_INJECT)
		return;
	/* The story tells what the operator typed: a shell's command. */
	if (t->wrap == NULL && corr_row_candidate(r) && r->args[2].p) {
		sb_clear(&c->tmp);
		st_escape(&c->tmp, r->args[2].p, r->args[2].len);
	}
	st.q = t->req->q;
	st.script = r->text[ST_COL_SCRIPT].len ?
	    sb_str(&r->text[ST_COL_SCRIPT]) : t->req->q->path;
	st.tool = t->wrap ? t->wrap->tool : "";
	st.tag = t->wrap ? t->wrap->tag : "";
	st.command = sb_str(&c->tmp);
	st.cwd = t->wrap && *t->wrap->cwd ? t->wrap->cwd : t->cwd;
	st.ms = t->t_root;
	t->session = st_sessions_tree(c->sessions, &st);
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
			tell(c, t, r);
		if (t->session && strcmp(sb_str(&r->text[ST_COL_DESC]),
		    "Network Connection") == 0)
			st_sessions_endpoint(c->sessions, t->session,
			    sb_str(&r->text[ST_COL_TARGET]));
	} else if (t && t->amb && r->web)
		corr_fill_ambiguous(r, t);
	if (t && t->cmdlen == 0 && r->text[ST_COL_TARGET].len)
		corr_script_written(c, r, t);
	if (t)
		fill_operator(r, t);
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
