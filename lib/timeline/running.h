/* SPDX-License-Identifier: ISC */
/*
 * running.h: the rows of processes still running when the collection
 * was taken, by its process lists (input/pssnap.h).
 *
 * A web-originated exec whose pid a snapshot lists with the same
 * command gets "running at collection (FILE:LINE)" in its running
 * column, and a line in what the summary prints: the reverse shell or
 * miner still up is the first thing a responder must know.
 */
#ifndef ST_RUNNING_H
#define ST_RUNNING_H

#include "base/strset.h"
#include "input/pssnap.h"
#include "timeline/sink.h"

/* Found ones, for the summary, at most this many. */
#define ST_RUNNING_MAX	100

/*
 * A stage in front of next (which it then owns); ps and found outlive
 * it: found gets a line per process, already safe to print.
 */
struct st_sink *st_running_sink(struct st_sink *next,
		    const struct st_pssnap *ps, struct st_strset *found);

#endif
