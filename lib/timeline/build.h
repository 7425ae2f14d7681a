/* SPDX-License-Identifier: ISC */
/*
 * build.h: timeline rows made from audit events and the processes the
 * tree builder recorded for them.
 *
 * The one place where an event's fields become columns: a writer never
 * sees an event, and this module never sees a writer.
 */
#ifndef ST_BUILD_H
#define ST_BUILD_H

#include "audit/event.h"
#include "base/time.h"
#include "timeline/row.h"
#include "tree/proctree.h"

/* Fill r for the exec ev, which the tree recorded as p. */
void	st_build_exec(struct st_row *r, const struct st_event *ev,
	    const struct st_proc *p, const struct st_tz *tz);
/*
 * Fill r for a connection or a file change (ST_EV_NET, ST_EV_FILE) by
 * the process p: what it reached or changed is the target column.
 */
void	st_build_activity(struct st_row *r, const struct st_event *ev,
	    const struct st_proc *p, const struct st_tz *tz);

#endif
