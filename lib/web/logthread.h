/* SPDX-License-Identifier: ISC */
/*
 * logthread.h: the access logs as a stream of glances, parsed ahead on
 * a thread of their own.
 *
 * The parsing thread fills chunks of glances (glance.h) from an access
 * feed; the correlating thread reads them in order and gives each chunk
 * back when it is done, to be filled again.
 */
#ifndef ST_LOGTHREAD_H
#define ST_LOGTHREAD_H

#include "base/producer.h"
#include "web/accesslog.h"
#include "web/glance.h"

struct st_logthread;

/* The feed belongs to the stream's thread until st_logthread_stop. */
struct st_logthread *st_logthread_start(struct st_accesslog *acc);
/*
 * The next glance.  With wait clear it does not wait for the parsing
 * thread: NULL with *more set means not ready yet.  NULL with *more
 * clear is the end.
 */
const struct st_glance *st_logthread_peek(struct st_logthread *s, int wait,
		    int *more);
/* Move past the glance st_logthread_peek gave. */
void		 st_logthread_skip(struct st_logthread *s);
/*
 * Stop the thread and free the stream; the feed is the caller's again.
 * t, when not NULL, is told how long the thread parsed, of how long it
 * ran.
 */
void		 st_logthread_stop(struct st_logthread *s,
		    struct st_producer_times *t);

#endif
