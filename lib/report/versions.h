/* SPDX-License-Identifier: ISC */
/*
 * versions.h: the libraries shelltrail runs with, for --version and
 * bug reports: a result can depend on libauparse's or PCRE2's version.
 */
#ifndef ST_VERSIONS_H
#define ST_VERSIONS_H

#include <stdio.h>

/* "libauparse 3.0.9 (built with)", one library a line. */
void	st_versions_print(FILE *fp);

#endif
