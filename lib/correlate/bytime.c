/* SPDX-License-Identifier: ISC */
/*
 * bytime.c: ties by place and time, for trees no parameter explains
 * (POST shells): the recent script requests, and the decision for each
 * tree, where the other kinds of evidence are weighed first.
 *
 * The ties are an assignment: a tree has one request, a request runs a
 * few trees (REQ_TREES at most), a free one preferred.  Trees are
 * decided in the order they ran, each once its window has passed, so
 * every request that can have run it is known; among the requests the
 * evidence ranks alike, the one stamped nearest after the exec is
 * taken (a request logged at completion ends after its exec: given in
 * root order to the earliest-ending free request, the trees of a window
 * get as many requests as any assignment could give them), one nearer
 * to another undecided tree is left to it, and where another client's
 * request is as good the tree is ambiguous instead.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "correlate/internal.h"

/* The largest glance room an entry keeps when released. */
#define ROOM_KEEP	2048

/* The i-th request of the recent ring, oldest first. */
static struct cand *
recent(const struct st_corr *c, size_t i)
{
	return &c->recent[(c->rhead + i) & (c->rcap - 1)];
}

/* A new, empty entry at the end of the recent ring. */
static struct cand *
recent_add(struct st_corr *c)
{
	struct cand *grown, *e;
	size_t i;

	if (c->rlen == c->rcap) {
		grown = st_calloc(c->rcap ? c->rcap * 2 : 64, sizeof(*grown));
		for (i = 0; i < c->rlen; i++)
			grown[i] = *recent(c, i);
		for (i = c->rlen; i < c->rcap; i++)
			corr_cand_free(recent(c, i));
		free(c->recent);
		c->recent = grown;
		c->rcap = c->rcap ? c->rcap * 2 : 64;
		c->rhead = 0;
	}
	e = recent(c, c->rlen++);
	corr_cand_release(e);
	return e;
}

/* e's fields from r, without holding r. */
static void
peek_request(struct cand *e, const struct creq *r)
{
	const struct st_request *q = r->q;

	memset(e, 0, sizeof(*e));
	e->end_ms = q->end_ms;
	e->end_max_ms = q->end_max_ms;
	e->start_ms = q->start_ms;
	e->anchor_ms = q->anchor_ms;
	e->path_hash = q->path_hash;
	e->client_hash = q->client_hash;
	e->prior = r->prior;
	e->seq = q->seq;
	e->dir_hash = q->dir_hash;
	e->dir_depth = q->dir_depth;
	e->place = q->place;
}

void
corr_cand_of_request(struct cand *e, struct creq *r)
{
	struct st_glance *room = e->room;
	size_t size = e->roomsize;

	peek_request(e, r);
	e->room = room;
	e->roomsize = size;
	e->q = r;
	r->refs++;
}

void
corr_cand_peek_glance(struct cand *e, const struct st_glance *g,
    uint64_t prior)
{
	memset(e, 0, sizeof(*e));
	e->end_ms = g->end_ms;
	e->end_max_ms = g->end_max_ms;
	e->start_ms = g->start_ms;
	e->anchor_ms = g->anchor_ms;
	e->path_hash = g->path_hash;
	e->client_hash = g->client_hash;
	e->prior = prior;
	e->seq = g->seq;
	e->dir_hash = g->dir_hash;
	e->dir_depth = g->dir_depth;
	e->place = g->place;
}

void
corr_cand_of_glance(struct cand *e, const struct st_glance *g, uint64_t prior)
{
	struct st_glance *room = e->room;
	size_t size = e->roomsize;

	corr_cand_peek_glance(e, g, prior);
	e->room = e->g = st_glance_copy(g, room, &size);
	e->roomsize = size;
}

/*
 * Let go of e's request and glance; e keeps its room for the next,
 * unless a long line made it large: a ring of such rooms would hold
 * the largest glances ever seen, not those alive.
 */
void
corr_cand_release(struct cand *e)
{
	struct st_glance *room = e->room;
	size_t size = e->roomsize;

	if (size > ROOM_KEEP) {
		free(room);
		room = NULL;
		size = 0;
	}
	corr_creq_unref(e->q);
	memset(e, 0, sizeof(*e));
	e->room = room;
	e->roomsize = size;
}

void
corr_cand_free(struct cand *e)
{
	corr_cand_release(e);
	free(e->room);
	memset(e, 0, sizeof(*e));
}

static void
recent_push(struct st_corr *c, struct creq *r)
{
	corr_cand_of_request(recent_add(c), r);
}

void
corr_recent_push_glance(struct st_corr *c, const struct st_glance *g,
    uint64_t prior)
{
	corr_cand_of_glance(recent_add(c), g, prior);
}

/* The chosen candidate's request, parsed now if only glanced at. */
struct creq *
corr_cand_request(struct cand *e)
{
	struct st_request *q;

	if (e->q == NULL && (q = st_glance_request(e->g)) != NULL) {
		e->q = corr_creq_new(q);
		e->q->prior = e->prior;
	}
	return e->q;
}

/* Forget requests too old to fit any tree still to be decided. */
void
corr_recent_trim(struct st_corr *c, int64_t before)
{
	while (c->rlen && recent(c, 0)->end_ms < before) {
		corr_cand_release(recent(c, 0));
		c->rhead = (c->rhead + 1) & (c->rcap - 1);
		c->rlen--;
	}
}

void
corr_recent_free(struct st_corr *c)
{
	size_t i;

	corr_recent_trim(c, INT64_MAX);
	for (i = 0; i < c->rcap; i++)
		corr_cand_free(&c->recent[i]);
	free(c->recent);
}

/* Could q be the request that ran t, by time alone? */
int
corr_time_fits(const struct st_corr *c, const struct ctree *t,
    const struct cand *q)
{
	return q->end_max_ms + CLOCK_MS >= t->t_root &&
	    q->end_ms <= t->t_root + c->o.time_window_ms &&
	    (q->start_ms == ST_TIME_NONE || q->start_ms <= t->t_root + CLOCK_MS);
}

/*
 * Is a request a candidate of the time decisions to come?  Its script
 * ran commands before, or it is a script request of a rare shape, from
 * a client that ran commands, or whose directory is the cwd of a tree
 * of its window (a web-shell manager's requests to its shell are many
 * before the first tree is decided).
 */
int
corr_offered(const struct st_corr *c, const struct cand *e, int dynamic)
{
	return corr_tq_head(c) && (corr_count_get(&c->scripts,
	    e->path_hash) > 0 || (dynamic && (e->prior <= RARE_SHAPE ||
	    corr_count_get(&c->cmd_clients, e->client_hash) > 0 ||
	    corr_place_wanted(c, e))));
}

void
corr_offer(struct st_corr *c, struct creq *r)
{
	struct cand e;

	peek_request(&e, r);
	if (corr_offered(c, &e, r->q->dynamic))
		recent_push(c, r);
}

/*
 * Something beyond nearness lets e be considered: its script ran
 * commands (a POST shell's next requests come before its first tree is
 * decided, and their form is no longer new), its client ran commands
 * on evidence stronger than time, its form is new, or its script's
 * directory is the tree's cwd.  What ranks the candidates, and the
 * confidence, never count earlier time ties (better(), columns.c).
 */
static int
eligible(const struct st_corr *c, const struct ctree *t, const struct cand *e)
{
	if (e->q && e->q->ties >= REQ_TREES)
		return 0;
	return corr_count_get(&c->scripts, e->path_hash) > 0 ||
	    corr_count_get(&c->cmd_clients, e->client_hash) > 0 ||
	    e->prior == 0 || corr_place(t, e) >= 2;
}

/*
 * A decision ranks the requests of its window that fit and that
 * something speaks for (a few look-ups each), at most FIT_MAX: past
 * that many nothing tells them apart, and the tree is ambiguous.  It
 * keeps the TOP_MAX best and holds only those, best first, against at
 * most NEAR_MAX other undecided trees each (past that many trees,
 * nothing tells whose a request is either).  So n trees and n requests
 * in one second cost about n times the requests of the window (n^2 at
 * worst, with small constants), never n^3 as when every candidate was
 * held against every tree.
 */
#define FIT_MAX		256
#define TOP_MAX		16
#define NEAR_MAX	128

/*
 * Another undecided tree is nearer to e: e is more likely its own (1);
 * or so many trees fit e that it cannot be told whose it is (-1).  A
 * tree in a directory e's script maps to less well is not: two shells'
 * POSTs in one second go each to the tree in its script's directory,
 * whichever is nearer.
 */
static int
nearer_tree(const struct st_corr *c, const struct ctree *t,
    const struct cand *e)
{
	const struct ctree *u;
	size_t seen = 0, k;

	/* In root order: past q's end, no tree fits it. */
	for (k = c->tq_first; k < c->tq_n && (u = c->tq[k])->t_root <=
	    e->end_max_ms + CLOCK_MS; k++) {
		if (u == t || u->kind != M_NONE || !corr_time_fits(c, u, e) ||
		    corr_place(u, e) < corr_place(t, e))
			continue;
		if (corr_distance(u, e) < corr_distance(t, e))
			return 1;
		if (++seen == NEAR_MAX)
			return -1;
	}
	return 0;
}

/*
 * What ranks e for t, first key first, smaller better: its place, its
 * being free, what its script, form and client ran before, and last
 * how near it is.
 */
#define NKEYS	6

static void
keys(const struct st_corr *c, const struct ctree *t, const struct cand *e,
    long long *k)
{
	k[0] = -corr_place(t, e);
	k[1] = e->q && e->q->ties > 0;
	k[2] = corr_count_get(&c->cmd_scripts, e->path_hash) == 0;
	k[3] = (long long)e->prior;
	k[4] = corr_count_get(&c->cmd_clients, e->client_hash) == 0;
	k[5] = corr_distance(t, e);
}

/* Is a better than b for t?  The order is the rule. */
static int
better(const struct st_corr *c, const struct ctree *t,
    const struct cand *a, const struct cand *b)
{
	long long ka[NKEYS], kb[NKEYS];
	int i;

	keys(c, t, a, ka);
	keys(c, t, b, kb);
	for (i = 0; i < NKEYS; i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i];
	return a->seq < b->seq;
}

/*
 * A request of the same client to the same script, nearer to t, that
 * fits it as well: what speaks for best speaks for it too.  Without
 * this, the first of a web-shell manager's requests (new, so eligible)
 * would take the trees of the ones after it (same form, no longer new)
 * whenever its span stays open, as Apache's receptions do.
 */
static struct cand *
kin(struct st_corr *c, const struct ctree *t, struct cand *best)
{
	struct cand *e;
	size_t i;

	for (i = 0; i < c->rlen; i++) {
		e = recent(c, i);
		if (e != best && e->path_hash == best->path_hash &&
		    e->client_hash == best->client_hash &&
		    !(e->q && e->q->ties > 0) && corr_time_fits(c, t, e) &&
		    corr_distance(t, e) < corr_distance(t, best) &&
		    nearer_tree(c, t, e) == 0)
			best = e;
	}
	return best;
}

/*
 * Requests of other clients that speak for themselves as much as best
 * does and stamp the same moment (within half the logs' coarsest
 * resolution: one logged second): nothing tells them from best.  They
 * go to v, best first; how many, 1 when best stands alone.
 */
static size_t
alike(struct st_corr *c, const struct ctree *t, struct cand *best,
    struct cand **v, size_t max)
{
	long long kb[NKEYS], ke[NKEYS];
	struct cand *e;
	size_t i, n = 1;

	keys(c, t, best, kb);
	v[0] = best;
	for (i = 0; i < c->rlen && n < max; i++) {
		e = recent(c, i);
		if (e == best || e->client_hash == best->client_hash ||
		    !corr_time_fits(c, t, e) || !eligible(c, t, e))
			continue;
		keys(c, t, e, ke);
		if (memcmp(kb, ke, (NKEYS - 1) * sizeof(*kb)) == 0 &&
		    corr_same_moment(t, e, best) &&
		    nearer_tree(c, t, e) == 0)
			v[n++] = e;
	}
	return n;
}

/* The tie's kind: place when the script's directory spoke for it. */
static void
tie_time(struct st_corr *c, struct ctree *t, struct cand *best)
{
	struct creq *r = corr_cand_request(best);

	if (r)
		corr_tie(c, t, r, corr_place(t, best) >= 2 ? M_PLACE : M_TIME,
		    NULL);
}

/*
 * The TOP_MAX best candidates of t, best first, in top; how many, or
 * SIZE_MAX when more than FIT_MAX fit.
 */
static size_t
ranked(struct st_corr *c, const struct ctree *t, struct cand **top)
{
	struct cand *e;
	size_t i, k, n = 0, fit = 0;

	for (i = 0; i < c->rlen; i++) {
		e = recent(c, i);
		if (!corr_time_fits(c, t, e) || !eligible(c, t, e))
			continue;
		if (++fit > FIT_MAX)
			return SIZE_MAX;
		for (k = n; k > 0 && better(c, t, e, top[k - 1]); k--)
			if (k < TOP_MAX)
				top[k] = top[k - 1];
		if (k < TOP_MAX) {
			top[k] = e;
			n += n < TOP_MAX;
		}
	}
	return n;
}

/*
 * A web-shell manager's commands a few to one logged second: each
 * request waits for its command, so its requests to e's script and the
 * trees in that script's directory come in the same order.  Nearness
 * within a second tells them apart no better than that order: when the
 * free requests of e's client to e's script that fit t are as many as
 * the undecided trees that fit e as well, t (the earliest) takes the
 * first logged.  NULL when they are fewer.
 */
static struct cand *
in_turn(const struct st_corr *c, const struct ctree *t, const struct cand *e)
{
	struct cand *first = NULL, *x;
	const struct ctree *u;
	size_t i, k, reqs = 0, trees = 0;

	for (i = 0; i < c->rlen; i++) {
		x = recent(c, i);
		if (x->path_hash != e->path_hash ||
		    x->client_hash != e->client_hash ||
		    (x->q && x->q->ties > 0) || !corr_time_fits(c, t, x))
			continue;
		reqs++;
		if (first == NULL || x->seq < first->seq)
			first = x;
	}
	for (k = c->tq_first; k < c->tq_n && trees <= reqs &&
	    (u = c->tq[k])->t_root <= e->end_max_ms + CLOCK_MS; k++)
		if (u->kind == M_NONE && corr_time_fits(c, u, e) &&
		    corr_place(u, e) >= corr_place(t, e))
			trees++;
	return trees <= reqs ? first : NULL;
}

void
corr_decide(struct st_corr *c, struct ctree *t)
{
	struct cand *best = NULL, *top[TOP_MAX], *v[EV_MAX];
	size_t i, n;
	int near = 0, crowded = 0, turned = 0;

	if (t->kind != M_NONE || corr_match_worker(c, t) ||
	    corr_decide_evidence(c, t)) {
		t->decided = 1;
		return;
	}
	/* The best not nearer to another tree. */
	if ((n = ranked(c, t, top)) == SIZE_MAX) {
		crowded = 1;
		n = 0;
	}
	for (i = 0; i < n && best == NULL && !crowded; i++)
		if ((near = nearer_tree(c, t, top[i])) == 0)
			best = top[i];
		else if (near > 0 && !turned++)
			t->in_turn = (best = in_turn(c, t, top[i])) != NULL;
		else
			crowded = near < 0;
	if (best && !crowded && !t->in_turn)
		best = kin(c, t, best);
	if (crowded) {
		corr_ambiguous(c, t, NULL, 0);
		best = NULL;
	}
	if (best && (n = alike(c, t, best, v, EV_MAX)) > 1)
		corr_ambiguous(c, t, v, n);
	else if (best)
		tie_time(c, t, best);
	t->decided = 1;
}
