/* SPDX-License-Identifier: ISC */
/*
 * logformat.h: web access log formats, compiled to patterns.
 *
 * A format is written in its server's own syntax (web/logsyntax.h):
 * nginx's log_format, Apache's LogFormat, php-fpm's access.format,
 * gunicorn's or uWSGI's.  It is compiled once into an anchored PCRE2
 * pattern (JIT) with one capture per field.  Each field's pattern is
 * chosen from what it holds or what follows it in the format (the
 * closing quote, a space, a bracket), with possessive quantifiers, so a
 * hostile line cannot make matching slow.  A format comes from the
 * evidence (its server's configuration) as much as a line does: every
 * match is also bounded in steps (st_logformat.mc).
 */
#ifndef ST_LOGFORMAT_H
#define ST_LOGFORMAT_H

#include <stddef.h>

#include "base/decode.h"
#include "base/sbuf.h"
#include "web/fieldscan.h"
#include "web/logsyntax.h"
#include "web/logtime.h"

struct st_fieldscan;

struct st_logformat {
	char		*name;
	char		*text;		/* as given, prefix and all */
	enum st_logesc	 esc;
	/* The syntax's server; UNKNOWN for the formats several servers
	 * write alike (combined, common): then the file's server says
	 * what its times mean. */
	enum st_server	 server;
	void		*re;		/* pcre2_code */
	void		*mc;		/* its pcre2_match_context: limits */
	struct st_fieldscan *scan;	/* walked by hand first, or NULL */
	struct st_logvar *vars;		/* capture i + 1 is vars[i] */
	size_t		 nvars;
	int		 at[ST_NVARS];	/* capture of a known field, or 0;
					 * ST_V_TIME: the finest time */
	int		 zoned;		/* its time says its zone */
};

struct st_logformat *st_logformat_compile(const char *name, const char *text,
		    enum st_logesc esc, char *err, size_t errlen);
void		 st_logformat_free(struct st_logformat *f);
/* The format's variable for field v, or NULL. */
const struct st_logvar *st_logformat_var(const struct st_logformat *f,
		    enum st_var v);
/* What the format's time stands for in a log of server's. */
enum st_tmean	 st_logformat_mean(const struct st_logformat *f,
		    enum st_server server);
/* How a log of server's is read with f, for people, into out. */
void		 st_logformat_describe(const struct st_logformat *f,
		    enum st_server server, struct sbuf *out);

/* The formats tried on a file, custom ones first. */
struct st_logformats {
	struct st_logformat **v;
	size_t		 n, cap;
};

/*
 * combined, "main" (+ X-Forwarded-For), common, vhost_combined, and the
 * defaults of php-fpm's pool log, gunicorn's and uWSGI's.
 */
void	st_logformats_builtin(struct st_logformats *l);
/* Returns the new format's index, or -1 with err. */
int	st_logformats_add(struct st_logformats *l, const char *name,
	    const char *text, enum st_logesc esc, char *err, size_t errlen);
/* The index of the format named name, or -1. */
int	st_logformats_find(const struct st_logformats *l, const char *name);
void	st_logformats_release(struct st_logformats *l);
/*
 * Where a thread matches lines: PCRE2's match data, room for the
 * captures a scan finds, and the last time read.  reference: the
 * pattern alone decides every line (--parse-all), never a scan.
 */
struct st_logmatch {
	void		*md;		/* pcre2_match_data */
	size_t		*ov;
	size_t		 n;		/* pairs of ov */
	int		 reference;
	struct st_logtime_memo when;
	struct st_scanmemo scan;
};

/* For any of the formats of l, or for f alone. */
struct st_logmatch *st_logmatch_new(const struct st_logformats *l,
		    int reference);
struct st_logmatch *st_logmatch_for(const struct st_logformat *f,
		    int reference);
void		 st_logmatch_free(struct st_logmatch *m);
/*
 * Match a line with f: its captures (pairs of offsets, the whole line
 * first, then field i + 1 for vars[i], PCRE2_UNSET when absent), valid
 * until m's next match; NULL when the line is not of the format.
 */
const size_t	*st_logformat_match(const struct st_logformat *f,
		    struct st_logmatch *m, const char *line, size_t len);

#endif
