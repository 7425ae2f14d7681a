/* SPDX-License-Identifier: ISC */
/*
 * command.c: ties by command: a parameter's decoded value equals what
 * a tree's root runs, and the exec lies in the request's span.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/u64map.h"
#include "correlate/internal.h"

void
corr_cmd_free(void *v)
{
	struct cmdlist *l = v;

	free(l->v);
	free(l->at);
	free(l->next);
	free(l);
}

/* The first entry at or after i still in the list, or l->n. */
static size_t
live(struct cmdlist *l, size_t i)
{
	size_t root = i, k;

	while (root < l->n && l->next[root] != root)
		root = l->next[root];
	while (i < l->n && l->next[i] != i) {	/* shorten the path */
		k = l->next[i];
		l->next[i] = root;
		i = k;
	}
	return root;
}

/* Drop the entries gone, keeping the order. */
static void
compact(struct cmdlist *l)
{
	size_t i, k = 0;

	for (i = 0; i < l->n; i++) {
		if (l->next[i] != i)
			continue;
		l->v[k] = l->v[i];
		l->at[k] = l->at[i];
		l->next[k] = k;
		l->v[k]->cmdpos = k;
		k++;
	}
	l->n = k;
	l->gone = 0;
}

void
corr_cmd_add(struct st_corr *c, struct ctree *t)
{
	struct cmdlist *l = u64map_get(&c->bycmd, t->cmdhash);
	size_t i, cap;

	if (l == NULL) {
		l = st_calloc(1, sizeof(*l));
		u64map_put(&c->bycmd, t->cmdhash, l);
	}
	if (l->n == l->cap) {
		cap = l->cap ? 2 * l->cap : 4;
		l->v = st_realloc(l->v, cap * sizeof(*l->v));
		l->at = st_realloc(l->at, cap * sizeof(*l->at));
		l->next = st_realloc(l->next, cap * sizeof(*l->next));
		l->cap = cap;
	}
	/* Roots come nearly in time order: most go last. */
	for (i = l->n; i > 0 && l->at[i - 1] > t->t_root; i--) {
		l->v[i] = l->v[i - 1];
		l->at[i] = l->at[i - 1];
		l->next[i] = l->next[i - 1] == i - 1 ? i : l->next[i - 1] + 1;
		l->v[i]->cmdpos = i;
	}
	l->v[i] = t;
	l->at[i] = t->t_root;
	l->next[i] = i;
	l->n++;
	t->cmdpos = i;
	t->listed = 1;
}

/* Take t out of its command's list: tied by command, or too old. */
void
corr_cmd_remove(struct st_corr *c, struct ctree *t)
{
	struct cmdlist *l;

	if (!t->listed || (l = u64map_get(&c->bycmd, t->cmdhash)) == NULL)
		return;
	t->listed = 0;
	l->next[t->cmdpos] = t->cmdpos + 1;
	if (++l->gone < l->n) {
		if (l->gone > l->n / 2 && l->n > 16)
			compact(l);
		return;
	}
	u64map_del(&c->bycmd, t->cmdhash);
	corr_cmd_free(l);
}

/* The first entry whose root is at or after ms. */
static size_t
first_at(const struct cmdlist *l, int64_t ms)
{
	size_t lo = 0, hi = l->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->at[mid] < ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The earliest tree not tied by command running exactly v, in q's
 * window.  A time whose server is not known may be a completion: the
 * command may have started up to the window before it.
 */
static struct ctree *
by_command(struct st_corr *c, const struct st_request *q,
    const struct st_value *v)
{
	struct cmdlist *l = u64map_get(&c->bycmd, v->hash);
	int64_t start = q->start_ms != ST_TIME_NONE &&
	    q->mean != ST_TMEAN_SERVER ? q->start_ms - CLOCK_MS :
	    q->end_ms - c->o.cmd_window_ms;
	struct ctree *t;
	size_t i;

	if (l == NULL)
		return NULL;
	for (i = live(l, first_at(l, start)); i < l->n &&
	    l->at[i] <= q->end_max_ms + CLOCK_MS; i = live(l, i + 1)) {
		t = l->v[i];
		if (t->cmdlen == v->len && memcmp(t->command, v->s, v->len) == 0)
			return t;
	}
	return NULL;
}

int
corr_match_command(struct st_corr *c, struct creq *r)
{
	const struct st_request *q = r->q;
	struct ctree *t;
	size_t i;

	for (i = 0; i < q->nvalues; i++) {
		if ((t = by_command(c, q, &q->values[i])) != NULL) {
			corr_tie(c, t, r, M_COMMAND, &q->values[i]);
			corr_cmd_remove(c, t);
			return 1;
		}
	}
	return 0;
}
