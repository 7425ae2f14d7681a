/* SPDX-License-Identifier: ISC */
/*
 * webkind.h: which web server wrote a log.
 *
 * What a log's times mean depends on its server (web/span.h), and a
 * combined-format line reads the same from nginx, Apache or gunicorn.
 * The server is taken from, first to last: --web-log-kind, the
 * configuration that names the log (web/webconf.h), the syntax of the
 * format that reads it, the place it was collected from (apache2/,
 * httpd/, nginx/, php-fpm's log names, below the input path only: the
 * analyst's folders say nothing), and the error log beside it, whose
 * lines each server writes in its own shape.  Each decision keeps its
 * reason for the report.
 */
#ifndef ST_WEBKIND_H
#define ST_WEBKIND_H

#include <stddef.h>

#include "web/logformat.h"
#include "web/webconf.h"

/* --web-log-kind [GLOB=]KIND, in order given. */
struct st_webkinds {
	struct {
		char		*glob;	/* NULL: every access log */
		enum st_server	 server;
	}		*v;
	size_t		 n, cap;
};

/* Add "[GLOB=]KIND"; -1 with err on a kind not known. */
int	st_webkinds_add(struct st_webkinds *k, const char *arg, char *err,
	    size_t errlen);
void	st_webkinds_release(struct st_webkinds *k);

/*
 * The server of the access log at rel (its path below the input), that
 * configuration binding b names (may be NULL), read with format fmt
 * (may be NULL); why tells from what.  UNKNOWN when nothing says.
 */
enum st_server	st_webkind_of(const struct st_webkinds *k,
		    const struct st_logbind *b, const struct st_logformat *fmt,
		    const char *rel, char *why, size_t whylen);
/* The server whose error log writes this line, or UNKNOWN. */
enum st_server	st_webkind_errline(const char *line, size_t n);

#endif
