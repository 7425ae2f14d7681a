/*
 * command.c: ties by command: a parameter's decoded value equals what
 * a tree's root runs, and the exec lies in the request's span.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/u64map.h"
#include "correlate/internal.h"

static int
in_window(const struct st_corr *c, const struct ctree *t,
    const struct st_request *q)
{
	int64_t start = q->start_ms != ST_TIME_NONE ? q->start_ms - CLOCK_MS :
	    q->end_ms - c->o.cmd_window_ms;

	return t->t_root >= start && t->t_root <= q->end_max_ms + CLOCK_MS;
}

/* The earliest untied tree running exactly v, inside q's window. */
static struct ctree *
by_command(struct st_corr *c, const struct st_request *q,
    const struct st_value *v)
{
	struct ctree *t, *best = NULL;

	for (t = u64map_get(&c->bycmd, v->hash); t;
	    t = t->cmdnext) {
		if (t->kind == M_COMMAND || t->cmdlen != v->len ||
		    memcmp(t->command, v->s, v->len) != 0 ||
		    !in_window(c, t, q))
			continue;
		if (best == NULL || t->t_root < best->t_root)
			best = t;
	}
	return best;
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
			return 1;
		}
	}
	return 0;
}
