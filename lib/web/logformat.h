/*
 * logformat.h: web access log formats, written as nginx's log_format.
 *
 * A format such as
 *   $remote_addr - $remote_user [$time_local] "$request" $status ...
 * is compiled once into an anchored PCRE2 pattern (JIT) with one
 * capture per variable.  Each variable's pattern is chosen from what
 * follows it in the format (the closing quote, a space, a bracket), with
 * possessive quantifiers, so a hostile line cannot make matching slow.
 * The variables shelltrail uses have names in enum st_var; any other
 * $var is captured and kept by its name.  A format comes from the
 * evidence (its nginx.conf) as much as a line does: every match is also
 * bounded in steps (st_logformat.mc).
 */
#ifndef ST_LOGFORMAT_H
#define ST_LOGFORMAT_H

#include <stddef.h>

#include "base/decode.h"

enum st_var {
	ST_V_OTHER,
	ST_V_REMOTE_ADDR, ST_V_XFF, ST_V_REMOTE_USER, ST_V_TIME_LOCAL,
	ST_V_TIME_ISO8601, ST_V_MSEC, ST_V_REQUEST, ST_V_METHOD,
	ST_V_REQUEST_URI, ST_V_URI, ST_V_ARGS, ST_V_STATUS, ST_V_BODY_BYTES,
	ST_V_BYTES_SENT, ST_V_REQUEST_TIME, ST_V_REFERER, ST_V_USER_AGENT,
	ST_V_HOST,
	ST_NVARS
};

struct st_logvar {
	enum st_var	 id;
	char		*name;		/* without the '$' */
};

struct st_logformat {
	char		*name;
	char		*text;
	enum st_logesc	 esc;
	void		*re;		/* pcre2_code */
	void		*mc;		/* its pcre2_match_context: limits */
	struct st_logvar *vars;		/* capture i + 1 is vars[i] */
	size_t		 nvars;
	int		 at[ST_NVARS];	/* capture of a known variable, or 0 */
};

struct st_logformat *st_logformat_compile(const char *name, const char *text,
		    enum st_logesc esc, char *err, size_t errlen);
void		 st_logformat_free(struct st_logformat *f);

/* The formats tried on a file, custom ones first. */
struct st_logformats {
	struct st_logformat **v;
	size_t		 n, cap;
};

/* nginx's combined, "main" (+ X-Forwarded-For), common, vhost_combined. */
void	st_logformats_builtin(struct st_logformats *l);
int	st_logformats_add(struct st_logformats *l, const char *name,
	    const char *text, enum st_logesc esc, char *err, size_t errlen);
/*
 * Add every log_format directive of an nginx configuration text.
 * Returns the number added, or -1 with err naming the line.
 */
int	st_logformats_conf(struct st_logformats *l, const char *conf, size_t n,
	    char *err, size_t errlen);
/* The same from a file, read like any evidence (read-only, atime kept). */
int	st_logformats_conf_file(struct st_logformats *l, const char *path,
	    char *err, size_t errlen);
void	st_logformats_release(struct st_logformats *l);
/* A pcre2_match_data for any of the formats. */
void	*st_logformats_match_data(const struct st_logformats *l);

#endif
