/*
 * timefmt.h: time zones, ISO 8601 output, and parsing times given on
 * the command line.
 *
 * A named zone (--tz Europe/Paris) is applied through the C library,
 * which reads it from the TZ environment variable: the command sets TZ
 * once at start-up; this module never changes the environment.
 */
#ifndef ST_TIMEFMT_H
#define ST_TIMEFMT_H

#include <stdint.h>

#include "base/sbuf.h"

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

#endif
