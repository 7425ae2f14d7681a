/* SPDX-License-Identifier: ISC */
/*
 * report.h: the end-of-run report, for a person: which files were read
 * and what they held, which were skipped and why, every problem met
 * with its file and line, and what was found.
 */
#ifndef ST_REPORT_H
#define ST_REPORT_H

#include <stdio.h>

#include "base/time.h"
#include "run/run.h"

/* With verbose, every file skipped and how much was not parsed. */
void	st_report_print(FILE *fp, const struct st_run_result *res,
	    const struct st_tz *tz, int verbose);

#endif
