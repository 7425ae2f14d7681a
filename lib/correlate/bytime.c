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

static void
recent_push(struct st_corr *c, struct creq *r)
{
	struct cand *e = recent_add(c);
	const struct st_request *q = r->q;

	e->end_ms = q->end_ms;
	e->end_max_ms = q->end_max_ms;
	e->start_ms = q->start_ms;
	e->path_hash = q->path_hash;
	e->client_hash = q->client_hash;
	e->prior = r->prior;
	e->seq = q->seq;
	e->q = r;
	r->refs++;
}

void
corr_recent_push_glance(struct st_corr *c, const struct st_glance *g,
    uint64_t prior)
{
	struct cand *e = recent_add(c);

	e->end_ms = g->end_ms;
	e->end_max_ms = g->end_max_ms;
	e->start_ms = g->start_ms;
	e->path_hash = g->path_hash;
	e->client_hash = g->client_hash;
	e->prior = prior;
	e->seq = g->seq;
	e->g = st_glance_copy(g);
}

/* The chosen candidate's request, parsed now if only glanced at. */
static struct creq *
cand_request(struct cand *e)
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
		corr_creq_unref(recent(c, 0)->q);
		free(recent(c, 0)->g);
		c->rhead = (c->rhead + 1) & (c->rcap - 1);
		c->rlen--;
	}
}

/* Could q be the request that ran t, by time alone? */
static int
time_fits(const struct st_corr *c, const struct ctree *t,
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
	return c->tq_head && (corr_count_get(&c->scripts, path_hash) > 0 ||
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

static int64_t
distance(const struct ctree *t, const struct cand *q)
{
	int64_t mid = q->end_ms + (q->end_max_ms - q->end_ms) / 2;

	return mid > t->t_root ? mid - t->t_root : t->t_root - mid;
}

/* Something beyond nearness speaks for q. */
static int
eligible(const struct st_corr *c, const struct cand *e)
{
	return corr_count_get(&c->scripts, e->path_hash) > 0 ||
	    corr_count_get(&c->cmd_clients, e->client_hash) > 0 ||
	    e->prior == 0;
}

/* Another undecided tree is nearer to q: q is more likely its own. */
static int
nearer_tree(const struct st_corr *c, const struct ctree *t,
    const struct cand *e)
{
	const struct ctree *u;

	/* In root order: past q's end, no tree fits it. */
	for (u = c->tq_head; u && u->t_root <= e->end_max_ms + CLOCK_MS;
	    u = u->tq)
		if (u != t && u->kind == M_NONE && time_fits(c, u, e) &&
		    distance(u, e) < distance(t, e))
			return 1;
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

void
corr_decide(struct st_corr *c, struct ctree *t)
{
	struct cand *best = NULL, *e;
	struct creq *r;
	size_t i;

	for (i = 0; t->kind == M_NONE && i < c->rlen; i++) {
		e = recent(c, i);
		if (!time_fits(c, t, e) || !eligible(c, e) ||
		    nearer_tree(c, t, e))
			continue;
		if (best == NULL || better(c, t, e, best))
			best = e;
	}
	if (best && (r = cand_request(best)) != NULL)
		corr_tie(c, t, r, M_TIME, NULL);
	t->decided = 1;
}
