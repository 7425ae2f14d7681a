/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>

#include "sigma/internal.h"

/*
 * What every event a rule matches must have, found once from its
 * condition: the fields it tests for a value (a rule on a0 needs an
 * EXECVE record), and for auditd rules the record types its type tests
 * allow.  An event that lacks them is not tried at all.  The sets are
 * conservative: where the condition allows more (not, N of M), they
 * say less.
 */
struct need {
	struct sg_fields f;
	unsigned	 types;
};

static const struct need ANYTHING = { { { 0 } }, SG_REC_ANY };

unsigned
sg_rec_type(const char *s, size_t n)
{
	static const struct { const char *name; unsigned bit; } t[] = {
		{ "syscall", SG_REC_SYSCALL }, { "execve", SG_REC_EXECVE },
		{ "cwd", SG_REC_CWD }, { "path", SG_REC_PATH },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(*t); i++)
		if (n == strlen(t[i].name) && memcmp(s, t[i].name, n) == 0)
			return t[i].bit;
	return SG_REC_OTHER;
}

static void
both(struct need *a, const struct need *b)
{
	size_t i;

	for (i = 0; i < SG_FWORDS; i++)
		a->f.w[i] |= b->f.w[i];
	a->types &= b->types;
}

static void
either(struct need *a, const struct need *b)
{
	size_t i;

	for (i = 0; i < SG_FWORDS; i++)
		a->f.w[i] &= b->f.w[i];
	a->types |= b->types;
}

/* A test that can only hold when its field has a value. */
static int
needs_field(const struct sg_test *t)
{
	size_t i;

	if (t->field == SG_F_KEYWORDS)
		return 0;
	for (i = 0; i < t->n; i++)
		if (t->v[i].neg || t->v[i].op == SG_NULL ||
		    t->v[i].op == SG_EXISTS)
			return 0;
	return t->n > 0;
}

/* The record types a type test allows, or SG_REC_ANY. */
static unsigned
types_of(const struct sg_test *t)
{
	unsigned m = 0;
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].op != SG_EQ || t->v[i].cased)
			return SG_REC_ANY;
		m |= sg_rec_type(t->v[i].s, t->v[i].len);
	}
	return m;
}

static struct need
group_need(const struct sg_group *g)
{
	struct need n = ANYTHING;
	size_t i;
	int f;

	for (i = 0; i < g->n; i++) {
		if (!needs_field(&g->t[i]))
			continue;
		f = g->t[i].field;
		n.f.w[f / 64] |= (uint64_t)1 << (f % 64);
		if (f == SG_F_TYPE)
			n.types &= types_of(&g->t[i]);
	}
	return n;
}

static struct need
search_need(const struct sg_search *s)
{
	struct need n, g;
	size_t i;

	if (s->n == 0)
		return ANYTHING;
	n = group_need(&s->g[0]);
	for (i = 1; i < s->n; i++) {
		g = group_need(&s->g[i]);
		either(&n, &g);
	}
	return n;
}

static struct need
cond_need(const struct sg_rule *r, const struct sg_cond *c)
{
	struct need n = ANYTHING, m;
	size_t i;

	switch (c->op) {
	case SG_C_SEARCH:
		return search_need(&r->s[c->search]);
	case SG_C_AND:
		n = cond_need(r, c->a);
		m = cond_need(r, c->b);
		both(&n, &m);
		return n;
	case SG_C_OR:
		n = cond_need(r, c->a);
		m = cond_need(r, c->b);
		either(&n, &m);
		return n;
	case SG_C_OF:
		for (i = 0; i < c->nof; i++) {
			m = search_need(&r->s[c->of[i]]);
			if (i == 0)
				n = m;
			else if (c->need == c->nof)
				both(&n, &m);
			else
				either(&n, &m);
		}
		return n;
	default:
		return ANYTHING;
	}
}

void
sg_rule_needs(struct sg_rule *r)
{
	struct need n = r->cond ? cond_need(r, r->cond) : ANYTHING;

	r->needs = n.f;
	r->types = n.types;
}

int
sg_view_may_match(const struct sg_rule *r, const struct sg_view *v)
{
	size_t i;

	if (!(r->types & v->rec))
		return 0;
	for (i = 0; i < SG_FWORDS; i++)
		if (r->needs.w[i] & ~v->have.w[i])
			return 0;
	return 1;
}
