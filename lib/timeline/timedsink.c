/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>

#include "base/alloc.h"
#include "timeline/timedsink.h"

struct timed {
	struct st_sink	 sink;		/* first: the struct is its sink */
	struct st_sink	*inner;
	struct st_stageclock *clk;
};

static void
timed_row(struct st_sink *s, const struct st_row *r)
{
	struct timed *t = (struct timed *)s;
	enum st_stage was = st_stageclock_to(t->clk, ST_STAGE_WRITE);

	t->inner->row(t->inner, r);
	st_stageclock_to(t->clk, was);
}

static int
timed_finish(struct st_sink *s)
{
	struct timed *t = (struct timed *)s;
	enum st_stage was = st_stageclock_to(t->clk, ST_STAGE_WRITE);
	int rc = t->inner->finish(t->inner);

	st_stageclock_to(t->clk, was);
	return rc;
}

static void
timed_free(struct st_sink *s)
{
	struct timed *t = (struct timed *)s;

	t->inner->free(t->inner);
	free(t);
}

struct st_sink *
st_timed_sink(struct st_sink *inner, struct st_stageclock *c)
{
	struct timed *t = st_calloc(1, sizeof(*t));

	t->sink.row = timed_row;
	t->sink.finish = timed_finish;
	t->sink.free = timed_free;
	t->inner = inner;
	t->clk = c;
	return &t->sink;
}
