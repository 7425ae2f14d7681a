/*
 * run.h: one analysis, from paths to written timeline.
 *
 * inputs -> records -> events -> trees -> rows -> writer.  The command
 * line tool fills st_options and calls st_run; everything else lives
 * in the modules this one connects.
 */
#ifndef ST_RUN_H
#define ST_RUN_H

#include <stdint.h>
#include <stdio.h>

#include "timeline/rules.h"
#include "correlate/corr.h"
#include "input/files.h"
#include "web/logformat.h"
#include "tree/weborigin.h"
#include "output/writer.h"

struct st_options {
	const char *const *paths;	/* files, directories, "-" */
	size_t		 npaths;
	const char *const *audit_paths;	/* --audit: kind not sniffed */
	size_t		 naudit;
	const char *const *access_paths; /* --access */
	size_t		 naccess;
	const struct st_logformats *formats;	/* custom first */
	const char	*docroot;
	const char	*host;		/* rows without node= carry it */
	int64_t		 skew_ms;	/* web server clock - audit clock */
	enum st_format	 format;
	FILE		*out;
	struct st_writer_opts wopts;
	const struct st_webcfg *web;	/* compiled */
	struct st_rules	*rules;		/* compiled; NULL: no classification */
	int		 all;		/* every exec, not only web ones */
	int		 failed;	/* failed execs too */
	int		 parse_all;	/* withhold nothing from libauparse */
	int		 integrity;	/* findings about the logs as rows */
	int		 manifest;	/* hash the inputs as they are read */
	int64_t		 since_ms, until_ms;	/* INT64_MIN/MAX: open */
	/* Progress: bytes done of total, now and then; may be NULL. */
	void		(*progress)(void *ctx, uint64_t done, uint64_t total);
	void		*pctx;
};

struct st_stats {
	uint64_t	 events;	/* read, parsed or withheld whole */
	uint64_t	 withheld;	/* records kept from libauparse */
	uint64_t	 execs;		/* successful execve/execveat */
	uint64_t	 failed;	/* failed ones */
	uint64_t	 web;		/* web-originated execs */
	uint64_t	 audit_files;	/* audit logs read */
	uint64_t	 access_files;	/* access logs read */
	uint64_t	 integrity;	/* findings against the logs' trust */
	struct st_corr_stats corr;	/* rows, requests, ties */
	int		 write_error;
};

struct st_result {
	struct st_files	 files;
	struct st_stats	 stats;
	struct st_corr	*corr;		/* for its summary */
};

/* Run the analysis; the result is filled even when nothing was read. */
void	st_run(const struct st_options *o, struct st_result *res);
/*
 * Find the input files and tell their kinds; each file's root is the
 * position of the path it was found under in st_run_roots's list.
 */
void	st_run_discover(const struct st_options *o, struct st_files *fl);
/* The input paths in one list: paths, then --audit, then --access. */
const char **st_run_roots(const struct st_options *o, size_t *n);
/*
 * The same on files already listed in res->files (their kind known,
 * their input possibly held open): for tests and fuzzing.
 */
void	st_run_files(const struct st_options *o, struct st_result *res);
void	st_result_free(struct st_result *res);

/* Any file that could not be read, or held malformed lines? */
int	st_result_problems(const struct st_result *res);

/* The per-script and per-client summary, on fp. */
void	st_result_summary(const struct st_result *res, FILE *fp);

/* The end-of-run report, for a person, on fp. */
void	st_report_print(FILE *fp, const struct st_result *res,
	    const struct st_tz *tz, int verbose);

#endif
