/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "web/fieldscan.h"

struct step {
	int		 field;		/* else a literal */
	enum st_scankind kind;
	int		 c;		/* the byte UPTO stops at */
	int		 dash;
	size_t		 off, len;	/* a literal's, in lits */
};

struct st_fieldscan {
	struct step	*v;
	size_t		 n, cap;
	char		*lits;
	size_t		 litlen, litcap;
};

struct st_fieldscan *
st_fieldscan_new(void)
{
	return st_calloc(1, sizeof(struct st_fieldscan));
}

void
st_fieldscan_free(struct st_fieldscan *s)
{
	if (s == NULL)
		return;
	free(s->v);
	free(s->lits);
	free(s);
}

static struct step *
add(struct st_fieldscan *s)
{
	s->v = st_grow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	return &s->v[s->n++];
}

void
st_fieldscan_literal(struct st_fieldscan *s, const char *p, size_t n)
{
	struct step *x = add(s);

	s->lits = st_grow(s->lits, &s->litcap, s->litlen + n + 1, 1);
	memcpy(s->lits + s->litlen, p, n);
	x->off = s->litlen;
	x->len = n;
	s->litlen += n;
}

void
st_fieldscan_field(struct st_fieldscan *s, enum st_scankind k, int c,
    int dash)
{
	struct step *x = add(s);

	x->field = 1;
	x->kind = k;
	x->c = c;
	x->dash = dash;
}

static int
digit(int c)
{
	return c >= '0' && c <= '9';
}

/* n digits exactly at p[i..]: the end, or 0. */
static size_t
digits_n(const char *p, size_t len, size_t i, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (i + k >= len || !digit((unsigned char)p[i + k]))
			return 0;
	return i + n;
}

/* \d++ from i: its end, or 0 when there is no digit. */
static size_t
digits(const char *p, size_t len, size_t i)
{
	size_t e = i;

	while (e < len && digit((unsigned char)p[e]))
		e++;
	return e > i ? e : 0;
}

static int
alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* \d{1,2}/[A-Za-z]{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4} */
static size_t
clf(const char *p, size_t len, size_t i)
{
	size_t e;

	if ((e = digits_n(p, len, i, 1)) == 0)
		return 0;
	if (e < len && digit((unsigned char)p[e]))
		e++;
	if (e + 5 > len || p[e] != '/' || !alpha((unsigned char)p[e + 1]) ||
	    !alpha((unsigned char)p[e + 2]) || !alpha((unsigned char)p[e + 3]) ||
	    p[e + 4] != '/')
		return 0;
	if ((e = digits_n(p, len, e + 5, 4)) == 0 || e >= len || p[e] != ':' ||
	    (e = digits_n(p, len, e + 1, 2)) == 0 || e >= len || p[e] != ':' ||
	    (e = digits_n(p, len, e + 1, 2)) == 0 || e >= len || p[e] != ':' ||
	    (e = digits_n(p, len, e + 1, 2)) == 0 || e + 2 > len ||
	    p[e] != ' ' || (p[e + 1] != '+' && p[e + 1] != '-'))
		return 0;
	return digits_n(p, len, e + 2, 4);
}

/*
 * Text up to a quote, a backslash taking the byte after it.  A
 * backslash before a line break is left to the pattern, whose "."
 * may or may not take it.
 */
static size_t
quoted(const char *p, size_t len, size_t i, int *unsure)
{
	const char *q, *b;

	for (;;) {
		q = memchr(p + i, '"', len - i);
		b = memchr(p + i, '\\', (size_t)((q ? q : p + len) - (p + i)));
		if (b == NULL)
			return q ? (size_t)(q - p) : len;
		i = (size_t)(b - p);
		if (i + 1 >= len)
			return i;
		if (p[i + 1] == '\n' || p[i + 1] == '\r') {
			*unsure = 1;
			return 0;
		}
		i += 2;
	}
}

/* [^?c]*+ */
static size_t
upto_query(const char *p, size_t len, size_t i, int c)
{
	const char *a = memchr(p + i, '?', len - i);
	const char *b = memchr(p + i, c, (size_t)((a ? a : p + len) - (p + i)));

	return b ? (size_t)(b - p) : a ? (size_t)(a - p) : len;
}

/*
 * The CLF time from i, as clf(): its end depends only on the bytes it
 * reads, which are those of the time, so the last one met is compared
 * whole first.
 */
static size_t
clf_memo(const char *p, size_t len, size_t i, struct st_scanmemo *memo)
{
	size_t e, n = memo->clflen;

	if (n > 0 && len - i >= n && memcmp(p + i, memo->clf, n) == 0)
		return i + n;
	if ((e = clf(p, len, i)) != 0 && e - i <= sizeof(memo->clf)) {
		memcpy(memo->clf, p + i, e - i);
		memo->clflen = e - i;
	}
	return e;
}

/*
 * A field's own pattern from i: where it ends, or (size_t)-1 when it
 * cannot match here; *unsure when only the pattern can tell.
 */
static size_t
field_end(const struct step *x, const char *p, size_t len, size_t i,
    struct st_scanmemo *memo, int *unsure)
{
	const char *e;
	size_t r;

	switch (x->kind) {
	case ST_SCAN_UPTO:
		e = memchr(p + i, x->c, len - i);
		return e ? (size_t)(e - p) : len;
	case ST_SCAN_UPTO_QUERY:
		return upto_query(p, len, i, x->c);
	case ST_SCAN_QUOTED:
		return quoted(p, len, i, unsure);
	case ST_SCAN_REST:
		/* "." stops at a line break; which bytes break is PCRE2's. */
		if (memchr(p + i, '\n', len - i) || memchr(p + i, '\r', len - i))
			*unsure = 1;
		return len;
	case ST_SCAN_DIGITS:
		return (r = digits(p, len, i)) ? r : (size_t)-1;
	case ST_SCAN_DURATION:
		if ((r = digits(p, len, i)) == 0)
			return (size_t)-1;
		if (r < len && p[r] == '.' && r + 1 < len &&
		    digit((unsigned char)p[r + 1]))
			r = digits(p, len, r + 1);
		return r;
	case ST_SCAN_STATUS:
		return (r = digits_n(p, len, i, 3)) ? r : (size_t)-1;
	case ST_SCAN_CLF:
		return (r = clf_memo(p, len, i, memo)) ? r : (size_t)-1;
	}
	return (size_t)-1;
}

/*
 * The literals between fields are a few bytes (" - ", "] \""): compared
 * in line, a call of memcmp for each cost more than the comparing.
 */
static int
literal_at(const char *p, const char *lit, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != lit[i])
			return 0;
	return 1;
}

int
st_fieldscan_match(const struct st_fieldscan *s, const char *line,
    size_t len, size_t *ov, struct st_scanmemo *memo)
{
	const struct step *x;
	size_t i = 0, k, e, f = 1;
	int unsure = 0;

	for (k = 0; k < s->n; k++) {
		x = &s->v[k];
		if (!x->field) {
			if (len - i < x->len ||
			    !literal_at(line + i, s->lits + x->off, x->len))
				return 0;
			i += x->len;
			continue;
		}
		e = field_end(x, line, len, i, memo, &unsure);
		if (unsure)
			return 0;
		if (e == (size_t)-1) {
			/* Its pattern cannot start here: the "-" may. */
			if (!x->dash || i >= len || line[i] != '-')
				return 0;
			e = i + 1;
		}
		ov[2 * f] = i;
		ov[2 * f + 1] = e;
		f++;
		i = e;
	}
	if (i != len)
		return 0;
	ov[0] = 0;
	ov[1] = len;
	return 1;
}
