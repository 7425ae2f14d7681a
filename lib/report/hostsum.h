/* SPDX-License-Identifier: ISC */
/*
 * hostsum.h: what the per-host table of a batch scan says about each
 * host: its files, the time its logs cover, what was found, and
 * whether it could be scanned.
 */
#ifndef ST_HOSTSUM_H
#define ST_HOSTSUM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/time.h"
#include "run/run.h"

#define ST_HOSTSUM_DETAIL	4096

struct st_hostsum {
	uint64_t	 files, audit_files, access_files, bytes;
	int64_t		 audit_first, audit_last;	/* seconds */
	int64_t		 web_first, web_last;
	uint64_t	 events, execs, web_execs, requests, tied, scripts;
	uint64_t	 web_rows;	/* web-originated rows written, or
					 * requests the hunt found */
	int		 hunted;	/* no audit log: access logs alone */
	uint64_t	 warnings;	/* files with problems */
	uint64_t	 unread;	/* access logs no format read */
	uint64_t	 unreadable;	/* files that could not be read */
	uint64_t	 access_read;	/* access logs read in a known format */
	uint64_t	 running;	/* web processes still running */
	uint64_t	 integrity;	/* integrity findings */
	int		 failed;	/* it could not be scanned or written */
	/* For the table, a line each, cut at its size: the layout, what
	 * was read beside the logs, each access log's server and format,
	 * the ones not read and why, the processes still running. */
	char		 detail[ST_HOSTSUM_DETAIL];
};

/* Fill s from the result of one host's run. */
void	st_hostsum_fill(struct st_hostsum *s, const struct st_run_result *res);

/* The table of hosts names[0..n) with sums[0..n), for a person. */
void	st_hostsum_print(FILE *fp, const char *const *names,
	    const struct st_hostsum *sums, size_t n, const struct st_tz *tz);
/* The same as CSV; -1 on a write error. */
int	st_hostsum_csv(FILE *fp, const char *const *names,
	    const struct st_hostsum *sums, size_t n, const struct st_tz *tz);

#endif
