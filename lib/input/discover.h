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

#include "input/files.h"

#include "web/logformat.h"

struct st_sniffer;

/*
 * The access log formats to recognise, custom ones first.  With hash,
 * a stream (which cannot be read twice) is hashed from its first byte.
 */
struct st_sniffer *st_sniffer_new(const struct st_logformats *fmts,
	    int hash);
void	st_sniffer_free(struct st_sniffer *s);

/* Add path and everything under it; forced gives their kind. */
void	st_discover(struct st_sniffer *s, struct st_files *fl,
	    const char *path, enum st_kind forced);

struct st_sniffed {
	enum st_kind	 kind;
	const char	*why;		/* for ST_KIND_OTHER */
	struct st_auditid first;	/* audit: the first record */
	int		 have_first;
	char		 node[64];	/* and its node=, "" when none */
	int		 fmt;		/* access: the best format */
	int64_t		 first_ms;	/* access: its first request */
};

/* Classify head[0..n), the first bytes of a file. */
void	st_sniff(struct st_sniffer *s, const char *head, size_t n,
	    struct st_sniffed *out);

#endif
