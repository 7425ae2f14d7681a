/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit/integrity.h"
#include "base/alloc.h"
#include "base/escape.h"
#include "base/time.h"

#define MAX_NODES	8
#define REORDER		1000	/* serials back this far: only reordered */
#define CLOCK_BACK_MS	60000	/* time back this far, serials on: a jump */
/* Ahead this far between two records, no clock goes: planted or damaged. */
#define AHEAD_MS	(10 * 366 * 86400000LL)
#define EDGE_MIN	10	/* minutes of web log beyond the audit logs */

struct node {
	char		 name[64];
	size_t		 len;		/* of name */
	uint64_t	 serial;	/* the highest seen in this boot */
	int64_t		 serial_ms;	/* its time */
	int64_t		 max_ms;	/* the latest time seen */
	int		 have;
};

/* One bit per minute, from base. */
struct minutes {
	unsigned char	*bit;
	int64_t		 lo, hi;	/* first and last minute marked */
	int		 any;
	int64_t		 last_ms;	/* the last minute marked starts here */
	int		 have_last;
};

struct st_integrity {
	st_finding_fn	 fn;
	void		*ctx;
	struct node	 node[MAX_NODES];
	size_t		 nnodes;
	int64_t		 base;		/* the minute bit 0 stands for */
	int		 based;
	struct minutes	 audit, web;
	uint64_t	 problems;
	struct sbuf	 msg;
};

struct st_integrity *
st_integrity_new(st_finding_fn fn, void *ctx)
{
	struct st_integrity *ig = st_calloc(1, sizeof(*ig));

	ig->fn = fn;
	ig->ctx = ctx;
	return ig;
}

void
st_integrity_free(struct st_integrity *ig)
{
	if (ig == NULL)
		return;
	free(ig->audit.bit);
	free(ig->web.bit);
	sb_release(&ig->msg);
	free(ig);
}

uint64_t
st_integrity_problems(const struct st_integrity *ig)
{
	return ig->problems;
}

static void
report(struct st_integrity *ig, const char *desc, int64_t ms, int problem,
    const struct st_file *f, uint64_t line)
{
	struct st_finding x;

	memset(&x, 0, sizeof(x));
	x.desc = desc;
	x.id.sec = ms / 1000;
	x.id.ms = (unsigned)(ms % 1000);
	x.message = sb_str(&ig->msg);
	x.file = f ? f->name : NULL;
	x.line = line;
	x.problem = problem;
	ig->problems += problem != 0;
	ig->fn(ig->ctx, &x);
}

static void
mark(struct st_integrity *ig, struct minutes *m, int64_t ms)
{
	int64_t min, k;

	/* Every record and request is marked, thousands a minute, in
	 * time order: the minute marked last answers most of them without
	 * a division (on and after 1970, where a minute starts at a
	 * multiple of 60,000). */
	if (m->have_last && ms >= m->last_ms && ms - m->last_ms < 60000)
		return;
	min = ms / 60000;
	if (!ig->based) {
		ig->base = min - ST_SPAN_MINUTES / 2;
		ig->based = 1;
	}
	k = min - ig->base;
	if (k < 0 || k >= ST_SPAN_MINUTES)
		return;
	if (m->bit == NULL)
		m->bit = st_calloc(ST_SPAN_MINUTES / 8, 1);
	m->bit[k / 8] |= (unsigned char)(1u << (k % 8));
	if (!m->any || min < m->lo)
		m->lo = min;
	if (!m->any || min > m->hi)
		m->hi = min;
	m->any = 1;
	m->have_last = ms >= 0;
	m->last_ms = min * 60000;
}

static int
marked(const struct st_integrity *ig, const struct minutes *m, int64_t min)
{
	int64_t k = min - ig->base;

	return m->bit && k >= 0 && k < ST_SPAN_MINUTES &&
	    (m->bit[k / 8] >> (k % 8) & 1);
}

static struct node *
node_of(struct st_integrity *ig, const struct st_record *al)
{
	size_t i, n = al->node ? al->nodelen : 0;

	if (n >= sizeof(ig->node[0].name))
		n = sizeof(ig->node[0].name) - 1;
	for (i = 0; i < ig->nnodes; i++)
		if (ig->node[i].len == n &&
		    memcmp(ig->node[i].name, al->node ? al->node : "", n) == 0)
			return &ig->node[i];
	if (ig->nnodes == MAX_NODES)
		return NULL;
	memcpy(ig->node[ig->nnodes].name, al->node ? al->node : "", n);
	ig->node[ig->nnodes].len = n;
	return &ig->node[ig->nnodes++];
}

static void
when(struct sbuf *b, int64_t ms)
{
	static const struct st_tz utc;

	st_time_iso(b, ms / 1000, (unsigned)(ms % 1000), &utc);
}

/* auditd's own records: numbered apart from the kernel's. */
static int
daemon_record(struct st_integrity *ig, const struct st_record *al,
    int64_t ms, const struct st_file *f, uint64_t line)
{
	static const struct { const char *type, *what; int problem; } d[] = {
		{ "DAEMON_END", "auditd stopped: nothing is recorded until "
		    "it starts again", 1 },
		{ "DAEMON_ABORT", "auditd aborted: nothing is recorded until "
		    "it starts again", 1 },
		{ "DAEMON_ERR", "auditd reported an error: records may be "
		    "missing", 1 },
		{ "DAEMON_ROTATE", "auditd rotated its log", 0 },
		{ "DAEMON_START", "auditd started", 0 },
	};
	size_t i;

	if (al->typelen < 7 || strncasecmp(al->type, "DAEMON_", 7) != 0)
		return 0;
	for (i = 0; i < sizeof(d) / sizeof(*d); i++)
		if (st_record_is(al, d[i].type)) {
			sb_clear(&ig->msg);
			sb_addf(&ig->msg, "%s (%s)", d[i].what, d[i].type);
			report(ig, "Audit daemon", ms, d[i].problem, f, line);
		}
	return 1;
}

static void
serials(struct st_integrity *ig, struct node *n, uint64_t s, int64_t ms,
    const struct st_file *f, uint64_t line)
{
	if (n->have && s > n->serial && s - n->serial - 1 >= ST_GAP_MIN) {
		sb_clear(&ig->msg);
		sb_addf(&ig->msg, "%llu events missing: serials %llu to %llu "
		    "are not in the logs, between ", (unsigned long long)(s -
		    n->serial - 1), (unsigned long long)n->serial + 1,
		    (unsigned long long)s - 1);
		when(&ig->msg, n->serial_ms);
		sb_adds(&ig->msg, " and ");
		when(&ig->msg, ms);
		report(ig, "Audit gap", ms, 1, f, line);
	}
	if (!n->have || s > n->serial || n->serial - s > REORDER) {
		/* Far back: serials restart at boot. */
		n->serial = s;
		n->serial_ms = ms;
	}
}

void
st_integrity_audit(struct st_integrity *ig, const struct st_record *al,
    const struct st_file *f, uint64_t line)
{
	int64_t ms = al->id.sec * 1000 + al->id.ms;
	struct node *n;

	mark(ig, &ig->audit, ms);
	if (daemon_record(ig, al, ms, f, line) || (n = node_of(ig, al)) == NULL)
		return;
	if (n->have && ms < n->max_ms - CLOCK_BACK_MS && al->id.serial >
	    n->serial && al->id.serial - n->serial < REORDER) {
		sb_clear(&ig->msg);
		sb_addf(&ig->msg, "the clock went back %lld s while serials "
		    "went on (%llu after %llu, seen at ", (long long)(n->max_ms
		    - ms) / 1000, (unsigned long long)al->id.serial,
		    (unsigned long long)n->serial);
		when(&ig->msg, n->max_ms);
		sb_adds(&ig->msg, ")");
		report(ig, "Clock jump", ms, 1, f, line);
		n->max_ms = ms;
	}
	if (n->have && ms > n->max_ms + AHEAD_MS) {
		sb_clear(&ig->msg);
		sb_addf(&ig->msg, "the records jump %lld years ahead, from ",
		    (long long)((ms - n->max_ms) / (365 * 86400000LL)));
		when(&ig->msg, n->max_ms);
		sb_adds(&ig->msg, " to ");
		when(&ig->msg, ms);
		sb_adds(&ig->msg, ", as no clock does: records planted or "
		    "damaged");
		report(ig, "Clock jump", ms, 1, f, line);
	}
	serials(ig, n, al->id.serial, ms, f, line);
	if (!n->have || ms > n->max_ms)
		n->max_ms = ms;
	n->have = 1;
}

void
st_integrity_web(struct st_integrity *ig, int64_t ms)
{
	mark(ig, &ig->web, ms);
}

/* Minutes [from, to) with no mark in quiet, and how many of them other has. */
static void
silence(struct st_integrity *ig, int64_t from, int64_t to, const char *desc,
    const char *quiet, const char *busy, int64_t busy_in)
{
	sb_clear(&ig->msg);
	sb_addf(&ig->msg, "%lld minutes without %s from ", (long long)(to -
	    from), quiet);
	when(&ig->msg, from * 60000);
	sb_adds(&ig->msg, " to ");
	when(&ig->msg, to * 60000);
	sb_addf(&ig->msg, ", while the %s has some in %lld of them", busy,
	    (long long)busy_in);
	report(ig, desc, from * 60000, 1, NULL, 0);
}

/* Runs of at least ST_SILENCE_MIN minutes quiet in q while b goes on. */
static void
silences(struct st_integrity *ig, const struct minutes *q,
    const struct minutes *b, int64_t lo, int64_t hi, const char *desc,
    const char *quiet, const char *busy)
{
	int64_t m, start = 0, in = 0;
	int run = 0;

	for (m = lo; m <= hi + 1; m++) {
		if (m <= hi && !marked(ig, q, m)) {
			if (!run) {
				run = 1;
				start = m;
				in = 0;
			}
			in += marked(ig, b, m);
			continue;
		}
		if (run && m - start >= ST_SILENCE_MIN && in > 0)
			silence(ig, start, m, desc, quiet, busy, in);
		run = 0;
	}
}

/* Web traffic before or after every audit record: nothing to see it. */
static void
edges(struct st_integrity *ig)
{
	const struct minutes *a = &ig->audit, *w = &ig->web;

	if (w->lo < a->lo - EDGE_MIN) {
		sb_clear(&ig->msg);
		sb_adds(&ig->msg, "the web log starts at ");
		when(&ig->msg, w->lo * 60000);
		sb_adds(&ig->msg, ", the audit logs only at ");
		when(&ig->msg, a->lo * 60000);
		sb_adds(&ig->msg, ": commands run before cannot be seen");
		report(ig, "Log coverage", w->lo * 60000, 1, NULL, 0);
	}
	if (w->hi > a->hi + EDGE_MIN) {
		sb_clear(&ig->msg);
		sb_adds(&ig->msg, "the audit logs end at ");
		when(&ig->msg, a->hi * 60000);
		sb_adds(&ig->msg, ", the web log only at ");
		when(&ig->msg, w->hi * 60000);
		sb_adds(&ig->msg, ": commands run after cannot be seen");
		report(ig, "Log coverage", a->hi * 60000, 1, NULL, 0);
	}
}

static void
overlaps(struct st_integrity *ig, const struct st_files *fl)
{
	const struct st_file *f;
	size_t i;

	for (i = 0; i < fl->n; i++) {
		f = fl->v[i];
		if (f->kind != ST_KIND_AUDIT || f->dups == 0)
			continue;
		sb_clear(&ig->msg);
		sb_addf(&ig->msg, "%llu records of ",
		    (unsigned long long)f->dups);
		/* A file's name is the evidence's: shown escaped. */
		st_escape(&ig->msg, f->name, strlen(f->name));
		sb_adds(&ig->msg, " were read already from another file: the "
		    "files overlap or copy each other");
		report(ig, "File overlap", f->dup_first.sec * 1000 +
		    f->dup_first.ms, 0, f, 0);
	}
}

void
st_integrity_finish(struct st_integrity *ig, const struct st_files *fl)
{
	const struct minutes *a = &ig->audit, *w = &ig->web;

	if (a->any && w->any) {
		edges(ig);
		silences(ig, a, w, a->lo > w->lo ? a->lo : w->lo,
		    a->hi < w->hi ? a->hi : w->hi, "Audit silence",
		    "audit records", "web log");
		silences(ig, w, a, a->lo > w->lo ? a->lo : w->lo,
		    a->hi < w->hi ? a->hi : w->hi, "Web log silence",
		    "requests", "audit log");
	}
	overlaps(ig, fl);
}
