/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>

#include "base/alloc.h"
#include "base/producer.h"
#include "web/logthread.h"

/*
 * Chunks parsed ahead, about 4 MB: a burst of execs holds the audit
 * side back while requests keep coming, and the other way round, for
 * thousands of requests; with less slack each thread waited for the
 * other (a 100-copy campaign: 4.1 s with 4 chunks, 3.3 s with 32).
 */
#define AHEAD	32

struct st_logthread {
	struct st_producer	*ahead;
	struct st_glances *cur;		/* the chunk being read */
	/* The parsing thread's own. */
	struct st_accesslog *acc;
};

static void
free_chunk(void *ctx, void *item)
{
	(void)ctx;
	st_glances_release(item);
	free(item);
}

static void *
fill_chunk(void *ctx, void *reuse)
{
	struct st_logthread *s = ctx;
	struct st_glances *g = reuse ? reuse : st_calloc(1, sizeof(*g));

	if (st_accesslog_fill(s->acc, g) > 0)
		return g;
	free_chunk(s, g);
	return NULL;
}

struct st_logthread *
st_logthread_start(struct st_accesslog *acc)
{
	struct st_logthread *s = st_calloc(1, sizeof(*s));

	s->acc = acc;
	s->ahead = st_producer_start(fill_chunk, free_chunk, s, AHEAD);
	return s;
}

const struct st_glance *
st_logthread_peek(struct st_logthread *s, int wait, int *more)
{
	const struct st_glance *g;

	*more = 0;
	while (s->cur == NULL || (g = st_glances_peek(s->cur)) == NULL) {
		if (s->cur)
			st_producer_discard(s->ahead, s->cur);
		s->cur = NULL;
		if (!wait && st_producer_poll(s->ahead, more) == NULL)
			return NULL;
		if ((s->cur = st_producer_next(s->ahead)) == NULL)
			return NULL;
	}
	return g;
}

void
st_logthread_skip(struct st_logthread *s)
{
	if (s->cur)
		st_glances_skip(s->cur);
}

void
st_logthread_stop(struct st_logthread *s, struct st_producer_times *t)
{
	if (s == NULL)
		return;
	if (s->cur)
		st_producer_discard(s->ahead, s->cur);
	st_producer_stop(s->ahead, t);
	free(s);
}
