/* SPDX-License-Identifier: ISC */
/*
 * place.c: place evidence, and what the time decisions share with the
 * others: how far a request is from a tree, and the words of an
 * ambiguous decision.
 *
 * PHP (php-fpm, mod_php, php-cgi) changes to a script's directory
 * before running it, so a command it runs starts in that directory:
 * "/media/cache/img.php" can have run a tree whose cwd ends with
 * "/media/cache", and "/cart.php" one whose cwd is the document root.
 * Where the document root is not known, a directory that is a suffix of
 * the cwd maps, the more components the more telling; one that is not
 * cannot map, which makes it unlikely but not impossible (a script may
 * chdir() before it runs a command: p0wny-shell does).  Where the
 * host's configuration names the roots and the cwd lies below one, the
 * script's folder must also be as deep below it as the cwd is:
 * "/cart.php" cannot have run a tree in the root's media/ folder.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "base/hash.h"
#include "correlate/internal.h"

/* How deep cwd (n bytes) lies below each root holding it: a bit each. */
static uint32_t
root_depths(const struct st_corr *c, const char *cwd, size_t n)
{
	uint32_t bits = 0;
	size_t i, k, depth;

	for (i = 0; i < c->o.nroots; i++) {
		k = strlen(c->o.roots[i]);
		while (k > 1 && c->o.roots[i][k - 1] == '/')
			k--;
		if (k > n || memcmp(cwd, c->o.roots[i], k) != 0 ||
		    (k < n && cwd[k] != '/'))
			continue;
		for (depth = 0; k < n; k++)
			depth += cwd[k] == '/';
		if (depth < SUF_MAX)
			bits |= 1u << depth;
	}
	return bits;
}

/* The hashes of t's cwd's last components, as request.c hashes a
 * script's directory: "/srv/www/a" gives "/a", "/www/a", "/srv/www/a". */
void
corr_place_of(struct st_corr *c, struct ctree *t)
{
	size_t n = strlen(t->cwd), i;

	t->nsuf = 0;
	if (n == 0 || t->cwd[0] != '/')
		return;
	while (n > 1 && t->cwd[n - 1] == '/')
		n--;
	for (i = n; i-- > 0 && t->nsuf < SUF_MAX;)
		if (t->cwd[i] == '/')
			t->suf[t->nsuf++] = st_hash_keyed(c->o.key, t->cwd + i,
			    n - i);
	t->root_depths = root_depths(c, t->cwd, n);
}

/*
 * How well e's script maps onto t's cwd: 1 + the components matched,
 * 0 when it tells nothing (not a PHP script), -1 when it cannot map.
 */
int
corr_place(const struct ctree *t, const struct cand *e)
{
	if (!e->place || t->nsuf == 0)
		return 0;
	if (t->root_depths && e->dir_depth < SUF_MAX &&
	    !(t->root_depths & (1u << e->dir_depth)))
		return -1;
	/* In a known root, a script of the root maps as a folder does. */
	if (e->dir_depth == 0 && t->root_depths)
		return 2;
	if (e->dir_depth == 0)
		return 1;
	if (e->dir_depth <= t->nsuf && t->suf[e->dir_depth - 1] == e->dir_hash)
		return 1 + (int)e->dir_depth;
	return -1;
}

/* Is e's directory, with components, the cwd of a tree of its window? */
int
corr_place_wanted(const struct st_corr *c, const struct cand *e)
{
	size_t k, hi;

	if (!e->place || e->dir_depth == 0)
		return 0;
	k = corr_tq_window(c, e->start_ms, e->end_ms, e->end_max_ms, &hi);
	for (; k < hi; k++)
		if (corr_place(c->tq[k], e) >= 2)
			return 1;
	return 0;
}

/* From the moment e's line stamps (web/span.h) to t's first exec. */
int64_t
corr_distance(const struct ctree *t, const struct cand *e)
{
	int64_t at = e->anchor_ms;

	return at > t->t_root ? at - t->t_root : t->t_root - at;
}

/*
 * Do a and b stamp the same moment for t, within half the logs'
 * coarsest resolution (one logged second)?  Then time cannot tell them.
 */
int
corr_same_moment(const struct ctree *t, const struct cand *a,
    const struct cand *b)
{
	return llabs(corr_distance(t, a) - corr_distance(t, b)) < RES_MS / 2;
}

/* Candidates an ambiguous row names: enough to see who, no more. */
#define AMB_SHOWN	6

/*
 * t cannot be told between the n requests of v (n may be 0 when more
 * fit than a decision keeps): the row lists them and names no client.
 */
void
corr_ambiguous(struct st_corr *c, struct ctree *t, struct cand *const *v,
    size_t n)
{
	struct creq *r;
	size_t i;

	c->stats.ambiguous++;
	sb_clear(&c->tmp);
	if (n == 0)
		sb_adds(&c->tmp, "more requests fit than can be told apart");
	else
		sb_addf(&c->tmp, "one of %zu requests:", n);
	for (i = 0; i < n && i < AMB_SHOWN; i++) {
		if ((r = corr_cand_request(v[i])) == NULL)
			continue;
		sb_adds(&c->tmp, i ? ", " : " ");
		st_escape(&c->tmp, r->q->client, strlen(r->q->client));
		sb_addf(&c->tmp, " %s ", r->q->method);
		st_escape(&c->tmp, r->q->path, strlen(r->q->path));
		sb_adds(&c->tmp, " (");
		st_escape(&c->tmp, r->q->file, strlen(r->q->file));
		sb_addf(&c->tmp, ":%llu)", (unsigned long long)r->q->line);
	}
	if (n > AMB_SHOWN)
		sb_addf(&c->tmp, ", and %zu more", n - AMB_SHOWN);
	free(t->amb);
	t->amb = st_strdup(sb_str(&c->tmp));
}
