#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <ctype.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "alloc.h"
#include "decode.h"
#include "request.h"
#include "strbuf.h"
#include "textesc.h"
#include "timefmt.h"

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
	size_t i;

	dot = strrchr(slash ? slash : path, '.');
	if (dot == NULL)
		return 1;		/* "/", "/api/run": routed to code */
	for (i = 0; static_ext[i]; i++)
		if (strcasecmp(dot + 1, static_ext[i]) == 0)
			return 0;
	return 1;
}

static int
month(const char *m)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *p;

	for (p = names; *p; p += 3)
		if (strncmp(p, m, 3) == 0)
			return (int)(p - names) / 3;
	return -1;
}

/* "27/Nov/2026:00:21:13 -0500" */
static int64_t
time_local(const char *s)
{
	struct tm tm;
	char mon[4], zone[6];
	int off;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%2d/%3s/%4d:%2d:%2d:%2d %5s", &tm.tm_mday, mon,
	    &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, zone) != 7 ||
	    (tm.tm_mon = month(mon)) < 0 || st_tz_offset(zone, &off) < 0)
		return ST_TIME_NONE;
	tm.tm_year -= 1900;
	return ((int64_t)timegm(&tm) - off) * 1000;
}

/* "2026-11-27T00:21:13-05:00" */
static int64_t
time_iso(const char *s)
{
	int64_t ms;
	struct st_tz utc = { ST_TZ_UTC, 0 };

	return st_time_parse(s, &utc, &ms) < 0 ? ST_TIME_NONE : ms;
}

/* "1795756873.123" */
static int64_t
time_msec(const char *s)
{
	char *end;
	long long sec = strtoll(s, &end, 10);
	int ms = 0, k;

	if (end == s || sec < 0 || sec > 253402300799LL)
		return ST_TIME_NONE;
	if (*end == '.')
		for (k = 0, end++; k < 3; k++)
			ms = ms * 10 + (isdigit((unsigned char)*end) ?
			    *end++ - '0' : 0);
	return sec * 1000 + ms;
}

struct fields {
	const struct st_logformat *f;
	const char	*line;
	PCRE2_SIZE	*ov;
	struct sbuf	 tmp;
};

/* The text of known variable v as logged, into tmp; NULL if absent. */
static const char *
raw(struct fields *x, enum st_var v)
{
	int k = x->f->at[v];

	if (k == 0 || x->ov[2 * k] == PCRE2_UNSET)
		return NULL;
	sb_clear(&x->tmp);
	sb_add(&x->tmp, x->line + x->ov[2 * k], x->ov[2 * k + 1] - x->ov[2 * k]);
	return sb_str(&x->tmp);
}

/* Variable v unescaped, as a new string; "" when absent or "-". */
static char *
text(struct fields *x, enum st_var v)
{
	struct sbuf b = SBUF_INIT;
	int k = x->f->at[v];
	size_t s, e;

	if (k && x->ov[2 * k] != PCRE2_UNSET) {
		s = x->ov[2 * k];
		e = x->ov[2 * k + 1];
		if (!(e - s == 1 && x->line[s] == '-'))
			st_log_unescape(x->line + s, e - s, x->f->esc, &b);
	}
	return sb_detach(&b);
}

static int64_t
completion(struct fields *x, int *res)
{
	const char *s;

	*res = 1;
	if ((s = raw(x, ST_V_MSEC)) != NULL)
		return time_msec(s);
	*res = 1000;
	if ((s = raw(x, ST_V_TIME_LOCAL)) != NULL)
		return time_local(s);
	if ((s = raw(x, ST_V_TIME_ISO8601)) != NULL)
		return time_iso(s);
	return ST_TIME_NONE;
}

int64_t
st_request_time(const struct st_logformat *f, void *md, const char *line,
    size_t len)
{
	struct fields x = { f, line, NULL, SBUF_INIT };
	int res;
	int64_t t;

	if (pcre2_match(f->re, (PCRE2_SPTR)line, len, 0, 0, md, NULL) < 0)
		return ST_TIME_NONE;
	x.ov = pcre2_get_ovector_pointer(md);
	t = completion(&x, &res);
	sb_free(&x.tmp);
	return t;
}

/* "GET /a?b=c HTTP/1.1": -1 when it is not a request line. */
static int
split_request(struct st_request *r)
{
	const char *s = r->request, *sp1, *sp2;
	size_t i;

	if ((sp1 = strchr(s, ' ')) == NULL || sp1 == s)
		return -1;
	for (i = 0; s + i < sp1; i++)
		if (!isupper((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
			return -1;
	r->method = st_memdup(s, (size_t)(sp1 - s));
	sp2 = strrchr(sp1 + 1, ' ');
	if (sp2 && strncmp(sp2 + 1, "HTTP/", 5) == 0)
		r->proto = st_strdup(sp2 + 1);
	else
		sp2 = sp1 + 1 + strlen(sp1 + 1);
	r->path = st_memdup(sp1 + 1, (size_t)(sp2 - sp1 - 1));
	return 0;
}

static void
add_value(struct st_request *r, const char *v, size_t n, const char *param,
    int base64)
{
	struct st_value *x;

	r->values = st_realloc(r->values, (r->nvalues + 1) * sizeof(*x));
	x = &r->values[r->nvalues++];
	x->s = st_memdup(v, n);
	x->len = n;
	x->param = param;
	x->base64 = base64;
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
values_of(struct st_request *r, const char *v, size_t n, const char *param,
    struct sbuf *tmp)
{
	struct sbuf dec = SBUF_INIT;
	size_t i;

	add_value(r, v, n, param, 0);
	if (n < 4)
		return;
	sb_clear(tmp);
	sb_add(tmp, v, n);
	/* An unencoded '+' in base64 arrives as a space. */
	for (i = 0; i < tmp->len; i++)
		if (tmp->s[i] == ' ')
			tmp->s[i] = '+';
	if (st_base64_decode(tmp->s, tmp->len, &dec) == 0 &&
	    is_text(dec.s, dec.len))
		add_value(r, dec.s, dec.len, param, 1);
	sb_free(&dec);
}

static void
add_param(struct st_request *r, const char *s, size_t n, struct sbuf *tmp)
{
	const char *eq = memchr(s, '=', n);
	struct sbuf name = SBUF_INIT, value = SBUF_INIT;
	struct st_param *p;

	st_url_decode(s, eq ? (size_t)(eq - s) : n, 1, &name);
	if (eq)
		st_url_decode(eq + 1, n - (size_t)(eq + 1 - s), 1, &value);
	r->params = st_realloc(r->params, (r->nparams + 1) * sizeof(*p));
	p = &r->params[r->nparams++];
	p->name = sb_detach(&name);
	p->vlen = value.len;
	p->value = sb_detach(&value);
	if (eq)
		values_of(r, p->value, p->vlen, p->name, tmp);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct st_param *)a)->name,
	    ((const struct st_param *)b)->name);
}

/* "GET /index.php?page&sort": what a request looks like, values aside. */
static void
make_shape(struct st_request *r)
{
	struct sbuf b = SBUF_INIT;
	struct st_param *sorted;
	size_t i;

	sb_addf(&b, "%s %s", r->method, r->path);
	sorted = st_malloc((r->nparams + 1) * sizeof(*sorted));
	if (r->nparams)
		memcpy(sorted, r->params, r->nparams * sizeof(*sorted));
	qsort(sorted, r->nparams, sizeof(*sorted), by_name);
	for (i = 0; i < r->nparams; i++) {
		if (i && strcmp(sorted[i].name, sorted[i - 1].name) == 0)
			continue;
		sb_addc(&b, i ? '&' : '?');
		sb_adds(&b, sorted[i].name);
	}
	free(sorted);
	r->shape = sb_detach(&b);
}

/* Split the target into path and query, and the query into parameters. */
static void
split_target(struct st_request *r)
{
	char *q = strchr(r->path, '?');
	struct sbuf tmp = SBUF_INIT, dec = SBUF_INIT;
	const char *p, *amp;

	if (q) {
		r->query = st_strdup(q + 1);
		*q = '\0';
	} else
		r->query = st_strdup("");
	st_url_decode(r->path, strlen(r->path), 0, &dec);
	if (*r->query) {
		sb_addc(&dec, '?');
		st_url_decode(r->query, strlen(r->query), 1, &dec);
	}
	r->uri = sb_detach(&dec);
	for (p = r->query; *p; p = amp + (*amp != '\0')) {
		amp = strchr(p, '&');
		if (amp == NULL)
			amp = p + strlen(p);
		if (amp > p)
			add_param(r, p, (size_t)(amp - p), &tmp);
	}
	/* "shell.php?id": the whole query is the value. */
	if (*r->query && strchr(r->query, '=') == NULL) {
		st_url_decode(r->query, strlen(r->query), 1, &dec);
		values_of(r, dec.s, dec.len, "", &tmp);
	}
	/* Paths are compared decoded: "/shell%2Ephp" is "/shell.php". */
	sb_clear(&dec);
	st_url_decode(r->path, strlen(r->path), 0, &dec);
	free(r->path);
	r->path = sb_detach(&dec);
	make_shape(r);
	sb_free(&tmp);
	sb_free(&dec);
}

/* The client: X-Forwarded-For's first address when logged, else peer. */
static void
client(struct st_request *r)
{
	size_t n;

	n = strcspn(r->xff, ", ");
	if (n > 0 && strcmp(r->xff, "unknown") != 0) {
		r->client = st_memdup(r->xff, n);
		r->client_from_xff = 1;
	} else
		r->client = st_strdup(r->remote_addr);
}

static long long
count(struct fields *x, enum st_var v)
{
	const char *s = raw(x, v);

	return s && isdigit((unsigned char)*s) ? strtoll(s, NULL, 10) : -1;
}

/* $request, or rebuilt from $request_method and $request_uri/$uri. */
static char *
request_line(struct fields *x)
{
	struct sbuf b = SBUF_INIT;
	char *m, *u, *a;

	if (x->f->at[ST_V_REQUEST])
		return text(x, ST_V_REQUEST);
	m = text(x, ST_V_METHOD);
	u = text(x, x->f->at[ST_V_REQUEST_URI] ? ST_V_REQUEST_URI : ST_V_URI);
	a = text(x, ST_V_ARGS);
	sb_addf(&b, "%s %s%s%s", m, u, *a && !strchr(u, '?') ? "?" : "",
	    strchr(u, '?') ? "" : a);
	free(m);
	free(u);
	free(a);
	return sb_detach(&b);
}

static void
times(struct fields *x, struct st_request *r, int64_t skew_ms, int res)
{
	const char *rt = raw(x, ST_V_REQUEST_TIME);
	int64_t took;

	r->logged_ms = r->end_ms;
	r->end_ms -= skew_ms;
	r->end_max_ms = r->end_ms + res - 1;
	r->start_ms = ST_TIME_NONE;
	/* A duration longer than the epoch is junk, not a window. */
	if (rt && isdigit((unsigned char)*rt) &&
	    (took = time_msec(rt)) != ST_TIME_NONE && took <= r->end_ms)
		r->start_ms = r->end_ms - took;
}

const char *
st_request_parse(const struct st_logformat *f, void *md, const char *line,
    size_t len, int64_t skew_ms, struct st_request *r)
{
	struct fields x = { f, line, NULL, SBUF_INIT };
	const char *why = NULL;
	int res;

	memset(r, 0, sizeof(*r));
	r->refs = 1;
	if (pcre2_match(f->re, (PCRE2_SPTR)line, len, 0, 0, md, NULL) < 0)
		return "does not match the log format";
	x.ov = pcre2_get_ovector_pointer(md);
	if ((r->end_ms = completion(&x, &res)) == ST_TIME_NONE)
		why = "no time the format can read";
	else {
		times(&x, r, skew_ms, res);
		r->request = request_line(&x);
		if (split_request(r) < 0)
			why = "request line is not METHOD URI PROTOCOL";
	}
	if (why == NULL) {
		split_target(r);
		r->remote_addr = text(&x, ST_V_REMOTE_ADDR);
		r->xff = text(&x, ST_V_XFF);
		r->user = text(&x, ST_V_REMOTE_USER);
		r->referer = text(&x, ST_V_REFERER);
		r->agent = text(&x, ST_V_USER_AGENT);
		r->host = text(&x, ST_V_HOST);
		r->status = (int)count(&x, ST_V_STATUS);
		r->bytes = count(&x, f->at[ST_V_BODY_BYTES] ?
		    ST_V_BODY_BYTES : ST_V_BYTES_SENT);
		client(r);
	}
	sb_free(&x.tmp);
	return why;
}

void
st_request_free(struct st_request *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nparams; i++) {
		free(r->params[i].name);
		free(r->params[i].value);
	}
	for (i = 0; i < r->nvalues; i++)
		free(r->values[i].s);
	free(r->params);
	free(r->values);
	free(r->remote_addr);
	free(r->xff);
	free(r->client);
	free(r->user);
	free(r->request);
	free(r->method);
	free(r->path);
	free(r->query);
	free(r->proto);
	free(r->uri);
	free(r->referer);
	free(r->agent);
	free(r->host);
	free(r->shape);
	memset(r, 0, sizeof(*r));
}
