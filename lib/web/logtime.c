/* SPDX-License-Identifier: ISC */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/absent.h"
#include "base/time.h"
#include "web/logtime.h"

/* A time written longer than this is not one a server wrote. */
#define TIME_MAX	128

/* Compound conversions, as strftime(3) spells them in the C locale. */
static const struct {
	char		 c;
	const char	*as;
} compound[] = {
	{ 'T', "%H:%M:%S" }, { 'F', "%Y-%m-%d" }, { 'D', "%m/%d/%y" },
	{ 'R', "%H:%M" }, { 'r', "%I:%M:%S %p" }, { 'X', "%H:%M:%S" },
	{ 'x', "%m/%d/%y" }, { 'c', "%a %b %e %H:%M:%S %Y" },
	{ 'h', "%b" },
};

/* The basic conversions read back, each with its pattern. */
static const struct {
	char		 c;
	const char	*re;
} basic[] = {
	{ 'Y', "\\d{4}" }, { 'C', "\\d{2}" }, { 'y', "\\d{2}" },
	{ 'm', "\\d{2}" }, { 'd', "\\d{2}" }, { 'e', "[ \\d]\\d" },
	{ 'j', "\\d{3}" }, { 'H', "\\d{2}" }, { 'k', "[ \\d]\\d" },
	{ 'I', "\\d{2}" }, { 'l', "[ \\d]\\d" }, { 'M', "\\d{2}" },
	{ 'S', "\\d{2}" }, { 'p', "[AP]M" }, { 'P', "[ap]m" },
	{ 'b', "[A-Za-z]{3}" }, { 'B', "[A-Za-z]{3,9}" },
	{ 'a', "[A-Za-z]{3}" }, { 'A', "[A-Za-z]{6,9}" },
	{ 'u', "\\d" }, { 'w', "\\d" },
	{ 'z', "(?:[+-]\\d{2}:?\\d{2}|Z)" }, { 'Z', "[A-Za-z]{1,6}" },
	{ 'n', "\\s" }, { 't', "\\s" }, { '%', "%" },
};

static const char *
basic_re(char c)
{
	size_t i;

	for (i = 0; i < sizeof(basic) / sizeof(basic[0]); i++)
		if (basic[i].c == c)
			return basic[i].re;
	return NULL;
}

static const char *
compound_of(char c)
{
	size_t i;

	for (i = 0; i < sizeof(compound) / sizeof(compound[0]); i++)
		if (compound[i].c == c)
			return compound[i].as;
	return NULL;
}

int
st_logtime_expand(const char *spec, struct sbuf *out, char *err, size_t errlen)
{
	const char *p, *as;

	for (p = spec; *p; p++) {
		if (*p != '%') {
			sb_addc(out, *p);
			continue;
		}
		if (p[1] == ':' && (p[2] == 'm' || p[2] == 'u')) {
			sb_add(out, p, 3);
			p += 2;
		} else if ((as = compound_of(p[1])) != NULL) {
			sb_adds(out, as);
			p++;
		} else if (p[1] && basic_re(p[1])) {
			sb_add(out, p, 2);
			p++;
		} else {
			snprintf(err, errlen, "time conversion %%%.1s cannot be "
			    "read back", p[1] ? p + 1 : "");
			return -1;
		}
	}
	return 0;
}

int
st_logtime_zoned(enum st_clock c, const char *spec)
{
	const char *p;

	if (c != ST_CLOCK_STRFTIME)
		return 1;
	for (p = spec; (p = strchr(p, '%')) != NULL; p += 2) {
		if (p[1] == 'z')
			return 1;
		if (p[1] == '\0')
			break;
	}
	return 0;
}

static void
literal_re(struct sbuf *re, char c)
{
	if (strchr("\\^$.|?*+()[]{}", c))
		sb_addc(re, '\\');
	sb_addc(re, c);
}

static void
strftime_re(const char *spec, struct sbuf *re)
{
	const char *p;

	for (p = spec; *p; p++) {
		if (*p != '%') {
			literal_re(re, *p);
		} else if (p[1] == ':') {
			sb_adds(re, p[2] == 'm' ? "\\d{3}" : "\\d{6}");
			p += 2;
		} else {
			sb_adds(re, basic_re(p[1]));
			p++;
		}
	}
}

void
st_logtime_regex(enum st_clock c, const char *spec, struct sbuf *re)
{
	switch (c) {
	case ST_CLOCK_CLF:
		sb_adds(re, "\\d{1,2}/[A-Za-z]{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} "
		    "[+-]\\d{4}");
		break;
	case ST_CLOCK_ISO8601:
		sb_adds(re, "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"
		    "(?:[+-]\\d{2}:?\\d{2}|Z)");
		break;
	case ST_CLOCK_EPOCH:
		sb_adds(re, "\\d{1,12}+(?:\\.\\d{1,9}+)?+");
		break;
	case ST_CLOCK_EPOCH_MS:
	case ST_CLOCK_EPOCH_US:
		sb_adds(re, "\\d{1,18}+");
		break;
	case ST_CLOCK_STRFTIME:
		strftime_re(spec, re);
		break;
	}
}

/* Digits of a fraction, as milliseconds. */
static const char *
fraction(const char *p, int digits, int64_t *ms)
{
	int i, v = 0;

	for (i = 0; i < digits; i++) {
		if (p[i] < '0' || p[i] > '9')
			return NULL;
		v = v * 10 + (p[i] - '0');
	}
	*ms = digits == 3 ? v : v / 1000;
	return p + digits;
}

/*
 * strptime piece by piece: the fraction tokens are not its, so each
 * stretch of spec between them is handed over alone.
 */
static int64_t
strftime_read(const char *spec, const char *s, int64_t *res_ms)
{
	char piece[TIME_MAX];
	const char *frac, *p = s;
	struct tm tm;
	int64_t ms = 0, sec;
	long off;
	size_t n;

	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = 1;
	*res_ms = 1000;
	while (*spec && p) {
		frac = strstr(spec, "%:");
		n = frac ? (size_t)(frac - spec) : strlen(spec);
		if (n >= sizeof(piece))
			return ST_TIME_NONE;
		memcpy(piece, spec, n);
		piece[n] = '\0';
		if (n && (p = strptime(p, piece, &tm)) == NULL)
			return ST_TIME_NONE;
		spec += n;
		if (frac) {
			p = fraction(p, frac[2] == 'm' ? 3 : 6, &ms);
			*res_ms = 1;
			spec += 3;
		}
	}
	if (p == NULL || *p || tm.tm_year < 70 || tm.tm_year > 1100)
		return ST_TIME_NONE;
	off = tm.tm_gmtoff;	/* timegm sets it to 0 */
	sec = (int64_t)timegm(&tm) - off;
	return sec * 1000 + ms;
}

static int64_t
integer(const char *s, size_t n)
{
	int64_t v = 0;
	size_t i;

	if (n == 0 || n > 18)
		return ST_TIME_NONE;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return ST_TIME_NONE;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int64_t
st_logtime_read(enum st_clock c, const char *spec, const char *s, size_t n,
    int64_t *res_ms)
{
	char text[TIME_MAX];
	int64_t v;

	*res_ms = 1000;
	if (n >= sizeof(text))
		return ST_TIME_NONE;
	memcpy(text, s, n);
	text[n] = '\0';
	switch (c) {
	case ST_CLOCK_CLF:
		return st_time_clf(text);
	case ST_CLOCK_ISO8601:
		return st_time_iso8601(text);
	case ST_CLOCK_EPOCH:
		if (memchr(text, '.', n))
			*res_ms = 1;
		return st_time_msec(text, n);
	case ST_CLOCK_EPOCH_MS:
		*res_ms = 1;
		return integer(text, n);
	case ST_CLOCK_EPOCH_US:
		*res_ms = 1;
		return (v = integer(text, n)) == ST_TIME_NONE ? v : v / 1000;
	case ST_CLOCK_STRFTIME:
		return strftime_read(spec, text, res_ms);
	}
	return ST_TIME_NONE;
}

int64_t
st_logtime_recall(struct st_logtime_memo *m, enum st_clock c,
    const char *spec, const char *s, size_t n, int64_t *res_ms)
{
	int64_t v;

	if (n > 0 && n == m->n && c == m->c && spec == m->spec &&
	    memcmp(s, m->text, n) == 0) {
		*res_ms = m->res_ms;
		return m->v;
	}
	v = st_logtime_read(c, spec, s, n, res_ms);
	if (n <= sizeof(m->text)) {
		memcpy(m->text, s, n);
		m->n = n;
		m->c = c;
		m->spec = spec;
		m->v = v;
		m->res_ms = *res_ms;
	}
	return v;
}

int
st_logtime_duration(enum st_dunit u, const char *s, size_t n, int64_t *us,
    int64_t *res_us)
{
	static const int64_t unit[] = { 1000000, 1000, 1 };
	int64_t whole = 0, frac = 0, scale;
	size_t i = 0, digits = 0;

	for (; i < n && s[i] >= '0' && s[i] <= '9' && i < 12; i++)
		whole = whole * 10 + (s[i] - '0');
	if (i == 0)
		return -1;
	scale = unit[u];
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			if (scale >= 10) {
				frac = frac * 10 + (s[i] - '0');
				scale /= 10;
				digits++;
			}
	if (i != n)
		return -1;
	*us = whole * unit[u] + frac * scale;
	*res_us = scale;
	return 0;
}
