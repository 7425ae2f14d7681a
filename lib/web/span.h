/* SPDX-License-Identifier: ISC */
/*
 * span.h: when a request can have run, from what its log line says.
 *
 * A log line gives one time, at some resolution, and sometimes a
 * duration.  nginx stamps the completion: the request ran in
 * [end - $request_time, end].  Apache stamps the reception: it ran in
 * [received, received + %D], or, without a duration, from the reception
 * for as long as a request may take.  php-fpm's %t is the reception too,
 * its %T the completion.  A line whose server is not known (the combined
 * format is written alike by nginx, Apache and gunicorn) gives only
 * what holds under both meanings: the logged second itself.
 *
 * The span keeps the earliest and latest start and completion; a side
 * the line cannot bound is ST_TIME_NONE, and st_span_window closes it
 * with the longest a request may take, which the caller chooses.
 */
#ifndef ST_SPAN_H
#define ST_SPAN_H

#include <stdint.h>

#include "base/absent.h"
#include "web/logtime.h"

struct st_span {
	int64_t		 start_ms;	/* earliest start, or NONE */
	int64_t		 start_max_ms;	/* latest start */
	int64_t		 end_ms;	/* earliest completion: the order the
					 * requests of a log come in */
	int64_t		 end_max_ms;	/* latest completion, or NONE */
	int64_t		 logged_ms;	/* the time as written, on the
					 * server's clock */
	enum st_tmean	 mean;		/* which moment it is; SERVER: the
					 * server is not known */
};

/*
 * The span of a line stamped t_ms (audit clock), res_ms coarse, meaning
 * m; dur_us and dur_res_us its duration (dur_us < 0: none logged).
 */
void	st_span_set(struct st_span *s, int64_t t_ms, int64_t res_ms,
	    enum st_tmean m, int64_t dur_us, int64_t dur_res_us);
/*
 * Where an exec run by the request can lie, when no request takes
 * longer than longest_ms: [*lo, *hi].
 */
void	st_span_window(const struct st_span *s, int64_t longest_ms,
	    int64_t *lo, int64_t *hi);
/* Where in the span the logged time is: the point nearest to it. */
int64_t	st_span_anchor(const struct st_span *s);

#endif
