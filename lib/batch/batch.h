/*
 * batch.h: scan many hosts' evidence at once, each kept apart.
 *
 * libauparse keeps its state per process, so hosts run in processes of
 * their own, jobs at a time.  Each sends its rows, its summary and its
 * report up a pipe (rowwire.h); this process merges the rows of all
 * hosts by time into one timeline, or each host writes its own file in
 * an output directory.  Correlation never crosses hosts: a worker sees
 * only its host's files.
 *
 * Merged output holds rows back until every host still running has
 * sent a later one, so with fewer jobs than hosts the rows of the
 * hosts done wait in memory for the rest; an output directory does not.
 */
#ifndef ST_BATCH_H
#define ST_BATCH_H

#include <stdint.h>
#include <stdio.h>

#include "input/hosts.h"
#include "run/run.h"

#define ST_TIME_UNSET	INT64_MIN

/* What the summary table says about one host. */
struct st_hostsum {
	uint64_t	 files, audit_files, access_files, bytes;
	int64_t		 audit_first, audit_last;	/* seconds */
	int64_t		 web_first, web_last;
	uint64_t	 events, execs, web_execs, requests, tied, scripts;
	uint64_t	 web_rows;	/* web-originated rows written */
	uint64_t	 warnings;	/* files with problems */
	uint64_t	 integrity;	/* integrity findings */
	int		 failed;	/* it could not be scanned or written */
};

/* Fill s from the result of one host's run. */
void	st_hostsum_fill(struct st_hostsum *s, const struct st_result *res);

struct st_batch {
	const struct st_options *o;	/* out and format: the timeline */
	unsigned	 jobs;
	const char	*outdir;	/* one file per host, or NULL */
	int		 verbose;
	/* Progress: hosts done, bytes read, of the totals; may be NULL. */
	void		(*progress)(void *ctx, size_t hosts_done, size_t hosts,
			    uint64_t done, uint64_t total);
	void		*pctx;
};

struct st_batch_host {
	struct st_hostsum sum;
	char		*report;	/* the host's end-of-run report */
	char		*shells;	/* its web shell summary */
	uint64_t	 done;		/* bytes read so far */
};

struct st_batch_result {
	struct st_batch_host *v;
	size_t		 n;
	int		 write_error;
};

void	st_batch_run(const struct st_batch *b, const struct st_hosts *h,
	    struct st_batch_result *out);
void	st_batch_result_free(struct st_batch_result *r);

/* The per-host summary table, for a person. */
void	st_batch_print(FILE *fp, const struct st_hosts *h,
	    const struct st_batch_result *r, const struct st_tz *tz);
/* The same as CSV; -1 on a write error. */
int	st_batch_csv(FILE *fp, const struct st_hosts *h,
	    const struct st_batch_result *r, const struct st_tz *tz);

#endif
