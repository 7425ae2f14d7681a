/* SPDX-License-Identifier: ISC */
/*
 * integrity.h: how far one host's logs can be trusted, and where they
 * have holes.
 *
 * Fed every audit record as read (also those kept from libauparse) and
 * the time of every request, it finds:
 *
 *  - serial gaps: the kernel numbers the events it emits, so serials
 *    missing within a boot are events never written (auditd stopped,
 *    its queue overflowed, records deleted).  A few serials are often
 *    missing in real logs (the captures show gaps of up to 69), so
 *    only ST_GAP_MIN or more count;
 *  - auditd stopping, aborting, failing or rotating its log
 *    (DAEMON_END, DAEMON_ABORT, DAEMON_ERR, DAEMON_ROTATE);
 *  - the clock going back while serials go on;
 *  - at the end: time spans without audit records while the web log
 *    shows requests, spans without requests while the audit log goes
 *    on, web traffic outside the audit logs' time range, and files that
 *    repeat records of others.
 *
 * Kernel "audit_lost" counts go to the kernel log, not to audit.log:
 * what they mean shows here as serial gaps.
 *
 * Memory is bounded: a bit per minute for each kind of log over at most
 * ST_SPAN_MINUTES around the first record, and a few nodes.
 */
#ifndef ST_INTEGRITY_H
#define ST_INTEGRITY_H

#include <stdint.h>

#include "audit/record.h"
#include "base/sbuf.h"
#include "input/files.h"

#define ST_GAP_MIN	 256		/* serials missing that make a gap */
#define ST_SILENCE_MIN	 30		/* minutes of silence worth a note */
#define ST_SPAN_MINUTES	 (1 << 21)	/* about four years */

struct st_finding {
	const char	*desc;		/* "Audit gap", "Clock jump" ... */
	struct st_stamp id;		/* when (ms 0 for minute findings) */
	const char	*message;
	const char	*file;		/* where it shows, or NULL */
	uint64_t	 line;
	int		 problem;	/* counts against the logs' trust */
};

typedef void	(*st_finding_fn)(void *ctx, const struct st_finding *f);

struct st_integrity;

struct st_integrity *st_integrity_new(st_finding_fn fn, void *ctx);
void	st_integrity_free(struct st_integrity *ig);

/* A record line of file f, line number line. */
void	st_integrity_audit(struct st_integrity *ig,
	    const struct st_record *al, const struct st_file *f,
	    uint64_t line);
/* A request that completed at ms. */
void	st_integrity_web(struct st_integrity *ig, int64_t ms);
/* The findings that need the whole of the logs. */
void	st_integrity_finish(struct st_integrity *ig,
	    const struct st_files *fl);
/* Findings that count against the logs, so far. */
uint64_t st_integrity_problems(const struct st_integrity *ig);

#endif
