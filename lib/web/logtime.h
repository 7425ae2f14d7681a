/* SPDX-License-Identifier: ISC */
/*
 * logtime.h: the times and durations web servers write.
 *
 * A server writes a request's time in one of a few clocks: the common
 * log format (nginx's $time_local, Apache's %t, php-fpm's %t), ISO 8601,
 * seconds since the epoch with or without a fraction, milliseconds or
 * microseconds since the epoch, or a strftime(3) format of the
 * configuration's own (Apache's and php-fpm's %{...}t, uWSGI's ctime).
 * Which moment the time stands for, the request received or completed,
 * depends on the server and the directive (st_tmean): nginx writes the
 * completion, Apache the reception, unless the format says otherwise.
 *
 * A strftime time is read with strptime(3) in the C locale, which is
 * also what the servers write in unless configured otherwise.  Without
 * %z the time is the server's local time, zone unknown: read as UTC,
 * and said so (the --skew option moves it).
 */
#ifndef ST_LOGTIME_H
#define ST_LOGTIME_H

#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"

enum st_clock {
	ST_CLOCK_CLF,		/* 27/Nov/2026:00:21:13 -0500 */
	ST_CLOCK_ISO8601,	/* 2026-11-27T00:21:13-05:00 */
	ST_CLOCK_EPOCH,		/* 1795756873 or 1795756873.123 */
	ST_CLOCK_EPOCH_MS,
	ST_CLOCK_EPOCH_US,
	ST_CLOCK_STRFTIME,	/* a spec of the configuration's own */
};

enum st_tmean {
	ST_TMEAN_END,		/* when the request completed */
	ST_TMEAN_BEGIN,		/* when it was received */
	ST_TMEAN_SERVER,	/* as the server that wrote it means it:
				 * a format two servers share (combined) */
};

/* A request's duration as logged, in these units (a fraction allowed). */
enum st_dunit { ST_DUR_S, ST_DUR_MS, ST_DUR_US };

/*
 * The strftime spec of Apache's msec_frac and usec_frac pieces inside a
 * spec: not strftime conversions, so they cannot be taken for one.
 */
#define ST_LOGTIME_MSEC_FRAC	"%:m"
#define ST_LOGTIME_USEC_FRAC	"%:u"

/*
 * A strftime spec with its compound conversions (%T, %F, %D, %R, %r,
 * %c, %x, %X) spelled out, into out; -1 with err naming a conversion
 * that cannot be read back (week numbers, %s inside other text).
 */
int	st_logtime_expand(const char *spec, struct sbuf *out, char *err,
	    size_t errlen);
/* Does an expanded spec carry its zone (%z)? */
int	st_logtime_zoned(enum st_clock c, const char *spec);
/* The pattern of a time in clock c (spec: expanded), no capture. */
void	st_logtime_regex(enum st_clock c, const char *spec, struct sbuf *re);
/*
 * The time in s (n bytes, of the shape st_logtime_regex gave), in
 * milliseconds since the epoch, or ST_TIME_NONE; *res_ms is how coarse
 * it is (1000 for whole seconds).
 */
int64_t	st_logtime_read(enum st_clock c, const char *spec, const char *s,
	    size_t n, int64_t *res_ms);
/*
 * The last time read, with its text: a log's lines mostly share their
 * second, and comparing the text costs a tenth of reading it again.
 */
struct st_logtime_memo {
	const char	*spec;
	enum st_clock	 c;
	size_t		 n;		/* 0: none yet */
	char		 text[40];
	int64_t		 v, res_ms;
};
/* st_logtime_read, through m. */
int64_t	st_logtime_recall(struct st_logtime_memo *m, enum st_clock c,
	    const char *spec, const char *s, size_t n, int64_t *res_ms);
/*
 * A duration: "2.005" seconds, "2005" ms...  Microseconds into *us and
 * the unit of the last digit written into *res_us; -1 when s is not a
 * number ("-").
 */
int	st_logtime_duration(enum st_dunit u, const char *s, size_t n,
	    int64_t *us, int64_t *res_us);

#endif
