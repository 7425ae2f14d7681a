/*
 * accessfeed.h: read web access logs as one stream of requests in
 * order of completion.
 *
 * Rotated files are merged by time, not by name: workers keep writing
 * to a renamed file until they reopen, so lines near a rotation may be
 * out of order between files.  A file is opened only when the stream
 * reaches the time of its first request, so a directory of thousands
 * of files holds few open at once.
 */
#ifndef ST_ACCESSFEED_H
#define ST_ACCESSFEED_H

#include <stdint.h>

#include "files.h"
#include "logformat.h"
#include "request.h"

struct st_accessfeed;

/*
 * With hash, every file read is hashed for a manifest.  key keys the
 * requests' hashes (see st_request_parse).
 */
struct st_accessfeed *st_accessfeed_new(const struct st_logformats *fmts,
		    int64_t skew_ms, int hash, uint64_t key);
void	st_accessfeed_free(struct st_accessfeed *a);
/* Add a file the sniffer found to be an access log. */
void	st_accessfeed_add(struct st_accessfeed *a, struct st_file *f);
/* The next request, without taking it; NULL at the end. */
const struct st_request *st_accessfeed_peek(struct st_accessfeed *a);
/*
 * A request nobody holds any more, to be parsed into again: no malloc
 * and free per line.  Call it on the thread that reads the feed.
 */
void	st_accessfeed_recycle(struct st_accessfeed *a, struct st_request *r);
/* Take the next request (the caller owns one reference); NULL at end. */
struct st_request *st_accessfeed_next(struct st_accessfeed *a);

#endif
