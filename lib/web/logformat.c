/* SPDX-License-Identifier: ISC */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "web/fieldscan.h"
#include "web/logformat.h"

/*
 * Steps a line may cost a format's pattern, and how deep it may nest:
 * far over what any line of a sane format needs (a few hundred), far
 * under what a pattern that backtracks would spend.
 */
#define MATCH_LIMIT	200000
#define DEPTH_LIMIT	10000

/*
 * The formats several servers write alike are given in nginx's syntax
 * but belong to no server: their times mean what the file's server
 * means.  The others are the defaults of servers that have their own.
 */
static const struct {
	const char	*name, *text;
	int		 shared;
} builtin[] = {
	{ "main", "$remote_addr - $remote_user [$time_local] \"$request\" "
	    "$status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" "
	    "\"$http_x_forwarded_for\"", 1 },
	{ "combined", "$remote_addr - $remote_user [$time_local] \"$request\" "
	    "$status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"",
	    1 },
	{ "vhost_combined", "$host:$server_port $remote_addr - $remote_user "
	    "[$time_local] \"$request\" $status $body_bytes_sent "
	    "\"$http_referer\" \"$http_user_agent\"", 1 },
	{ "common", "$remote_addr - $remote_user [$time_local] \"$request\" "
	    "$status $body_bytes_sent", 1 },
	{ "php-fpm", "fpm:%R - %u %t \"%m %r\" %s", 0 },
	{ "uwsgi", "uwsgi:[pid: %(pid)|app: %(app)|req: %(req)] %(addr) "
	    "(%(user)) {%(vars) vars in %(pktsize) bytes} [%(ctime)] "
	    "%(method) %(uri) => generated %(rsize) bytes in %(msecs) msecs "
	    "(%(proto) %(status)) %(headers) headers in %(hsize) bytes "
	    "(%(switches) switches on core %(core))", 0 },
};

static void
literal_re(struct sbuf *re, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strchr("\\^$.|?*+()[]{}", s[i]) && s[i] != '\0')
			sb_addc(re, '\\');
		if (s[i] == '\0' || (unsigned char)s[i] < 0x20)
			sb_addf(re, "\\x%02x", (unsigned char)s[i]);
		else
			sb_addc(re, s[i]);
	}
}

/*
 * What ends a field that has no pattern of its own: what follows it,
 * the byte *next (0 at the end of the line).
 */
static enum st_scankind
value_kind(const struct st_fmtels *l, size_t i, int *next)
{
	const struct st_fmtel *e = &l->v[i];
	int glued = 0;
	size_t k;

	*next = '\0';
	for (k = i + 1; k < l->n && !l->v[k].literal; k++)
		glued = 1;
	if (k < l->n)
		*next = (unsigned char)l->v[k].text.s[0];
	/* php-fpm's "%r%Q%q": the path ends where its query begins. */
	if (glued && (e->var.id == ST_V_URI || e->var.id == ST_V_REQUEST_URI)) {
		*next = *next ? *next : ' ';
		return ST_SCAN_UPTO_QUERY;
	}
	/* Apache writes \" inside quotes; nginx never a raw quote. */
	if (*next == '"')
		return ST_SCAN_QUOTED;
	return *next == '\0' ? ST_SCAN_REST : ST_SCAN_UPTO;
}

static void
value_re(struct sbuf *re, const struct st_fmtels *l, size_t i)
{
	int next;

	switch (value_kind(l, i, &next)) {
	case ST_SCAN_UPTO_QUERY:
		sb_addf(re, "[^?\\x%02x]*+", next);
		break;
	case ST_SCAN_QUOTED:
		sb_adds(re, "(?:[^\"\\\\]++|\\\\.)*+");
		break;
	case ST_SCAN_REST:
		sb_adds(re, ".*+");
		break;
	default:
		sb_addf(re, "[^\\x%02x]*+", next);
		break;
	}
}

static void
field_re(struct sbuf *re, const struct st_fmtels *l, size_t i)
{
	const struct st_fmtel *e = &l->v[i];
	/* A number a server had none for is written "-": nginx's
	 * $request_time of a cut connection, Apache's %b of no body. */
	int dash = e->dash || e->re != NULL;

	sb_addc(re, '(');
	if (dash)
		sb_adds(re, "(?:");
	if (e->var.id == ST_V_TIME)
		st_logtime_regex(e->var.clock, e->var.spec, re);
	else if (e->re)
		sb_adds(re, e->re);
	else
		value_re(re, l, i);
	if (dash)
		sb_adds(re, ")|-");
	sb_addc(re, ')');
}

/* The scan's step for field i, as field_re writes its pattern; -1: none. */
static int
field_scan(struct st_fieldscan *s, const struct st_fmtels *l, size_t i)
{
	const struct st_fmtel *e = &l->v[i];
	enum st_scankind k;
	int next = 0;

	if (e->var.id == ST_V_TIME) {
		if (e->var.clock != ST_CLOCK_CLF)
			return -1;
		k = ST_SCAN_CLF;
	} else if (e->re == NULL)
		k = value_kind(l, i, &next);
	else if (strcmp(e->re, ST_RE_NUM) == 0)
		k = ST_SCAN_DIGITS;
	else if (strcmp(e->re, ST_RE_DURATION) == 0)
		k = ST_SCAN_DURATION;
	else if (strcmp(e->re, ST_RE_STATUS) == 0)
		k = ST_SCAN_STATUS;
	else
		return -1;
	st_fieldscan_field(s, k, next, e->dash || e->re != NULL);
	return 0;
}

/* The format walked by hand (web/fieldscan.h), when every field can be. */
static struct st_fieldscan *
scan_of(const struct st_fmtels *l)
{
	struct st_fieldscan *s = st_fieldscan_new();
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].literal)
			st_fieldscan_literal(s, l->v[i].text.s, l->v[i].text.len);
		else if (field_scan(s, l, i) < 0) {
			st_fieldscan_free(s);
			return NULL;
		}
	}
	return s;
}

/* How fine a time field is: the finest is the one read. */
static int
fineness(const struct st_logvar *v)
{
	switch (v->clock) {
	case ST_CLOCK_EPOCH_US: return 3;
	case ST_CLOCK_EPOCH_MS: return 2;
	case ST_CLOCK_EPOCH: return 1;
	case ST_CLOCK_STRFTIME: return strstr(v->spec, ST_LOGTIME_MSEC_FRAC) ||
	    strstr(v->spec, ST_LOGTIME_USEC_FRAC) ? 2 : 0;
	default: return 0;
	}
}

/* Keep field i's description and note where the known ones are. */
static void
add_var(struct st_logformat *f, struct st_fmtel *e)
{
	struct st_logvar *v;
	size_t k = f->nvars++;
	int *at = &f->at[e->var.id];

	f->vars = st_realloc(f->vars, f->nvars * sizeof(*f->vars));
	v = &f->vars[k];
	*v = e->var;
	e->var.name = e->var.spec = NULL;	/* now the format's */
	if (v->id == ST_V_OTHER)
		return;
	if (*at == 0 || (v->id == ST_V_TIME &&
	    fineness(v) > fineness(&f->vars[*at - 1])))
		*at = (int)k + 1;
}

static void
build(struct st_logformat *f, struct st_fmtels *l, struct sbuf *re)
{
	size_t i;

	sb_addc(re, '^');
	for (i = 0; i < l->n; i++) {
		if (l->v[i].literal)
			literal_re(re, l->v[i].text.s, l->v[i].text.len);
		else
			field_re(re, l, i);
	}
	sb_addc(re, '$');
	f->scan = scan_of(l);
	for (i = 0; i < l->n; i++)
		if (!l->v[i].literal)
			add_var(f, &l->v[i]);
}

static int
compile(struct st_logformat *f, const struct sbuf *re, char *err,
    size_t errlen)
{
	PCRE2_UCHAR msg[128];
	PCRE2_SIZE off;
	int code;

	f->re = pcre2_compile((PCRE2_SPTR)re->s, re->len, 0, &code, &off, NULL);
	if (f->re == NULL) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		snprintf(err, errlen, "log format %s: %s", f->name, (char *)msg);
		return -1;
	}
	(void)pcre2_jit_compile(f->re, PCRE2_JIT_COMPLETE);
	if ((f->mc = pcre2_match_context_create(NULL)) == NULL)
		abort();
	pcre2_set_match_limit(f->mc, MATCH_LIMIT);
	pcre2_set_depth_limit(f->mc, DEPTH_LIMIT);
	return 0;
}

struct st_logformat *
st_logformat_compile(const char *name, const char *text, enum st_logesc esc,
    char *err, size_t errlen)
{
	struct st_logformat *f = st_calloc(1, sizeof(*f));
	struct st_fmtels l = { NULL, 0, 0 };
	struct sbuf re = SBUF_INIT;
	char why[160];
	int rc = -1;

	f->name = st_strdup(name);
	f->text = st_strdup(text);
	f->esc = esc;
	if (st_logsyntax_parse(text, &l, &f->server, why, sizeof(why)) < 0)
		snprintf(err, errlen, "log format %s: %s", name, why);
	else if (l.n == 0)
		snprintf(err, errlen, "log format %s is empty", name);
	else {
		build(f, &l, &re);
		rc = compile(f, &re, err, errlen);
	}
	if (rc == 0 && f->at[ST_V_TIME])
		f->zoned = st_logtime_zoned(f->vars[f->at[ST_V_TIME] - 1].clock,
		    f->vars[f->at[ST_V_TIME] - 1].spec);
	st_logsyntax_release(&l);
	sb_release(&re);
	if (rc == 0)
		return f;
	st_logformat_free(f);
	return NULL;
}

void
st_logformat_free(struct st_logformat *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nvars; i++) {
		free(f->vars[i].name);
		free(f->vars[i].spec);
	}
	free(f->vars);
	pcre2_code_free(f->re);
	pcre2_match_context_free(f->mc);
	st_fieldscan_free(f->scan);
	free(f->name);
	free(f->text);
	free(f);
}

const struct st_logvar *
st_logformat_var(const struct st_logformat *f, enum st_var v)
{
	return f->at[v] ? &f->vars[f->at[v] - 1] : NULL;
}

/*
 * A format in Apache's, php-fpm's or uWSGI's syntax says what its time
 * means directive by directive; one several servers write alike
 * (combined), or nginx's syntax used for another server's log, means
 * what the log's server means; with no server known, only what both
 * meanings allow is kept (ST_TMEAN_SERVER).
 */
enum st_tmean
st_logformat_mean(const struct st_logformat *f, enum st_server server)
{
	const struct st_logvar *v = st_logformat_var(f, ST_V_TIME);

	if (v && (f->server == ST_SERVER_APACHE || f->server == ST_SERVER_FPM ||
	    f->server == ST_SERVER_UWSGI))
		return v->mean;
	switch (server) {
	case ST_SERVER_NGINX:
	case ST_SERVER_GUNICORN:
		return ST_TMEAN_END;
	case ST_SERVER_APACHE:
	case ST_SERVER_FPM:
	case ST_SERVER_UWSGI:
		return ST_TMEAN_BEGIN;
	default:
		return f->server == ST_SERVER_UNKNOWN || v == NULL ?
		    ST_TMEAN_SERVER : v->mean;
	}
}

static const char *const unit_names[] = { "s", "ms", "us" };

/* A field as its syntax writes it: $time_local, %t, %(t)s, %(ltime). */
static void
field_name(const struct st_logformat *f, const struct st_logvar *v,
    struct sbuf *out)
{
	if (f->server == ST_SERVER_NGINX || f->server == ST_SERVER_UNKNOWN)
		sb_addf(out, "$%s", v->name);
	else if (f->server == ST_SERVER_GUNICORN)
		sb_addf(out, "%%(%s)s", v->name);
	else if (f->server == ST_SERVER_UWSGI)
		sb_addf(out, "%%(%s)", v->name);
	else
		sb_adds(out, v->name);
}

void
st_logformat_describe(const struct st_logformat *f, enum st_server server,
    struct sbuf *out)
{
	const struct st_logvar *t = st_logformat_var(f, ST_V_TIME);
	const struct st_logvar *d = st_logformat_var(f, ST_V_DURATION);
	enum st_tmean m = st_logformat_mean(f, server);

	sb_addf(out, "format %s; ", f->name);
	if (t == NULL) {
		sb_adds(out, "no time");
		return;
	}
	field_name(f, t, out);
	sb_addf(out, " is when each request %s",
	    m == ST_TMEAN_END ? "completed" : m == ST_TMEAN_BEGIN ?
	    "was received" : "was logged: server unknown, so only that "
	    "second is trusted");
	if (d) {
		sb_adds(out, ", ");
		field_name(f, d, out);
		sb_addf(out, " its duration (%s)", unit_names[d->unit]);
	}
	else if (m == ST_TMEAN_BEGIN)
		sb_adds(out, ", no duration: it may have run as long as any "
		    "request");
	if (!f->zoned)
		sb_adds(out, "; no zone in the time: read as UTC (--skew)");
}

int
st_logformats_add(struct st_logformats *l, const char *name, const char *text,
    enum st_logesc esc, char *err, size_t errlen)
{
	struct st_logformat *f = st_logformat_compile(name, text, esc, err,
	    errlen);

	if (f == NULL)
		return -1;
	l->v = st_grow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = f;
	return (int)l->n - 1;
}

int
st_logformats_find(const struct st_logformats *l, const char *name)
{
	size_t i;

	for (i = l->n; i-- > 0;)
		if (strcmp(l->v[i]->name, name) == 0)
			return (int)i;
	return -1;
}

void
st_logformats_builtin(struct st_logformats *l)
{
	char err[128];
	size_t i;
	int k;

	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		k = st_logformats_add(l, builtin[i].name, builtin[i].text,
		    ST_LOGESC_DEFAULT, err, sizeof(err));
		if (k < 0)
			abort();	/* constant formats cannot fail */
		if (builtin[i].shared)
			l->v[k]->server = ST_SERVER_UNKNOWN;
	}
}

void
st_logformats_release(struct st_logformats *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		st_logformat_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Room for n pairs of captures. */
static struct st_logmatch *
match_new(size_t n, int reference)
{
	struct st_logmatch *m = st_calloc(1, sizeof(*m));

	m->n = n;
	m->reference = reference;
	if ((m->md = pcre2_match_data_create((uint32_t)m->n, NULL)) == NULL)
		abort();
	m->ov = st_calloc(2 * m->n, sizeof(*m->ov));
	return m;
}

struct st_logmatch *
st_logmatch_new(const struct st_logformats *l, int reference)
{
	size_t i, most = 1;

	for (i = 0; i < l->n; i++)
		if (l->v[i]->nvars + 1 > most)
			most = l->v[i]->nvars + 1;
	return match_new(most, reference);
}

struct st_logmatch *
st_logmatch_for(const struct st_logformat *f, int reference)
{
	return match_new(f->nvars + 1, reference);
}

void
st_logmatch_free(struct st_logmatch *m)
{
	if (m == NULL)
		return;
	pcre2_match_data_free(m->md);
	free(m->ov);
	free(m);
}

const size_t *
st_logformat_match(const struct st_logformat *f, struct st_logmatch *m,
    const char *line, size_t len)
{
	if (!m->reference && f->scan && f->nvars < m->n &&
	    st_fieldscan_match(f->scan, line, len, m->ov, &m->scan))
		return m->ov;
	if (pcre2_match(f->re, (PCRE2_SPTR)line, len, 0, 0, m->md, f->mc) < 0)
		return NULL;
	return pcre2_get_ovector_pointer(m->md);
}
