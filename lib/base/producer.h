/* SPDX-License-Identifier: ISC */
/*
 * producer.h: run a producer on its own thread, ahead of its consumer.
 *
 * The audit side of a run is bound to one thread (libauparse's state is
 * process-wide), so the other core parses the access logs.  The
 * threads meet once per item, so an item should be a big one (a chunk
 * of parsed records), and at most a few wait: memory stays flat when
 * the producer is faster.  An item is handed over whole: the producer
 * does not touch it again until it is given back.
 */
#ifndef ST_PRODUCER_H
#define ST_PRODUCER_H

/*
 * The next item, or NULL at the end; runs on the producer's thread.
 * reuse is an item given back, to be filled again instead of a new one
 * (NULL: none), and is next's own: at the end, next frees it.
 */
typedef void	*(*st_producer_fn)(void *ctx, void *reuse);
/* Frees an item for good. */
typedef void	 (*st_producer_free_fn)(void *ctx, void *item);

struct st_producer;

/*
 * slots: items the producer may run ahead by (1 to 64): the slack that
 * lets each thread go through a stretch where it is the slower one
 * without the other waiting.  Items given back are kept for next to
 * fill again, as many as can be in flight; release frees the others,
 * and at the stop every item left.
 */
struct st_producer	*st_producer_start(st_producer_fn next,
			    st_producer_free_fn release, void *ctx,
			    size_t slots);
/* The next item without taking it; NULL at the end. */
void		*st_producer_peek(struct st_producer *a);
/*
 * The next item if it is ready, without waiting: NULL with *more set
 * when the producer has not made it yet, NULL with *more clear at the
 * end.  The consumer can do other work meanwhile.
 */
void		*st_producer_poll(struct st_producer *a, int *more);
/* Take the next item; NULL at the end. */
void		*st_producer_next(struct st_producer *a);
/*
 * Give an item back, to be reused or freed on the producer's thread.
 * malloc keeps an arena per thread: a thread freeing what another
 * allocated contends for that arena's lock on every call, which made a
 * threaded run slower than one thread.
 */
void		 st_producer_discard(struct st_producer *a, void *item);
/* Seconds spent in next, of the seconds since the producer started. */
struct st_producer_times {
	double		 busy, life;
};

/*
 * Stop the producer at its next batch, wait for its thread, and free
 * what it made and nobody took and what was given back.  After this,
 * whatever the producer wrote is visible to the caller.  t, when not
 * NULL, is told how the producer spent its time.
 */
void		 st_producer_stop(struct st_producer *a,
		    struct st_producer_times *t);

#endif
