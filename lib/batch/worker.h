/* SPDX-License-Identifier: ISC */
/*
 * worker.h: a batch scan's worker process, one host's whole life:
 * scan it, send rows, summary and report up the pipe, exit.
 */
#ifndef ST_WORKER_H
#define ST_WORKER_H

#include "batch/batch.h"
#include "input/hosts.h"

/*
 * Runs in the forked child; never returns.  fd: the pipe's end; fname:
 * the host's file in the output directory, without its extension.
 */
void	st_worker_main(const struct st_batch *b, const struct st_host *x,
	    const char *fname, int fd) __attribute__((noreturn));

#endif
