/* SPDX-License-Identifier: ISC */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/record.h"
#include "base/alloc.h"
#include "base/escape.h"
#include "base/sbuf.h"
#include "scan/sniff.h"
#include "tree/weborigin.h"
#include "web/request.h"

#define HEAD_LINES	200	/* lines of the head looked at */
/* Records this far apart in one file were not written by one auditd. */
#define DECADE_SEC	(10 * 366 * 86400LL)

/*
 * A request line in quotes: a line holding one that no known format
 * reads is probably an access log in a custom format.
 */
#define REQUEST_RE "\"(?:GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH) \\S"
struct st_sniff {
	const struct st_logformats *fmts;
	const struct st_webconf *conf;
	const struct st_webkinds *kinds;
	const struct st_weborigin *web;
	struct st_weborigin_match *wm;
	struct sbuf	 why;
	pcre2_code	 *request;
	struct st_logmatch *m;
	size_t		 *hits;		/* per format, for one file */
	int64_t		 *first;	/* per format: its first time */
};

struct st_sniff *
st_sniff_new(const struct st_logformats *fmts, const struct st_webconf *conf,
    const struct st_webkinds *kinds, const struct st_weborigin *web)
{
	struct st_sniff *s = st_calloc(1, sizeof(*s));
	int code;
	PCRE2_SIZE off;

	s->fmts = fmts;
	s->conf = conf;
	s->kinds = kinds;
	s->web = web;
	s->wm = st_weborigin_match_new(web);
	s->request = pcre2_compile((PCRE2_SPTR)REQUEST_RE,
	    PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);
	if (s->request == NULL)
		abort();	/* a constant pattern: cannot fail */
	(void)pcre2_jit_compile(s->request, PCRE2_JIT_COMPLETE);
	s->m = st_logmatch_new(fmts, 0);
	s->hits = st_calloc(fmts->n + 1, sizeof(*s->hits));
	s->first = st_calloc(fmts->n + 1, sizeof(*s->first));
	return s;
}

void
st_sniff_free(struct st_sniff *s)
{
	if (s == NULL)
		return;
	st_logmatch_free(s->m);
	pcre2_code_free(s->request);
	free(s->hits);
	free(s->first);
	st_weborigin_match_free(s->wm);
	sb_release(&s->why);
	free(s);
}

static int
matches(struct st_sniff *s, const pcre2_code *re, const char *p, size_t len)
{
	return pcre2_match(re, (PCRE2_SPTR)p, len, 0, 0, s->m->md, NULL) >= 0;
}

/* Count the line for the first format that reads it; 1 if one did. */
static int
access_line(struct st_sniff *s, const char *p, size_t len)
{
	size_t i;
	int64_t t;

	for (i = 0; i < s->fmts->n; i++) {
		t = st_request_time(s->fmts->v[i], s->m, p, len);
		if (t == ST_TIME_NONE)
			continue;
		if (s->hits[i]++ == 0)
			s->first[i] = t;
		return 1;
	}
	return 0;
}

static void
best_format(struct st_sniff *s, struct st_sniffed *out)
{
	size_t i;

	out->fmt = 0;
	for (i = 1; i < s->fmts->n; i++)
		if (s->hits[i] > s->hits[out->fmt])
			out->fmt = (int)i;
	out->first_ms = s->first[out->fmt];
}

/* The first record, and the time span of those in the head. */
static void
audit_line(struct st_sniffed *out, const struct st_record *rec)
{
	if (!out->have_first) {
		out->first = rec->id;
		out->have_first = 1;
		out->min_sec = out->max_sec = rec->id.sec;
		snprintf(out->node, sizeof(out->node), "%.*s",
		    rec->node ? (int)rec->nodelen : 0,
		    rec->node ? rec->node : "");
	}
	if (rec->id.sec < out->min_sec)
		out->min_sec = rec->id.sec;
	if (rec->id.sec > out->max_sec)
		out->max_sec = rec->id.sec;
}

/* The server whose error log the head is: the one most lines say. */
static void
error_log(struct st_sniffed *out, const size_t *errors, size_t requests)
{
	static const char *const why[] = { NULL,
	    "an nginx error log (tells the server of the access logs "
	    "beside it)", "an Apache error log (tells the server of the "
	    "access logs beside it)", "a php-fpm log (tells the server of "
	    "the access logs beside it)", "a gunicorn error log (tells the "
	    "server of the access logs beside it)", "a uWSGI log (tells "
	    "the server of the access logs beside it)" };
	size_t i, best = 0, all = 0;

	for (i = 1; i <= ST_SERVER_UWSGI; i++) {
		all += errors[i];
		if (errors[i] > errors[best])
			best = i;
	}
	if (all == 0 || all <= requests)
		return;
	out->errlog = (int)best;
	out->why = why[best];
}

void
st_sniff_head(struct st_sniff *s, const char *head, size_t n,
    struct st_sniffed *out)
{
	const char *p = head, *end = head + n, *nl;
	size_t len, audit = 0, access = 0, lines = 0, requests = 0;
	size_t errors[ST_SERVER_UWSGI + 1] = { 0 };
	struct st_record rec;

	memset(out, 0, sizeof(*out));
	memset(s->hits, 0, s->fmts->n * sizeof(*s->hits));
	for (; p < end && lines < HEAD_LINES; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			if (n == ST_DISCOVER_HEAD)
				break;	/* a cut line: not a fair sample */
			nl = end;
		}
		len = (size_t)(nl - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (len == 0)
			continue;
		lines++;
		/* A line an access log format reads is a request, whatever
		 * a client wrote into it. */
		if (access_line(s, p, len))
			access++;
		else if (st_record_scan(p, len, &rec) == NULL) {
			audit_line(out, &rec);
			audit++;
		} else if (st_webkind_errline(p, len) != ST_SERVER_UNKNOWN)
			errors[st_webkind_errline(p, len)]++;
		else if (matches(s, s->request, p, len))
			requests++;
	}
	out->kind = ST_KIND_OTHER;
	out->audit_lines = audit;
	out->access_lines = access;
	error_log(out, errors, requests);
	if (audit && audit >= access)
		out->kind = ST_KIND_AUDIT;
	else if (access) {
		out->kind = ST_KIND_ACCESS;
		best_format(s, out);
	} else if (out->errlog)
		;
	else if (n == 0)
		out->why = "empty file";
	else if (memchr(head, '\0', n))
		out->why = "binary data";
	else if (requests) {
		out->why = "an access log in a format shelltrail does not "
		    "know: give it with --log-format";
		out->unknown_format = 1;
	}
	else
		out->why = lines ? "not an audit or web access log" :
		    "no complete line";
}

static int
year(int64_t sec)
{
	return (int)(1970 + sec / (365.2425 * 86400));
}

/* A web root holds f, somewhere in its path below the input. */
static int
under_web_root(struct st_sniff *s, const struct st_file *f, char *root,
    size_t n)
{
	const char *rel = st_file_rel(f), *p;
	struct sbuf b = SBUF_INIT;
	int found = 0;

	for (p = rel - 1; !found && p; p = strchr(p + 1, '/')) {
		sb_clear(&b);
		sb_addf(&b, "/%s", p + 1);
		found = st_weborigin_root(s->wm, sb_str(&b), root, n);
	}
	sb_release(&b);
	return found;
}

/*
 * Why audit records found in f cannot be taken for auditd's, or NULL.
 * A web shell can write files: a planted "audit log" would put the
 * attacker's records among the real ones.  auditd writes its logs as
 * root, under /var/log/audit, one record after the other in time.
 */
static int
web_owned(const struct st_sniff *s, const struct st_file *f)
{
	return f->uid != 0 && (f->uid >= 0 || f->uname) &&
	    st_weborigin_is_user(s->web, f->uid, f->uname ? f->uname : "");
}

static const char *
untrusted(struct st_sniff *s, const struct st_file *f,
    const struct st_sniffed *sn)
{
	char root[256];

	sb_clear(&s->why);
	if (sn->max_sec - sn->min_sec > DECADE_SEC)
		sb_addf(&s->why, "its records jump from %d to %d",
		    year(sn->min_sec), year(sn->max_sec));
	else if (web_owned(s, f)) {
		sb_adds(&s->why, "it belongs to the web account ");
		if (f->uname)
			st_escape(&s->why, f->uname, strlen(f->uname));
		else
			sb_addf(&s->why, "uid %lld", f->uid);
	} else if (under_web_root(s, f, root, sizeof(root))) {
		sb_adds(&s->why, "it lies under the web root ");
		st_escape(&s->why, root, strlen(root));
	} else
		return NULL;
	return sb_str(&s->why);
}

/*
 * An access log's format is the one its configuration binds to it, if
 * that reads its lines; and its server, for what its times mean.
 */
static void
web_server(struct st_sniff *s, struct st_file *f, const struct st_sniffed *sn)
{
	const struct st_logbind *b;
	char why[256];

	if (sn->errlog) {
		f->errlog = 1;
		f->server = sn->errlog;
		return;
	}
	if (sn->kind != ST_KIND_ACCESS && !(f->forced && f->kind ==
	    ST_KIND_ACCESS))
		return;
	b = st_webconf_bound(s->conf, st_file_rel(f));
	if (b && b->fmt >= 0 && s->hits[b->fmt] > 0) {
		f->fmt = b->fmt;
		f->first_ms = s->first[b->fmt];
	}
	f->server = (int)st_webkind_of(s->kinds, b, s->fmts->v[f->fmt],
	    st_file_rel(f), why, sizeof(why));
	if (f->server)
		f->server_why = st_strdup(why);
	st_sniff_describe(s->fmts, f);
}

void
st_sniff_describe(const struct st_logformats *fmts, struct st_file *f)
{
	struct sbuf b = SBUF_INIT;

	sb_addf(&b, "%s", st_logsyntax_server_name((enum st_server)f->server));
	if (f->server_why)
		sb_addf(&b, " (%s)", f->server_why);
	sb_adds(&b, "; ");
	st_logformat_describe(fmts->v[f->fmt], (enum st_server)f->server, &b);
	free(f->reading);
	f->reading = sb_detach(&b);
	free(f->format);
	f->format = st_strdup(fmts->v[f->fmt]->name);
}

enum st_kind
st_sniff_file(void *ctx, struct st_file *f, const char *head, size_t n,
    const char **why)
{
	struct st_sniff *s = ctx;
	struct st_sniffed sn;
	const char *bad;
	char root[256];

	st_sniff_head(s, head, n, &sn);
	f->web_writable = web_owned(s, f) || under_web_root(s, f, root,
	    sizeof(root));
	f->first = sn.first;
	f->have_first = sn.have_first;
	if (*sn.node)
		f->node = st_strdup(sn.node);
	f->fmt = sn.fmt;
	f->first_ms = sn.first_ms;
	f->unknown_format = sn.unknown_format;
	*why = sn.why;
	web_server(s, f, &sn);
	if (sn.audit_lines && sn.access_lines)
		st_file_warn(f, "holds both audit records and access log lines "
		    "(%zu and %zu of its first lines): one program wrote "
		    "neither; read as %s", sn.audit_lines, sn.access_lines,
		    sn.kind == ST_KIND_AUDIT ? "an audit log" :
		    "an access log");
	if (sn.kind != ST_KIND_AUDIT || f->forced ||
	    (bad = untrusted(s, f, &sn)) == NULL)
		return sn.kind;
	st_file_warn(f, "audit records, but %s: not where or how auditd "
	    "writes, and a web shell may have planted them; not read "
	    "(--audit reads it)", bad);
	*why = "audit records auditd did not write (see the warning)";
	return ST_KIND_OTHER;
}

static size_t
dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) : 0;
}

/* The one server of the error logs in f's folder, or UNKNOWN. */
static int
neighbours(struct st_file *const *errs, size_t n, const struct st_file *f,
    const struct st_file **by)
{
	size_t i, d = dir_len(f->path);
	int server = ST_SERVER_UNKNOWN;

	for (i = 0; i < n; i++) {
		if (dir_len(errs[i]->path) != d ||
		    strncmp(errs[i]->path, f->path, d) != 0)
			continue;
		if (server && server != errs[i]->server)
			return ST_SERVER_UNKNOWN;	/* they disagree */
		server = errs[i]->server;
		*by = errs[i];
	}
	return server;
}

void
st_sniff_neighbours(const struct st_logformats *fmts, struct st_files *fl)
{
	struct st_file **errs = st_calloc(fl->n + 1, sizeof(*errs));
	const struct st_file *by = NULL;
	struct sbuf why = SBUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i]->errlog)
			errs[n++] = fl->v[i];
	for (i = 0; n && i < fl->n; i++) {
		struct st_file *f = fl->v[i];

		if (f->kind != ST_KIND_ACCESS || f->server ||
		    (f->server = neighbours(errs, n, f, &by)) == 0)
			continue;
		sb_clear(&why);
		sb_addf(&why, "the %s error log beside it, ",
		    st_logsyntax_server_name((enum st_server)f->server));
		st_escape(&why, st_file_rel(by), strlen(st_file_rel(by)));
		f->server_why = st_strdup(sb_str(&why));
		st_sniff_describe(fmts, f);
	}
	sb_release(&why);
	free(errs);
}
