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
/* nginx's and Apache's error logs, which quote requests too. */
#define ERROR_RE "^(?:\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} \\[\\w+\\] |" \
	"\\[\\w{3} \\w{3} \\d{1,2} [\\d:.]+ \\d{4}\\] \\[)"

struct st_sniff {
	const struct st_logformats *fmts;
	const struct st_weborigin *web;
	struct st_weborigin_match *wm;
	struct sbuf	 why;
	pcre2_code	 *request, *error;
	pcre2_match_data *md;
	size_t		 *hits;		/* per format, for one file */
	int64_t		 *first;	/* per format: its first time */
};

struct st_sniff *
st_sniff_new(const struct st_logformats *fmts, const struct st_weborigin *web)
{
	struct st_sniff *s = st_calloc(1, sizeof(*s));
	int code;
	PCRE2_SIZE off;

	s->fmts = fmts;
	s->web = web;
	s->wm = st_weborigin_match_new(web);
	s->request = pcre2_compile((PCRE2_SPTR)REQUEST_RE,
	    PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);
	s->error = pcre2_compile((PCRE2_SPTR)ERROR_RE,
	    PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);
	if (s->request == NULL || s->error == NULL)
		abort();	/* constant patterns: cannot fail */
	(void)pcre2_jit_compile(s->request, PCRE2_JIT_COMPLETE);
	(void)pcre2_jit_compile(s->error, PCRE2_JIT_COMPLETE);
	s->md = st_logformats_match_data(fmts);
	s->hits = st_calloc(fmts->n + 1, sizeof(*s->hits));
	s->first = st_calloc(fmts->n + 1, sizeof(*s->first));
	return s;
}

void
st_sniff_free(struct st_sniff *s)
{
	if (s == NULL)
		return;
	pcre2_match_data_free(s->md);
	pcre2_code_free(s->request);
	pcre2_code_free(s->error);
	free(s->hits);
	free(s->first);
	st_weborigin_match_free(s->wm);
	sb_release(&s->why);
	free(s);
}

static int
matches(struct st_sniff *s, const pcre2_code *re, const char *p, size_t len)
{
	return pcre2_match(re, (PCRE2_SPTR)p, len, 0, 0, s->md, NULL) >= 0;
}

/* Count the line for the first format that reads it; 1 if one did. */
static int
access_line(struct st_sniff *s, const char *p, size_t len)
{
	size_t i;
	int64_t t;

	for (i = 0; i < s->fmts->n; i++) {
		t = st_request_time(s->fmts->v[i], s->md, p, len);
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

void
st_sniff_head(struct st_sniff *s, const char *head, size_t n,
    struct st_sniffed *out)
{
	const char *p = head, *end = head + n, *nl;
	size_t len, audit = 0, access = 0, lines = 0, requests = 0, errors = 0;
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
		}
		else if (matches(s, s->error, p, len))
			errors++;
		else if (matches(s, s->request, p, len))
			requests++;
	}
	out->kind = ST_KIND_OTHER;
	out->audit_lines = audit;
	out->access_lines = access;
	if (audit && audit >= access)
		out->kind = ST_KIND_AUDIT;
	else if (access) {
		out->kind = ST_KIND_ACCESS;
		best_format(s, out);
	} else if (n == 0)
		out->why = "empty file";
	else if (memchr(head, '\0', n))
		out->why = "binary data";
	else if (errors > requests)
		out->why = "a web server error log (not used)";
	else if (requests)
		out->why = "an access log in a format shelltrail does not "
		    "know: give it with --log-format";
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
	*why = sn.why;
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
