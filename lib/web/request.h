/* SPDX-License-Identifier: ISC */
/*
 * request.h: one HTTP request from a web access log, decoded.
 *
 * Decoding goes in nginx's order: the log's own escaping first (\xHH,
 * or JSON escapes), then the request line is split into method, path,
 * query and protocol, then '+' and %XX are undone in each parameter.
 * Times are kept in milliseconds on the audit host's clock (the skew
 * between the two clocks is applied here).
 *
 * Most requests are only counted and compared, so a parse decodes what
 * the correlator needs of every request (times, method, path, query
 * values, client, shape) and keeps the raw line: the other fields are
 * decoded on demand, for the few requests tied to a tree.  All of a
 * request's strings live in one block it owns.
 */
#ifndef ST_REQUEST_H
#define ST_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "base/time.h"
#include "web/logformat.h"
#include "web/span.h"

/* How the lines of one log are read. */
struct st_reqctx {
	int64_t		 skew_ms;	/* added to web server time: audit time */
	uint64_t	 key;		/* keys the hashes (st_request_parse) */
	enum st_server	 server;	/* the log's server, for the formats
					 * several write alike */
	int64_t		 longest_ms;	/* a request logged without its end
					 * lasted at most this */
	int		 reference;	/* matched by the pattern alone
					 * (st_logmatch) */
};


struct st_param {
	char		*name, *value;	/* decoded; value may hold NULs */
	size_t		 vlen;
};

struct st_value {
	char		*s;
	size_t		 len;
	const char	*param;		/* its parameter's name; "" for all */
	int		 base64;	/* decoded from base64 */
	uint64_t	 hash;		/* of s, keyed */
};

struct st_request {
	/* When it ran, on the audit clock (see web/span.h): the earliest
	 * it may have started (or NONE: not logged) and completed, the
	 * latest it may have completed, and the moment the line stamps. */
	int64_t		 start_ms, end_ms, end_max_ms, anchor_ms;
	enum st_tmean	 mean;		/* what its time stands for */
	int		 end_logged;	/* the log bounds its completion */
	long long	 pid, tid;	/* the serving process, or -1 */
	/* The same request in a back server's log (web/pair.h), or NULL. */
	const char	*back_file;
	uint64_t	 back_line;
	uint64_t	 shape;		/* keyed hash of method, path, names */
	uint64_t	 path_hash, client_hash;	/* keyed */
	/* Values a web shell's command may equal: each parameter's
	 * decoded value, its base64 decoding when that is text, and a
	 * query that is not name=value pairs. */
	struct st_value	*values;
	size_t		 nvalues;
	int		 dynamic;	/* st_weborigin_dynamic(path) */
	/* Where PHP runs it: a .php script runs in its own directory, so a
	 * command's cwd ends with it (correlate's place evidence).  The
	 * directory's hash (keyed) and components; place 0 when not PHP. */
	uint64_t	 dir_hash;
	unsigned	 dir_depth;
	int		 place;
	uint64_t	 seq;		/* order read, from 1 */
	int64_t		 logged_ms;	/* its time as written, server clock */
	char		*method, *path, *query, *proto;
	char		*client;
	int		 client_from_xff;
	struct st_param	*params;
	size_t		 nparams;
	const char	*file;
	uint64_t	 line;
	/* The raw line, its format and captures, for the lazy fields. */
	const struct st_logformat *fmt;
	const char	*raw;
	size_t		 rawlen;
	size_t		*ov;
	char		*lazy[ST_NVARS + 1];	/* decoded on demand */
	char		*mem;		/* everything above lives here */
	size_t		 used, cap;
};

/*
 * Parse one log line with format f into *r, which is zeroed or holds a
 * request parsed before (its memory is used again).  Returns NULL, or
 * a reason the line is malformed; either way the caller frees *r with
 * st_request_release.  m is for f (logformat.h).  The hashes are
 * keyed with cx->key, the run's secret: a client or path is attacker's
 * text, and with a known key two could be made to count as one.
 */
const char	*st_request_parse(const struct st_logformat *f,
		    struct st_logmatch *m, const char *line, size_t len,
		    const struct st_reqctx *cx, struct st_request *r);
void		 st_request_release(struct st_request *r);

/* A field as logged, unescaped; "" when the format has none or "-". */
const char	*st_request_text(struct st_request *r, enum st_var v);
/* Method, path and query, hashed with key (the request's): one URI. */
uint64_t	 st_request_uri_hash(const struct st_request *r, uint64_t key);
/* Path and query, percent-decoded, for people. */
const char	*st_request_uri(struct st_request *r);
/* $status, or -1. */
int		 st_request_status(struct st_request *r);

/* Just the time a line stamps, as written, for ordering files; or NONE. */
int64_t		 st_request_time(const struct st_logformat *f,
		    struct st_logmatch *m,
		    const char *line, size_t len);

#endif
