/*
 * discover.h: find the evidence files under the paths given, and tell
 * each one's kind from its first lines, not from its name.
 *
 * Directories are walked without following symbolic links: collected
 * evidence often holds links whose targets are absolute paths that
 * would point into the analyst's own machine (or at /dev/stdout).
 * FIFOs and devices found inside directories are skipped, since
 * opening one can block forever; named on the command line, they are
 * read as streams.
 */
#ifndef ST_DISCOVER_H
#define ST_DISCOVER_H

#include "files.h"

struct st_sniffer;

struct st_sniffer *st_sniffer_new(void);
void	st_sniffer_free(struct st_sniffer *s);

/* Add path and everything under it; forced marks them all as audit. */
void	st_discover(struct st_sniffer *s, struct st_files *fl,
	    const char *path, int forced_audit);

/*
 * Classify head[0..n) (the first bytes of a file).  For an audit log,
 * *first gets the first record's identity.
 */
enum st_kind st_sniff(struct st_sniffer *s, const char *head, size_t n,
	    struct st_auditid *first, int *have_first, const char **why);

#endif
