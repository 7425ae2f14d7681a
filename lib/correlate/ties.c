/* SPDX-License-Identifier: ISC */
/*
 * ties.c: a tree tied to a request, and the counts the time decisions
 * read (ties per script, per client, per shape).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/u64map.h"
#include "correlate/internal.h"

/* Counters kept as map values: stored plus one, since NULL is empty. */
uintptr_t
corr_count_get(const struct u64map *m, uint64_t k)
{
	uintptr_t v = (uintptr_t)u64map_get(m, k);

	return v ? v - 1 : 0;
}

static void
count_add(struct u64map *m, uint64_t k, int d)
{
	uintptr_t v = corr_count_get(m, k) + (uintptr_t)(intptr_t)d;

	if (v == 0)
		u64map_del(m, k);
	else
		u64map_put(m, k, (void *)(v + 1));
}

struct creq *
corr_creq_new(struct st_request *q)
{
	struct creq *r = st_calloc(1, sizeof(*r));

	r->q = q;
	r->refs = 1;
	return r;
}

void
corr_creq_unref(struct creq *r)
{
	if (r && --r->refs == 0) {
		st_request_release(r->q);
		free(r->q);
		free(r);
	}
}

struct shape *
corr_shape_of(struct st_corr *c, uint64_t h, int create)
{
	struct shape *s = u64map_get(&c->shapes, h);

	if (s == NULL && create && c->shapes.n < MAX_SHAPES) {
		s = st_calloc(1, sizeof(*s));
		u64map_put(&c->shapes, h, s);
	}
	return s;
}

static void
tie_counts(struct st_corr *c, struct creq *r, enum match kind, int inject,
    int d)
{
	const struct st_request *q = r->q;
	struct shape *s = corr_shape_of(c, q->shape, 0);

	r->ties += (unsigned)d;
	if (s)
		s->tied += (uint64_t)(int64_t)d;
	count_add(&c->scripts, q->path_hash, d);
	/* What speaks for a script's and a client's later requests: exact
	 * evidence that they ran commands.  A page's own work does not. */
	if (kind == M_COMMAND || kind == M_WORKER || inject) {
		count_add(&c->cmd_scripts, q->path_hash, d);
		count_add(&c->cmd_clients, q->client_hash, d);
	}
}

/* The count of ties of this kind. */
static uint64_t *
tied(struct st_corr *c, enum match kind)
{
	return kind == M_COMMAND ? &c->stats.tied_command :
	    kind == M_WORKER ? &c->stats.tied_worker :
	    kind == M_CONTAINS || kind == M_ARGUMENT ? &c->stats.tied_contains :
	    kind == M_PLACE ? &c->stats.tied_place : &c->stats.tied_time;
}

void
corr_tie(struct st_corr *c, struct ctree *t, struct creq *r, enum match kind,
    const struct st_value *v)
{
	if (t->req) {
		/* A command match outweighs a match made earlier. */
		tie_counts(c, t->req, t->kind, t->inject, -1);
		corr_creq_unref(t->req);
		tied(c, t->kind)[0]--;
	}
	if (kind != M_CONTAINS)
		t->inject = 0;
	r->refs++;
	t->req = r;
	t->kind = kind;
	t->value = v;
	tie_counts(c, r, kind, t->inject, 1);
	tied(c, kind)[0]++;
	if (kind == M_COMMAND)
		corr_promote(c, t);
}
