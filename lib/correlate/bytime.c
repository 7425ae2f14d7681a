/*
 * bytime.c: ties by time, for trees no parameter explains (POST
 * shells): the recent script requests, and the decision for each tree.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "correlate/internal.h"

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
		free(c->recent);
		c->recent = grown;
		c->rcap = c->rcap ? c->rcap * 2 : 64;
		c->rhead = 0;
	}
	e = recent(c, c->rlen++);
	memset(e, 0, sizeof(*e));
	return e;
}

void
corr_cand_of_request(struct cand *e, struct creq *r)
{
	const struct st_request *q = r->q;

	e->end_ms = q->end_ms;
	e->end_max_ms = q->end_max_ms;
	e->start_ms = q->start_ms;
	e->anchor_ms = q->anchor_ms;
	e->path_hash = q->path_hash;
	e->client_hash = q->client_hash;
	e->prior = r->prior;
	e->seq = q->seq;
	e->q = r;
	r->refs++;
}

void
corr_cand_of_glance(struct cand *e, const struct st_glance *g, uint64_t prior)
{
	e->end_ms = g->end_ms;
	e->end_max_ms = g->end_max_ms;
	e->start_ms = g->start_ms;
	e->anchor_ms = g->anchor_ms;
	e->path_hash = g->path_hash;
	e->client_hash = g->client_hash;
	e->prior = prior;
	e->seq = g->seq;
	e->g = st_glance_copy(g);
}

void
corr_cand_release(struct cand *e)
{
	corr_creq_unref(e->q);
	free(e->g);
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
 * ran commands before, or it is a script request of a rare shape or
 * from a client that ran commands.
 */
int
corr_offered(const struct st_corr *c, uint64_t path_hash, uint64_t client_hash,
    int dynamic, uint64_t prior)
{
	return corr_tq_head(c) && (corr_count_get(&c->scripts, path_hash) > 0 ||
	    (dynamic && (prior <= RARE_SHAPE ||
	    corr_count_get(&c->cmd_clients, client_hash) > 0)));
}

void
corr_offer(struct st_corr *c, struct creq *r)
{
	const struct st_request *q = r->q;

	if (corr_offered(c, q->path_hash, q->client_hash, q->dynamic, r->prior))
		recent_push(c, r);
}

/* From the moment q's line stamps (web/span.h) to t's first exec. */
static int64_t
distance(const struct ctree *t, const struct cand *q)
{
	int64_t at = q->anchor_ms;

	return at > t->t_root ? at - t->t_root : t->t_root - at;
}

/* Something beyond nearness speaks for q. */
static int
eligible(const struct st_corr *c, const struct cand *e)
{
	return corr_count_get(&c->scripts, e->path_hash) > 0 ||
	    corr_count_get(&c->cmd_clients, e->client_hash) > 0 ||
	    e->prior == 0;
}

/*
 * A decision reads at most CAND_MAX candidates that fit and that
 * something speaks for, and for each at most NEAR_MAX other trees: past
 * that, nothing tells the requests apart, and the tree stays untied
 * (counted as ambiguous).  So n trees and n requests in one second
 * cost about n times the requests of the window (n^2 at worst, with
 * small constants), never n^3 as when every candidate was held against
 * every other tree.
 */
#define CAND_MAX	32
#define NEAR_MAX	128

/*
 * Another undecided tree is nearer to e: e is more likely its own (1);
 * or so many trees fit e that it cannot be told whose it is (-1).
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
		if (u == t || u->kind != M_NONE || !corr_time_fits(c, u, e))
			continue;
		if (distance(u, e) < distance(t, e))
			return 1;
		if (++seen == NEAR_MAX)
			return -1;
	}
	return 0;
}

/* Is a better than b for t?  The order is the rule, first key first. */
static int
better(const struct st_corr *c, const struct ctree *t,
    const struct cand *a, const struct cand *b)
{
	long long ka[5], kb[5];
	int i;

	ka[0] = a->q && a->q->ties > 0;
	kb[0] = b->q && b->q->ties > 0;
	ka[1] = corr_count_get(&c->scripts, a->path_hash) == 0;
	kb[1] = corr_count_get(&c->scripts, b->path_hash) == 0;
	ka[2] = (long long)a->prior;
	kb[2] = (long long)b->prior;
	ka[3] = corr_count_get(&c->cmd_clients, a->client_hash) == 0;
	kb[3] = corr_count_get(&c->cmd_clients, b->client_hash) == 0;
	ka[4] = distance(t, a);
	kb[4] = distance(t, b);
	for (i = 0; i < 5; i++)
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
		    distance(t, e) < distance(t, best) &&
		    nearer_tree(c, t, e) == 0)
			best = e;
	}
	return best;
}

void
corr_decide(struct st_corr *c, struct ctree *t)
{
	struct cand *best = NULL, *e;
	struct creq *r;
	size_t i, fit = 0;
	int near, crowded = 0;

	if (t->kind == M_NONE && corr_match_worker(c, t)) {
		t->decided = 1;
		return;
	}

	for (i = 0; t->kind == M_NONE && i < c->rlen; i++) {
		e = recent(c, i);
		if (!corr_time_fits(c, t, e) || !eligible(c, e))
			continue;
		if (++fit > CAND_MAX) {
			crowded = 1;
			break;
		}
		if ((near = nearer_tree(c, t, e)) != 0) {
			crowded |= near < 0;
			continue;
		}
		if (best == NULL || better(c, t, e, best))
			best = e;
	}
	if (best && !crowded)
		best = kin(c, t, best);
	if (crowded && t->kind == M_NONE) {
		c->stats.ambiguous++;
		best = NULL;
	}
	if (best && (r = corr_cand_request(best)) != NULL)
		corr_tie(c, t, r, M_TIME, NULL);
	t->decided = 1;
}
