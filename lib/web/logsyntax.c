/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "web/logsyntax.h"

#define NUM_RE		ST_RE_NUM
#define DUR_RE		ST_RE_DURATION
#define STATUS_RE	ST_RE_STATUS
#define ARG_MAX		256	/* a %{...} argument longer is not one */

enum syntax { SYN_NGINX, SYN_APACHE, SYN_FPM, SYN_GUNICORN, SYN_UWSGI };

static const struct {
	const char	*prefix;
	enum syntax	 syn;
	enum st_server	 server;
} prefixes[] = {
	{ "nginx:", SYN_NGINX, ST_SERVER_NGINX },
	{ "apache:", SYN_APACHE, ST_SERVER_APACHE },
	{ "fpm:", SYN_FPM, ST_SERVER_FPM },
	{ "php-fpm:", SYN_FPM, ST_SERVER_FPM },
	{ "gunicorn:", SYN_GUNICORN, ST_SERVER_GUNICORN },
	{ "uwsgi:", SYN_UWSGI, ST_SERVER_UWSGI },
};

static const char *const server_names[] = {
	"unknown", "nginx", "Apache", "php-fpm", "gunicorn", "uWSGI",
};

const char *
st_logsyntax_server_name(enum st_server s)
{
	return server_names[s];
}

int
st_logsyntax_server_of(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(server_names) / sizeof(server_names[0]); i++)
		if (strcasecmp(name, server_names[i]) == 0)
			return (int)i;
	if (strcasecmp(name, "fpm") == 0 || strcasecmp(name, "httpd") == 0)
		return name[0] == 'f' || name[0] == 'F' ? ST_SERVER_FPM :
		    ST_SERVER_APACHE;
	return -1;
}

/* ---- the list ---- */

static struct st_fmtel *
push(struct st_fmtels *l)
{
	struct st_fmtel *e;

	l->v = st_grow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	e = &l->v[l->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

static void
lit(struct st_fmtels *l, const char *s, size_t n)
{
	struct st_fmtel *e = l->n ? &l->v[l->n - 1] : NULL;

	if (e == NULL || !e->literal) {
		e = push(l);
		e->literal = 1;
	}
	sb_add(&e->text, s, n);
}

static struct st_logvar *
field(struct st_fmtels *l, enum st_var id, const char *name, size_t n,
    const char *re)
{
	struct st_fmtel *e = push(l);

	e->var.id = id;
	e->var.name = st_memdup(name, n);
	e->re = re;
	return &e->var;
}

static void
time_field(struct st_fmtels *l, const char *name, size_t n, enum st_clock c,
    enum st_tmean m)
{
	struct st_logvar *v = field(l, ST_V_TIME, name, n, NULL);

	v->clock = c;
	v->mean = m;
}

static void
duration(struct st_fmtels *l, const char *name, size_t n, enum st_dunit u)
{
	field(l, ST_V_DURATION, name, n, DUR_RE)->unit = u;
}

void
st_logsyntax_release(struct st_fmtels *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		sb_release(&l->v[i].text);
		free(l->v[i].var.name);
		free(l->v[i].var.spec);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- request headers and variables, by name, in every syntax ---- */

static enum st_var
header_var(const char *h, size_t n)
{
	static const struct {
		const char	*name;
		enum st_var	 id;
	} headers[] = {
		{ "referer", ST_V_REFERER }, { "user-agent", ST_V_USER_AGENT },
		{ "x-forwarded-for", ST_V_XFF }, { "host", ST_V_HOST },
		{ "http_referer", ST_V_REFERER },
		{ "http_user_agent", ST_V_USER_AGENT },
		{ "http_x_forwarded_for", ST_V_XFF }, { "http_host", ST_V_HOST },
		{ "remote_addr", ST_V_REMOTE_ADDR },
		{ "request_uri", ST_V_REQUEST_URI },
		{ "request_method", ST_V_METHOD },
		{ "query_string", ST_V_ARGS },
		{ "script_filename", ST_V_SCRIPT },
	};
	size_t i;

	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		if (strlen(headers[i].name) == n &&
		    strncasecmp(headers[i].name, h, n) == 0)
			return headers[i].id;
	return ST_V_OTHER;
}

/* ---- nginx: $var and ${var} ---- */

static const struct {
	const char	*name;
	enum st_var	 id;
	const char	*re;
	int		 clock;		/* -1: not a time */
	int		 unit;		/* -1: not a duration */
} nginx_vars[] = {
	{ "remote_addr", ST_V_REMOTE_ADDR, NULL, -1, -1 },
	{ "http_x_forwarded_for", ST_V_XFF, NULL, -1, -1 },
	{ "remote_user", ST_V_REMOTE_USER, NULL, -1, -1 },
	{ "time_local", ST_V_TIME, NULL, ST_CLOCK_CLF, -1 },
	{ "time_iso8601", ST_V_TIME, NULL, ST_CLOCK_ISO8601, -1 },
	{ "msec", ST_V_TIME, NULL, ST_CLOCK_EPOCH, -1 },
	{ "request", ST_V_REQUEST, NULL, -1, -1 },
	{ "request_method", ST_V_METHOD, NULL, -1, -1 },
	{ "request_uri", ST_V_REQUEST_URI, NULL, -1, -1 },
	{ "uri", ST_V_URI, NULL, -1, -1 },
	{ "document_uri", ST_V_URI, NULL, -1, -1 },
	{ "args", ST_V_ARGS, NULL, -1, -1 },
	{ "query_string", ST_V_ARGS, NULL, -1, -1 },
	{ "server_protocol", ST_V_PROTO, NULL, -1, -1 },
	{ "status", ST_V_STATUS, STATUS_RE, -1, -1 },
	{ "body_bytes_sent", ST_V_BODY_BYTES, NUM_RE, -1, -1 },
	{ "bytes_sent", ST_V_BYTES_SENT, NUM_RE, -1, -1 },
	{ "request_time", ST_V_DURATION, DUR_RE, -1, ST_DUR_S },
	{ "http_referer", ST_V_REFERER, NULL, -1, -1 },
	{ "http_user_agent", ST_V_USER_AGENT, NULL, -1, -1 },
	{ "host", ST_V_HOST, NULL, -1, -1 },
	{ "request_filename", ST_V_SCRIPT, NULL, -1, -1 },
};

static int
var_char(int c)
{
	return isalnum(c) || c == '_';
}

static void
nginx_var(struct st_fmtels *l, const char *name, size_t n)
{
	struct st_logvar *v;
	size_t i;

	for (i = 0; i < sizeof(nginx_vars) / sizeof(nginx_vars[0]); i++) {
		if (strlen(nginx_vars[i].name) != n ||
		    memcmp(nginx_vars[i].name, name, n) != 0)
			continue;
		v = field(l, nginx_vars[i].id, name, n, nginx_vars[i].re);
		if (nginx_vars[i].clock >= 0) {
			v->clock = (enum st_clock)nginx_vars[i].clock;
			v->mean = ST_TMEAN_END;
		}
		if (nginx_vars[i].unit >= 0)
			v->unit = (enum st_dunit)nginx_vars[i].unit;
		return;
	}
	field(l, ST_V_OTHER, name, n, NULL);
}

static int
nginx(const char *p, struct st_fmtels *l, char *err, size_t errlen)
{
	const char *name;
	size_t n;
	int braced;

	while (*p) {
		if (*p != '$') {
			lit(l, p++, 1);
			continue;
		}
		braced = p[1] == '{';
		name = p + 1 + braced;
		for (n = 0; var_char((unsigned char)name[n]); n++)
			;
		if (n == 0 || (braced && name[n] != '}')) {
			snprintf(err, errlen, "bad variable at \"%.20s\"", p);
			return -1;
		}
		nginx_var(l, name, n);
		p = name + n + braced;
	}
	return 0;
}

/* ---- gunicorn: %(h)s ---- */

static int
gunicorn_atom(struct st_fmtels *l, const char *a, size_t n)
{
	static const struct {
		char		 c;
		enum st_var	 id;
		const char	*re;
	} atoms[] = {
		{ 'h', ST_V_REMOTE_ADDR, NULL }, { 'l', ST_V_OTHER, NULL },
		{ 'u', ST_V_REMOTE_USER, NULL }, { 'r', ST_V_REQUEST, NULL },
		{ 'm', ST_V_METHOD, NULL }, { 'U', ST_V_URI, NULL },
		{ 'q', ST_V_ARGS, NULL }, { 'H', ST_V_PROTO, NULL },
		{ 's', ST_V_STATUS, STATUS_RE }, { 'B', ST_V_BODY_BYTES, NUM_RE },
		{ 'b', ST_V_BODY_BYTES, NUM_RE }, { 'f', ST_V_REFERER, NULL },
		{ 'a', ST_V_USER_AGENT, NULL },
	};
	size_t i;

	if (n > 2 && a[0] == '{') {
		field(l, a[n - 1] == 'i' ? header_var(a + 1, n - 3) :
		    a[n - 1] == 'e' ? header_var(a + 1, n - 3) : ST_V_OTHER,
		    a, n, NULL);
		return 0;
	}
	if (n != 1)
		return -1;
	switch (a[0]) {
	case 't':	/* [27/Nov/2026:00:21:13 -0500], when it completed */
		lit(l, "[", 1);
		time_field(l, a, n, ST_CLOCK_CLF, ST_TMEAN_END);
		lit(l, "]", 1);
		return 0;
	case 'p':	/* <12345> */
		lit(l, "<", 1);
		field(l, ST_V_PID, a, n, NUM_RE);
		lit(l, ">", 1);
		return 0;
	case 'T': duration(l, a, n, ST_DUR_S); return 0;
	case 'L': duration(l, a, n, ST_DUR_S); return 0;
	case 'M': duration(l, a, n, ST_DUR_MS); return 0;
	case 'D': duration(l, a, n, ST_DUR_US); return 0;
	}
	for (i = 0; i < sizeof(atoms) / sizeof(atoms[0]); i++)
		if (atoms[i].c == a[0]) {
			field(l, atoms[i].id, a, n, atoms[i].re);
			return 0;
		}
	return -1;
}

/* uWSGI's variables, %(name) */
static const struct {
	const char	*name;
	enum st_var	 id;
	const char	*re;
	int		 clock, mean, unit;
} uwsgi_vars[] = {
	{ "uri", ST_V_REQUEST_URI, NULL, -1, 0, -1 },
	{ "method", ST_V_METHOD, NULL, -1, 0, -1 },
	{ "user", ST_V_REMOTE_USER, NULL, -1, 0, -1 },
	{ "addr", ST_V_REMOTE_ADDR, NULL, -1, 0, -1 },
	{ "host", ST_V_HOST, NULL, -1, 0, -1 },
	{ "proto", ST_V_PROTO, NULL, -1, 0, -1 },
	{ "uagent", ST_V_USER_AGENT, NULL, -1, 0, -1 },
	{ "referer", ST_V_REFERER, NULL, -1, 0, -1 },
	{ "status", ST_V_STATUS, STATUS_RE, -1, 0, -1 },
	{ "micros", ST_V_DURATION, DUR_RE, -1, 0, ST_DUR_US },
	{ "msecs", ST_V_DURATION, DUR_RE, -1, 0, ST_DUR_MS },
	{ "secs", ST_V_DURATION, DUR_RE, -1, 0, ST_DUR_S },
	{ "time", ST_V_TIME, NULL, ST_CLOCK_EPOCH, ST_TMEAN_BEGIN, -1 },
	{ "ctime", ST_V_TIME, NULL, ST_CLOCK_STRFTIME, ST_TMEAN_BEGIN, -1 },
	{ "epoch", ST_V_TIME, NULL, ST_CLOCK_EPOCH, ST_TMEAN_END, -1 },
	{ "ltime", ST_V_TIME, NULL, ST_CLOCK_CLF, ST_TMEAN_BEGIN, -1 },
	{ "ftime", ST_V_TIME, NULL, ST_CLOCK_CLF, ST_TMEAN_BEGIN, -1 },
	{ "tmsecs", ST_V_TIME, NULL, ST_CLOCK_EPOCH_MS, ST_TMEAN_BEGIN, -1 },
	{ "tmicros", ST_V_TIME, NULL, ST_CLOCK_EPOCH_US, ST_TMEAN_BEGIN, -1 },
	{ "pid", ST_V_PID, NUM_RE, -1, 0, -1 },
	{ "size", ST_V_BYTES_SENT, NUM_RE, -1, 0, -1 },
	{ "rsize", ST_V_BODY_BYTES, NUM_RE, -1, 0, -1 },
};

static int
uwsgi_var(struct st_fmtels *l, const char *a, size_t n)
{
	struct st_logvar *v;
	size_t i;

	if (n > 4 && memcmp(a, "var.", 4) == 0) {
		field(l, header_var(a + 4, n - 4), a, n, NULL);
		return 0;
	}
	for (i = 0; i < sizeof(uwsgi_vars) / sizeof(uwsgi_vars[0]); i++) {
		if (strlen(uwsgi_vars[i].name) != n ||
		    memcmp(uwsgi_vars[i].name, a, n) != 0)
			continue;
		v = field(l, uwsgi_vars[i].id, a, n, uwsgi_vars[i].re);
		v->mean = (enum st_tmean)uwsgi_vars[i].mean;
		if (uwsgi_vars[i].clock >= 0)
			v->clock = (enum st_clock)uwsgi_vars[i].clock;
		if (v->clock == ST_CLOCK_STRFTIME)
			v->spec = st_strdup("%a %b %e %H:%M:%S %Y");
		if (uwsgi_vars[i].unit >= 0)
			v->unit = (enum st_dunit)uwsgi_vars[i].unit;
		return 0;
	}
	field(l, ST_V_OTHER, a, n, NULL);
	return 0;
}

/*
 * gunicorn's %(name)s and uWSGI's %(name) share their shape; a "%%"
 * is a percent sign in gunicorn's (Python's) formatting.
 */
static int
parens(const char *p, struct st_fmtels *l, enum syntax syn, char *err,
    size_t errlen)
{
	const char *a, *close;
	size_t n;
	int rc;

	while (*p) {
		if (syn == SYN_GUNICORN && p[0] == '%' && p[1] == '%') {
			lit(l, "%", 1);
			p += 2;
			continue;
		}
		if (p[0] != '%' || p[1] != '(' ||
		    (close = strchr(p + 2, ')')) == NULL) {
			lit(l, p++, 1);
			continue;
		}
		a = p + 2;
		n = (size_t)(close - a);
		if (syn == SYN_GUNICORN && close[1] != 's') {
			snprintf(err, errlen, "%%(%.*s) without its 's'",
			    (int)(n > 20 ? 20 : n), a);
			return -1;
		}
		rc = syn == SYN_GUNICORN ? gunicorn_atom(l, a, n) :
		    uwsgi_var(l, a, n);
		if (rc < 0) {
			snprintf(err, errlen, "unknown atom %%(%.*s)s",
			    (int)(n > 20 ? 20 : n), a);
			return -1;
		}
		p = close + 1 + (syn == SYN_GUNICORN);
	}
	return 0;
}

/* ---- Apache and php-fpm: %X, %{arg}X ---- */

struct pct {
	const char	*at;		/* the directive, for names */
	size_t		 len;
	char		 c;
	const char	*arg;		/* "" when none */
	size_t		 alen;
	int		 cond;		/* a status condition, or < > */
	char		 argbuf[ARG_MAX];
};

/* One directive at p (after its '%'); NULL when it is malformed. */
static const char *
pct_read(const char *p, struct pct *d, int apache)
{
	const char *close;

	memset(d, 0, sizeof(*d));
	d->at = p - 1;
	d->arg = "";
	while (apache && (*p == '!' || *p == ',' || isdigit((unsigned char)*p) ||
	    *p == '<' || *p == '>')) {
		d->cond |= *p != '>';
		p++;
	}
	if (*p == '{') {
		if ((close = strchr(p, '}')) == NULL ||
		    (size_t)(close - p - 1) >= sizeof(d->argbuf))
			return NULL;
		memcpy(d->argbuf, p + 1, (size_t)(close - p - 1));
		d->arg = d->argbuf;
		d->alen = (size_t)(close - p - 1);
		p = close + 1;
	}
	if (*p == '\0')
		return NULL;
	d->c = *p++;
	if (apache && d->c == '^' && p[0] == 't' && (p[1] == 'i' || p[1] == 'o'))
		p += 2;
	d->len = (size_t)(p - d->at);
	return p;
}

static int
arg_is(const struct pct *d, const char *s)
{
	return strcmp(d->arg, s) == 0;
}

static struct st_logvar *
pct_field(struct st_fmtels *l, const struct pct *d, enum st_var id,
    const char *re)
{
	struct st_logvar *v = field(l, id, d->at, d->len, re);

	l->v[l->n - 1].dash = d->cond;
	return v;
}

/* A strftime time; its spec expanded.  -1 with err on a bad one. */
static int
strftime_field(struct st_fmtels *l, const struct pct *d, const char *spec,
    enum st_tmean m, char *err, size_t errlen)
{
	struct sbuf x = SBUF_INIT;
	struct st_logvar *v;

	if (st_logtime_expand(spec, &x, err, errlen) < 0) {
		sb_release(&x);
		return -1;
	}
	v = pct_field(l, d, ST_V_TIME, NULL);
	v->clock = ST_CLOCK_STRFTIME;
	v->mean = m;
	v->spec = sb_detach(&x);
	return 0;
}

/*
 * Apache writes "%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t" as three
 * directives of one time: a piece that follows a strftime time across
 * a short literal joins it, so the time is read whole.
 */
static int
join_time(struct st_fmtels *l, const char *piece)
{
	struct st_fmtel *sep, *t;
	struct sbuf spec = SBUF_INIT;
	size_t i;

	if (l->n < 2 || !(sep = &l->v[l->n - 1])->literal ||
	    sep->text.len > 3 || (t = &l->v[l->n - 2])->literal ||
	    t->var.id != ST_V_TIME || t->var.clock != ST_CLOCK_STRFTIME)
		return 0;
	for (i = 0; i < sep->text.len; i++)
		if (isalnum((unsigned char)sep->text.s[i]) ||
		    sep->text.s[i] == '%')
			return 0;
	sb_adds(&spec, t->var.spec);
	sb_add(&spec, sep->text.s, sep->text.len);
	sb_adds(&spec, piece);
	free(t->var.spec);
	t->var.spec = sb_detach(&spec);
	sb_release(&sep->text);
	l->n--;
	return 1;
}

static int
apache_time(struct st_fmtels *l, struct pct *d, char *err, size_t errlen)
{
	enum st_tmean m = ST_TMEAN_BEGIN;
	const char *a = d->arg;
	struct st_logvar *v;

	if (*a == '\0') {		/* [27/Nov/2026:00:21:13 -0500] */
		lit(l, "[", 1);
		v = pct_field(l, d, ST_V_TIME, NULL);
		v->clock = ST_CLOCK_CLF;
		v->mean = ST_TMEAN_BEGIN;
		lit(l, "]", 1);
		return 0;
	}
	if (strncmp(a, "begin:", 6) == 0 || strncmp(a, "end:", 4) == 0) {
		m = a[0] == 'e' ? ST_TMEAN_END : ST_TMEAN_BEGIN;
		a = strchr(a, ':') + 1;
	}
	if (strcmp(a, "msec_frac") == 0 || strcmp(a, "usec_frac") == 0) {
		if (!join_time(l, a[0] == 'm' ? ST_LOGTIME_MSEC_FRAC :
		    ST_LOGTIME_USEC_FRAC))
			pct_field(l, d, ST_V_OTHER, NUM_RE);
		return 0;
	}
	if (strcmp(a, "%s") == 0)
		a = "sec";	/* strftime's seconds since the epoch */
	if (strcmp(a, "sec") == 0 || strcmp(a, "msec") == 0 ||
	    strcmp(a, "usec") == 0) {
		v = pct_field(l, d, ST_V_TIME, NULL);
		v->clock = a[0] == 's' ? ST_CLOCK_EPOCH : a[0] == 'm' ?
		    ST_CLOCK_EPOCH_MS : ST_CLOCK_EPOCH_US;
		v->mean = m;
		return 0;
	}
	if (strcmp(a, "%z") == 0 && join_time(l, a))
		return 0;
	return strftime_field(l, d, a, m, err, errlen);
}

static void
apache_duration(struct st_fmtels *l, const struct pct *d, enum st_dunit u)
{
	pct_field(l, d, ST_V_DURATION, DUR_RE)->unit = u;
}

/* A directive without more to it than what it holds and its pattern. */
struct letter {
	char		 c;
	enum st_var	 id;
	const char	*re;
};

/* Add d's field by the table, or -1 when the table has no such letter. */
static int
by_letter(struct st_fmtels *l, const struct pct *d, const struct letter *t,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].c == d->c) {
			pct_field(l, d, t[i].id, t[i].re);
			return 0;
		}
	return -1;
}

static int
apache_other(struct st_fmtels *l, struct pct *d)
{
	static const struct letter plain[] = {
		{ 'a', ST_V_REMOTE_ADDR, NULL }, { 'h', ST_V_REMOTE_ADDR, NULL },
		{ 'A', ST_V_OTHER, NULL }, { 'B', ST_V_BODY_BYTES, NUM_RE },
		{ 'b', ST_V_BODY_BYTES, NUM_RE }, { 'f', ST_V_SCRIPT, NULL },
		{ 'H', ST_V_PROTO, NULL }, { 'k', ST_V_OTHER, NUM_RE },
		{ 'l', ST_V_OTHER, NULL }, { 'L', ST_V_OTHER, NULL },
		{ 'm', ST_V_METHOD, NULL }, { 'p', ST_V_OTHER, NUM_RE },
		{ 'q', ST_V_ARGS, NULL }, { 'r', ST_V_REQUEST, NULL },
		{ 'R', ST_V_OTHER, NULL }, { 's', ST_V_STATUS, STATUS_RE },
		{ 'u', ST_V_REMOTE_USER, NULL }, { 'U', ST_V_URI, NULL },
		{ 'v', ST_V_HOST, NULL }, { 'V', ST_V_HOST, NULL },
		{ 'X', ST_V_OTHER, "[X+-]" }, { 'I', ST_V_OTHER, NUM_RE },
		{ 'O', ST_V_BYTES_SENT, NUM_RE }, { 'S', ST_V_OTHER, NUM_RE },
		{ 'C', ST_V_OTHER, NULL }, { 'e', ST_V_OTHER, NULL },
		{ 'n', ST_V_OTHER, NULL }, { 'o', ST_V_OTHER, NULL },
		{ '^', ST_V_OTHER, NULL },
	};

	if (d->c == 'i') {
		pct_field(l, d, header_var(d->arg, d->alen), NULL);
		return 0;
	}
	return by_letter(l, d, plain, sizeof(plain) / sizeof(plain[0]));
}

static int
apache_directive(struct st_fmtels *l, struct pct *d, char *err, size_t errlen)
{
	switch (d->c) {
	case 't':
		return apache_time(l, d, err, errlen);
	case 'T':
		apache_duration(l, d, arg_is(d, "ms") ? ST_DUR_MS :
		    arg_is(d, "us") ? ST_DUR_US : ST_DUR_S);
		return 0;
	case 'D':
		apache_duration(l, d, ST_DUR_US);
		return 0;
	case 'P':
		pct_field(l, d, arg_is(d, "tid") || arg_is(d, "hextid") ?
		    ST_V_TID : ST_V_PID, arg_is(d, "hextid") ? "[0-9a-fA-F]++" :
		    NUM_RE);
		return 0;
	}
	if (apache_other(l, d) == 0)
		return 0;
	snprintf(err, errlen, "unknown directive %%%c", d->c);
	return -1;
}

static int
fpm_directive(struct st_fmtels *l, struct pct *d, char *err, size_t errlen)
{
	static const struct letter plain[] = {
		{ 'C', ST_V_OTHER, DUR_RE }, { 'f', ST_V_SCRIPT, NULL },
		{ 'l', ST_V_OTHER, NUM_RE }, { 'm', ST_V_METHOD, NULL },
		{ 'M', ST_V_OTHER, NUM_RE }, { 'n', ST_V_OTHER, NULL },
		{ 'o', ST_V_OTHER, NULL }, { 'p', ST_V_PID, NUM_RE },
		{ 'P', ST_V_OTHER, NUM_RE }, { 'q', ST_V_ARGS, NULL },
		{ 'Q', ST_V_OTHER, "\\??" }, { 'r', ST_V_URI, NULL },
		/* %R is the FastCGI peer, the web server: not the client */
		{ 'R', ST_V_OTHER, NULL }, { 's', ST_V_STATUS, STATUS_RE },
		{ 'u', ST_V_REMOTE_USER, NULL },
	};

	switch (d->c) {
	case 't':
	case 'T':
		if (*d->arg)
			return strftime_field(l, d, d->arg, d->c == 't' ?
			    ST_TMEAN_BEGIN : ST_TMEAN_END, err, errlen);
		time_field(l, d->at, d->len, ST_CLOCK_CLF, d->c == 't' ?
		    ST_TMEAN_BEGIN : ST_TMEAN_END);
		return 0;
	case 'd':
		duration(l, d->at, d->len, strncmp(d->arg, "mil", 3) == 0 ?
		    ST_DUR_MS : strncmp(d->arg, "mic", 3) == 0 ? ST_DUR_US :
		    ST_DUR_S);
		return 0;
	case 'e':
		pct_field(l, d, header_var(d->arg, d->alen), NULL);
		return 0;
	}
	if (by_letter(l, d, plain, sizeof(plain) / sizeof(plain[0])) == 0)
		return 0;
	snprintf(err, errlen, "unknown directive %%%c", d->c);
	return -1;
}

static int
percent(const char *p, struct st_fmtels *l, enum syntax syn, char *err,
    size_t errlen)
{
	struct pct d;
	const char *next;
	int apache = syn == SYN_APACHE;

	while (*p) {
		if (*p != '%') {
			lit(l, p++, 1);
			continue;
		}
		if (p[1] == '%') {
			lit(l, "%", 1);
			p += 2;
			continue;
		}
		if ((next = pct_read(p + 1, &d, apache)) == NULL) {
			snprintf(err, errlen, "bad directive at \"%.20s\"", p);
			return -1;
		}
		if ((apache ? apache_directive(l, &d, err, errlen) :
		    fpm_directive(l, &d, err, errlen)) < 0)
			return -1;
		p = next;
	}
	return 0;
}

/* ---- which syntax ---- */

/* Directives without an argument that only one of the two has. */
#define APACHE_ONLY	"hbBOIaADHkLvVXSU"
#define FPM_ONLY	"RQdnMC"

static int
percent_syntax(const char *text)
{
	const char *p, *next;
	int apache = 0, fpm = 0;
	struct pct d;

	for (p = text; (p = strchr(p, '%')) != NULL; p = next) {
		next = p + 1;
		if (p[1] == '%') {
			next = p + 2;
			continue;
		}
		if (p[1] && strchr("><!", p[1]))
			apache++;
		/* past the directive: a strftime argument has % of its own */
		if ((next = pct_read(p + 1, &d, 1)) == NULL) {
			next = p + 1;
			continue;
		}
		if (*d.arg == '\0') {
			apache += strchr(APACHE_ONLY, d.c) != NULL;
			fpm += strchr(FPM_ONLY, d.c) != NULL;
		} else {
			apache += d.c == 'i' || d.c == 'c' || d.c == 'n' ||
			    d.c == 'x' || (d.c == 'P' && arg_is(&d, "tid"));
			fpm += d.c == 'd' || d.c == 'M';
		}
	}
	if (apache && !fpm)
		return SYN_APACHE;
	if (fpm && !apache)
		return SYN_FPM;
	return -1;
}

static int
guess(const char *text, char *err, size_t errlen)
{
	const char *p;
	int paren = 0, pyfmt = 0, syn;

	for (p = text; (p = strstr(p, "%(")) != NULL; p++) {
		paren++;
		if ((p = strchr(p, ')')) == NULL)
			break;
		pyfmt += p[1] == 's';	/* p + 1: at worst the NUL */
	}
	if (paren)
		return pyfmt == paren ? SYN_GUNICORN : SYN_UWSGI;
	for (p = text; (p = strchr(p, '$')) != NULL; p++)
		if (var_char((unsigned char)p[1]) || p[1] == '{')
			return SYN_NGINX;
	if (strchr(text, '%') == NULL) {
		snprintf(err, errlen, "no field in it ($var, %%X or %%(x)s)");
		return -1;
	}
	if ((syn = percent_syntax(text)) < 0)
		snprintf(err, errlen, "cannot tell Apache's directives from "
		    "php-fpm's: put apache: or fpm: before it");
	return syn;
}

static const enum st_server syntax_server[] = {
	ST_SERVER_NGINX, ST_SERVER_APACHE, ST_SERVER_FPM, ST_SERVER_GUNICORN,
	ST_SERVER_UWSGI,
};

int
st_logsyntax_parse(const char *text, struct st_fmtels *l,
    enum st_server *server, char *err, size_t errlen)
{
	int syn = -1, rc;
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(text, prefixes[i].prefix,
		    strlen(prefixes[i].prefix)) == 0) {
			syn = (int)prefixes[i].syn;
			text += strlen(prefixes[i].prefix);
			break;
		}
	if (syn < 0 && (syn = guess(text, err, errlen)) < 0)
		return -1;
	*server = syntax_server[syn];
	if (syn == SYN_NGINX)
		rc = nginx(text, l, err, errlen);
	else if (syn == SYN_GUNICORN || syn == SYN_UWSGI)
		rc = parens(text, l, (enum syntax)syn, err, errlen);
	else
		rc = percent(text, l, (enum syntax)syn, err, errlen);
	if (rc < 0)
		st_logsyntax_release(l);
	return rc;
}
