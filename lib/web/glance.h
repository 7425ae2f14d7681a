/* SPDX-License-Identifier: ISC */
/*
 * glance.h: a request at a glance, and a chunk of them.
 *
 * The correlator reads little of most requests: times, a few hashes,
 * whether the path is a script.  The access logs are parsed on their
 * own thread, and handing whole requests (a dozen scattered cache
 * lines each) to the correlating thread cost more than the parsing
 * saved.  So the parser packs each request's glance into a flat chunk,
 * which crosses to the other core as one sequential read, and the few
 * requests the correlator keeps are parsed again there, from the raw
 * line the glance carries.  Parsing is deterministic, so the request
 * is the same.
 */
#ifndef ST_GLANCE_H
#define ST_GLANCE_H

#include <stddef.h>
#include <stdint.h>

#include "web/request.h"

struct st_glance {
	int64_t		 end_ms, end_max_ms, start_ms, anchor_ms;
	long long	 pid, tid;	/* the serving process, or -1 */
	const char	*back_file;	/* its back server's view, or NULL */
	uint64_t	 back_line;
	uint64_t	 shape, path_hash, client_hash;	/* as in the request */
	uint64_t	 seq;
	int		 dynamic;
	uint64_t	 dir_hash;	/* as in the request */
	unsigned	 dir_depth;
	int		 place;
	size_t		 nvalues;
	const uint64_t	*vhash;		/* the values' hashes */
	/* To parse the whole request again, as it was parsed first. */
	const struct st_logformat *fmt;
	const char	*raw;		/* the line, rawlen bytes */
	size_t		 rawlen;
	const struct st_reqctx *cx;	/* its log's, alive all the run */
	const char	*file;
	uint64_t	 line;
	size_t		 size;		/* of the record, to the next one */
};

/* Glances packed one after the other. */
struct st_glances {
	char		*buf;
	size_t		 used, cap;
	size_t		 n;		/* glances packed */
	size_t		 at;		/* where the reader is */
};

#define ST_GLANCES_INIT	{ NULL, 0, 0, 0, 0 }

/*
 * Pack r, parsed with cx, which must outlive the glance (and any copy
 * of it).  Returns 0 without packing when
 * the chunk is not empty and r would overflow it: hand the chunk over
 * and start another.
 */
int		 st_glances_add(struct st_glances *c, const struct st_request *r,
		    const struct st_reqctx *cx);
void		 st_glances_clear(struct st_glances *c);
void		 st_glances_release(struct st_glances *c);
/* The reader's next glance, or NULL; st_glances_skip moves past it. */
const struct st_glance *st_glances_peek(const struct st_glances *c);
void		 st_glances_skip(struct st_glances *c);

/*
 * The whole request again, parsed on the calling thread.  The caller
 * owns it (st_request_release, free).  NULL if it did not parse again,
 * which would be a bug.
 */
struct st_request *st_glance_request(const struct st_glance *g);
/*
 * A glance that outlives its chunk: one block, freed with free().  It
 * is copied into room (*size bytes, or NULL), grown when too small;
 * *size is then the block's.
 */
struct st_glance *st_glance_copy(const struct st_glance *g,
		    struct st_glance *room, size_t *size);

#endif
