/* SPDX-License-Identifier: ISC */
/*
 * webcheck.h: what a web server's configuration lets shelltrail join
 * its access logs on, and the lines to add for better joins: the web
 * side's counterpart of rulescheck.h.
 *
 * For each access log the configuration names: whether its lines give
 * a request's span (a duration, or a time finer than the second), the
 * process that served it (exact worker ties), the client behind a proxy
 * and the size of a POST's body; and for each one missing, what to add
 * to its format, in the server's own syntax.
 */
#ifndef ST_WEBCHECK_H
#define ST_WEBCHECK_H

#include <stdio.h>

/*
 * Read the configuration at path (what it includes too) and write the
 * advice to out.  Returns how many additions are advised (0: nothing
 * to add), or -1 with err when it cannot be read or names no log.
 */
int	st_webcheck(const char *path, FILE *out, char *err, size_t errlen);

#endif
