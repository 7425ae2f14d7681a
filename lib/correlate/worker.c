/* SPDX-License-Identifier: ISC */
/*
 * worker.c: ties by worker: the request was served by the very process
 * that ran the tree's root.  php-fpm's %p, gunicorn's %(p)s, uWSGI's
 * %(pid) and Apache's %P (prefork, mod_php) name the serving process;
 * when that is the root's parent and the exec lies in the request's
 * span, the request ran it.  A process serves one request at a time
 * in these servers; when two of one process's requests could both have
 * been running at the exec (a threaded server, or times too coarse to
 * order them), the pid tells nothing and the tree is left to the other
 * evidence.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/u64map.h"
#include "correlate/internal.h"

/*
 * A worker's last requests: an exec's request is among them, since a
 * decision comes within seconds of it.  The pids come from log lines,
 * and a forged line can name any: the map is bounded too.
 */
#define RING		4
#define WORKERS_MAX	65536

struct wring {
	struct cand	 v[RING];
	unsigned	 next;
};

void
corr_worker_free(void *ring)
{
	struct wring *w = ring;
	unsigned i;

	for (i = 0; i < RING; i++)
		corr_cand_free(&w->v[i]);
	free(w);
}

/* The slot for pid's next request, its old one let go; or NULL. */
static struct cand *
slot(struct st_corr *c, long long pid)
{
	struct wring *w = u64map_get(&c->workers, (uint64_t)pid);
	struct cand *e;

	if (w == NULL) {
		if (c->workers.n >= WORKERS_MAX)
			return NULL;
		w = st_calloc(1, sizeof(*w));
		u64map_put(&c->workers, (uint64_t)pid, w);
	}
	e = &w->v[w->next];
	w->next = (w->next + 1) % RING;
	corr_cand_release(e);
	return e;
}

void
corr_worker_request(struct st_corr *c, struct creq *r)
{
	struct cand *e;

	if (r->q->pid > 0 && (e = slot(c, r->q->pid)) != NULL)
		corr_cand_of_request(e, r);
}

void
corr_worker_glance(struct st_corr *c, const struct st_glance *g,
    uint64_t prior)
{
	struct cand *e;

	if (g->pid > 0 && (e = slot(c, g->pid)) != NULL)
		corr_cand_of_glance(e, g, prior);
}

static int
fits(const struct st_corr *c, const struct ctree *t, const struct cand *e)
{
	return (e->q || e->g) && corr_time_fits(c, t, e);
}

/*
 * Tie t to the request its parent was serving when it ran; 1 if done.
 * A worker serves its requests one after another, so that is the first
 * of its requests to complete after the exec, when the next one could
 * not have been running then (it completed later than the first could
 * have, or was received after the exec).
 */
int
corr_match_worker(struct st_corr *c, struct ctree *t)
{
	struct wring *w = u64map_get(&c->workers, (uint64_t)t->ppid);
	struct cand *first = NULL, *e;
	struct creq *r;
	unsigned i;

	if (w == NULL || t->ppid <= 1)
		return 0;
	for (i = 0; i < RING; i++)
		if (fits(c, t, &w->v[i]) && (first == NULL ||
		    w->v[i].end_ms < first->end_ms))
			first = &w->v[i];
	if (first == NULL)
		return 0;
	for (i = 0; i < RING; i++) {
		e = &w->v[i];
		if (e != first && fits(c, t, e) &&
		    e->end_ms <= first->end_max_ms + CLOCK_MS &&
		    (e->start_ms == ST_TIME_NONE ||
		    e->start_ms <= t->t_root + CLOCK_MS))
			return 0;	/* which was running cannot be told */
	}
	if ((r = corr_cand_request(first)) == NULL)
		return 0;
	corr_tie(c, t, r, M_WORKER, NULL);
	return 1;
}
