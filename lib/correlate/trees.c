/* SPDX-License-Identifier: ISC */
/*
 * trees.c: which tree each row belongs to, and what its root runs: the
 * command a request parameter must equal.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/u64map.h"
#include "correlate/internal.h"

void
corr_tree_free(void *v)
{
	struct ctree *t = v;

	corr_creq_unref(t->req);
	corr_evidence_release(t);
	free(t->subs);
	free(t->amb);
	free(t->command);
	free(t->cwd);
	free(t->label);
	if (t->wrap) {
		free(t->wrap->tool);
		free(t->wrap->command);
		free(t->wrap->cwd);
		free(t->wrap->tag);
		free(t->wrap);
	}
	free(t);
}

/*
 * A web-shell manager's wrapper around a shell root's command: the
 * operator's command inside, for every row of the tree.
 */
static void
unwrap(struct st_corr *c, struct ctree *t)
{
	struct st_unwrap *u = &c->uw;
	struct wrap *w;

	if (c->o.rules == NULL || !t->shell ||
	    st_rules_unwrap(c->o.rules, t->command, t->cmdlen, u) == 0)
		return;
	w = t->wrap = st_calloc(1, sizeof(*w));
	w->tool = st_strdup(sb_str(&u->tool));
	w->command = st_strdup(sb_str(&u->command));
	w->cwd = st_strdup(sb_str(&u->cwd));
	w->tag = st_strdup(sb_str(&u->tag));
}

static int
is_shell(const char *argv0)
{
	static const char *const shells[] = { "sh", "bash", "dash", "zsh",
	    "ksh", "ash", "mksh", "busybox", NULL };
	const char *b = strrchr(argv0, '/');
	size_t i;

	for (i = 0; shells[i]; i++)
		if (strcmp(b ? b + 1 : argv0, shells[i]) == 0)
			return 1;
	return 0;
}

int
st_corr_candidate(size_t nargs, const char *argv0, const char *argv1)
{
	return nargs >= 3 && argv0 && argv1 && is_shell(argv0) &&
	    strcmp(argv1, "-c") == 0;
}

int
corr_row_candidate(const struct st_row *r)
{
	return st_corr_candidate(r->nargs, r->nargs > 0 ? r->args[0].p : NULL,
	    r->nargs > 1 ? r->args[1].p : NULL);
}

int
st_corr_wants(const struct st_corr *c, int web, uint64_t parent_seq,
    int candidate)
{
	if (web || c->o.all)
		return 1;
	/* A descendant of a plain tree being held, or a shell command
	 * line that a request may turn out to have run. */
	return c->o.hold && (candidate ||
	    u64map_get(&c->members, parent_seq) != NULL);
}

/*
 * What a request parameter must equal to have run this root: CMD for
 * "sh -c CMD" (PHP's system(), Python's shell=True), else (or when
 * joined) the arguments joined by spaces.
 */
static void
command_of(const struct st_corr *c, struct ctree *t, const struct st_row *r,
    int joined)
{
	struct sbuf b = SBUF_INIT;

	if (!joined && corr_row_candidate(r) && r->args[2].p)
		sb_add(&b, r->args[2].p, r->args[2].len);
	else
		st_row_joined(r, &b);
	t->cmdlen = b.len;
	t->command = sb_detach(&b);
	t->cmdhash = st_hash_keyed(c->o.key, t->command, t->cmdlen);
}

/*
 * A root that only launches the program asked for, in the same process:
 * Java's Runtime.exec and ProcessBuilder run jspawnhelper, which execs
 * the command.  What a parameter equals is that next exec's.
 */
static int
launcher(const struct st_row *r)
{
	const char *b;

	if (r->nargs == 0 || r->args[0].p == NULL)
		return 0;
	b = strrchr(r->args[0].p, '/');
	return strcmp(b ? b + 1 : r->args[0].p, "jspawnhelper") == 0;
}

/*
 * The launcher's exec, in its process: t's command from now on.  Java's
 * Runtime.exec(String) splits a command at white space, so what a
 * parameter equals is the arguments joined, even for "bash -c ...".
 */
static void
relaunched(struct st_corr *c, struct ctree *t, const struct st_row *r)
{
	t->relaunch = 0;
	t->relaunched = 1;
	if (t->in_cmd)
		corr_cmd_remove(c, t);
	if (t->in_time)
		corr_subs_remove(c, t);
	free(t->command);
	t->shell = 0;
	command_of(c, t, r, 1);
	if (t->in_cmd && t->cmdlen)
		corr_cmd_add(c, t);
	if (t->in_time)
		corr_subs_add(c, t);
}

/* A new tree rooted at row r; put in the command index. */
static struct ctree *
tree_new(struct st_corr *c, const struct st_row *r, uint64_t key, int web)
{
	struct ctree *t = st_calloc(1, sizeof(*t));

	t->key = key;
	t->web = web;
	t->t_root = st_row_ms(r);
	t->ppid = r->num[ST_COL_PPID];
	t->pid = r->num[ST_COL_PID];
	t->cwd = st_strdup(sb_str(&r->text[ST_COL_CWD]));
	corr_place_of(c, t);
	t->shell = corr_row_candidate(r);
	t->relaunch = launcher(r);
	sb_clear(&c->tmp);
	st_row_display(&c->tmp, r, ST_COL_COMM);
	sb_addf(&c->tmp, "[%lld]", r->num[ST_COL_PID]);
	t->label = st_strdup(sb_str(&c->tmp));
	t->serial = r->num[ST_COL_SERIAL];
	command_of(c, t, r, 0);
	unwrap(c, t);
	u64map_put(&c->trees, key, t);
	if (!c->o.hold || t->cmdlen == 0)	/* no command: a file, a
						 * connection */
		return t;
	corr_cmd_add(c, t);
	t->in_cmd = 1;
	if (c->cmdq_tail)
		c->cmdq_tail->cmdq = t;
	else
		c->cmdq_head = t;
	c->cmdq_tail = t;
	return t;
}

struct ctree *
corr_tq_head(const struct st_corr *c)
{
	return c->tq_first < c->tq_n ? c->tq[c->tq_first] : NULL;
}

/* The first undecided tree whose root is at or after ms. */
static size_t
tq_at(const struct st_corr *c, int64_t ms)
{
	size_t lo = c->tq_first, hi = c->tq_n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->tq[mid]->t_root < ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The undecided trees a request with this span can have run: tq[lo]
 * to tq[*hi - 1], from its start (or the time window before its end)
 * to its latest end, with the clocks' tolerance.
 */
size_t
corr_tq_window(const struct st_corr *c, int64_t start_ms, int64_t end_ms,
    int64_t end_max_ms, size_t *hi)
{
	*hi = tq_at(c, end_max_ms + CLOCK_MS + 1);
	return tq_at(c, start_ms != ST_TIME_NONE ? start_ms - CLOCK_MS :
	    end_ms - c->o.time_window_ms);
}

void
corr_tq_pop(struct st_corr *c)
{
	if (++c->tq_first < c->tq_n && c->tq_first < c->tq_n / 2)
		return;
	memmove(c->tq, c->tq + c->tq_first, (c->tq_n - c->tq_first) *
	    sizeof(*c->tq));
	c->tq_n -= c->tq_first;
	c->tq_first = 0;
}

/* Queue a web tree for a time decision, keeping root-time order. */
static void
time_queue(struct st_corr *c, struct ctree *t)
{
	size_t lo = c->tq_first, hi = c->tq_n, mid;

	if (!c->o.hold || t->in_time || t->decided)
		return;
	/* After every tree of the same root time: roots come nearly in
	 * order, so this is most often the end. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->tq[mid]->t_root <= t->t_root)
			lo = mid + 1;
		else
			hi = mid;
	}
	c->tq = st_grow(c->tq, &c->tq_cap, c->tq_n + 1, sizeof(*c->tq));
	memmove(c->tq + lo + 1, c->tq + lo, (c->tq_n - lo) * sizeof(*c->tq));
	c->tq[lo] = t;
	c->tq_n++;
	t->in_time = 1;
	corr_subs_add(c, t);
}

static void
member_put(struct st_corr *c, uint64_t seq, struct ctree *t, unsigned depth)
{
	struct member *m = st_malloc(sizeof(*m));

	m->t = t;
	m->depth = depth;
	free(u64map_put(&c->members, seq, m));
}

/* The tree a row belongs to, made when it starts one. */
struct ctree *
corr_route(struct st_corr *c, struct st_row *r)
{
	struct ctree *t;
	struct member *m;

	if (r->web) {
		if ((t = u64map_get(&c->trees, r->root_seq)) == NULL)
			t = tree_new(c, r, r->root_seq, 1);
		else if (t->relaunch && r->depth == 1 &&
		    r->num[ST_COL_PID] == t->pid)
			relaunched(c, t, r);
		time_queue(c, t);
		return t;
	}
	if (!c->o.hold)
		return NULL;
	if ((m = u64map_get(&c->members, r->parent_seq)) != NULL) {
		t = m->t;
		member_put(c, r->seq, t, m->depth + 1);
		return t;
	}
	t = tree_new(c, r, r->seq, 0);
	member_put(c, r->seq, t, 0);
	return t;
}

/*
 * Take t out of its bucket of the command index.  Its command, up to a
 * whole argument list, is no longer needed: web trees stay for their
 * descendants, and must not keep it.
 */
void
corr_unindex(struct st_corr *c, struct ctree *t)
{
	corr_cmd_remove(c, t);
	t->in_cmd = 0;
	free(t->command);
	t->command = NULL;
}

/* Promote a tree a request ran: it is web-originated by that fact. */
void
corr_promote(struct st_corr *c, struct ctree *t)
{
	if (t->web)
		return;
	t->web = t->promoted = 1;
	c->stats.promoted++;
}
