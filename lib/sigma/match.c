/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "base/ascii.h"
#include "sigma/internal.h"

/*
 * Matching one event: a condition tree evaluated with short cuts, each
 * search identifier a disjunction of conjunctions.  Sigma matches
 * case-insensitively unless cased: values are lower-cased when
 * compiled, fields when first compared, once per event.
 *
 * A regular expression given up on (sink.c's match limit) is neither
 * a match nor a miss: every step below answers yes, no or unsure, as
 * Kleene's logic does, so that a rule is counted as undecided only when
 * its answer hangs on the expression.  "sel1 or sel2" with sel2 holding
 * is a match, however sel1's expression ended; and "not filter" with
 * the filter's expression given up on is unsure, never a match.
 */

enum { NO, YES, UNSURE };

void
sg_view_reset(struct sg_view *v)
{
	struct sbuf *lb = v->lowbuf;
	pcre2_match_context *mc = v->mctx;

	memset(v, 0, sizeof(*v));
	v->lowbuf = lb;
	v->mctx = mc;
}

/*
 * Room for every lower-case copy at once, so that a copy never moves
 * once made: called when the fields are set, before matching.
 */
void
sg_view_ready(struct sg_view *v)
{
	size_t total = 0;
	int f;

	memset(&v->have, 0, sizeof(v->have));
	for (f = 0; f < SG_NFIELDS; f++)
		if (v->p[f]) {
			total += v->len[f] + 1;
			v->have.w[f / 64] |= (uint64_t)1 << (f % 64);
		}
	sb_clear(v->lowbuf);
	sb_reserve(v->lowbuf, total + 1);
}

const char *
sg_view_low(struct sg_view *v, int f)
{
	size_t i;
	char *d;

	if (v->low[f] == NULL) {
		d = v->lowbuf->s + v->lowbuf->len;
		for (i = 0; i < v->len[f]; i++)
			d[i] = st_ascii_lower(v->p[f][i]);
		d[v->len[f]] = '\0';
		sb_commit(v->lowbuf, v->len[f] + 1);
		v->low[f] = d;
	}
	return v->low[f];
}

static int
bytes_match(enum sg_op op, const char *f, size_t flen, const char *s,
    size_t n)
{
	switch (op) {
	case SG_EQ:
		return flen == n && memcmp(f, s, n) == 0;
	case SG_PREFIX:
		return flen >= n && memcmp(f, s, n) == 0;
	case SG_SUFFIX:
		return flen >= n && memcmp(f + flen - n, s, n) == 0;
	case SG_CONTAINS:
		return n == 0 || memmem(f, flen, s, n) != NULL;
	default:
		return 0;
	}
}

static int
cidr_match(const struct sg_value *x, const char *f, size_t flen)
{
	unsigned char a[16];
	char buf[64];
	int full, rest;

	if (flen >= sizeof(buf))
		return 0;
	memcpy(buf, f, flen);
	buf[flen] = '\0';
	if (inet_pton(x->family, buf, a) != 1)
		return 0;
	full = x->bits / 8;
	rest = x->bits % 8;
	if (memcmp(a, x->net, (size_t)full) != 0)
		return 0;
	return rest == 0 || ((a[full] ^ x->net[full]) & (0xff << (8 - rest))) == 0;
}

static int
num_match(const struct sg_value *x, const char *f, size_t flen)
{
	char buf[64], *end;
	double d;

	if (flen == 0 || flen >= sizeof(buf))
		return 0;
	memcpy(buf, f, flen);
	buf[flen] = '\0';
	d = strtod(buf, &end);
	if (*end)
		return 0;
	switch (x->op) {
	case SG_LT:	return d < x->num;
	case SG_LTE:	return d <= x->num;
	case SG_GT:	return d > x->num;
	default:	return d >= x->num;
	}
}

/* Value x against field f, which the event has. */
static int
value_on(const struct sg_value *x, struct sg_view *v, int f,
    pcre2_match_data *md)
{
	const char *lf;

	int rc;

	switch (x->op) {
	case SG_REGEX:
		rc = pcre2_match(x->re, (PCRE2_SPTR)v->p[f], v->len[f], 0, 0,
		    md, v->mctx);
		if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
			return UNSURE;
		return rc >= 0;
	case SG_CIDR:
		return cidr_match(x, v->p[f], v->len[f]);
	case SG_LT: case SG_LTE: case SG_GT: case SG_GTE:
		return num_match(x, v->p[f], v->len[f]);
	default:
		break;
	}
	if (x->ref >= 0) {
		if (v->p[x->ref] == NULL)
			return 0;
		if (x->cased)
			return bytes_match(x->op, v->p[f], v->len[f],
			    v->p[x->ref], v->len[x->ref]);
		lf = sg_view_low(v, f);
		return bytes_match(x->op, lf, v->len[f], sg_view_low(v, x->ref),
		    v->len[x->ref]);
	}
	if (x->cased)
		return bytes_match(x->op, v->p[f], v->len[f], x->s, x->len);
	lf = sg_view_low(v, f);
	return bytes_match(x->op, lf, v->len[f], x->s, x->len);
}

static int
value_match(const struct sg_value *x, struct sg_view *v, int f,
    pcre2_match_data *md)
{
	int have = v->p[f] != NULL, r;

	if (x->op == SG_EXISTS)
		r = have;
	else if (x->op == SG_NULL)
		r = !have || v->len[f] == 0;
	else
		r = have ? value_on(x, v, f, md) : NO;
	return x->neg && r != UNSURE ? !r : r;
}

/* A keyword: in any field the event has. */
static int
keyword_match(const struct sg_value *x, struct sg_view *v,
    pcre2_match_data *md)
{
	int f, r, res = NO;

	for (f = 0; f < SG_NFIELDS; f++) {
		if (v->p[f] == NULL)
			continue;
		if ((r = value_match(x, v, f, md)) == YES)
			return YES;
		if (r == UNSURE)
			res = UNSURE;
	}
	return res;
}

static int
test_match(const struct sg_test *t, struct sg_view *v, pcre2_match_data *md)
{
	size_t i;
	int r, all = t->all ? YES : NO, res = all;

	/* Any value (or all of them): the first that says yes (no)
	 * decides; an unsure one leaves it to those after it. */
	for (i = 0; i < t->n; i++) {
		r = t->field == SG_F_KEYWORDS ? keyword_match(&t->v[i], v, md) :
		    value_match(&t->v[i], v, t->field, md);
		if (r == UNSURE)
			res = UNSURE;
		else if (r != all)
			return r;
	}
	return res;
}

static int
search_match(const struct sg_search *s, struct sg_view *v,
    pcre2_match_data *md)
{
	size_t g, i;
	int r, group, res = NO;

	for (g = 0; g < s->n; g++) {
		group = YES;
		for (i = 0; i < s->g[g].n && group != NO; i++)
			if ((r = test_match(&s->g[g].t[i], v, md)) != YES)
				group = r;
		if (group == YES)
			return YES;
		if (group == UNSURE)
			res = UNSURE;
	}
	return res;
}

/* Both sides, a and b: a side that says no (yes) decides. */
static int
both(int a, int b, int decides)
{
	if (a == decides || b == decides)
		return decides;
	return a == UNSURE || b == UNSURE ? UNSURE : a;
}

static int
cond_match(const struct sg_rule *r, const struct sg_cond *c,
    struct sg_view *v, pcre2_match_data *md)
{
	size_t i, hits, unsure;
	int a, s;

	switch (c->op) {
	case SG_C_SEARCH:
		return search_match(&r->s[c->search], v, md);
	case SG_C_AND:
		if ((a = cond_match(r, c->a, v, md)) == NO)
			return NO;
		return both(a, cond_match(r, c->b, v, md), NO);
	case SG_C_OR:
		if ((a = cond_match(r, c->a, v, md)) == YES)
			return YES;
		return both(a, cond_match(r, c->b, v, md), YES);
	case SG_C_NOT:
		a = cond_match(r, c->a, v, md);
		return a == UNSURE ? UNSURE : !a;
	case SG_C_OF:
		/* Stop once decided: enough held, or too few are left even
		 * if every unsure one held.  A search past that point
		 * cannot change the answer, and its regular expression is
		 * not run. */
		for (i = 0, hits = unsure = 0; i < c->nof && hits < c->need &&
		    hits + unsure + (c->nof - i) >= c->need; i++) {
			s = search_match(&r->s[c->of[i]], v, md);
			hits += s == YES;
			unsure += s == UNSURE;
		}
		if (hits >= c->need)
			return YES;
		return hits + unsure >= c->need ? UNSURE : NO;
	}
	return NO;
}

int
sg_rule_match(const struct sg_rule *r, struct sg_view *v,
    pcre2_match_data *md)
{
	size_t i;
	int m = cond_match(r, r->cond, v, md);

	for (i = 0; i < r->nfilters && m != NO; i++)
		switch (cond_match(r->filters[i], r->filters[i]->cond, v, md)) {
		case YES:
			m = NO;
			break;
		case UNSURE:
			m = UNSURE;
			break;
		}
	v->gave_up = m == UNSURE;
	return m == YES;
}
