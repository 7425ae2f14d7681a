/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/u64map.h"
#include "sigma/internal.h"

/*
 * The rules a view may match, found by looking its fields up instead
 * of trying every rule.  With every SigmaHQ Linux rule each row was
 * tried against some 150 of them, and nearly all failed on their first
 * test: Image|endswith a tool's name, type: EXECVE.
 *
 * A rule's anchors are literal tests one of which holds on any view it
 * matches, taken where its condition is evaluated first: where none
 * holds, the rule is false whatever its regular expressions would say,
 * so leaving it untried changes neither what matches nor the rows left
 * undecided (match.c).  Equality, prefix and suffix anchors are
 * looked up by hash, one probe per distinct length; a contains anchor
 * is searched for once, however many rules share it.  A rule without
 * anchors (a "not", keywords, a regular expression first) is tried on
 * every view, as before.
 */

/* A literal test of one value, and the rules it anchors. */
struct atom {
	int		 field;
	enum sg_op	 op;
	unsigned	 cased;
	const char	*s;		/* the set's, which outlives this */
	size_t		 len;
	size_t		*rules;
	size_t		 nrules, caprules;
	size_t		 next;		/* same hash: next atom + 1, or 0 */
};

/* Equality, prefix or suffix atoms of a field: the lengths to try. */
struct probe {
	int		 field;
	enum sg_op	 op;
	unsigned	 cased;
	size_t		*lens;		/* ascending */
	size_t		 nlens, caplens;
};

struct sg_anchors {
	struct atom	*atoms;
	size_t		 natoms, capatoms;
	struct u64map	 byhash;	/* key -> first atom + 1 */
	struct probe	*probes;
	size_t		 nprobes, capprobes;
	size_t		*contains;	/* atoms searched for */
	size_t		 ncontains, capcontains;
	unsigned char	*anchored;	/* per rule of the set */
};

/* A rule's anchors while they are found. */
struct found {
	struct aref {
		int			 field;
		const struct sg_value	*x;
	}		*a;
	size_t		 n, cap;
};

static uint64_t
atom_key(int field, enum sg_op op, unsigned cased, const char *s, size_t n)
{
	return st_hash_bytes(s, n) ^ st_hash64((uint64_t)field << 8 |
	    (uint64_t)op << 1 | cased);
}

static int
literal(const struct sg_value *x)
{
	return !x->neg && x->ref < 0 && x->len > 0 && (x->op == SG_EQ ||
	    x->op == SG_PREFIX || x->op == SG_SUFFIX || x->op == SG_CONTAINS);
}

static int
has_regex(const struct sg_test *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].op == SG_REGEX)
			return 1;
	return 0;
}

/*
 * Can t anchor its group: does one of its values, all literal, hold
 * whenever t does?  Of a test of "all" values only the first, at which
 * a failing test stops.  *looked: none is a contains.
 */
static int
test_anchorable(const struct sg_test *t, int *looked)
{
	size_t i, n = t->all ? 1 : t->n;

	if (t->field == SG_F_KEYWORDS || t->n == 0)
		return 0;
	*looked = 1;
	for (i = 0; i < n; i++) {
		if (!literal(&t->v[i]))
			return 0;
		if (t->v[i].op == SG_CONTAINS)
			*looked = 0;
	}
	return 1;
}

static void
add_test(struct found *fd, const struct sg_test *t)
{
	size_t i, n = t->all ? 1 : t->n;

	for (i = 0; i < n; i++) {
		fd->a = st_grow(fd->a, &fd->cap, fd->n + 1, sizeof(*fd->a));
		fd->a[fd->n].field = t->field;
		fd->a[fd->n++].x = &t->v[i];
	}
}

/*
 * A group holds only if each of its tests does: one test anchors it,
 * looked up rather than searched for where one can be, and none after
 * a test that runs a regular expression (evaluation may reach it).
 */
static int
group_anchors(const struct sg_group *g, struct found *fd)
{
	const struct sg_test *pick = NULL;
	size_t i;
	int looked;

	for (i = 0; i < g->n; i++) {
		if (test_anchorable(&g->t[i], &looked)) {
			if (looked) {
				pick = &g->t[i];
				break;
			}
			if (pick == NULL)
				pick = &g->t[i];
		}
		if (has_regex(&g->t[i]))
			break;
	}
	if (pick == NULL)
		return 0;
	add_test(fd, pick);
	return 1;
}

static int
search_anchors(const struct sg_search *s, struct found *fd)
{
	size_t i;

	if (s->n == 0)
		return 0;
	for (i = 0; i < s->n; i++)
		if (!group_anchors(&s->g[i], fd))
			return 0;
	return 1;
}

/*
 * As cond_match evaluates: "a and b" fails on a first, and "k of n"
 * once the first n - k + 1 have failed.
 */
static int
cond_anchors(const struct sg_rule *r, const struct sg_cond *c,
    struct found *fd)
{
	size_t i;

	switch (c->op) {
	case SG_C_SEARCH:
		return search_anchors(&r->s[c->search], fd);
	case SG_C_AND:
		return cond_anchors(r, c->a, fd);
	case SG_C_OR:
		return cond_anchors(r, c->a, fd) && cond_anchors(r, c->b, fd);
	case SG_C_OF:
		if (c->need == 0 || c->need > c->nof)
			return 0;
		for (i = 0; i < c->nof - c->need + 1; i++)
			if (!search_anchors(&r->s[c->of[i]], fd))
				return 0;
		return 1;
	default:
		return 0;
	}
}

static struct probe *
probe_for(struct sg_anchors *a, const struct atom *t)
{
	struct probe *p;
	size_t i;

	for (i = 0; i < a->nprobes; i++) {
		p = &a->probes[i];
		if (p->field == t->field && p->op == t->op && p->cased == t->cased)
			return p;
	}
	a->probes = st_grow(a->probes, &a->capprobes, a->nprobes + 1,
	    sizeof(*a->probes));
	p = &a->probes[a->nprobes++];
	memset(p, 0, sizeof(*p));
	p->field = t->field;
	p->op = t->op;
	p->cased = t->cased;
	return p;
}

/* A new atom's length among its probe's, kept ascending and distinct. */
static void
probe_add(struct sg_anchors *a, const struct atom *t)
{
	struct probe *p = probe_for(a, t);
	size_t i;

	for (i = 0; i < p->nlens && p->lens[i] < t->len; i++)
		;
	if (i < p->nlens && p->lens[i] == t->len)
		return;
	p->lens = st_grow(p->lens, &p->caplens, p->nlens + 1, sizeof(*p->lens));
	memmove(p->lens + i + 1, p->lens + i, (p->nlens - i) * sizeof(*p->lens));
	p->lens[i] = t->len;
	p->nlens++;
}

static struct atom *
atom_find(const struct sg_anchors *a, int field, enum sg_op op,
    unsigned cased, const char *s, size_t n)
{
	uintptr_t k = (uintptr_t)u64map_get(&a->byhash,
	    atom_key(field, op, cased, s, n));
	struct atom *t;

	for (; k; k = t->next) {
		t = &a->atoms[k - 1];
		if (t->field == field && t->op == op && t->cased == cased &&
		    t->len == n && memcmp(t->s, s, n) == 0)
			return t;
	}
	return NULL;
}

static struct atom *
atom_of(struct sg_anchors *a, int field, const struct sg_value *x)
{
	struct atom *t = atom_find(a, field, x->op, x->cased, x->s, x->len);
	uint64_t k;

	if (t)
		return t;
	k = atom_key(field, x->op, x->cased, x->s, x->len);
	a->atoms = st_grow(a->atoms, &a->capatoms, a->natoms + 1,
	    sizeof(*a->atoms));
	t = &a->atoms[a->natoms++];
	memset(t, 0, sizeof(*t));
	t->field = field;
	t->op = x->op;
	t->cased = x->cased;
	t->s = x->s;
	t->len = x->len;
	t->next = (uintptr_t)u64map_get(&a->byhash, k);
	u64map_put(&a->byhash, k, (void *)(uintptr_t)a->natoms);
	if (t->op == SG_CONTAINS) {
		a->contains = st_grow(a->contains, &a->capcontains,
		    a->ncontains + 1, sizeof(*a->contains));
		a->contains[a->ncontains++] = a->natoms - 1;
	} else
		probe_add(a, t);
	return t;
}

static void
anchor_rule(struct sg_anchors *a, size_t ri, const struct found *fd)
{
	struct atom *t;
	size_t i;

	a->anchored[ri] = 1;
	for (i = 0; i < fd->n; i++) {
		t = atom_of(a, fd->a[i].field, fd->a[i].x);
		if (t->nrules && t->rules[t->nrules - 1] == ri)
			continue;
		t->rules = st_grow(t->rules, &t->caprules, t->nrules + 1,
		    sizeof(*t->rules));
		t->rules[t->nrules++] = ri;
	}
}

struct sg_anchors *
sg_anchors_new(const struct st_sigma *set, const size_t *rules, size_t n)
{
	struct sg_anchors *a = st_calloc(1, sizeof(*a));
	struct found fd = { NULL, 0, 0 };
	const struct sg_rule *r;
	size_t i;

	a->anchored = st_calloc(set->n ? set->n : 1, 1);
	for (i = 0; i < n; i++) {
		r = set->r[rules[i]];
		fd.n = 0;
		if (r->cond && cond_anchors(r, r->cond, &fd))
			anchor_rule(a, rules[i], &fd);
	}
	free(fd.a);
	return a;
}

void
sg_anchors_free(struct sg_anchors *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->natoms; i++)
		free(a->atoms[i].rules);
	for (i = 0; i < a->nprobes; i++)
		free(a->probes[i].lens);
	free(a->atoms);
	free(a->probes);
	free(a->contains);
	free(a->anchored);
	u64map_release(&a->byhash);
	free(a);
}

int
sg_anchors_anchored(const struct sg_anchors *a, size_t ri)
{
	return a->anchored[ri];
}

static void
mark_atom(const struct atom *t, unsigned *stamp, unsigned gen)
{
	size_t i;

	for (i = 0; i < t->nrules; i++)
		stamp[t->rules[i]] = gen;
}

/* The bytes of field f as atoms of case cased compare them. */
static const char *
bytes_of(struct sg_view *v, int f, unsigned cased)
{
	return cased ? v->p[f] : sg_view_low(v, f);
}

static void
mark_probe(const struct sg_anchors *a, const struct probe *p,
    struct sg_view *v, unsigned *stamp, unsigned gen)
{
	size_t n = v->len[p->field], i, l;
	const char *s = bytes_of(v, p->field, p->cased);
	const struct atom *t;

	for (i = 0; i < p->nlens && (l = p->lens[i]) <= n; i++) {
		if (p->op == SG_EQ && l != n)
			continue;
		t = atom_find(a, p->field, p->op, p->cased,
		    p->op == SG_SUFFIX ? s + n - l : s, l);
		if (t)
			mark_atom(t, stamp, gen);
	}
}

void
sg_anchors_mark(const struct sg_anchors *a, struct sg_view *v,
    unsigned *stamp, unsigned gen)
{
	const struct atom *t;
	size_t i;

	for (i = 0; i < a->nprobes; i++)
		if (v->p[a->probes[i].field])
			mark_probe(a, &a->probes[i], v, stamp, gen);
	for (i = 0; i < a->ncontains; i++) {
		t = &a->atoms[a->contains[i]];
		if (v->p[t->field] && memmem(bytes_of(v, t->field, t->cased),
		    v->len[t->field], t->s, t->len))
			mark_atom(t, stamp, gen);
	}
}
