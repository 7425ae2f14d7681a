/* SPDX-License-Identifier: ISC */
/*
 * scan.h: the one way in.  Paths in, timelines out.
 *
 * A scan finds the evidence files under the paths (input/discover.h),
 * tells each one's kind (sniff.h), splits them into hosts
 * (input/hosts.h), and runs one host in this process (run/run.h) or
 * several, each in a worker of its own (batch/batch.h).  What it found
 * is left in the result for the caller to report.
 */
#ifndef ST_SCAN_H
#define ST_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "batch/batch.h"
#include "input/files.h"
#include "input/hosts.h"
#include "output/writer.h"
#include "run/run.h"
#include "web/webconf.h"

struct st_progress {
	size_t		 hosts_done, hosts;
	uint64_t	 done, total;	/* bytes of audit logs */
	int		 many;		/* hosts run in workers */
};

struct st_scan_opts {
	struct st_run_opts run;		/* for every host */
	/*
	 * A web server's configuration found among the inputs is read
	 * into these (run.formats and run.webconf, writable), its
	 * bindings for its own host's logs; NULL: none is read.
	 */
	struct st_logformats *learn_formats;
	struct st_webconf *learn_conf;
	const char *const *paths;	/* files, directories, "-" */
	size_t		 npaths;
	const char *const *audit_paths;	/* --audit: kind not sniffed */
	size_t		 naudit;
	const char *const *access_paths; /* --access */
	size_t		 naccess;
	const char	*host;		/* names a single-host input */
	enum st_format	 format;
	FILE		*out;		/* the timeline */
	struct st_writer_opts wopts;
	const char	*outdir;	/* one timeline per host, or NULL */
	unsigned	 jobs;		/* hosts at a time */
	int		 verbose;	/* hosts' reports list every file */
	/* Progress, now and then; may be NULL. */
	void		(*progress)(void *ctx, const struct st_progress *p);
	void		*pctx;
};

struct st_scan_result {
	struct st_files	 files;		/* every file found */
	struct st_hosts	 hosts;
	int		 many;		/* run host by host, in workers */
	struct st_run_result one;	/* when not */
	struct st_batch_result batch;	/* when so */
	char		 err[512];	/* why the scan could not start, or
					 * could not write summary.csv */
};

/*
 * Scan; the timeline goes to out, or one file per host to outdir, with
 * summary.csv.  -1 (with err) when it could not start.
 */
int	st_scan(const struct st_scan_opts *o, struct st_scan_result *res);
void	st_scan_result_release(struct st_scan_result *res);

/* The input paths in one list: paths, then --audit, then --access. */
const char **st_scan_roots(const struct st_scan_opts *o, size_t *n);

#endif
