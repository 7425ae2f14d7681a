/* SPDX-License-Identifier: ISC */
/*
 * errlog.h: what a web server's error log tells about its workers.
 *
 * nginx, Apache, php-fpm and gunicorn log when a worker starts and
 * when it ends, and how: a worker killed by a signal, or timed out,
 * took its requests (and the commands they ran) with it, which
 * explains a tree whose request never completed.  Nothing else in an
 * error log is used: its lines quote clients' requests, and a request
 * is read from the access log alone.
 */
#ifndef ST_ERRLOG_H
#define ST_ERRLOG_H

#include <stddef.h>
#include <stdint.h>

#include "input/files.h"
#include "web/logsyntax.h"

struct st_errlog {
	uint64_t	 started, ended, abnormal;
	uint64_t	 first_line;	/* of the first abnormal end, or 0 */
	char		 first[160];	/* that line, as written (cut) */
};

/* Count one line of a log of server's. */
void	st_errlog_line(enum st_server server, const char *s, size_t n,
	    struct st_errlog *e);
/*
 * Read the error log f (f->errlog, f->server) through and say in its
 * report line what its workers did.
 */
void	st_errlog_read(struct st_file *f, int hash);

#endif
