/* SPDX-License-Identifier: ISC */
/*
 * run.h: one host's analysis, from its files to rows in a sink.
 *
 * audit files -> records -> events -> trees -> rows, and access files
 * -> requests, meeting in the correlator; rows leave through the sink
 * the caller gives (a writer, or a batch worker's pipe), classified on
 * the way.  Everything else lives in the stages this one connects.
 */
#ifndef ST_RUN_H
#define ST_RUN_H

#include <stdint.h>
#include <stdio.h>

#include "base/stageclock.h"
#include "base/time.h"
#include "correlate/corr.h"
#include "correlate/hunt.h"
#include "base/strset.h"
#include "input/files.h"
#include "timeline/rules.h"
#include "sigma/sigma.h"
#include "timeline/sink.h"
#include "tree/weborigin.h"
#include "web/logformat.h"
#include "web/pair.h"
#include "web/webconf.h"
#include "web/webkind.h"

struct st_run_opts {
	const struct st_logformats *formats;	/* custom first */
	const struct st_webconf *webconf;	/* binds formats to logs */
	const struct st_webkinds *webkinds;	/* --web-log-kind */
	const struct st_weborigin *web;	/* compiled */
	struct st_rules	*rules;		/* compiled; NULL: no classification */
	const struct st_sigma *sigma;	/* finished; NULL: no Sigma rules */
	const char	*docroot;
	const char	*host;		/* rows without node= carry it */
	int64_t		 skew_ms;	/* web server clock - audit clock */
	struct st_tz	 tz;		/* of the rows' times */
	int		 all;		/* every exec, not only web ones */
	int		 failed;	/* failed execs too */
	int		 parse_all;	/* withhold nothing from libauparse */
	int		 integrity;	/* findings about the logs as rows */
	int		 hash;		/* hash the files as they are read */
	int		 stats;		/* time the stages (--stats) */
	int64_t		 since_ms, until_ms;	/* INT64_MIN/MAX: open */
	/* Progress: bytes done of total, now and then; may be NULL. */
	void		(*progress)(void *ctx, uint64_t done, uint64_t total);
	void		*pctx;
};

struct st_run_stats {
	uint64_t	 events;	/* read, parsed or withheld whole */
	uint64_t	 withheld;	/* records kept from libauparse */
	uint64_t	 execs;		/* successful execve/execveat */
	uint64_t	 failed;	/* failed ones */
	uint64_t	 web;		/* web-originated execs */
	uint64_t	 audit_files;	/* audit logs read */
	uint64_t	 access_files;	/* access logs read */
	uint64_t	 integrity;	/* findings against the logs' trust */
	struct st_corr_stats corr;	/* rows, requests, ties */
	struct st_pair_stats pairs;	/* front and back views */
	int		 hunted;	/* no audit log: the access logs
					 * alone were hunted through */
	struct st_hunt_stats hunt;
	int		 hunt_one_pass;	/* a stream: no second reading */
	int		 write_error;
	/* --stats: where the time went. */
	int		 timed;
	uint64_t	 parsed;	/* events libauparse assembled */
	double		 wall, cpu;	/* seconds; cpu: every thread's */
	double		 stage[ST_STAGE_N];	/* the main thread's */
	double		 framer_busy, framer_life;	/* the framing
							 * thread's */
	double		 access_busy, access_life;	/* the access
							 * thread's */
};

struct st_run_result {
	struct st_files	*files;		/* the caller's, as read */
	struct st_run_stats stats;
	struct st_corr	*corr;		/* for its summary */
	struct st_strset running;	/* still running at collection */
	const struct st_sigma *sigma;	/* the options', for the summary */
	uint64_t	*sigma_hits;	/* matches per rule (st_sigma_slots) */
};

/*
 * Read files (their kinds known, a stream possibly held open since it
 * was sniffed) and write the timeline into sink, which the run owns
 * from now on.  res is filled even when nothing could be read.
 */
void	st_run(const struct st_run_opts *o, struct st_files *files,
	    struct st_sink *sink, struct st_run_result *res);
void	st_run_result_release(struct st_run_result *res);

/* Any file that could not be read, or held malformed lines? */
int	st_run_problems(const struct st_run_result *res);
/* The files that could not be read at all (st_file_unread). */
size_t	st_run_unreadable(const struct st_run_result *res);

/* The per-script and per-client summary, on fp. */
void	st_run_summary(const struct st_run_result *res, FILE *fp);

#endif
