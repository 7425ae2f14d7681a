/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/sbuf.h"
#include "base/time.h"
#include "input/layout.h"
#include "report/report.h"
#include "run/run.h"

/*
 * The end-of-run report goes to stderr, for a person: which files were
 * read and what they held, which were skipped and why, and every
 * problem met, each with its file and line.  Paths come from the
 * evidence too, so they are escaped like everything else.
 */
#define SHOWN_SKIPPED	20	/* skipped files listed without -v */

static const char *
num(struct sbuf *b, uint64_t v)
{
	char digits[32];
	int n, i;

	sb_clear(b);
	n = snprintf(digits, sizeof(digits), "%" PRIu64, v);
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			sb_addc(b, ',');
		sb_addc(b, digits[i]);
	}
	return sb_str(b);
}

static const char *
path(struct sbuf *b, const char *p)
{
	sb_clear(b);
	st_escape(b, p, strlen(p));
	return sb_str(b);
}

static void
read_line(FILE *fp, const struct st_file *f, const struct st_tz *tz)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT, c = SBUF_INIT;

	fprintf(fp, "  %s%s: %s lines, %s %s", path(&a, f->name),
	    f->gzip ? " (gzip)" : "", num(&b, f->lines),
	    num(&c, f->kind == ST_KIND_AUDIT ? f->events : f->records),
	    f->kind == ST_KIND_AUDIT ? "events" : "requests");
	if (f->have_time) {
		sb_clear(&a);
		st_time_iso(&a, f->tmin.sec, f->tmin.ms, tz);
		sb_adds(&a, " to ");
		st_time_iso(&a, f->tmax.sec, f->tmax.ms, tz);
		fprintf(fp, ", %s", sb_str(&a));
	}
	if (f->dups)
		fprintf(fp, ", %s lines already read from an overlapping "
		    "file", num(&b, f->dups));
	fputc('\n', fp);
	if (f->kind == ST_KIND_ACCESS && f->reading)
		fprintf(fp, "    %s\n", path(&a, f->reading));
	sb_release(&a);
	sb_release(&b);
	sb_release(&c);
}

static size_t
count_read(const struct st_files *fl, enum st_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i]->read && fl->v[i]->kind == kind)
			n++;
	return n;
}

static const char *
plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static void
files(FILE *fp, const struct st_files *fl, const struct st_tz *tz,
    int verbose)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT;
	struct st_file **order;
	const char *layout;
	size_t i, n, naudit, naccess, nskip = 0, shown = 0;

	for (i = 0; i < fl->n; i++)
		if (!fl->v[i]->read && fl->v[i]->skipped && !fl->v[i]->aside)
			nskip++;
	naudit = count_read(fl, ST_KIND_AUDIT);
	naccess = count_read(fl, ST_KIND_ACCESS);
	fprintf(fp, "shelltrail: %s audit log%s and ", num(&a, naudit),
	    plural(naudit));
	fprintf(fp, "%s access log%s read, ", num(&a, naccess), plural(naccess));
	fprintf(fp, "%s file%s skipped\n", num(&a, nskip), plural(nskip));
	if ((layout = st_layout_of((const struct st_file *const *)fl->v,
	    fl->n)) != NULL)
		fprintf(fp, "  collected as %s\n", layout);
	/* In the order they were read: oldest first. */
	st_files_audit_order(fl, &order, &n);
	for (i = 0; i < n; i++)
		if (order[i]->read)
			read_line(fp, order[i], tz);
	free(order);
	for (i = 0; i < fl->n; i++)
		if (fl->v[i]->read && fl->v[i]->kind == ST_KIND_ACCESS)
			read_line(fp, fl->v[i], tz);
	for (i = 0; i < fl->n; i++)
		if (fl->v[i]->aside)
			fprintf(fp, "  read %s: %s\n",
			    path(&a, fl->v[i]->name), path(&b, fl->v[i]->aside));
	for (i = 0; i < fl->n; i++) {
		if (!fl->v[i]->skipped || fl->v[i]->read || fl->v[i]->aside)
			continue;
		if (!verbose && shown++ >= SHOWN_SKIPPED)
			continue;
		fprintf(fp, "  skipped %s: %s\n", path(&a, fl->v[i]->name),
		    path(&b, fl->v[i]->skipped));
	}
	if (!verbose && shown > SHOWN_SKIPPED)
		fprintf(fp, "  ... and %s more skipped (-v lists them)\n",
		    num(&a, shown - SHOWN_SKIPPED));
	sb_release(&a);
	sb_release(&b);
}

/* How many trees each kind of evidence tied, the kinds that did. */
static void
ties(FILE *fp, const struct st_corr_stats *c, struct sbuf *a, struct sbuf *b)
{
	const struct {
		const char	*name;
		uint64_t	 n;
	} k[] = {
		{ "command", c->tied_command }, { "worker", c->tied_worker },
		{ "contains or argument", c->tied_contains },
		{ "place", c->tied_place }, { "time alone", c->tied_time },
	};
	size_t i, shown = 0;

	fprintf(fp, "shelltrail: %s requests; trees tied to one:",
	    num(a, c->requests));
	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (k[i].n || i == 0)
			fprintf(fp, "%s %s by %s", shown++ ? "," : "",
			    num(b, k[i].n), k[i].name);
	fputc('\n', fp);
}

static void
pairs(FILE *fp, const struct st_pair_stats *p)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT, c = SBUF_INIT;

	fprintf(fp, "shelltrail: requests a back server logged too (php-fpm, "
	    "gunicorn, uWSGI): %s told as one with the front server's, %s "
	    "not told apart from others alike (counted once, worker not "
	    "known), %s seen by the back server alone\n", num(&a, p->merged),
	    num(&b, p->unsure), num(&c, p->alone));
	if (p->crowded)
		fprintf(fp, "shelltrail: warning: %s of them decided early: "
		    "too many requests at once\n", num(&a, p->crowded));
	sb_release(&a);
	sb_release(&b);
	sb_release(&c);
}

static void
problems(FILE *fp, const struct st_files *fl)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT;
	const struct st_file *f;
	size_t i;
	uint64_t k;

	for (i = 0; i < fl->n; i++) {
		f = fl->v[i];
		if (f->error)
			fprintf(fp, "shelltrail: warning: %s: %s\n",
			    path(&a, f->name), path(&b, f->error));
		if (f->warning)
			fprintf(fp, "shelltrail: warning: %s: %s\n",
			    path(&a, f->name), path(&b, f->warning));
		if (f->torn)
			fprintf(fp, "shelltrail: warning: %s:%" PRIu64 ": the "
			    "file ends without a newline: its last line may "
			    "be cut (used, its event flagged)\n",
			    path(&a, f->name), f->torn);
		if (f->malformed == 0)
			continue;
		fprintf(fp, "shelltrail: warning: %s: %s malformed line%s "
		    "skipped\n", path(&a, f->name), num(&b, f->malformed),
		    f->malformed == 1 ? "" : "s");
		for (k = 0; k < f->malformed && k < ST_BAD_SHOWN; k++)
			fprintf(fp, "  %s:%" PRIu64 ": %s\n", path(&a, f->name),
			    f->bad[k].line, f->bad[k].why);
		if (f->malformed > ST_BAD_SHOWN)
			fprintf(fp, "  ... and %s more\n",
			    num(&b, f->malformed - ST_BAD_SHOWN));
	}
	sb_release(&a);
	sb_release(&b);
}

/* No audit log: what the hunt through the access logs did. */
static void
hunted(FILE *fp, const struct st_run_stats *s, struct sbuf *a,
    struct sbuf *b)
{
	const struct st_hunt_stats *h = &s->hunt;

	fprintf(fp, "shelltrail: no audit log: the access logs alone were "
	    "hunted through, weaker evidence (nothing shows that a command "
	    "ran): %s requests, %s scripts;", num(a, h->requests),
	    num(b, h->scripts));
	fprintf(fp, " %s requests written, %s with high confidence\n",
	    num(a, h->rows), num(b, h->high));
	if (s->hunt_one_pass)
		fprintf(fp, "shelltrail: an access log is a stream, read once: "
		    "each request was judged on the requests before it\n");
	if (h->capped)
		fprintf(fp, "shelltrail: warning: too many scripts or clients "
		    "to count them all: the others were judged on their own "
		    "requests alone\n");
}

void
st_report_print(FILE *fp, const struct st_run_result *res, const struct st_tz *tz,
    int verbose)
{
	const struct st_run_stats *s = &res->stats;
	const struct st_corr_stats *c = &s->corr;
	struct sbuf a = SBUF_INIT, b = SBUF_INIT, d = SBUF_INIT, e = SBUF_INIT;

	files(fp, res->files, tz, verbose);
	if (s->hunted) {
		hunted(fp, s, &a, &b);
		problems(fp, res->files);
		sb_release(&a);
		sb_release(&b);
		return;
	}
	fprintf(fp, "shelltrail: %s events, %s execs", num(&a, s->events),
	    num(&b, s->execs));
	if (s->failed)
		fprintf(fp, " (and %s failed)", num(&a, s->failed));
	fprintf(fp, ", %s web-originated", num(&b, s->web + c->promoted));
	if (c->promoted)
		fprintf(fp, " (%s by a request alone)", num(&a, c->promoted));
	fprintf(fp, "; %s rows written\n", num(&d, c->rows));
	if (verbose && s->withheld)
		fprintf(fp, "shelltrail: %s audit records were not parsed: "
		    "nothing written depends on them\n", num(&a, s->withheld));
	if (s->access_files)
		ties(fp, c, &a, &b);
	if (s->pairs.merged + s->pairs.unsure + s->pairs.alone)
		pairs(fp, &s->pairs);
	if (c->ambiguous)
		fprintf(fp, "shelltrail: %s web trees ambiguous: several "
		    "clients' requests fit each alike; the rows list them and "
		    "name no one\n", num(&a, c->ambiguous));
	if (c->dropped)
		fprintf(fp, "shelltrail: warning: %s execs that were not "
		    "web-originated were let go before their request could "
		    "come (too many at once)\n", num(&a, c->dropped));
	if (s->integrity)
		fprintf(fp, "shelltrail: warning: %s holes or breaks in the "
		    "logs (audit gaps, auditd stopping, clock jumps, silences): "
		    "--integrity shows them in the timeline\n",
		    num(&a, s->integrity));
	problems(fp, res->files);
	sb_release(&a);
	sb_release(&b);
	sb_release(&d);
	sb_release(&e);
}
