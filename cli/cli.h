/* SPDX-License-Identifier: ISC */
/*
 * cli.h: the command's own state, shared by its files: options.c turns
 * argv into scan options, progress.c draws the progress line, pager.c
 * runs the pager, main.c makes the one library call and prints what it
 * found.
 */
#ifndef ST_CLI_H
#define ST_CLI_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "scan/scan.h"
#include "sigma/sigma.h"
#include "timeline/rules.h"
#include "tree/weborigin.h"
#include "web/logformat.h"
#include "web/webconf.h"
#include "web/webkind.h"

#define EXIT_FOUND	0
#define EXIT_NONE	1
#define EXIT_TROUBLE	2

struct cli {
	struct st_scan_opts o;
	struct st_weborigin *web;
	struct st_rules	*rules;
	struct st_sigma	*sigma;
	size_t		 nsigma;	/* --sigma options given */
	struct st_logformats formats;
	struct st_webconf webconf;
	struct st_webkinds webkinds;
	const char	**audit, **access;
	size_t		 naudit, naccess;
	const char	*output, *manifest, *since, *until, *color;
	int		 strict, quiet, list_web, list_rules, list_sigma;
	int		 format_given;	/* -f was given */
	int		 no_pager;
	FILE		*pager;		/* the table's, while it runs */
	int		 paged;		/* a pager was started */
	FILE		*file_out;	/* -o's file, or stdout */
	FILE		*shown_out;	/* the output, when guarded */
	int		 output_started;	/* progress ends there */
	/* progress */
	struct timespec	 started, shown;
	int		 progress_shown;
};

/* Fill c from the command line: returns the index of the first path. */
int	cli_options(struct cli *c, int argc, char **argv);
/* What options.c and main.c leave to be freed. */
void	cli_release(struct cli *c);
/* "shelltrail: msg", the hint to --help, and exit status 2. */
void	cli_usage_error(const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));

/* A progress line on standard error (a terminal), now and then. */
void	cli_progress(void *ctx, const struct st_progress *p);
/* Clear it, once the work is done. */
void	cli_progress_clear(struct cli *c);
/* out, through a stream that ends the progress line at its first byte. */
FILE	*cli_progress_guard(struct cli *c, FILE *out);
/* The pager the table goes through, or NULL; and waiting for it. */
FILE	*cli_pager_start(struct cli *c);
void	cli_pager_end(struct cli *c);

#endif
