#include "config.h"

#include <stdlib.h>

#include "base/producer.h"
#include "base/alloc.h"
#include "web/logthread.h"

/* Chunks kept to be filled again: as many as can be in flight. */
#define SPARE	8

struct st_reqstream {
	struct st_ahead	*ahead;
	struct st_glances *cur;		/* the chunk being read */
	/* The parsing thread's own. */
	struct st_accessfeed *acc;
	struct st_glances *spare[SPARE];
	size_t		 nspare;
};

static void
drop_chunk(void *ctx, void *item)
{
	struct st_reqstream *s = ctx;
	struct st_glances *g = item;

	if (s->nspare < SPARE) {
		s->spare[s->nspare++] = g;
		return;
	}
	st_glances_free(g);
	free(g);
}

static void *
fill_chunk(void *ctx)
{
	struct st_reqstream *s = ctx;
	struct st_glances *g = s->nspare ? s->spare[--s->nspare] :
	    st_calloc(1, sizeof(*g));

	if (st_accessfeed_fill(s->acc, g) > 0)
		return g;
	drop_chunk(s, g);
	return NULL;
}

struct st_reqstream *
st_reqstream_start(struct st_accessfeed *acc)
{
	struct st_reqstream *s = st_calloc(1, sizeof(*s));

	s->acc = acc;
	s->ahead = st_ahead_start(fill_chunk, drop_chunk, s);
	return s;
}

const struct st_glance *
st_reqstream_peek(struct st_reqstream *s, int wait, int *more)
{
	const struct st_glance *g;

	*more = 0;
	while (s->cur == NULL || (g = st_glances_peek(s->cur)) == NULL) {
		if (s->cur)
			st_ahead_discard(s->ahead, s->cur);
		s->cur = NULL;
		if (!wait && st_ahead_poll(s->ahead, more) == NULL)
			return NULL;
		if ((s->cur = st_ahead_next(s->ahead)) == NULL)
			return NULL;
	}
	return g;
}

void
st_reqstream_skip(struct st_reqstream *s)
{
	if (s->cur)
		st_glances_skip(s->cur);
}

void
st_reqstream_stop(struct st_reqstream *s)
{
	if (s == NULL)
		return;
	if (s->cur)
		st_ahead_discard(s->ahead, s->cur);
	st_ahead_stop(s->ahead);
	while (s->nspare > 0) {
		st_glances_free(s->spare[--s->nspare]);
		free(s->spare[s->nspare]);
	}
	free(s);
}
