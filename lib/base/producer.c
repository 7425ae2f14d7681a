/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "base/alloc.h"
#include "base/producer.h"
#include "base/stageclock.h"

#define MAX_SLOTS	64	/* items made and not yet taken, at most */
/*
 * Items kept for reuse beyond the ring: the one being made, the one the
 * consumer holds, and those given back before the producer sees them.
 */
#define IN_FLIGHT	4

/* Items given back, or kept to be filled again. */
struct pile {
	void		**item;
	size_t		 n, cap;
};

struct st_producer {
	st_producer_fn	 next;
	st_producer_free_fn	 release;
	void		*ctx;
	struct timespec	 started;
	/* The producer's own. */
	double		 busy;		/* in next */
	struct pile	 pool;		/* for next to fill again */
	pthread_t	 thread;
	int		 threaded;	/* a producer thread runs */
	pthread_mutex_t	 lock;
	pthread_cond_t	 filled, emptied;
	/* Guarded by lock. */
	void		*slot[MAX_SLOTS];	/* a ring of nslots */
	size_t		 nslots;
	size_t		 head, count;
	struct pile	 given;		/* from the consumer, not yet kept */
	int		 ended;		/* the producer has no more */
	int		 stop;		/* the consumer wants no more */
	/* The consumer's own. */
	void		*cur;		/* taken from the ring, not yet by next */
	struct pile	 back;		/* given back since the last take */
	int		 seen_end;
};

static void
swap_piles(struct pile *a, struct pile *b)
{
	struct pile t = *a;

	*a = *b;
	*b = t;
}

static void
push(struct pile *p, void *item)
{
	p->item = st_grow(p->item, &p->cap, p->n + 1, sizeof(*p->item));
	p->item[p->n++] = item;
}

/* Keep an item to be filled again, or free it; the producer's side. */
static void
keep(struct st_producer *a, void *item)
{
	if (a->pool.n < a->nslots + IN_FLIGHT)
		push(&a->pool, item);
	else
		a->release(a->ctx, item);
}

static void
keep_pile(struct st_producer *a, struct pile *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		keep(a, p->item[i]);
	p->n = 0;
}

static void
release_pile(struct st_producer *a, struct pile *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		a->release(a->ctx, p->item[i]);
	free(p->item);
}

/* Hand an item over (NULL: the end); 0 when the consumer wants no more. */
static int
put(struct st_producer *a, void *item, struct pile *gone)
{
	int go;

	pthread_mutex_lock(&a->lock);
	while (a->count == a->nslots && !a->stop)
		pthread_cond_wait(&a->emptied, &a->lock);
	go = !a->stop && item != NULL;
	if (go)
		a->slot[(a->head + a->count++) % a->nslots] = item;
	else
		a->ended = 1;
	swap_piles(gone, &a->given);
	pthread_cond_signal(&a->filled);
	pthread_mutex_unlock(&a->lock);
	keep_pile(a, gone);
	if (item && !go)
		a->release(a->ctx, item);
	return go;
}

static void *
timed_next(struct st_producer *a)
{
	struct timespec t;
	void *item;

	clock_gettime(CLOCK_MONOTONIC, &t);
	item = a->next(a->ctx, a->pool.n ? a->pool.item[--a->pool.n] : NULL);
	a->busy += st_seconds_since(&t);
	return item;
}

static void *
produce(void *arg)
{
	struct st_producer *a = arg;
	struct pile gone = { NULL, 0, 0 };

	while (put(a, timed_next(a), &gone))
		;
	free(gone.item);
	return NULL;
}

struct st_producer *
st_producer_start(st_producer_fn next, st_producer_free_fn release,
    void *ctx, size_t slots)
{
	struct st_producer *a = st_calloc(1, sizeof(*a));

	a->nslots = slots < 1 ? 1 : slots > MAX_SLOTS ? MAX_SLOTS : slots;
	a->next = next;
	a->release = release;
	a->ctx = ctx;
	clock_gettime(CLOCK_MONOTONIC, &a->started);
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->filled, NULL);
	pthread_cond_init(&a->emptied, NULL);
	/* Without a thread (none left), the consumer produces in turn. */
	a->threaded = pthread_create(&a->thread, NULL, produce, a) == 0;
	if (a->threaded)
		pthread_setname_np(a->thread, "shelltrail-ahd");
	return a;
}

static void
join(struct st_producer *a)
{
	pthread_join(a->thread, NULL);
	a->threaded = 0;
}

/*
 * Take the next item from the producer, waiting for it if wait is set;
 * 1 when there is one, 0 at the end, -1 when it is not ready.
 */
static int
take(struct st_producer *a, int wait)
{
	pthread_mutex_lock(&a->lock);
	if (!wait && a->count == 0 && !a->ended) {
		pthread_mutex_unlock(&a->lock);
		return -1;
	}
	while (a->count == 0 && !a->ended)
		pthread_cond_wait(&a->filled, &a->lock);
	if (a->count > 0) {
		a->cur = a->slot[a->head];
		a->head = (a->head + 1) % a->nslots;
		a->count--;
		pthread_cond_signal(&a->emptied);
	} else
		a->seen_end = 1;
	/* What was given back goes with the producer's next item. */
	if (a->given.n == 0)
		swap_piles(&a->back, &a->given);
	pthread_mutex_unlock(&a->lock);
	/* Done: from now on the producer's side is this thread's. */
	if (a->seen_end)
		join(a);
	return !a->seen_end;
}

/* Make cur hold the next item if there is one: as take(). */
static int
fetch(struct st_producer *a, int wait)
{
	if (a->cur)
		return 1;
	if (a->seen_end)
		return 0;
	if (a->threaded)
		return take(a, wait);
	a->cur = timed_next(a);
	a->seen_end = a->cur == NULL;
	return !a->seen_end;
}

void *
st_producer_peek(struct st_producer *a)
{
	return fetch(a, 1) > 0 ? a->cur : NULL;
}

void *
st_producer_poll(struct st_producer *a, int *more)
{
	int r = fetch(a, 0);

	*more = r < 0;
	return r > 0 ? a->cur : NULL;
}

void *
st_producer_next(struct st_producer *a)
{
	void *item = st_producer_peek(a);

	a->cur = NULL;
	return item;
}

void
st_producer_discard(struct st_producer *a, void *item)
{
	/* With the producer done, its side is this thread's. */
	if (a->threaded)
		push(&a->back, item);
	else
		keep(a, item);
}

void
st_producer_stop(struct st_producer *a, struct st_producer_times *t)
{
	if (a == NULL)
		return;
	if (a->threaded) {
		pthread_mutex_lock(&a->lock);
		a->stop = 1;
		pthread_cond_signal(&a->emptied);
		pthread_mutex_unlock(&a->lock);
		join(a);
	}
	if (t) {
		t->busy = a->busy;
		t->life = st_seconds_since(&a->started);
	}
	if (a->cur)
		a->release(a->ctx, a->cur);
	for (; a->count > 0; a->count--, a->head = (a->head + 1) % a->nslots)
		a->release(a->ctx, a->slot[a->head]);
	release_pile(a, &a->given);
	release_pile(a, &a->back);
	release_pile(a, &a->pool);
	pthread_cond_destroy(&a->filled);
	pthread_cond_destroy(&a->emptied);
	pthread_mutex_destroy(&a->lock);
	free(a);
}
