/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/escape.h"
#include "base/sbuf.h"
#include "output/csv.h"
#include "output/writer.h"
#include "input/layout.h"
#include "report/hostsum.h"
#include "web/logsyntax.h"

static void
span(int64_t *first, int64_t *last, const struct st_file *f)
{
	if (!f->have_time)
		return;
	if (*first == ST_TIME_NONE || f->tmin.sec < *first)
		*first = f->tmin.sec;
	if (*last == ST_TIME_NONE || f->tmax.sec > *last)
		*last = f->tmax.sec;
}

/* A piece of evidence, escaped as it is kept: the table prints it. */
static void
esc(struct sbuf *b, const char *s)
{
	st_escape(b, s, strlen(s));
}

/* One access log's line: how it was read, or why it was not. */
static void
access_detail(struct sbuf *b, const struct st_file *f)
{
	sb_adds(b, "access log ");
	esc(b, st_file_rel(f));
	if (f->unknown_format)
		sb_adds(b, " not read: in a format no configuration names\n");
	else {
		sb_addf(b, ": %s, format ", st_logsyntax_server_name((enum
		    st_server)f->server));
		esc(b, f->format);
		sb_addc(b, '\n');
	}
}

/*
 * A file that could not be read, or was read with damage: what, and
 * where the first damage is.  Nothing of a host goes unsaid in its line.
 */
static void
trouble_detail(struct sbuf *b, const struct st_file *f)
{
	if (f->error) {
		esc(b, st_file_rel(f));
		sb_adds(b, st_file_unread(f) ? " not read: " :
		    ": reading stopped: ");
		esc(b, f->error);
		sb_addc(b, '\n');
		return;
	}
	if (f->malformed) {
		esc(b, st_file_rel(f));
		sb_addf(b, ": %llu malformed line%s, the first at line %llu\n",
		    (unsigned long long)f->malformed, f->malformed == 1 ? "" :
		    "s", (unsigned long long)f->bad[0].line);
	}
	if (f->torn) {
		esc(b, st_file_rel(f));
		sb_addf(b, ": its last line (%llu) is cut\n",
		    (unsigned long long)f->torn);
	}
	if (f->warning) {
		esc(b, st_file_rel(f));
		sb_adds(b, ": ");
		esc(b, f->warning);
		sb_addc(b, '\n');
	}
}

/* Kept whole lines only: a cut one ends the detail with "...". */
static void
keep(struct st_hostsum *s, const struct sbuf *b)
{
	size_t n = b->len;

	if (n >= sizeof(s->detail)) {
		n = sizeof(s->detail) - 5;
		while (n > 0 && b->s[n - 1] != '\n')
			n--;
	}
	if (n)
		memcpy(s->detail, b->s, n);
	strcpy(s->detail + n, n < b->len ? "...\n" : "");
}

static void
detail(struct st_hostsum *s, const struct st_run_result *res)
{
	struct sbuf b = SBUF_INIT;
	const struct st_file *f;
	const char *layout = st_layout_of((const struct st_file *const *)
	    res->files->v, res->files->n);
	size_t i;

	if (layout)
		sb_addf(&b, "collected as %s\n", layout);
	for (i = 0; i < res->files->n; i++) {
		f = res->files->v[i];
		if (f->aside) {
			sb_adds(&b, "read ");
			esc(&b, st_file_rel(f));
			sb_adds(&b, ": ");
			esc(&b, f->aside);
			sb_addc(&b, '\n');
		} else if (f->unknown_format || (f->kind == ST_KIND_ACCESS &&
		    f->read && f->format))
			access_detail(&b, f);
		trouble_detail(&b, f);
	}
	/* Made safe to print when found. */
	for (i = 0; i < res->running.n; i++)
		sb_addf(&b, "still running: %s\n", res->running.v[i]);
	keep(s, &b);
	sb_release(&b);
}

void
st_hostsum_fill(struct st_hostsum *s, const struct st_run_result *res)
{
	const struct st_run_stats *st = &res->stats;
	const struct st_file *f;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->audit_first = s->audit_last = ST_TIME_NONE;
	s->web_first = s->web_last = ST_TIME_NONE;
	s->running = res->running.n;
	for (i = 0; i < res->files->n; i++) {
		f = res->files->v[i];
		s->files++;
		s->bytes += f->size;
		if (f->error || f->warning || f->malformed || f->torn)
			s->warnings++;
		s->unreadable += st_file_unread(f);
		s->access_read += f->kind == ST_KIND_ACCESS && f->read &&
		    !f->unknown_format && !f->error && !f->skipped;
		s->unread += f->unknown_format != 0;
		if (f->skipped || !f->read)
			continue;
		if (f->kind == ST_KIND_AUDIT)
			span(&s->audit_first, &s->audit_last, f);
		else if (f->kind == ST_KIND_ACCESS)
			span(&s->web_first, &s->web_last, f);
	}
	s->audit_files = st->audit_files;
	s->access_files = st->access_files;
	s->events = st->events;
	s->execs = st->execs;
	s->web_execs = st->web;
	s->requests = st->corr.requests;
	s->tied = st->corr.tied_command + st->corr.tied_time +
	    st->corr.tied_worker + st->corr.tied_contains + st->corr.tied_place;
	s->scripts = res->corr ? st_corr_scripts(res->corr) : 0;
	s->integrity = st->integrity;
	s->web_rows = st->corr.web_rows + st->hunt.rows;
	s->hunted = st->hunted;
	s->failed = st->write_error;
	detail(s, res);
}

static void
when(struct sbuf *b, int64_t sec, const struct st_tz *tz)
{
	if (sec != ST_TIME_NONE)
		st_time_iso(b, sec, 0, tz);
}

static const char *const heads[] = { "host", "files", "audit_from",
	"audit_to", "web_from", "web_to", "events", "execs", "web_execs",
	"tied_requests", "scripts", "integrity", "warnings", "status",
	"unread_access_logs", "still_running", "unreadable_files" };
#define NHEADS	(sizeof(heads) / sizeof(*heads))

/* The cells of one host's line, as text. */
static void
cells(struct sbuf *c, const char *name, const struct st_hostsum *s,
    const struct st_tz *tz)
{
	const uint64_t n[] = { s->files, 0, 0, 0, 0, s->events, s->execs,
	    s->web_execs, s->tied, s->scripts, s->integrity, s->warnings };
	size_t i;

	for (i = 0; i < NHEADS; i++)
		sb_clear(&c[i]);
	sb_adds(&c[0], name);
	for (i = 1; i < 13; i++)
		if (i < 2 || i > 5)
			sb_addf(&c[i], "%llu", (unsigned long long)n[i - 1]);
	when(&c[2], s->audit_first, tz);
	when(&c[3], s->audit_last, tz);
	when(&c[4], s->web_first, tz);
	when(&c[5], s->web_last, tz);
	sb_adds(&c[13], s->failed ? "failed" : s->web_execs ? "findings" :
	    s->hunted && s->web_rows ? "web-only findings" :
	    s->audit_files == 0 ? "no audit log" : "none");
	sb_addf(&c[14], "%llu", (unsigned long long)s->unread);
	sb_addf(&c[15], "%llu", (unsigned long long)s->running);
	sb_addf(&c[16], "%llu", (unsigned long long)s->unreadable);
}

static void
span_line(FILE *fp, const char *what, const struct sbuf *from,
    const struct sbuf *to)
{
	if (from->len)
		fprintf(fp, "%s%s %s to %s", *what == ',' ? "" : "    ", what,
		    sb_str(from), sb_str(to));
	else
		fprintf(fp, "%s%s: none", *what == ',' ? "" : "    ", what);
}

/* The detail, a line each, as kept: escaped already. */
static void
detail_lines(FILE *fp, const char *d)
{
	const char *nl;

	for (; *d; d = *nl ? nl + 1 : nl) {
		nl = d + strcspn(d, "\n");
		fprintf(fp, "    %.*s\n", (int)(nl - d), d);
	}
}

/*
 * Web-originated execs with no access log read: every one of them will
 * look as if no request explains it, which is the logs' hole, not the
 * attacker's absence.
 */
static void
untied(FILE *fp, const struct st_hostsum *s)
{
	if (s->web_execs == 0 || s->access_read > 0)
		return;
	fprintf(fp, "    warning: %llu web-originated exec%s but no access log "
	    "read: no request can be tied to %s\n",
	    (unsigned long long)s->web_execs, s->web_execs == 1 ? "" : "s",
	    s->web_execs == 1 ? "it" : "them");
}

void
st_hostsum_print(FILE *fp, const char *const *names,
    const struct st_hostsum *sums, size_t n, const struct st_tz *tz)
{
	struct sbuf c[NHEADS], esc = SBUF_INIT;
	size_t i, k;

	for (k = 0; k < NHEADS; k++)
		c[k] = (struct sbuf)SBUF_INIT;
	fprintf(fp, "\nHosts:\n");
	for (i = 0; i < n; i++) {
		cells(c, names[i], &sums[i], tz);
		sb_clear(&esc);
		st_escape(&esc, c[0].s, c[0].len);
		fprintf(fp, "  %s: %s\n", sb_str(&esc), sb_str(&c[13]));
		span_line(fp, "audit", &c[2], &c[3]);
		span_line(fp, ", web", &c[4], &c[5]);
		fputc('\n', fp);
		fprintf(fp, "    %s files, %s events, %s execs, %s "
		    "web-originated, %s requests tied, %s web shell scripts, "
		    "%s integrity findings, %s files with warnings\n",
		    sb_str(&c[1]), sb_str(&c[6]), sb_str(&c[7]), sb_str(&c[8]),
		    sb_str(&c[9]), sb_str(&c[10]), sb_str(&c[11]),
		    sb_str(&c[12]));
		if (sums[i].hunted)
			fprintf(fp, "    no audit log: %llu request%s found "
			    "suspect from the access logs alone (weaker "
			    "evidence)\n", (unsigned long long)sums[i].web_rows,
			    sums[i].web_rows == 1 ? "" : "s");
		if (sums[i].running)
			fprintf(fp, "    %s web process%s still running when "
			    "the collection was taken\n", sb_str(&c[15]),
			    sums[i].running == 1 ? "" : "es");
		if (sums[i].unread)
			fprintf(fp, "    %s access log%s not read: in a format "
			    "no configuration names and shelltrail does not "
			    "know (give it with --log-format)\n", sb_str(&c[14]),
			    sums[i].unread == 1 ? "" : "s");
		if (sums[i].unreadable)
			fprintf(fp, "    %s file%s could not be read (below)\n",
			    sb_str(&c[16]), sums[i].unreadable == 1 ? "" : "s");
		untied(fp, &sums[i]);
		detail_lines(fp, sums[i].detail);
	}
	for (k = 0; k < NHEADS; k++)
		sb_release(&c[k]);
	sb_release(&esc);
}

int
st_hostsum_csv(FILE *fp, const char *const *names,
    const struct st_hostsum *sums, size_t n, const struct st_tz *tz)
{
	struct sbuf c[NHEADS];
	size_t i, k;

	for (k = 0; k < NHEADS; k++) {
		c[k] = (struct sbuf)SBUF_INIT;
		fprintf(fp, "%s%s", k ? "," : "", heads[k]);
	}
	fputs("\r\n", fp);
	for (i = 0; i < n; i++) {
		cells(c, names[i], &sums[i], tz);
		for (k = 0; k < NHEADS; k++) {
			if (k)
				fputc(',', fp);
			st_csv_cell(fp, c[k].s, c[k].len);
		}
		fputs("\r\n", fp);
	}
	for (k = 0; k < NHEADS; k++)
		sb_release(&c[k]);
	return st_writer_flush(fp);
}
