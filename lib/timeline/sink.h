/* SPDX-License-Identifier: ISC */
/*
 * sink.h: where timeline rows go.
 *
 * Every stage after the row builder hands rows on through this one
 * interface: the correlator to the classifier, the classifier to a
 * writer, a batch scan's worker down its pipe.  A sink knows rows,
 * nothing of what made them or of where they end up.
 */
#ifndef ST_SINK_H
#define ST_SINK_H

#include "timeline/row.h"

struct st_sink {
	void	(*row)(struct st_sink *s, const struct st_row *r);
	/* Pass on everything held; -1 when writing failed. */
	int	(*finish)(struct st_sink *s);
	void	(*free)(struct st_sink *s);
};

#endif
