/* SPDX-License-Identifier: ISC */
/*
 * discover.h: find the evidence files under the paths given, and have
 * each one's kind told from its first bytes, not from its name.
 *
 * Directories are walked without following symbolic links: collected
 * evidence often holds links whose targets are absolute paths that
 * would point into the analyst's own machine (or at /dev/stdout).
 * FIFOs and devices found inside directories are skipped, since
 * opening one can block forever; named on the command line, they are
 * read as streams.  A file that is no log may be a tar or zip archive:
 * its members become files of their own, each sniffed as the archive
 * streams past.
 *
 * What the first bytes mean is not this stage's business: the caller's
 * sniff function says (scan/sniff.h knows audit and access logs).
 */
#ifndef ST_DISCOVER_H
#define ST_DISCOVER_H

#include <stddef.h>

#include "input/files.h"

#define ST_DISCOVER_HEAD	(64 * 1024)	/* bytes a sniffer is shown */

/*
 * The kind of f from head[0..n), its first bytes (n == ST_DISCOVER_HEAD
 * when the file is longer); may fill f's first record, node, format
 * and first request.  For ST_KIND_OTHER, *why says what it is.
 */
typedef enum st_kind (*st_sniff_fn)(void *ctx, struct st_file *f,
		    const char *head, size_t n, const char **why);

struct st_discover {
	st_sniff_fn	 sniff;
	void		*ctx;
	int		 hash;		/* a stream (read once) is hashed
					 * from its first byte */
	size_t		 rel;		/* st_discover's own: st_file.rel */
};

/* Add path and everything under it; forced gives their kind. */
void	st_discover(const struct st_discover *d, struct st_files *fl,
	    const char *path, enum st_kind forced);

#endif
