/* SPDX-License-Identifier: ISC */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/arena.h"
#include "base/ascii.h"
#include "base/decode.h"
#include "base/escape.h"
#include "base/hash.h"
#include "base/u64map.h"
#include "tree/weborigin.h"
#include "web/request.h"

/* ---- the raw captures ---- */

struct fields {
	const struct st_logformat *f;
	const char	*line;
	const PCRE2_SIZE *ov;
};

/* Variable v as logged: its bytes and length; 0 when absent. */
static int
capture(const struct st_logformat *f, const char *line, const size_t *ov,
    enum st_var v, const char **s, size_t *n)
{
	int k = f->at[v];

	if (k == 0 || ov[2 * k] == PCRE2_UNSET)
		return 0;
	*s = line + ov[2 * k];
	*n = ov[2 * k + 1] - ov[2 * k];
	return 1;
}

/* Variable v unescaped into the arena; "" when absent or "-". */
static char *
decoded(struct st_request *r, struct st_arena *a, enum st_var v)
{
	const char *s;
	size_t n, bad = 0;
	char *d;

	if (!capture(r->fmt, r->raw, r->ov, v, &s, &n) || (n == 1 && *s == '-'))
		return st_arena_strndup(a, "", 0);
	d = st_arena_alloc(a, n + 1);
	n = st_decode_log_to(s, n, r->fmt->esc, d, &bad);
	d[n] = '\0';
	return d;
}

/* The time the line stamps, as written: ms and how coarse; or NONE. */
static int64_t
stamp(const struct st_logformat *f, struct st_logmatch *m, const char *line,
    const size_t *ov, int64_t *res)
{
	const struct st_logvar *v = st_logformat_var(f, ST_V_TIME);
	const char *s;
	size_t n;

	if (v == NULL || !capture(f, line, ov, ST_V_TIME, &s, &n))
		return ST_TIME_NONE;
	return st_logtime_recall(&m->when, v->clock, v->spec, s, n, res);
}

int64_t
st_request_time(const struct st_logformat *f, struct st_logmatch *m,
    const char *line, size_t len)
{
	const size_t *ov = st_logformat_match(f, m, line, len);
	int64_t res;

	return ov ? stamp(f, m, line, ov, &res) : ST_TIME_NONE;
}

/* ---- the request line ---- */

static struct st_arena *
arena(struct st_request *r)
{
	return (struct st_arena *)r->mem;
}

/* "GET /a?b=c HTTP/1.1", s[0..n): -1 when it is not a request line. */
static int
split_request(struct st_request *r, const char *s, size_t n)
{
	struct st_arena *a = arena(r);
	const char *sp1, *sp2, *q, *end = s + n;
	size_t i;

	if ((sp1 = memchr(s, ' ', n)) == NULL || sp1 == s)
		return -1;
	for (i = 0; s + i < sp1; i++)
		if ((s[i] < 'A' || s[i] > 'Z') && s[i] != '_' && s[i] != '-')
			return -1;
	r->method = st_arena_strndup(a, s, (size_t)(sp1 - s));
	sp2 = memrchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1));
	if (sp2 && end - sp2 > 5 && memcmp(sp2 + 1, "HTTP/", 5) == 0)
		r->proto = st_arena_strndup(a, sp2 + 1, (size_t)(end - sp2 - 1));
	else {
		sp2 = end;
		r->proto = st_arena_strndup(a, "", 0);
	}
	q = memchr(sp1 + 1, '?', (size_t)(sp2 - sp1 - 1));
	r->path = st_arena_strndup(a, sp1 + 1, (size_t)((q ? q : sp2) - sp1 - 1));
	r->query = q ? st_arena_strndup(a, q + 1, (size_t)(sp2 - q - 1)) :
	    st_arena_strndup(a, "", 0);
	return 0;
}

static struct st_value *
add_value(struct st_request *r, struct st_value *v, char *s, size_t n,
    const char *param, int base64)
{
	v[r->nvalues].s = s;
	v[r->nvalues].len = n;
	v[r->nvalues].param = param;
	v[r->nvalues].base64 = base64;
	return &v[r->nvalues++];
}

/* Text worth comparing with a command: printable UTF-8, \n and \t. */
static int
is_text(const char *s, size_t n)
{
	size_t i, len;
	uint32_t cp;

	for (i = 0; i < n; i += len) {
		len = st_utf8_next(s + i, n - i, &cp);
		if (len == 0 || (!st_cp_printable(cp) && cp != '\n' &&
		    cp != '\t'))
			return 0;
	}
	return n > 0;
}

/* A parameter value, and its base64 decoding if that is text. */
static void
values_of(struct st_request *r, struct st_value *v, char *s, size_t n,
    const char *param)
{
	struct st_arena *a = arena(r);
	char *plus, *dec;
	long m;
	size_t i;

	add_value(r, v, s, n, param, 0);
	if (n < 4)
		return;
	/* An unencoded '+' in base64 arrives as a space. */
	plus = st_arena_strndup(a, s, n);
	for (i = 0; i < n; i++)
		if (plus[i] == ' ')
			plus[i] = '+';
	dec = st_arena_alloc(a, n + 1);
	if ((m = st_decode_base64_to(plus, n, dec)) > 0 &&
	    is_text(dec, (size_t)m)) {
		dec[m] = '\0';
		add_value(r, v, dec, (size_t)m, param, 1);
	}
}

/* One "name=value" of the query, decoded. */
static void
add_param(struct st_request *r, struct st_value *v, const char *s, size_t n)
{
	struct st_arena *a = arena(r);
	struct st_param *p = &r->params[r->nparams++];
	const char *eq = memchr(s, '=', n);
	size_t bad = 0, nlen = eq ? (size_t)(eq - s) : n;

	p->name = st_arena_alloc(a, nlen + 1);
	p->name[st_decode_url_to(s, nlen, 1, p->name, &bad)] = '\0';
	p->value = st_arena_alloc(a, n - nlen + 1);
	p->vlen = eq ? st_decode_url_to(eq + 1, n - nlen - 1, 1, p->value,
	    &bad) : 0;
	p->value[p->vlen] = '\0';
	if (eq)
		values_of(r, v, p->value, p->vlen, p->name);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Method, path and distinct parameter names: what a request looks like.
 * seed is the key's (st_hash_seed).
 */
static void
shape(struct st_request *r, uint64_t seed)
{
	char *few[8], **names = few;
	uint64_t h;
	size_t i;

	h = st_hash_seeded(seed, r->method, strlen(r->method)) ^
	    st_hash64(r->path_hash);
	/* Most requests have a parameter or two: no allocation for them. */
	if (r->nparams > sizeof(few) / sizeof(few[0]))
		names = st_arena_alloc(arena(r), r->nparams * sizeof(*names));
	for (i = 0; i < r->nparams; i++)
		names[i] = r->params[i].name;
	if (r->nparams > 1)
		qsort(names, r->nparams, sizeof(*names), by_name);
	for (i = 0; i < r->nparams; i++)
		if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
			h = st_hash64(h ^ st_hash_seeded(seed, names[i],
			    strlen(names[i])));
	r->shape = h;
}

/* Split the query into parameters and the values a command may equal. */
static void
split_query(struct st_request *r)
{
	struct st_arena *a = arena(r);
	const char *p, *amp;
	struct st_value *v;
	size_t n = 1, bad = 0;
	char *whole, *path;

	for (p = r->query; *p; p++)
		n += *p == '&';
	r->params = st_arena_alloc(a, n * sizeof(*r->params));
	/* each parameter, its base64, and the whole query */
	v = r->values = st_arena_alloc(a, (2 * n + 2) * sizeof(*v));
	for (p = r->query; *r->query && *p; p = amp + (*amp != '\0')) {
		if ((amp = strchr(p, '&')) == NULL)
			amp = p + strlen(p);
		if (amp > p)
			add_param(r, v, p, (size_t)(amp - p));
	}
	/* "shell.php?id": the whole query is the value. */
	if (*r->query && strchr(r->query, '=') == NULL) {
		whole = st_arena_alloc(a, strlen(r->query) + 1);
		n = st_decode_url_to(r->query, strlen(r->query), 1, whole, &bad);
		whole[n] = '\0';
		values_of(r, v, whole, n, "");
	}
	/* Paths are compared decoded: "/shell%2Ephp" is "/shell.php". */
	if (strchr(r->path, '%') == NULL)
		return;
	path = st_arena_alloc(a, strlen(r->path) + 1);
	path[st_decode_url_to(r->path, strlen(r->path), 0, path, &bad)] = '\0';
	r->path = path;
}

/* s lowered (ASCII) begins with the lower-case word w. */
static int
starts_lower(const char *s, const char *w)
{
	for (; *w; s++, w++)
		if (st_ascii_lower(*s) != *w)
			return 0;
	return 1;
}

/*
 * Is the file after slash a PHP script, which PHP runs from its own
 * directory?  ".php", ".phtml", ".php3" to ".php8", any case: every
 * request is asked, and strcasecmp() three times was 3% of a parse.
 */
static int
is_php(const char *slash)
{
	const char *dot = strrchr(slash, '.');

	if (dot == NULL || !starts_lower(dot, ".p"))
		return 0;
	if (starts_lower(dot, ".phtml"))
		return dot[6] == '\0';
	return starts_lower(dot, ".php") && (dot[4] == '\0' ||
	    (dot[4] >= '3' && dot[4] <= '8' && dot[5] == '\0'));
}

static void
place(struct st_request *r, uint64_t seed)
{
	const char *slash = strrchr(r->path, '/'), *p;

	r->place = slash && is_php(slash);
	if (!r->place)
		return;
	r->dir_depth = 0;
	for (p = r->path; p < slash; p++)
		r->dir_depth += *p == '/';
	/* "/a/b/x.php": "/a/b", two components; "/x.php": "", none. */
	r->dir_hash = st_hash_seeded(seed, r->path, (size_t)(slash - r->path));
}

/*
 * What the correlator compares, hashed here: on the parsing thread,
 * while the strings are still in this core's cache.  A request takes
 * ten hashes or so, all with one key: its share is worked out once.
 */
static void
hashes(struct st_request *r, uint64_t key)
{
	uint64_t seed = st_hash_seed(key);
	size_t i;

	r->path_hash = st_hash_seeded(seed, r->path, strlen(r->path));
	r->dynamic = st_weborigin_dynamic(r->path);
	place(r, seed);
	r->client_hash = st_hash_seeded(seed, r->client, strlen(r->client));

	for (i = 0; i < r->nvalues; i++)
		r->values[i].hash = st_hash_seeded(seed, r->values[i].s,
		    r->values[i].len);
	shape(r, seed);
}

/* The client: X-Forwarded-For's first address when logged, else peer. */
static void
client(struct st_request *r)
{
	struct st_arena *a = arena(r);
	const char *xff;
	size_t n;

	if (r->fmt->at[ST_V_XFF] == 0) {
		r->client = (char *)st_request_text(r, ST_V_REMOTE_ADDR);
		return;
	}
	xff = st_request_text(r, ST_V_XFF);
	while (*xff == ' ')
		xff++;
	n = strcspn(xff, ", ");
	if (n > 0 && strcmp(xff, "unknown") != 0) {
		r->client = st_arena_strndup(a, xff, n);
		r->client_from_xff = 1;
	} else
		r->client = (char *)st_request_text(r, ST_V_REMOTE_ADDR);
}

/*
 * $request, or rebuilt from the method, the URI, the query and the
 * protocol, which some formats log apart: its bytes up to any NUL, as
 * the strings split from it end there.
 */
static size_t
request_line(struct st_request *r, const char **line)
{
	struct st_arena *a = arena(r);
	const char *m, *u, *q, *p;
	char *l;
	size_t n;

	if (r->fmt->at[ST_V_REQUEST]) {
		/* Nothing to unescape (most lines): the captured bytes. */
		if (capture(r->fmt, r->raw, r->ov, ST_V_REQUEST, line, &n) &&
		    !(n == 1 && **line == '-') && (r->fmt->esc ==
		    ST_LOGESC_NONE || memchr(*line, '\\', n) == NULL))
			return strnlen(*line, n);
		*line = decoded(r, a, ST_V_REQUEST);
		return strlen(*line);
	}
	m = decoded(r, a, ST_V_METHOD);
	u = decoded(r, a, r->fmt->at[ST_V_REQUEST_URI] ? ST_V_REQUEST_URI :
	    ST_V_URI);
	q = strchr(u, '?') ? "" : decoded(r, a, ST_V_ARGS);
	q += *q == '?';		/* Apache's %q has it, nginx's $args not */
	p = decoded(r, a, ST_V_PROTO);
	l = st_arena_alloc(a, strlen(m) + strlen(u) + strlen(q) +
	    strlen(p) + 4);
	sprintf(l, "%s %s%s%s%s%s", m, u, *q ? "?" : "", q, *p ? " " : "",
	    p);
	*line = l;
	return strlen(l);
}

/* The logged duration in microseconds, and its unit; -1: none. */
static int64_t
duration(struct st_request *r, int64_t *res_us)
{
	const struct st_logvar *v = st_logformat_var(r->fmt, ST_V_DURATION);
	const char *s;
	size_t n;
	int64_t us;

	if (v == NULL || !capture(r->fmt, r->raw, r->ov, ST_V_DURATION, &s, &n) ||
	    st_logtime_duration(v->unit, s, n, &us, res_us) < 0)
		return -1;
	/* A duration longer than the epoch is junk, not a window. */
	return us / 1000 > r->logged_ms ? -1 : us;
}

static const char *
times(struct st_request *r, struct st_logmatch *m, const struct st_reqctx *cx)
{
	struct st_span sp;
	int64_t res, dur, dres = 0;

	if ((r->logged_ms = stamp(r->fmt, m, r->raw, r->ov, &res)) ==
	    ST_TIME_NONE)
		return "no time the format can read";
	dur = duration(r, &dres);
	r->mean = st_logformat_mean(r->fmt, cx->server);
	st_span_set(&sp, r->logged_ms - cx->skew_ms, res, r->mean, dur, dres);
	r->start_ms = sp.start_ms;
	r->end_ms = sp.end_ms;
	r->end_logged = sp.end_max_ms != ST_TIME_NONE;
	r->end_max_ms = r->end_logged ? sp.end_max_ms :
	    sp.start_max_ms + cx->longest_ms;
	r->anchor_ms = st_span_anchor(&sp);
	return NULL;
}

/* $pid, %P, %(p)s: the serving process, and its thread. */
static void
worker(struct st_request *r)
{
	const char *s;
	size_t n;

	r->pid = r->tid = -1;
	if (capture(r->fmt, r->raw, r->ov, ST_V_PID, &s, &n) && n > 0 && n < 12 &&
	    *s != '-')
		r->pid = strtoll(s, NULL, 10);
	if (capture(r->fmt, r->raw, r->ov, ST_V_TID, &s, &n) && n > 0 && n < 20 &&
	    *s != '-')
		r->tid = strtoll(s, NULL, 10);
}

/* Keep the line and its captures: the lazy fields come from them. */
static void
keep_raw(struct st_request *r, const struct st_logformat *f, const char *line,
    size_t len, const size_t *ov)
{
	struct st_arena *a = arena(r);
	size_t n = 2 * (f->nvars + 1);

	r->fmt = f;
	r->raw = st_arena_strndup(a, line, len);
	r->rawlen = len;
	r->ov = st_arena_alloc(a, n * sizeof(*r->ov));
	memcpy(r->ov, ov, n * sizeof(*r->ov));
}

const char *
st_request_parse(const struct st_logformat *f, struct st_logmatch *m,
    const char *line, size_t len, const struct st_reqctx *cx,
    struct st_request *r)
{
	struct st_arena *a = (struct st_arena *)r->mem;
	const size_t *ov;
	const char *why, *rl;
	size_t n;

	/* A request given back is parsed into again, keeping its memory. */
	memset(r, 0, sizeof(*r));
	if (a == NULL)
		a = st_calloc(1, sizeof(*a));
	st_arena_reset(a);
	r->mem = (char *)a;
	if ((ov = st_logformat_match(f, m, line, len)) == NULL)
		return "does not match the log format";
	a->hint = 2 * len + 512;	/* grows when a request needs more */
	keep_raw(r, f, line, len, ov);
	if ((why = times(r, m, cx)) != NULL)
		return why;
	n = request_line(r, &rl);
	if (split_request(r, rl, n) < 0)
		return "request line is not METHOD URI PROTOCOL";
	split_query(r);
	client(r);
	worker(r);
	hashes(r, cx->key);
	return NULL;
}

uint64_t
st_request_uri_hash(const struct st_request *r, uint64_t key)
{
	return st_hash64(st_hash64(st_hash_keyed(key, r->method,
	    strlen(r->method)) ^ r->path_hash) ^ st_hash_keyed(key, r->query,
	    strlen(r->query)));
}

const char *
st_request_text(struct st_request *r, enum st_var v)
{
	if (r->lazy[v] == NULL)
		r->lazy[v] = decoded(r, arena(r), v);
	return r->lazy[v];
}

const char *
st_request_uri(struct st_request *r)
{
	size_t n = strlen(r->path), q = strlen(r->query), bad = 0;
	char *u;

	if (r->lazy[ST_NVARS])
		return r->lazy[ST_NVARS];
	u = st_arena_alloc(arena(r), n + q + 2);
	memcpy(u, r->path, n);
	if (q) {
		u[n++] = '?';
		n += st_decode_url_to(r->query, q, 1, u + n, &bad);
	}
	u[n] = '\0';
	return r->lazy[ST_NVARS] = u;
}

int
st_request_status(struct st_request *r)
{
	const char *s = st_request_text(r, ST_V_STATUS);

	return *s >= '0' && *s <= '9' ? atoi(s) : -1;
}

void
st_request_release(struct st_request *r)
{
	if (r == NULL)
		return;
	if (r->mem) {
		st_arena_release(arena(r));
		free(r->mem);
	}
	memset(r, 0, sizeof(*r));
}
