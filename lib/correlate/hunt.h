/* SPDX-License-Identifier: ISC */
/*
 * hunt.h: web shells from the access logs alone, when no audit log was
 * collected.
 *
 * Without audit records nothing shows that a command ran: what the
 * logs show is requests shaped like a web shell's.  So this is weaker
 * evidence than a tie, and says so: each row is a request, with its
 * reasons and a confidence that is the strength of the suspicion.
 *
 * Two passes over the same requests.  The first learns, per script and
 * per client of a script, how many clients it has, what they sent and
 * with how many user agents; the second writes a row for each request
 * the evidence points at.  Memory is bounded by the scripts and
 * script-client pairs counted, each capped; past a cap the others are
 * judged on their own request only, and the stats say so.
 */
#ifndef ST_HUNT_H
#define ST_HUNT_H

#include <stdint.h>

#include "base/time.h"
#include "timeline/sink.h"
#include "web/request.h"

struct st_hunt_opts {
	struct st_tz	 tz;
	const char	*host;		/* the rows' host column */
	int64_t		 since_ms, until_ms;	/* INT64_MIN/MAX: open */
};

struct st_hunt_stats {
	uint64_t	 requests;	/* learnt from */
	uint64_t	 rows;		/* requests written */
	uint64_t	 high;		/* of them with high confidence */
	uint64_t	 scripts;	/* dynamic scripts counted */
	int		 capped;	/* a table was full */
};

struct st_hunt;

struct st_hunt	*st_hunt_new(const struct st_hunt_opts *o);
void		 st_hunt_free(struct st_hunt *h);
/* The first pass: count q. */
void		 st_hunt_learn(struct st_hunt *h, struct st_request *q);
/* The second pass, over the same requests: q's row to w, if it has
 * reasons. */
void		 st_hunt_judge(struct st_hunt *h, struct st_request *q,
		    struct st_sink *w);
const struct st_hunt_stats *st_hunt_stats(const struct st_hunt *h);

#endif
