/* SPDX-License-Identifier: ISC */
/*
 * time.h: points in log time, time zones, ISO 8601 output, and
 * parsing times: those given on the command line, and those web
 * servers write.
 *
 * A named zone (--tz Europe/Paris) is applied through the C library,
 * which reads it from the TZ environment variable: the command sets TZ
 * once at start-up; this module never changes the environment.
 */
#ifndef ST_TIME_H
#define ST_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "base/absent.h"
#include "base/sbuf.h"

/*
 * When an audit record was written, and its serial: auditd's
 * msg=audit(SEC.MS:SERIAL).  Records of one millisecond are told apart
 * by serial; other logs leave it 0.
 */
struct st_stamp {
	int64_t		 sec;
	unsigned	 ms;
	uint64_t	 serial;
};

/* <0, 0, >0 like strcmp, ordering by time and then serial. */
int	st_stamp_cmp(const struct st_stamp *a, const struct st_stamp *b);

enum st_tzmode {
	ST_TZ_UTC,
	ST_TZ_FIXED,			/* a fixed offset such as +08:00 */
	ST_TZ_LOCAL,			/* whatever TZ names */
};

struct st_tz {
	enum st_tzmode	 mode;
	int		 offset;	/* seconds east of UTC, ST_TZ_FIXED */
};

/*
 * "UTC", "Z", "+08:00", "-0500", "+5:30" give UTC or a fixed offset;
 * anything else is taken as a zone name (ST_TZ_LOCAL).
 */
void	st_tz_parse(const char *s, struct st_tz *tz);

/* Parse a numeric offset "+HH:MM", "+HHMM", "-H:MM"; -1 if not one. */
int	st_tz_offset(const char *s, int *seconds);

/*
 * The zone of a timeline's datetime column: tz when it is UTC or a fixed
 * offset, else UTC.  A zone with daylight saving would give a file two
 * offsets, which timeline tools (Timesketch) refuse; its local times
 * go to display columns only.
 */
const struct st_tz *st_tz_stamp(const struct st_tz *tz);

/* "2026-11-27T05:20:58.163+00:00" */
void	st_time_iso(struct sbuf *out, int64_t sec, unsigned ms,
	    const struct st_tz *tz);

/*
 * A time from the command line: "2026-11-27", "2026-11-27T05:20",
 * "2026-11-27 05:20:58.163+08:00", or "@1795756858.163" (epoch).
 * Without an offset, the time is read in tz.  Milliseconds since the
 * epoch go to *ms.  -1 when s is none of these.
 */
int	st_time_parse(const char *s, const struct st_tz *tz, int64_t *ms);

/*
 * Times as web servers log them, read by hand: one per line of a busy
 * log.  Milliseconds since the epoch, or ST_TIME_NONE.  The shape was
 * checked by the log format's pattern; a value out of range is NONE.
 */
int64_t	st_time_clf(const char *p);		/* 27/Nov/2026:00:21:13 -0500 */
int64_t	st_time_iso8601(const char *p);	/* 2026-11-27T00:21:13-05:00 */
int64_t	st_time_msec(const char *p, size_t n);	/* 1795756873.123 */

#endif
