/* SPDX-License-Identifier: ISC */
/*
 * prefilter.h: which audit records libauparse need not see.
 *
 * libauparse spends its time splitting records into fields, and most
 * of an audit log is records that cannot change what shelltrail
 * writes: a PATH item for every file an exec touched, BPRM_FCAPS, and
 * whole events of file or network rules from processes already known.
 * Keeping them from the parser is the cheapest speed there is.
 *
 * The rules keep the output the same as if every record were parsed:
 *
 * - An auxiliary record is left out only after the first record of its
 *   event was fed, and never a PROCTITLE: libauparse closes a syscall
 *   event on its PROCTITLE (EOE is not written to disk), or else when a
 *   record eoe_timeout seconds newer arrives.  So every event still
 *   comes out whole, and as soon as before.
 * - A whole event is left out only when its first record is a SYSCALL
 *   that neither starts a program nor makes a process (an exec that
 *   failed starts none), by a pid whose last fed event named the same
 *   executable: the process tree learns nothing from it.  The caller
 *   still counts it as an event, and st_prefilter_failed counts the
 *   failed execs among them.
 */
#ifndef ST_PREFILTER_H
#define ST_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "audit/record.h"

/* Records a reader may ask to see after all. */
enum {
	/* Failed execs are written: each one, with its PATH items (the
	 * file it tried).  Otherwise a failed exec is like any other call
	 * for the tree, and is only counted. */
	ST_WANT_FAILED	= 1 << 0,
	ST_WANT_ALL	= 1 << 1,	/* everything: nothing is withheld */
};

enum st_verdict {
	ST_FEED,			/* libauparse needs it */
	ST_SKIP_RECORD,			/* this record can be left out */
	ST_SKIP_EVENT,			/* its whole event can */
};

struct st_prefilter;

/* want is a set of ST_WANT_*. */
struct st_prefilter *st_prefilter_new(unsigned want);
void		 st_prefilter_free(struct st_prefilter *w);

/* The tree let go of pid on node: its next event must be fed. */
void		 st_prefilter_forget(struct st_prefilter *w, uint32_t node,
		    long long pid);
/* Failed execs left out whole so far. */
uint64_t	 st_prefilter_failed(const struct st_prefilter *w);
/*
 * Judge a record about to be fed, line[0..len) as scanned into al, on
 * node (an id).  first: it starts its event.  ST_SKIP_EVENT is only
 * given to a first record.  Every record that is fed must be judged,
 * since SYSCALL records teach which executable each pid runs.
 */
enum st_verdict	 st_prefilter_judge(struct st_prefilter *w, uint32_t node,
		    const struct st_record *al, const char *line,
		    size_t len, int first);

#endif
