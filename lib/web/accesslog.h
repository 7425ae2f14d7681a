/* SPDX-License-Identifier: ISC */
/*
 * accesslog.h: read web access logs as one stream of requests in
 * order of completion, a request that a front and a back server both
 * logged told once (web/pair.h).
 *
 * Rotated files are merged by time, not by name: workers keep writing
 * to a renamed file until they reopen, so lines near a rotation may be
 * out of order between files.  A file is opened only when the stream
 * reaches the time of its first request, so a directory of thousands
 * of files holds few open at once.
 */
#ifndef ST_ACCESSLOG_H
#define ST_ACCESSLOG_H

#include <stdint.h>

#include "input/files.h"
#include "web/glance.h"
#include "web/logformat.h"
#include "web/pair.h"
#include "web/request.h"

struct st_accesslog;

/*
 * With hash, every file read is hashed for a manifest.  key keys the
 * requests' hashes, and a request logged without its end lasted at
 * most longest_ms (see st_request_parse).
 */
struct st_accesslog *st_accesslog_new(const struct st_logformats *fmts,
		    int64_t skew_ms, int64_t longest_ms, int hash, uint64_t key);
void	st_accesslog_free(struct st_accesslog *a);
/*
 * The files will be added a second time, after a first stream read
 * them all: count, warn and record nothing of them again.  A stream
 * (stdin, a FIFO) cannot be read twice.
 */
void	st_accesslog_again(struct st_accesslog *a);
/* Every line matched by its format's pattern alone (--parse-all). */
void	st_accesslog_reference(struct st_accesslog *a);
/* Add a file the sniffer found to be an access log. */
void	st_accesslog_add(struct st_accesslog *a, struct st_file *f);
/*
 * Pack the next requests, in order of completion, into g (emptied
 * first) until it is full; returns how many, 0 at the end.
 */
size_t	st_accesslog_fill(struct st_accesslog *a, struct st_glances *g);
/*
 * Or call fn on every request, in the same order, where reading them
 * whole once beats packing glances and parsing again (the hunt): r is
 * the log's, and is parsed into again after fn returns.
 */
typedef void	(*st_accesslog_fn)(void *ctx, struct st_request *r);
void	st_accesslog_each(struct st_accesslog *a, st_accesslog_fn fn,
	    void *ctx);
/* How the back servers' views were paired with the front ones. */
const struct st_pair_stats *st_accesslog_pairs(const struct st_accesslog *a);

#endif
