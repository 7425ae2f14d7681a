/* SPDX-License-Identifier: ISC */
/*
 * runstats.h: where a run's time went (--stats).
 *
 * Throughput of each kind of log, how many of the audit events were
 * framed only and how many libauparse assembled, and the seconds each
 * thread spent in each stage, so that a user can see what a run on
 * their logs is bound by.
 */
#ifndef ST_RUNSTATS_H
#define ST_RUNSTATS_H

#include <stdio.h>

#include "run/run.h"

/* Nothing when the run was not timed (st_run_opts.stats). */
void	st_report_stats(FILE *fp, const struct st_run_result *res);

#endif
