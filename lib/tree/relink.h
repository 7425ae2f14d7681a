/* SPDX-License-Identifier: ISC */
/*
 * relink.h: a detached process put back under the web shell command
 * that launched it.
 *
 * "setsid bash -c '...' &", "nohup ... &" and "( ... & )" leave the
 * launching shell at once, so the detached child execs with ppid 1 and
 * would start a tree of its own, tied to nothing, with everything later
 * typed into it.  What links it is in the logs: its arguments appear,
 * in order, inside the command line of a web-originated exec of the
 * last moments, from the same node, uid and cwd.  The proctree keeps
 * the last few such execs here and asks when an orphan execs.  (With
 * fork/clone audited the fork record links it exactly, before this is
 * asked.)
 */
#ifndef ST_RELINK_H
#define ST_RELINK_H

#include <stdint.h>

#include "audit/event.h"

struct st_proc;
struct st_relink;

/* How soon after its launcher an orphan must exec, in ms. */
#define ST_RELINK_MS	2000

struct st_relink *st_relink_new(void);
/* Frees r; drop is told of every process it still holds. */
void	st_relink_free(struct st_relink *r,
	    void (*drop)(void *ctx, struct st_proc *p), void *ctx);
/*
 * Remember p, a web-originated exec ev, as a possible launcher; r holds
 * the caller's reference to p from then on.  Returns the process it let
 * go of to make room (the caller drops that reference), or NULL.
 */
struct st_proc *st_relink_note(struct st_relink *r, struct st_proc *p,
	    uint32_t node, const struct st_event *ev);
/* The launcher of ev, an orphan's exec on node, or NULL. */
struct st_proc *st_relink_find(const struct st_relink *r, uint32_t node,
	    const struct st_event *ev);

#endif
