#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/time.h"

int
st_tz_offset(const char *s, int *seconds)
{
	int sign, h, m = 0, n = 0;

	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (!isdigit((unsigned char)s[0]))
		return -1;
	if (sscanf(s, "%2d:%2d%n", &h, &m, &n) == 2 && s[n] == '\0')
		;
	else if (strlen(s) == 4 && sscanf(s, "%2d%2d%n", &h, &m, &n) == 2 &&
	    s[n] == '\0')
		;
	else if (sscanf(s, "%2d%n", &h, &n) == 1 && s[n] == '\0')
		m = 0;
	else
		return -1;
	if (h > 14 || m > 59)
		return -1;
	*seconds = sign * (h * 3600 + m * 60);
	return 0;
}

void
st_tz_parse(const char *s, struct st_tz *tz)
{
	tz->offset = 0;
	if (strcmp(s, "UTC") == 0 || strcmp(s, "Z") == 0 ||
	    strcmp(s, "utc") == 0) {
		tz->mode = ST_TZ_UTC;
		return;
	}
	if (st_tz_offset(s, &tz->offset) == 0) {
		tz->mode = tz->offset ? ST_TZ_FIXED : ST_TZ_UTC;
		return;
	}
	tz->mode = ST_TZ_LOCAL;
}

void
st_time_iso(struct sbuf *out, int64_t sec, unsigned ms,
    const struct st_tz *tz)
{
	struct tm tm;
	time_t t;
	long off = 0;

	switch (tz->mode) {
	case ST_TZ_LOCAL:
		t = (time_t)sec;
		localtime_r(&t, &tm);
		off = tm.tm_gmtoff;
		break;
	case ST_TZ_FIXED:
		off = tz->offset;
		/* FALLTHROUGH */
	case ST_TZ_UTC:
		t = (time_t)(sec + off);
		gmtime_r(&t, &tm);
		break;
	}
	sb_addf(out, "%04d-%02d-%02dT%02d:%02d:%02d.%03u%c%02ld:%02ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, ms, off < 0 ? '-' : '+',
	    labs(off) / 3600, labs(off) % 3600 / 60);
}

static int
parse_epoch(const char *s, int64_t *ms)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || v < 0 || v > 253402300799.0)
		return -1;
	*ms = (int64_t)(v * 1000.0 + 0.5);
	return 0;
}

/* Read the broken-down time in tz (no offset was given). */
static int64_t
local_to_epoch(struct tm *tm, const struct st_tz *tz)
{
	switch (tz->mode) {
	case ST_TZ_LOCAL:
		tm->tm_isdst = -1;
		return (int64_t)mktime(tm);
	case ST_TZ_FIXED:
		return (int64_t)timegm(tm) - tz->offset;
	default:
		return (int64_t)timegm(tm);
	}
}

int
st_time_parse(const char *s, const struct st_tz *tz, int64_t *ms)
{
	struct tm tm;
	int n = 0, frac = 0, off = 0, k;
	const char *p;
	int64_t sec;

	if (*s == '@')
		return parse_epoch(s + 1, ms);
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &n) != 3 || n != 10)
		return -1;
	p = s + n;
	if (*p == 'T' || *p == ' ') {
		n = 0;
		k = sscanf(p + 1, "%2d:%2d%n:%2d%n", &tm.tm_hour, &tm.tm_min, &n,
		    &tm.tm_sec, &n);
		if (k < 2)
			return -1;
		p += 1 + n;
		if (*p == '.') {
			for (k = 0, p++; isdigit((unsigned char)*p); p++, k++)
				if (k < 3)
					frac = frac * 10 + (*p - '0');
			for (; k < 3; k++)
				frac *= 10;
		}
	}
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if (*p == 'Z' && p[1] == '\0')
		sec = (int64_t)timegm(&tm);
	else if (*p && st_tz_offset(p, &off) == 0)
		sec = (int64_t)timegm(&tm) - off;
	else if (*p == '\0')
		sec = local_to_epoch(&tm, tz);
	else
		return -1;
	*ms = sec * 1000 + frac;
	return 0;
}
