/* SPDX-License-Identifier: ISC */
/*
 * sniff.h: what kind of log a file is, from its first lines.
 *
 * Audit records are recognised by the line check libauparse's rules
 * make (audit/record.h), access logs by the formats given and the
 * built-in ones (the format reading most lines wins).  A file that
 * holds quoted request lines no format reads is named as an access log
 * in an unknown format, and web servers' error logs as such, so that
 * the report says why they were not used.  A line an access log format
 * reads is never an audit record, whatever a client wrote into it.
 *
 * Audit records where auditd does not write them (in a file a web
 * account owns, under a web root, or jumping decades) are not read
 * unless forced: a web shell may have planted them.
 */
#ifndef ST_SNIFF_H
#define ST_SNIFF_H

#include <stddef.h>
#include <stdint.h>

#include "input/discover.h"
#include "tree/weborigin.h"
#include "web/logformat.h"
#include "web/webconf.h"
#include "web/webkind.h"

struct st_sniff;

/*
 * The access log formats to recognise, custom ones first, and what
 * binds them and servers to logs (both may be NULL); web says what a
 * web account and a web root are (a file one of them holds is no audit
 * log auditd wrote).
 */
struct st_sniff	*st_sniff_new(const struct st_logformats *fmts,
		    const struct st_webconf *conf,
		    const struct st_webkinds *kinds,
		    const struct st_weborigin *web);
void		 st_sniff_free(struct st_sniff *s);

struct st_sniffed {
	enum st_kind	 kind;
	const char	*why;		/* for ST_KIND_OTHER */
	struct st_stamp	 first;		/* audit: the first record */
	int		 have_first;
	char		 node[64];	/* and its node=, "" when none */
	int		 fmt;		/* access: the best format */
	int		 unknown_format;	/* requests no format reads */
	int		 errlog;	/* a web server's error log: its
					 * server (enum st_server), else 0 */
	int64_t		 first_ms;	/* access: its first request */
	int64_t		 min_sec, max_sec;	/* audit: the records' span */
	size_t		 audit_lines, access_lines;	/* of each kind */
};

/* Classify head[0..n), the first bytes of a file. */
void		 st_sniff_head(struct st_sniff *s, const char *head, size_t n,
		    struct st_sniffed *out);

/* The same as an st_sniff_fn, for st_discover: ctx is the st_sniff. */
enum st_kind	 st_sniff_file(void *ctx, struct st_file *f, const char *head,
		    size_t n, const char **why);

/*
 * An access log whose server nothing else told takes that of the error
 * logs in its folder, when they agree.
 */
void		 st_sniff_neighbours(const struct st_logformats *fmts,
		    struct st_files *fl);
/* Say in f->reading how an access log's lines are read. */
void		 st_sniff_describe(const struct st_logformats *fmts,
		    struct st_file *f);

#endif
