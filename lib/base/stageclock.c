/* SPDX-License-Identifier: ISC */
#include "config.h"

#include "base/stageclock.h"

static double
between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

double
st_seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return between(t, &now);
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
	c->s[c->cur] += between(&c->at, &now);
	c->at = now;
}
