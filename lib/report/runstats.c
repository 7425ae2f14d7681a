/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <inttypes.h>

#include "report/runstats.h"

struct sums {
	uint64_t	 bytes, records, files;
};

static void
sum(const struct st_files *fl, enum st_kind kind, struct sums *s)
{
	size_t i;

	s->bytes = s->records = s->files = 0;
	for (i = 0; i < fl->n; i++)
		if (fl->v[i]->kind == kind && fl->v[i]->read) {
			s->bytes += fl->v[i]->size;
			s->records += fl->v[i]->records;
			s->files++;
		}
}

static double
per(double n, double secs)
{
	return secs > 0 ? n / secs : 0;
}

static double
pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

static void
throughput(FILE *fp, const char *what, const char *unit,
    const struct sums *s, double wall)
{
	fprintf(fp, "  %s: %.1f MB, %" PRIu64 " %s: %.1f MB/s, %.0f %s/s\n",
	    what, (double)s->bytes / 1e6, s->records, unit,
	    per((double)s->bytes / 1e6, wall), per((double)s->records, wall),
	    unit);
}

static void
stages(FILE *fp, const struct st_run_stats *s)
{
	static const char *const names[ST_STAGE_N] = {
		[ST_STAGE_FRAME] = "taking framed audit records",
		[ST_STAGE_PARSE] = "libauparse",
		[ST_STAGE_EVENTS] = "process trees and rows",
		[ST_STAGE_REQUESTS] = "requests and ties",
		[ST_STAGE_WAIT] = "waiting for the access thread",
		[ST_STAGE_WRITE] = "writing",
	};
	int i;

	fprintf(fp, "  main thread:");
	for (i = 0; i < ST_STAGE_N; i++)
		fprintf(fp, "%s %s %.2f s", i ? "," : "", names[i],
		    s->stage[i]);
	fputc('\n', fp);
	if (s->framer_life > 0)
		fprintf(fp, "  framing thread: reading, framing and checking "
		    "for copies %.2f s, waiting for the main thread %.2f s\n",
		    s->framer_busy, s->framer_life - s->framer_busy);
	if (s->access_life > 0)
		fprintf(fp, "  access thread: parsing %.2f s, waiting for the "
		    "main thread %.2f s\n", s->access_busy,
		    s->access_life - s->access_busy);
}

void
st_report_stats(FILE *fp, const struct st_run_result *res)
{
	const struct st_run_stats *s = &res->stats;
	struct sums audit, access;

	if (!s->timed)
		return;
	sum(res->files, ST_KIND_AUDIT, &audit);
	sum(res->files, ST_KIND_ACCESS, &access);
	fprintf(fp, "shelltrail: stats: %.2f s, %.2f s of CPU (every "
	    "thread)\n", s->wall, s->cpu);
	if (audit.files) {
		throughput(fp, "audit logs", "records", &audit, s->wall);
		fprintf(fp, "  audit events: %" PRIu64 " framed, %" PRIu64
		    " (%.1f%%) assembled by libauparse\n", s->events,
		    s->parsed, pct(s->parsed, s->events));
	}
	if (access.files)
		throughput(fp, "access logs", "requests", &access, s->wall);
	stages(fp, s);
}
