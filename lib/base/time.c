/* SPDX-License-Identifier: ISC */
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

const struct st_tz *
st_tz_stamp(const struct st_tz *tz)
{
	static const struct st_tz utc = { ST_TZ_UTC, 0 };

	return tz->mode == ST_TZ_LOCAL ? &utc : tz;
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

int
st_stamp_cmp(const struct st_stamp *a, const struct st_stamp *b)
{
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	if (a->ms != b->ms)
		return a->ms < b->ms ? -1 : 1;
	if (a->serial != b->serial)
		return a->serial < b->serial ? -1 : 1;
	return 0;
}

/* ---- times as web servers log them ---- */

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant). */
static int64_t
days(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* n digits at *p, or -1. */
static int
num(const char **p, int n)
{
	int v = 0;

	while (n--) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (*(*p)++ - '0');
	}
	return v;
}

static int
month(const char *m)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *p;

	/* Every CLF line has one: a call to strncmp each costs too much. */
	for (p = names; *p; p += 3)
		if (p[0] == m[0] && p[1] == m[1] && p[2] == m[2])
			return (int)(p - names) / 3 + 1;
	return -1;
}

#define NO_ZONE	(-100000L)	/* beyond any offset */

/* "+HHMM", "+HH:MM" or "Z" at p: seconds east, or NO_ZONE. */
static long
zone(const char *p)
{
	int sign, h, m;

	if (*p == 'Z')
		return 0;
	if (*p != '+' && *p != '-')
		return NO_ZONE;
	sign = *p++ == '-' ? -1 : 1;
	h = num(&p, 2);
	if (*p == ':')
		p++;
	m = num(&p, 2);
	if (h < 0 || m < 0 || h > 14 || m > 59)
		return NO_ZONE;
	return sign * (h * 3600L + m * 60L);
}

static int64_t
epoch_ms(int y, int mo, int d, int h, int mi, int s, long off)
{
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || s < 0 || s > 60 || off == NO_ZONE)
		return ST_TIME_NONE;
	return ((days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) - off) * 1000;
}

/* "27/Nov/2026:00:21:13 -0500" (the format's pattern checked the shape) */
int64_t
st_time_clf(const char *p)
{
	int d, mo, y, h, mi, s;

	d = num(&p, p[1] == '/' ? 1 : 2);
	mo = month(++p);
	p += 4;
	y = num(&p, 4);
	p++;
	h = num(&p, 2);
	p++;
	mi = num(&p, 2);
	p++;
	s = num(&p, 2);
	return epoch_ms(y, mo, d, h, mi, s, zone(p + 1));
}

/* "2026-11-27T00:21:13-05:00" */
int64_t
st_time_iso8601(const char *p)
{
	int y, mo, d, h, mi, s;

	y = num(&p, 4);
	p++;
	mo = num(&p, 2);
	p++;
	d = num(&p, 2);
	p++;
	h = num(&p, 2);
	p++;
	mi = num(&p, 2);
	p++;
	s = num(&p, 2);
	return epoch_ms(y, mo, d, h, mi, s, zone(p));
}

/* "1795756873.123": milliseconds, or NONE. */
int64_t
st_time_msec(const char *p, size_t n)
{
	int64_t sec = 0;
	int ms = 0, k = 0;
	size_t i;

	for (i = 0; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
		if (++k > 12)
			return ST_TIME_NONE;
		sec = sec * 10 + (p[i] - '0');
	}
	if (k == 0)
		return ST_TIME_NONE;
	if (i < n && p[i] == '.')
		for (k = 0, i++; k < 3; k++)
			ms = ms * 10 + (i < n && p[i] >= '0' && p[i] <= '9' ?
			    p[i++] - '0' : 0);
	return sec * 1000 + ms;
}
