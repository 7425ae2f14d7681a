/* SPDX-License-Identifier: ISC */
/*
 * pair.h: one request seen by two servers, told as one.
 *
 * Behind nginx or Apache, php-fpm's pool log, gunicorn's and uWSGI's
 * log each request again: the front server's line has the client, the
 * back server's the process that served it.  Both come through here in
 * order of completion; a back view is merged into the front view of
 * the same request (same method, path and query, completions, or else
 * receptions, within the clocks' tolerance) only when neither could be
 * another's: the front request then carries the worker's pid and both
 * lines.  A back view that matches several front ones is dropped as
 * seen (it is one of them, which is not known); one that matches none
 * is a request of its own.  Requests are held until nothing still to
 * come can match them: about a second of traffic.
 */
#ifndef ST_PAIR_H
#define ST_PAIR_H

#include <stdint.h>

#include "web/request.h"

struct st_pair;

struct st_pair_stats {
	uint64_t	 merged;	/* back views merged into front ones */
	uint64_t	 unsure;	/* dropped: matched several */
	uint64_t	 alone;		/* back views with no front one */
	uint64_t	 crowded;	/* decided early: too many held */
};

struct st_pair	*st_pair_new(void);
/* Frees the requests still held. */
void		 st_pair_free(struct st_pair *p);
/* A request to parse into and push: one let go before, or a new one. */
struct st_request *st_pair_spare(struct st_pair *p);
/*
 * Take r, read with cx (which must outlive the pair), from a back
 * server's log (back) or not.
 */
void		 st_pair_push(struct st_pair *p, struct st_request *r,
		    const struct st_reqctx *cx, int back);
/*
 * The next request that nothing to come can change, when the stream
 * has reached now_ms (INT64_MAX at its end), or NULL; and its cx.  It
 * stays the pair's until st_pair_next moves past it.
 */
struct st_request *st_pair_peek(struct st_pair *p, int64_t now_ms,
		    const struct st_reqctx **cx);
void		 st_pair_next(struct st_pair *p);
const struct st_pair_stats *st_pair_stats(const struct st_pair *p);

#endif
