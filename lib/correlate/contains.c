/* SPDX-License-Identifier: ISC */
/*
 * contains.c: ties by a parameter inside the command.  A page that
 * runs "getent hosts " . $_GET['domain'] puts the value whole into the
 * "sh -c" string: the request whose value sits there, as a word of the
 * command line, ran the tree.  A value carrying shell syntax (";id",
 * "$(...)", "|") broke out of the page's command: command injection.
 * A value without it is the page's own work, tied to its own request
 * and not reported as an attack.  A program run without a shell
 * (["/usr/bin/file", "-b", name]) is the same with argv words:
 * argument evidence.
 *
 * Each request, when it arrives, looks at the trees still undecided in
 * its window; a tree keeps the requests with its longest value found
 * (a value of the page's command, "localhost", sits inside an injected
 * one too, "localhost;id": the longer is the telling one).  The
 * decision is made with the tree's time decision (bytime.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/u64map.h"
#include "correlate/internal.h"

/*
 * Shorter values ("1", "en", "yes") sit by chance in many commands;
 * from this length on, with word boundaries, they are telling.
 */
#define CONTAINS_MIN	4

/* Can a word of a shell command line start or end here? */
static int
shell_edge(char ch, int before)
{
	return ch != '\0' && strchr(before ? " \t\n'\"=;|&(`<>" :
	    " \t\n'\";|&)`<>", ch) != NULL;
}

static int
by_hash(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Where a word of the command line may start and end: after and before
 * shell syntax or white space (shell), at whole arguments (argv).
 */
static int
may_start(const struct ctree *t, size_t at)
{
	return t->shell ? at == 0 || shell_edge(t->command[at - 1], 1) :
	    at > 0 && t->command[at - 1] == ' ';
}

static int
may_end(const struct ctree *t, size_t at)
{
	return at == t->cmdlen || (t->shell ? shell_edge(t->command[at], 0) :
	    t->command[at] == ' ');
}

/* Does v sit in t's command as words? */
static int
inside(const struct ctree *t, const struct st_value *v)
{
	const char *cmd = t->command, *p, *end = cmd + t->cmdlen;

	for (p = cmd; (size_t)(end - p) >= v->len &&
	    (p = memmem(p, (size_t)(end - p), v->s, v->len)) != NULL; p++)
		if (may_start(t, (size_t)(p - cmd)) &&
		    may_end(t, (size_t)(p - cmd) + v->len))
			return 1;
	return 0;
}

/*
 * The words a value may be, hashed as values are: every run of t's
 * command from a place a word may start to one it may end, so that a
 * request seen at a glance, by its values' hashes, is parsed whole
 * only when one of them sits in a command waiting for its decision.  A
 * command with too many such runs is not indexed: every request of its
 * window is parsed.
 */
#define SUBS_MAX	4096
/* Bytes hashed for one tree's runs: a long command of many words has
 * long runs, and hashing them all would cost its length squared. */
#define SUBS_BYTES	(1U << 20)
/* All trees' runs together: a burst of long commands must not grow
 * memory past this (about 40 MB); trees past it are not indexed. */
#define SUBS_TOTAL	(1U << 21)

static void
subs_count(struct st_corr *c, uint64_t h, int d)
{
	uintptr_t n = (uintptr_t)u64map_get(&c->subs, h) + (uintptr_t)(intptr_t)d;

	if (n == 0)
		u64map_del(&c->subs, h);
	else
		u64map_put(&c->subs, h, (void *)n);
}

/* Index the run from s to e; 0 when there are too many. */
static int
sub_add(struct st_corr *c, struct ctree *t, size_t s, size_t e)
{
	t->hashed += e - s;
	if (t->nsubs == SUBS_MAX || t->hashed > SUBS_BYTES ||
	    c->subs.n + t->nsubs >= SUBS_TOTAL) {
		t->unindexed = 1;
		c->unindexed++;
		return 0;
	}
	t->subs = st_grow(t->subs, &t->capsubs, t->nsubs + 1, sizeof(*t->subs));
	t->subs[t->nsubs++] = st_hash_keyed(c->o.key, t->command + s, e - s);
	return 1;
}

void
corr_subs_add(struct st_corr *c, struct ctree *t)
{
	size_t *ends = NULL, nends = 0, cap = 0, s, k, first = 0;

	if (t->command == NULL || t->cmdlen <= CONTAINS_MIN)
		return;
	for (k = CONTAINS_MIN; k <= t->cmdlen; k++)
		if (may_end(t, k)) {
			ends = st_grow(ends, &cap, nends + 1, sizeof(*ends));
			ends[nends++] = k;
		}
	/* A value is shorter than the command: not from 0 to the end.  The
	 * ends too near s are stepped over once, so this costs the runs
	 * indexed plus the command's length. */
	for (s = 0; s + CONTAINS_MIN <= t->cmdlen && !t->unindexed; s++) {
		while (first < nends && ends[first] < s + CONTAINS_MIN)
			first++;
		for (k = first; may_start(t, s) && k < nends; k++)
			if (ends[k] - s < t->cmdlen && !sub_add(c, t, s, ends[k]))
				break;
	}
	free(ends);
	if (t->nsubs)
		qsort(t->subs, t->nsubs, sizeof(*t->subs), by_hash);
	for (k = 0; k < t->nsubs; k++)
		subs_count(c, t->subs[k], 1);
}

void
corr_subs_remove(struct st_corr *c, struct ctree *t)
{
	size_t i;

	for (i = 0; i < t->nsubs; i++)
		subs_count(c, t->subs[i], -1);
	free(t->subs);
	t->subs = NULL;
	t->nsubs = t->capsubs = t->hashed = 0;
	if (t->unindexed)
		c->unindexed--;
	t->unindexed = 0;
}

/* Is v one of t's runs?  The hash says no at once; yes, the bytes. */
static int
has_run(const struct ctree *t, const struct st_value *v)
{
	if (!t->unindexed && (t->nsubs == 0 || bsearch(&v->hash, t->subs,
	    t->nsubs, sizeof(*t->subs), by_hash) == NULL))
		return 0;
	return inside(t, v);
}

/* The longest of r's values inside t's command, or NULL. */
static const struct st_value *
longest(const struct ctree *t, const struct st_request *q)
{
	const struct st_value *best = NULL, *v;
	size_t i;

	for (i = 0; i < q->nvalues; i++) {
		v = &q->values[i];
		if (v->len >= CONTAINS_MIN && v->len < t->cmdlen &&
		    (best == NULL || v->len > best->len) && has_run(t, v))
			best = v;
	}
	return best;
}

void
corr_evidence_release(struct ctree *t)
{
	unsigned i;

	for (i = 0; i < t->nev; i++)
		corr_creq_unref(t->ev[i].r);
	t->nev = t->evover = 0;
	t->evlen = 0;
}

static void
evidence_add(struct ctree *t, struct creq *r, const struct st_value *v)
{
	unsigned i;

	if (v->len < t->evlen)
		return;
	if (v->len > t->evlen) {
		corr_evidence_release(t);
		t->evlen = v->len;
	}
	for (i = 0; i < t->nev; i++)
		if (t->ev[i].r == r)
			return;
	/* Full: requests come in order of completion, so the ones kept
	 * are the nearest; one already tied ran another tree. */
	for (i = 0; i < t->nev && t->nev == EV_MAX; i++)
		if (t->ev[i].r->ties) {
			corr_creq_unref(t->ev[i].r);
			t->ev[i] = t->ev[--t->nev];
		}
	if (t->nev == EV_MAX) {
		t->evover++;
		return;
	}
	r->refs++;
	t->ev[t->nev].r = r;
	t->ev[t->nev++].v = v;
}

/*
 * Does a request need parsing whole: may one of its values sit in a
 * command waiting for its decision?
 */
int
corr_contains_wanted(const struct st_corr *c, const struct st_glance *g)
{
	size_t i, k, hi;

	for (i = 0; i < g->nvalues; i++)
		if (u64map_get(&c->subs, g->vhash[i]))
			return 1;
	if (c->unindexed == 0 || g->nvalues == 0)
		return 0;
	k = corr_tq_window(c, g->start_ms, g->end_ms, g->end_max_ms, &hi);
	for (; k < hi; k++)
		if (c->tq[k]->unindexed && c->tq[k]->kind == M_NONE)
			return 1;
	return 0;
}

/*
 * Trees of its window one request's values are held against: execs
 * are rare beside requests, and past this many in one window (a burst
 * an attacker can make) the rest are left to the other evidence.
 */
#define SCAN_TREES	512
/* Of them, commands searched whole (trees not indexed): fewer. */
#define SCAN_SEARCHED	32

/*
 * r's values against the trees of its window: for each tree and value
 * a binary search of the tree's runs (or, for a tree not indexed, a
 * search of its command), at most SCAN_TREES trees.
 */
void
corr_match_contains(struct st_corr *c, struct creq *r)
{
	const struct st_request *q = r->q;
	const struct st_value *v;
	struct ctree *t;
	size_t k, hi, seen = 0, searched = 0;

	k = corr_tq_window(c, q->start_ms, q->end_ms, q->end_max_ms, &hi);
	for (; k < hi && seen < SCAN_TREES; k++) {
		t = c->tq[k];
		if (t->command == NULL || t->kind != M_NONE ||
		    (t->unindexed && searched++ >= SCAN_SEARCHED))
			continue;
		seen++;
		if ((v = longest(t, q)) != NULL)
			evidence_add(t, r, v);
	}
}

/* Shell syntax in a value: it did not stay the page's argument. */
static int
breaks_out(const struct st_value *v)
{
	static const char syntax[] = ";|&`$()<>\n";
	size_t i;

	for (i = 0; i < v->len; i++)
		if (memchr(syntax, v->s[i], sizeof(syntax) - 1))
			return 1;
	return 0;
}

static void
tie_evidence(struct st_corr *c, struct ctree *t, const struct evid *e)
{
	t->inject = t->shell && breaks_out(e->v);
	corr_tie(c, t, e->r, t->shell ? M_CONTAINS : M_ARGUMENT, e->v);
}

/*
 * Decide t on its contains evidence: 1 when that settled it (tied, or
 * ambiguous).  Trees are decided in root order, and a request already
 * tied ran its own tree (most pages run one command a request; one
 * that runs more is taken again only when no other fits): the others
 * left, the best placed and the nearest is the one, unless another client's request stamps the same
 * moment (requests with one value in one logged second): then it is
 * ambiguous and names no one.  Past the requests kept (the nearest),
 * more may have fitted: only when none kept is left is that ambiguous.
 */
/*
 * The candidates of cv that fit t, best placed, into fit: the free
 * ones, or if none is, those that ran fewer than REQ_TREES trees.
 */
static size_t
fitting(const struct st_corr *c, const struct ctree *t, struct cand *cv,
    struct cand **fit)
{
	size_t i, n = 0;
	int p, top = -2, pass;

	for (pass = 0; pass < 2 && n == 0; pass++)
		for (i = 0; i < t->nev; i++) {
			if ((pass == 0 ? t->ev[i].r->ties > 0 :
			    t->ev[i].r->ties >= REQ_TREES) ||
			    !corr_time_fits(c, t, &cv[i]))
				continue;
			if ((p = corr_place(t, &cv[i])) > top) {
				top = p;
				n = 0;
			}
			if (p == top)
				fit[n++] = &cv[i];
		}
	return n;
}

int
corr_decide_evidence(struct st_corr *c, struct ctree *t)
{
	struct cand cv[EV_MAX], *fit[EV_MAX], *best = NULL;
	size_t i, n, k = 0;
	int decided;

	if (t->nev == 0)
		return 0;
	memset(cv, 0, sizeof(cv));
	for (i = 0; i < t->nev; i++)
		corr_cand_of_request(&cv[i], t->ev[i].r);
	n = fitting(c, t, cv, fit);
	for (i = 0; i < n; i++)
		if (best == NULL || corr_distance(t, fit[i]) <
		    corr_distance(t, best))
			best = fit[i];
	for (i = 0; best && i < n; i++)
		if (fit[i] == best || (fit[i]->client_hash != best->client_hash &&
		    corr_same_moment(t, fit[i], best)))
			fit[k++] = fit[i];
	if (best && k == 1) {
		for (i = 0; t->ev[i].r != best->q; i++)
			;
		tie_evidence(c, t, &t->ev[i]);
	} else if (best || t->evover)
		corr_ambiguous(c, t, fit, k);
	for (i = 0; i < t->nev; i++)
		corr_cand_release(&cv[i]);
	decided = best || t->evover;
	corr_evidence_release(t);
	return decided;
}
