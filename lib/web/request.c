#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/arena.h"
#include "base/decode.h"
#include "web/request.h"
#include "base/escape.h"
#include "base/u64map.h"

/* Extensions of files a web server sends as they are. */
static const char *const static_ext[] = {
	"html", "htm", "css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif",
	"svg", "ico", "webp", "bmp", "woff", "woff2", "ttf", "otf", "eot",
	"txt", "xml", "json", "pdf", "zip", "gz", "tar", "mp4", "mp3", "webm",
	"avi", "csv", "md", "wasm", NULL
};

int
st_path_dynamic(const char *path)
{
	const char *slash = strrchr(path, '/'), *dot;
	char ext[8];
	size_t i, n;

	dot = strrchr(slash ? slash : path, '.');
	if (dot == NULL)
		return 1;		/* "/", "/api/run": routed to code */
	if ((n = strlen(++dot)) >= sizeof(ext))
		return 1;
	for (i = 0; i <= n; i++)
		ext[i] = (char)tolower((unsigned char)dot[i]);
	for (i = 0; static_ext[i]; i++)
		if (strcmp(ext, static_ext[i]) == 0)
			return 0;
	return 1;
}

/* ---- times, parsed by hand: one per line of a busy log ---- */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant). */
static int64_t
days(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* n digits at *p, or -1. */
static int
num(const char **p, int n)
{
	int v = 0;

	while (n--) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (*(*p)++ - '0');
	}
	return v;
}

static int
month(const char *m)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *p;

	for (p = names; *p; p += 3)
		if (strncmp(p, m, 3) == 0)
			return (int)(p - names) / 3 + 1;
	return -1;
}

#define NO_ZONE	(-100000L)	/* beyond any offset */

/* "+HHMM", "+HH:MM" or "Z" at p: seconds east, or NO_ZONE. */
static long
zone(const char *p)
{
	int sign, h, m;

	if (*p == 'Z')
		return 0;
	if (*p != '+' && *p != '-')
		return NO_ZONE;
	sign = *p++ == '-' ? -1 : 1;
	h = num(&p, 2);
	if (*p == ':')
		p++;
	m = num(&p, 2);
	if (h < 0 || m < 0 || h > 14 || m > 59)
		return NO_ZONE;
	return sign * (h * 3600L + m * 60L);
}

static int64_t
epoch_ms(int y, int mo, int d, int h, int mi, int s, long off)
{
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || s < 0 || s > 60 || off == NO_ZONE)
		return ST_TIME_NONE;
	return ((days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) - off) * 1000;
}

/* "27/Nov/2026:00:21:13 -0500" (the format's pattern checked the shape) */
static int64_t
time_local(const char *p)
{
	int d, mo, y, h, mi, s;

	d = num(&p, p[1] == '/' ? 1 : 2);
	mo = month(++p);
	p += 4;
	y = num(&p, 4);
	p++;
	h = num(&p, 2);
	p++;
	mi = num(&p, 2);
	p++;
	s = num(&p, 2);
	return epoch_ms(y, mo, d, h, mi, s, zone(p + 1));
}

/* "2026-11-27T00:21:13-05:00" */
static int64_t
time_iso(const char *p)
{
	int y, mo, d, h, mi, s;

	y = num(&p, 4);
	p++;
	mo = num(&p, 2);
	p++;
	d = num(&p, 2);
	p++;
	h = num(&p, 2);
	p++;
	mi = num(&p, 2);
	p++;
	s = num(&p, 2);
	return epoch_ms(y, mo, d, h, mi, s, zone(p));
}

/* "1795756873.123": milliseconds, or NONE. */
static int64_t
time_msec(const char *p, size_t n)
{
	int64_t sec = 0;
	int ms = 0, k = 0;
	size_t i;

	for (i = 0; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
		if (++k > 12)
			return ST_TIME_NONE;
		sec = sec * 10 + (p[i] - '0');
	}
	if (k == 0)
		return ST_TIME_NONE;
	if (i < n && p[i] == '.')
		for (k = 0, i++; k < 3; k++)
			ms = ms * 10 + (i < n && p[i] >= '0' && p[i] <= '9' ?
			    p[i++] - '0' : 0);
	return sec * 1000 + ms;
}

/* ---- the raw captures ---- */

struct fields {
	const struct st_logformat *f;
	const char	*line;
	const PCRE2_SIZE *ov;
};

/* Variable v as logged: its bytes and length; 0 when absent. */
static int
span(const struct st_logformat *f, const char *line, const size_t *ov,
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

	if (!span(r->fmt, r->raw, r->ov, v, &s, &n) || (n == 1 && *s == '-'))
		return st_arena_strndup(a, "", 0);
	d = st_arena_alloc(a, n + 1);
	n = st_log_unescape_to(s, n, r->fmt->esc, d, &bad);
	d[n] = '\0';
	return d;
}

static int64_t
completion(const struct st_logformat *f, const char *line, const size_t *ov,
    int *res)
{
	const char *s;
	size_t n;

	*res = 1;
	if (span(f, line, ov, ST_V_MSEC, &s, &n))
		return time_msec(s, n);
	*res = 1000;
	if (span(f, line, ov, ST_V_TIME_LOCAL, &s, &n))
		return time_local(s);
	if (span(f, line, ov, ST_V_TIME_ISO8601, &s, &n))
		return time_iso(s);
	return ST_TIME_NONE;
}

int64_t
st_request_time(const struct st_logformat *f, void *md, const char *line,
    size_t len)
{
	int res;

	if (pcre2_match(f->re, (PCRE2_SPTR)line, len, 0, 0, md, NULL) < 0)
		return ST_TIME_NONE;
	return completion(f, line, pcre2_get_ovector_pointer(md), &res);
}

/* ---- the request line ---- */

static struct st_arena *
arena(struct st_request *r)
{
	return (struct st_arena *)r->mem;
}

/* "GET /a?b=c HTTP/1.1": -1 when it is not a request line. */
static int
split_request(struct st_request *r, const char *s)
{
	struct st_arena *a = arena(r);
	const char *sp1, *sp2, *q;
	size_t i;

	if ((sp1 = strchr(s, ' ')) == NULL || sp1 == s)
		return -1;
	for (i = 0; s + i < sp1; i++)
		if ((s[i] < 'A' || s[i] > 'Z') && s[i] != '_' && s[i] != '-')
			return -1;
	r->method = st_arena_strndup(a, s, (size_t)(sp1 - s));
	sp2 = strrchr(sp1 + 1, ' ');
	if (sp2 && strncmp(sp2 + 1, "HTTP/", 5) == 0)
		r->proto = st_arena_strndup(a, sp2 + 1, strlen(sp2 + 1));
	else {
		sp2 = sp1 + 1 + strlen(sp1 + 1);
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
	if ((m = st_base64_decode_to(plus, n, dec)) > 0 &&
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
	p->name[st_url_decode_to(s, nlen, 1, p->name, &bad)] = '\0';
	p->value = st_arena_alloc(a, n - nlen + 1);
	p->vlen = eq ? st_url_decode_to(eq + 1, n - nlen - 1, 1, p->value,
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

/* Method, path and distinct parameter names: what a request looks like. */
static void
shape(struct st_request *r, uint64_t key)
{
	char **names = st_arena_alloc(arena(r), (r->nparams + 1) *
	    sizeof(*names));
	uint64_t h;
	size_t i;

	h = st_hash_keyed(key, r->method, strlen(r->method)) ^
	    st_hash64(r->path_hash);
	for (i = 0; i < r->nparams; i++)
		names[i] = r->params[i].name;
	if (r->nparams > 1)
		qsort(names, r->nparams, sizeof(*names), by_name);
	for (i = 0; i < r->nparams; i++)
		if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
			h = st_hash64(h ^ st_hash_keyed(key, names[i],
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
		n = st_url_decode_to(r->query, strlen(r->query), 1, whole, &bad);
		whole[n] = '\0';
		values_of(r, v, whole, n, "");
	}
	/* Paths are compared decoded: "/shell%2Ephp" is "/shell.php". */
	path = st_arena_alloc(a, strlen(r->path) + 1);
	path[st_url_decode_to(r->path, strlen(r->path), 0, path, &bad)] = '\0';
	r->path = path;
}

/*
 * What the correlator compares, hashed here: on the parsing thread,
 * while the strings are still in this core's cache.
 */
static void
hashes(struct st_request *r, uint64_t key)
{
	size_t i;

	r->path_hash = st_hash_keyed(key, r->path, strlen(r->path));
	r->dynamic = st_path_dynamic(r->path);
	r->client_hash = st_hash_keyed(key, r->client, strlen(r->client));
	for (i = 0; i < r->nvalues; i++)
		r->values[i].hash = st_hash_keyed(key, r->values[i].s,
		    r->values[i].len);
	shape(r, key);
}

/* The client: X-Forwarded-For's first address when logged, else peer. */
static void
client(struct st_request *r)
{
	struct st_arena *a = arena(r);
	const char *xff = st_request_text(r, ST_V_XFF);
	size_t n;

	while (*xff == ' ')
		xff++;
	n = strcspn(xff, ", ");
	if (n > 0 && strcmp(xff, "unknown") != 0) {
		r->client = st_arena_strndup(a, xff, n);
		r->client_from_xff = 1;
	} else
		r->client = (char *)st_request_text(r, ST_V_REMOTE_ADDR);
}

/* $request, or rebuilt from $request_method and $request_uri/$uri. */
static char *
request_line(struct st_request *r)
{
	struct st_arena *a = arena(r);
	const char *m, *u, *q;
	char *line;

	if (r->fmt->at[ST_V_REQUEST])
		return decoded(r, a, ST_V_REQUEST);
	m = decoded(r, a, ST_V_METHOD);
	u = decoded(r, a, r->fmt->at[ST_V_REQUEST_URI] ? ST_V_REQUEST_URI :
	    ST_V_URI);
	q = strchr(u, '?') ? "" : decoded(r, a, ST_V_ARGS);
	line = st_arena_alloc(a, strlen(m) + strlen(u) + strlen(q) + 3);
	sprintf(line, "%s %s%s%s", m, u, *q ? "?" : "", q);
	return line;
}

static void
times(struct st_request *r, int64_t skew_ms, int res)
{
	const char *rt;
	size_t n;
	int64_t took;

	r->logged_ms = r->end_ms;
	r->end_ms -= skew_ms;
	r->end_max_ms = r->end_ms + res - 1;
	r->start_ms = ST_TIME_NONE;
	/* A duration longer than the epoch is junk, not a window. */
	if (span(r->fmt, r->raw, r->ov, ST_V_REQUEST_TIME, &rt, &n) &&
	    (took = time_msec(rt, n)) != ST_TIME_NONE && took <= r->end_ms)
		r->start_ms = r->end_ms - took;
}

/* Keep the line and its captures: the lazy fields come from them. */
static void
keep_raw(struct st_request *r, const struct st_logformat *f, const char *line,
    size_t len, const PCRE2_SIZE *ov)
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
st_request_parse(const struct st_logformat *f, void *md, const char *line,
    size_t len, int64_t skew_ms, uint64_t key, struct st_request *r)
{
	struct st_arena *a = (struct st_arena *)r->mem;
	int res;

	/* A request given back is parsed into again, keeping its memory. */
	memset(r, 0, sizeof(*r));
	r->refs = 1;
	if (a == NULL)
		a = st_calloc(1, sizeof(*a));
	st_arena_reset(a);
	r->mem = (char *)a;
	if (pcre2_match(f->re, (PCRE2_SPTR)line, len, 0, 0, md, NULL) < 0)
		return "does not match the log format";
	a->hint = 2 * len + 512;	/* grows when a request needs more */
	keep_raw(r, f, line, len, pcre2_get_ovector_pointer(md));
	if ((r->end_ms = completion(f, r->raw, r->ov, &res)) == ST_TIME_NONE)
		return "no time the format can read";
	times(r, skew_ms, res);
	if (split_request(r, request_line(r)) < 0)
		return "request line is not METHOD URI PROTOCOL";
	split_query(r);
	client(r);
	hashes(r, key);
	return NULL;
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
		n += st_url_decode_to(r->query, q, 1, u + n, &bad);
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
st_request_free(struct st_request *r)
{
	if (r == NULL)
		return;
	if (r->mem) {
		st_arena_free(arena(r));
		free(r->mem);
	}
	memset(r, 0, sizeof(*r));
}
