/* SPDX-License-Identifier: ISC */
/*
 * stageclock.h: where one thread's time goes, stage by stage (--stats).
 *
 * The thread says which stage it enters; the time since it entered the
 * last one is charged to that one.  Entering the stage it is in reads
 * no clock, so a loop that stays in one stage costs nothing.  A clock
 * that is off (the zeroed default) does nothing at all.
 */
#ifndef ST_STAGECLOCK_H
#define ST_STAGECLOCK_H

#include <time.h>

/* A run's stages (run.h says which thread is in which). */
enum st_stage {
	ST_STAGE_FRAME,		/* framed audit records taken (framer.h) */
	ST_STAGE_PARSE,		/* libauparse, and the fields taken from it */
	ST_STAGE_EVENTS,	/* process trees, rows, ties */
	ST_STAGE_REQUESTS,	/* requests handed to the correlator */
	ST_STAGE_WAIT,		/* waiting for the access thread */
	ST_STAGE_WRITE,		/* rows formatted and written out */
	ST_STAGE_N
};

struct st_stageclock {
	int		 on;
	enum st_stage	 cur;
	struct timespec	 at;
	double		 s[ST_STAGE_N];	/* seconds */
};

void		st_stageclock_start(struct st_stageclock *c, enum st_stage s);
/* Enter s; returns the stage left, to go back to. */
enum st_stage	st_stageclock_to(struct st_stageclock *c, enum st_stage s);
/* Charge the time to now; the clock stays in its stage. */
void		st_stageclock_stop(struct st_stageclock *c);
/* Seconds since a CLOCK_MONOTONIC reading. */
double		st_seconds_since(const struct timespec *t);

#endif
