/* SPDX-License-Identifier: ISC */
#include "config.h"

#include "base/stageclock.h"

double
st_seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	    (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

void
st_stageclock_start(struct st_stageclock *c, enum st_stage s)
{
	c->on = 1;
	c->cur = s;
	clock_gettime(CLOCK_MONOTONIC, &c->at);
}

enum st_stage
st_stageclock_to(struct st_stageclock *c, enum st_stage s)
{
	enum st_stage was = c->cur;

	if (!c->on || s == was)
		return was;
	st_stageclock_stop(c);
	c->cur = s;
	return was;
}

void
st_stageclock_stop(struct st_stageclock *c)
{
	struct timespec now;

	if (!c->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	c->s[c->cur] += (double)(now.tv_sec - c->at.tv_sec) +
	    (double)(now.tv_nsec - c->at.tv_nsec) / 1e9;
	c->at = now;
}
