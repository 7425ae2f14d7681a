/* SPDX-License-Identifier: ISC */
/*
 * timedsink.h: a sink that charges what the sinks behind it spend to
 * ST_STAGE_WRITE of a stage clock (--stats).
 */
#ifndef ST_TIMEDSINK_H
#define ST_TIMEDSINK_H

#include "base/stageclock.h"
#include "timeline/sink.h"

/* Takes inner (freed with it); c must outlive it. */
struct st_sink	*st_timed_sink(struct st_sink *inner, struct st_stageclock *c);

#endif
