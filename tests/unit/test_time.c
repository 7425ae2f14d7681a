/* SPDX-License-Identifier: ISC */
/*
 * Unit tests: ISO 8601 output, command-line times, and a log's times
 * read through the memo of the last one (web/logtime.h).
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "base/time.h"
#include "web/logtime.h"
#include "check.h"

static void
iso(int64_t sec, unsigned ms, const char *tz, const char *want)
{
	struct sbuf b = SBUF_INIT;
	struct st_tz z;

	st_tz_parse(tz, &z);
	st_time_iso(&b, sec, ms, &z);
	CHECK_STR(sb_str(&b), want);
	sb_release(&b);
}

static void
parse(const char *s, const char *tz, int64_t want)
{
	struct st_tz z;
	int64_t ms = 0;

	st_tz_parse(tz, &z);
	CHECK_INT(st_time_parse(s, &z, &ms), 0);
	CHECK_INT(ms, want);
}

/*
 * Each text through one memo gives what reading it afresh gives: the
 * same text again, a new one, and the same text under another clock
 * (seconds, then milliseconds) or with a finer resolution.
 */
static void
recall(void)
{
	static const struct {
		enum st_clock	 c;
		const char	*s;
	} seq[] = {
		{ ST_CLOCK_CLF, "27/Nov/2026:00:21:13 -0500" },
		{ ST_CLOCK_CLF, "27/Nov/2026:00:21:13 -0500" },
		{ ST_CLOCK_CLF, "27/Nov/2026:00:21:14 -0500" },
		{ ST_CLOCK_EPOCH, "1795756873" },
		{ ST_CLOCK_EPOCH_MS, "1795756873" },
		{ ST_CLOCK_EPOCH, "1795756873" },
		{ ST_CLOCK_EPOCH, "1795756873.5" },
		{ ST_CLOCK_ISO8601, "2026-11-27T00:21:13-05:00" },
		{ ST_CLOCK_CLF, "27/Nov/2026:00:21:14 -0500" },
	};
	struct st_logtime_memo m = { NULL, ST_CLOCK_CLF, 0, "", 0, 0 };
	int64_t want, got, wres, gres;
	size_t i, n;

	for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		n = strlen(seq[i].s);
		want = st_logtime_read(seq[i].c, "", seq[i].s, n, &wres);
		got = st_logtime_recall(&m, seq[i].c, "", seq[i].s, n, &gres);
		CHECK_INT(got, want);
		CHECK_INT(gres, wres);
		CHECK(want != ST_TIME_NONE);
	}
}

int
main(void)
{
	struct st_tz z;
	int64_t ms;
	int off;

	iso(1795756858, 163, "UTC", "2026-11-27T05:20:58.163+00:00");
	iso(1795756858, 163, "+08:00", "2026-11-27T13:20:58.163+08:00");
	iso(1795756858, 5, "-0500", "2026-11-27T00:20:58.005-05:00");
	iso(1795756858, 0, "+05:30", "2026-11-27T10:50:58.000+05:30");

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	iso(1795756858, 163, "Asia/Shanghai", "2026-11-27T13:20:58.163+08:00");

	parse("@1795756858.163", "UTC", 1795756858163LL);
	parse("2026-11-27T05:20:58.163Z", "UTC", 1795756858163LL);
	parse("2026-11-27 13:20:58+08:00", "UTC", 1795756858000LL);
	parse("2026-11-27T00:20:58", "-05:00", 1795756858000LL);
	parse("2026-11-27", "UTC", 1795737600000LL);
	parse("2026-11-27T05:20", "UTC", 1795756800000LL);

	st_tz_parse("UTC", &z);
	CHECK_INT(st_time_parse("yesterday", &z, &ms), -1);
	CHECK_INT(st_time_parse("2026-13-01", &z, &ms), -1);
	CHECK_INT(st_time_parse("2026-11-27T05:20:58+99:00", &z, &ms), -1);
	CHECK_INT(st_tz_offset("+0530", &off), 0);
	CHECK_INT(off, 19800);
	CHECK_INT(st_tz_offset("Europe/Paris", &off), -1);
	recall();
	return CHECK_DONE();
}
