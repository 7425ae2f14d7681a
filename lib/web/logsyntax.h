/* SPDX-License-Identifier: ISC */
/*
 * logsyntax.h: access log formats as each server writes them down,
 * read into one list of literal text and fields.
 *
 * nginx:    log_format text: $remote_addr [$time_local] "$request"
 * Apache:   LogFormat strings: %h %l %u %t "%r" %>s %b %D %{User-Agent}i;
 *           status conditions (%!200,304b) and %< %> are parsed and
 *           ignored but for allowing "-"
 * php-fpm:  access.format: %R - %u %t "%m %r%Q%q" %s %p %{mili}d
 * gunicorn: access_log_format: %(h)s %(t)s "%(r)s" %(s)s %(p)s %(D)s
 * uWSGI:    log-format: %(addr) [%(ltime)] %(method) %(uri) %(pid)
 *
 * A prefix "nginx:", "apache:", "fpm:", "gunicorn:" or "uwsgi:" says
 * which; without one the syntax is told from the directives the text
 * uses.  Each field knows what it holds (enum st_var), and a time field
 * its clock and which moment of the request it is, as its server means
 * it: this is where Apache's %t (received) and nginx's $time_local
 * (completed) part.
 */
#ifndef ST_LOGSYNTAX_H
#define ST_LOGSYNTAX_H

#include <stddef.h>

#include "base/sbuf.h"
#include "web/logtime.h"

enum st_server {
	ST_SERVER_UNKNOWN,
	ST_SERVER_NGINX,
	ST_SERVER_APACHE,
	ST_SERVER_FPM,
	ST_SERVER_GUNICORN,
	ST_SERVER_UWSGI,
};

enum st_var {
	ST_V_OTHER,
	ST_V_REMOTE_ADDR, ST_V_XFF, ST_V_REMOTE_USER, ST_V_TIME,
	ST_V_REQUEST, ST_V_METHOD, ST_V_REQUEST_URI, ST_V_URI, ST_V_ARGS,
	ST_V_PROTO, ST_V_STATUS, ST_V_BODY_BYTES, ST_V_BYTES_SENT,
	ST_V_DURATION, ST_V_REFERER, ST_V_USER_AGENT, ST_V_HOST,
	ST_V_PID, ST_V_TID, ST_V_SCRIPT,
	ST_NVARS
};

/* A field of a format. */
struct st_logvar {
	enum st_var	 id;
	char		*name;		/* as the format names it */
	enum st_clock	 clock;		/* ST_V_TIME */
	enum st_tmean	 mean;
	char		*spec;		/* ST_CLOCK_STRFTIME: expanded */
	enum st_dunit	 unit;		/* ST_V_DURATION */
};

/* Fields' own patterns, which web/fieldscan.h also walks by hand. */
#define ST_RE_NUM	"\\d++"
#define ST_RE_DURATION	"\\d++(?:\\.\\d++)?+"
#define ST_RE_STATUS	"\\d{3}"

struct st_fmtel {
	int		 literal;
	struct sbuf	 text;		/* the literal's bytes */
	struct st_logvar var;		/* a field's */
	const char	*re;		/* its pattern; NULL: up to what
					 * follows it in the format */
	int		 dash;		/* may be "-" instead */
};

struct st_fmtels {
	struct st_fmtel	*v;
	size_t		 n, cap;
};

/*
 * Read text (prefix and all) into l, and the syntax's server into
 * *server.  -1 with err saying where it stopped.
 */
int	st_logsyntax_parse(const char *text, struct st_fmtels *l,
	    enum st_server *server, char *err, size_t errlen);
void	st_logsyntax_release(struct st_fmtels *l);
/* "nginx", "Apache", ..., "unknown". */
const char *st_logsyntax_server_name(enum st_server s);
/* The server of a name as given to --web-log-kind, or -1. */
int	st_logsyntax_server_of(const char *name);

#endif
