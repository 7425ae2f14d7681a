/* SPDX-License-Identifier: ISC */
/*
 * The producer thread of base/producer.c: items come in order and
 * whole, items given back are filled again (so a long run allocates no
 * more than can be in flight) and all are freed in the end, its busy
 * time lies within its life, and stopping early (producer blocked on a
 * full queue) neither hangs nor leaks; ASan and TSan runs of this test
 * check the rest.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "base/producer.h"
#include "check.h"

struct counter {
	long		 next, last;	/* made so far, how many to make */
	long		 allocated, freed;
};

static void
release(void *ctx, void *item)
{
	((struct counter *)ctx)->freed++;
	free(item);
}

static void *
make(void *ctx, void *reuse)
{
	struct counter *c = ctx;
	long *item = reuse;

	if (c->next >= c->last) {
		if (item)
			release(c, item);
		return NULL;
	}
	if (item == NULL) {
		item = malloc(sizeof(*item));
		c->allocated++;
	}
	*item = c->next++;
	return item;
}

static void
in_order(void)
{
	struct counter c = { 0, 10000, 0, 0 };
	struct st_producer *a = st_producer_start(make, release, &c, 4);
	struct st_producer_times t = { -1, -1 };
	long want = 0, *item;
	int more;

	while ((item = st_producer_peek(a)) != NULL) {
		CHECK_INT(*item, want);
		CHECK(st_producer_next(a) == item);
		want++;
		st_producer_discard(a, item);
	}
	CHECK_INT(want, 10000);
	CHECK(st_producer_poll(a, &more) == NULL);
	CHECK_INT(more, 0);
	st_producer_stop(a, &t);
	/*
	 * Reuse keeps a long run to what can be alive at once: the 4
	 * slots, the one being made, and those on their way back (9 in
	 * every run seen, on one core or two, under valgrind too); without
	 * it, all 10,000.  The bound leaves room for other schedules.
	 */
	CHECK(c.allocated >= 1 && c.allocated <= 16);
	CHECK_INT(c.freed, c.allocated);
	/* Every call of make lies within the producer's life. */
	CHECK(t.busy > 0 && t.life >= t.busy);
}

static void
stop_early(void)
{
	struct counter c = { 0, 1000000, 0, 0 };
	struct st_producer *a = st_producer_start(make, release, &c, 4);
	long *item = st_producer_next(a);

	CHECK(item != NULL && *item == 0);
	free(item);
	/* The producer is blocked on a full queue, or about to be. */
	st_producer_stop(a, NULL);
	CHECK(c.next < 1000000);
	CHECK_INT(c.freed, c.allocated - 1);
}

static void
poll_then_wait(void)
{
	struct counter c = { 0, 3, 0, 0 };
	struct st_producer *a = st_producer_start(make, release, &c, 4);
	long n = 0, *item;
	int more;

	for (;;) {
		if ((item = st_producer_poll(a, &more)) == NULL && more)
			item = st_producer_peek(a);
		if (item == NULL)
			break;
		CHECK_INT(*item, n++);
		st_producer_discard(a, st_producer_next(a));
	}
	CHECK_INT(n, 3);
	st_producer_stop(a, NULL);
	CHECK_INT(c.freed, c.allocated);
}

int
main(void)
{
	in_order();
	stop_early();
	poll_then_wait();
	return CHECK_DONE();
}
