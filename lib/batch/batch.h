/* SPDX-License-Identifier: ISC */
/*
 * batch.h: scan many hosts' evidence at once, each kept apart.
 *
 * libauparse keeps its state per process, so hosts run in worker
 * processes of their own (worker.h), jobs at a time.  Each sends its
 * rows, its summary and its report up a pipe (wire.h); this process
 * merges the rows of all hosts by time into one timeline, or each host
 * writes its own file in an output directory.  Correlation never
 * crosses hosts: a worker sees only its host's files.
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
#include "output/writer.h"
#include "report/hostsum.h"
#include "run/run.h"

struct st_batch {
	const struct st_run_opts *run;	/* for every host */
	enum st_format	 format;	/* of the timeline */
	FILE		*out;		/* the merged timeline */
	struct st_writer_opts wopts;
	unsigned	 jobs;
	const char	*outdir;	/* one file per host, or NULL */
	int		 verbose;
	/* Progress: hosts done, bytes read, of the totals; may be NULL. */
	void		(*progress)(void *ctx, size_t hosts_done, size_t hosts,
			    uint64_t done, uint64_t total);
	void		*pctx;
};

/* Per host, in the order of the hosts. */
struct st_batch_result {
	size_t		 n;
	struct st_hostsum *sum;
	char		**report;	/* its end-of-run report */
	char		**shells;	/* its web shell summary */
	int		 write_error;
};

void	st_batch_run(const struct st_batch *b, const struct st_hosts *h,
	    struct st_batch_result *out);
void	st_batch_result_release(struct st_batch_result *r);

#endif
