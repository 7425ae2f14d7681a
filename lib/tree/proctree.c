/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/fields.h"
#include "audit/sysrole.h"
#include "base/alloc.h"
#include "base/strtab.h"
#include "base/u64map.h"
#include "tree/proctree.h"
#include "tree/relink.h"

/* How far a new parent link is checked for a cycle. */
#define CYCLE_WALK	4096
/*
 * How long a fork record may explain an orphan's exec, and how long
 * after its last image a pid exec'ing under the same parent is taken
 * for the same process, in seconds.  Past that it is a reused pid: a
 * php-fpm worker's children come back to the same pids once pids wrap,
 * and linking each to the last would chain them, and keep them all in
 * memory, for as long as the worker lives.
 */
#define ORPHAN_WINDOW	600
/*
 * A process's command line is kept for its children's rows (Sigma's
 * ParentCommandLine) up to CMD_MAX bytes, and while all those kept
 * total under CMD_BUDGET: the table may hold 65,536 processes, and a
 * log may give each of them a megabyte of arguments.  One not kept is
 * unknown, never cut.
 */
#define CMD_MAX		4096
#define CMD_BUDGET	(32u << 20)

struct st_proctree {
	const struct st_weborigin *cfg;
	struct st_weborigin_match *wm;
	struct st_strtab nodes;
	struct u64map	 pids;		/* node<<32|pid -> proc (one ref) */
	uint64_t	 seq;
	struct st_proc	*loose;		/* last exec without a valid pid */
	struct st_relink *relink;	/* recent web execs, for orphans */
	struct sbuf	 scratch;
	size_t		 cmd_bytes;	/* of the command lines kept */
	struct st_proc	*newest, *oldest;	/* the table, by last use */
	size_t		 max;
	st_proctree_evict_fn	 evicted;
	void		*evicted_ctx;
	st_proctree_gone_fn	 gone;
	void		*gone_ctx;
};

static uint64_t
pidkey(uint32_t node, long long pid)
{
	return (uint64_t)node << 32 | (uint32_t)pid;
}

static struct st_proc *
ref(struct st_proc *p)
{
	if (p)
		p->refs++;
	return p;
}

/*
 * Drop a reference; free the process and any ancestors left unused,
 * telling whoever listens: no later exec can descend from them.
 */
static void
unref(struct st_proctree *t, struct st_proc *p)
{
	struct st_proc *parent;

	while (p && --p->refs == 0) {
		parent = p->parent;
		if (t->gone)
			t->gone(t->gone_ctx, p->seq);
		if (p->cmd)
			t->cmd_bytes -= strlen(p->cmd) + 1;
		free(p->cmd);
		free(p->comm);
		free(p->exe);
		free(p->why_text);
		free(p);
		p = parent;
	}
}

static void
drop(void *ctx, struct st_proc *p)
{
	unref(ctx, p);
}

struct st_proctree *
st_proctree_new(const struct st_weborigin *cfg)
{
	struct st_proctree *t = st_calloc(1, sizeof(*t));

	t->cfg = cfg;
	t->wm = st_weborigin_match_new(cfg);
	t->max = ST_PROCTREE_MAX;
	t->relink = st_relink_new();
	return t;
}

void
st_proctree_limit(struct st_proctree *t, size_t max, st_proctree_evict_fn fn, void *ctx)
{
	t->max = max;
	t->evicted = fn;
	t->evicted_ctx = ctx;
}

void
st_proctree_on_gone(struct st_proctree *t, st_proctree_gone_fn fn, void *ctx)
{
	t->gone = fn;
	t->gone_ctx = ctx;
}

void
st_proctree_free(struct st_proctree *t)
{
	size_t i;

	if (t == NULL)
		return;
	t->gone = NULL;
	st_relink_free(t->relink, drop, t);
	for (i = 0; i < t->pids.cap; i++)
		unref(t, t->pids.slot[i].val);
	u64map_release(&t->pids);
	unref(t, t->loose);
	st_strtab_release(&t->nodes);
	st_weborigin_match_free(t->wm);
	sb_release(&t->scratch);
	free(t);
}

uint64_t
st_proctree_size(const struct st_proctree *t)
{
	return t->pids.n;
}

static struct st_proc *
proc_new(struct st_proctree *t, uint32_t node, long long pid, long long ppid)
{
	struct st_proc *p = st_calloc(1, sizeof(*p));

	p->node = node;
	p->pid = pid;
	p->ppid = ppid;
	p->comm = st_strdup("");
	p->exe = st_strdup("");
	p->seq = ++t->seq;
	p->placeholder = 1;
	p->refs = 1;		/* the caller's, usually handed to the table */
	return p;
}

static void
lru_unlink(struct st_proctree *t, struct st_proc *p)
{
	if (!p->listed)
		return;
	p->listed = 0;
	if (p->newer)
		p->newer->older = p->older;
	else
		t->newest = p->older;
	if (p->older)
		p->older->newer = p->newer;
	else
		t->oldest = p->newer;
	p->newer = p->older = NULL;
}

/* p, in the table, has just been used: it goes last to be let go of. */
static void
touch(struct st_proctree *t, struct st_proc *p)
{
	if (t->newest == p)
		return;
	lru_unlink(t, p);
	p->older = t->newest;
	if (t->newest)
		t->newest->newer = p;
	else
		t->oldest = p;
	t->newest = p;
	p->listed = 1;
}

/* Over the limit: let go of the process unused the longest. */
static void
evict(struct st_proctree *t)
{
	struct st_proc *p = t->oldest;

	lru_unlink(t, p);
	u64map_del(&t->pids, pidkey(p->node, p->pid));
	if (t->evicted)
		t->evicted(t->evicted_ctx, st_strtab_name(&t->nodes, p->node),
		    p->pid);
	unref(t, p);
}

/* Put p in the pid table, taking over the reference the caller had. */
static void
table_put(struct st_proctree *t, struct st_proc *p)
{
	struct st_proc *old = u64map_put(&t->pids, pidkey(p->node, p->pid), p);

	if (old) {
		lru_unlink(t, old);
		unref(t, old);
	}
	touch(t, p);
	while (t->pids.n > t->max)
		evict(t);
}

static void
set_image(struct st_proc *p, const struct st_event *ev)
{
	free(p->comm);
	free(p->exe);
	p->comm = st_strdup(sb_str(&ev->comm));
	p->exe = st_strdup(sb_str(&ev->exe));
	p->id = ev->id;
}

/* Arguments joined by spaces: from argv for an exec, else proctitle. */
static const char *
joined_args(struct st_proctree *t, const struct st_event *ev)
{
	size_t i;

	sb_clear(&t->scratch);
	if (ev->kind == ST_EV_EXEC) {
		for (i = 0; i < ev->argv.n; i++) {
			if (i)
				sb_addc(&t->scratch, ' ');
			sb_add(&t->scratch, ev->argv.v[i].b.s,
			    ev->argv.v[i].b.len);
		}
	} else
		st_fields_value(sb_str(&ev->proctitle), &t->scratch);
	for (i = 0; i < t->scratch.len; i++)
		if (t->scratch.s[i] == '\0')
			t->scratch.s[i] = ' ';
	return sb_str(&t->scratch);
}

static void
keep_cmd(struct st_proctree *t, struct st_proc *p, const struct st_event *ev)
{
	const char *cmd = joined_args(t, ev);
	size_t len = t->scratch.len;

	if (len > CMD_MAX || t->cmd_bytes + len + 1 > CMD_BUDGET ||
	    ev->argv.flags & (ST_ARGV_CUT | ST_ARGV_NONE | ST_ARGV_ATTEMPT))
		return;
	p->cmd = st_memdup(cmd, len);
	t->cmd_bytes += len + 1;
}

static int
is_server(struct st_proctree *t, const struct st_proc *p,
    const struct st_event *ev)
{
	if (st_weborigin_is_server(t->wm, p->comm, p->exe))
		return 1;
	return st_weborigin_is_interp(t->wm, p->exe) &&
	    st_weborigin_is_server_args(t->wm, joined_args(t, ev));
}

static void
add_why(struct sbuf *b, const char *what, const char *v)
{
	if (b->len)
		sb_addc(b, ';');
	sb_adds(b, what);
	sb_addc(b, ':');
	sb_adds(b, v);
}

static unsigned
user_why(struct st_proctree *t, const struct st_event *ev, struct sbuf *b)
{
	char num[32];

	if (ev->auid != ST_UID_UNSET && ev->auid != ST_NUM_NONE)
		return 0;
	if (ev->uid == ST_NUM_NONE ||
	    !st_weborigin_is_user(t->cfg, ev->uid, sb_str(&ev->user)))
		return 0;
	if (ev->user.len)
		add_why(b, "user", sb_str(&ev->user));
	else {
		snprintf(num, sizeof(num), "uid%lld", ev->uid);
		add_why(b, "user", num);
	}
	return ST_WHY_USER;
}

/*
 * Decide whether p is web-originated, and why.  A server process
 * itself is not, unless a web-originated process started it (a web
 * shell running "node -e ..." is still the attacker's).
 */
static void
classify(struct st_proctree *t, struct st_proc *p, const struct st_event *ev)
{
	struct st_proc *par = p->parent;
	struct sbuf b = SBUF_INIT;
	char root[512];
	unsigned why = 0;

	p->is_server = is_server(t, p, ev);
	p->server = par ? (par->is_server ? par : par->server) : NULL;
	if (!p->is_server) {
		if (p->server) {
			add_why(&b, "server", *p->server->comm ?
			    p->server->comm : "?");
			why |= ST_WHY_SERVER;
		}
		why |= user_why(t, ev, &b);
		if (ev->cwd.len && st_weborigin_root(t->wm, sb_str(&ev->cwd), root,
		    sizeof(root))) {
			add_why(&b, "webroot", root);
			why |= ST_WHY_ROOT;
		}
	}
	if (par && par->web) {
		sb_addf(&b, "%stree:%s[%lld]", b.len ? ";" : "",
		    par->root->comm, par->root->pid);
		why |= ST_WHY_TREE;
		if (p->relinked) {
			sb_addf(&b, ";relinked:command line of %s[%lld]",
			    par->comm, par->pid);
			why |= ST_WHY_RELINK;
		}
	}
	p->why = why;
	p->web = why != 0;
	free(p->why_text);
	p->why_text = sb_detach(&b);
	if (why & ST_WHY_TREE) {
		p->root = par->root;
		p->depth = par->depth + 1;
	} else if (why) {
		p->root = p;
		p->depth = 0;
	} else {
		p->root = NULL;
		p->depth = 0;
	}
}

/* True when making anc the parent of p would close a loop. */
static int
would_cycle(const struct st_proc *p, const struct st_proc *anc)
{
	unsigned n;

	for (n = 0; anc && n < CYCLE_WALK; n++, anc = anc->parent)
		if (anc == p)
			return 1;
	return anc != NULL;	/* too deep to tell: do not link */
}

static struct st_proc *
parent_of(struct st_proctree *t, uint32_t node, long long ppid, int create)
{
	struct st_proc *par;

	if (ppid <= 0)
		return NULL;
	par = u64map_get(&t->pids, pidkey(node, ppid));
	if (par)
		touch(t, par);
	else if (create) {
		par = proc_new(t, node, ppid, ST_NUM_NONE);
		table_put(t, par);
	}
	return par;
}

static uint32_t
node_id(struct st_proctree *t, const struct st_event *ev)
{
	return st_strtab_intern(&t->nodes, ev->node, strlen(ev->node), NULL);
}

static struct st_proc *learn(struct st_proctree *, const struct st_event *);

static int
is_fork(const struct st_event *ev)
{
	return ev->success == 1 && ev->exit > 0 && ev->exit <= 4294967295LL &&
	    st_sysrole(sb_str(&ev->syscall)) == ST_SYS_FORK;
}

/* A fork record: the child is a copy of its parent, known by pid. */
static void
forked(struct st_proctree *t, uint32_t node, const struct st_event *ev,
    struct st_proc *parent)
{
	struct st_proc *c = proc_new(t, node, ev->exit, ev->pid);

	set_image(c, ev);
	c->forked = 1;
	c->parent = ref(parent);
	classify(t, c, ev);
	table_put(t, c);
}

const struct st_proc *
st_proctree_learn(struct st_proctree *t, const struct st_event *ev)
{
	const struct st_proc *p = learn(t, ev);

	if (p && is_fork(ev))
		forked(t, p->node, ev, (struct st_proc *)p);
	return p;
}

static struct st_proc *
learn(struct st_proctree *t, const struct st_event *ev)
{
	uint32_t node;
	struct st_proc *cur, *par;

	if (ev->pid <= 0)
		return NULL;
	node = node_id(t, ev);
	cur = u64map_get(&t->pids, pidkey(node, ev->pid));
	/*
	 * Nothing new, and not a use either: such an event may have been
	 * kept from libauparse (audit/prefilter.h), and the table must age the
	 * same whether it was or not.
	 */
	if (ev->exe.len == 0 || (cur && strcmp(cur->exe,
	    sb_str(&ev->exe)) == 0))
		return cur;
	if (cur && cur->placeholder && *cur->exe == '\0') {
		/* A parent known only by its pid: now it has a name. */
		touch(t, cur);
		set_image(cur, ev);
		cur->ppid = ev->ppid;
		par = parent_of(t, node, ev->ppid, 0);
		if (cur->parent == NULL && par && !would_cycle(cur, par))
			cur->parent = ref(par);
		classify(t, cur, ev);
		return cur;
	}
	/* A new image never seen exec'ing, or a reused pid. */
	cur = proc_new(t, node, ev->pid, ev->ppid);
	set_image(cur, ev);
	cur->parent = ref(parent_of(t, node, ev->ppid, 0));
	classify(t, cur, ev);
	table_put(t, cur);
	return cur;
}

/*
 * A parent that only adopted the exec: init, or a user manager acting
 * as subreaper.  A web process is never one, whatever its pid.
 */
static int
orphaned(const struct st_proc *par)
{
	return par && !par->web && (par->pid == 1 ||
	    strcmp(par->comm, "systemd") == 0);
}

const struct st_proc *
st_proctree_exec(struct st_proctree *t, const struct st_event *ev)
{
	uint32_t node = node_id(t, ev);
	struct st_proc *prev = NULL, *p, *par, *launcher;

	if (ev->pid > 0)
		prev = u64map_get(&t->pids, pidkey(node, ev->pid));
	/*
	 * The same process exec'ing again ("bash -c 'exec id'") is shown
	 * as the child of its previous image.  A placeholder is only a
	 * copy of the parent made by fork, so it is skipped.
	 */
	if (prev && prev->forked && (prev->ppid == ev->ppid ||
	    (ev->ppid == 1 && ev->id.sec - prev->id.sec <= ORPHAN_WINDOW)))
		par = prev->parent;
	else if (prev && !prev->placeholder && prev->ppid == ev->ppid &&
	    ev->id.sec - prev->id.sec <= ORPHAN_WINDOW)
		par = prev;
	else
		par = parent_of(t, node, ev->ppid, 1);
	p = proc_new(t, node, ev->pid, ev->ppid);
	p->placeholder = 0;
	set_image(p, ev);
	keep_cmd(t, p, ev);
	if (orphaned(par) && (launcher = st_relink_find(t->relink, node,
	    ev)) != NULL && !would_cycle(p, launcher)) {
		par = launcher;
		p->relinked = 1;
	}
	p->parent = ref(par);
	classify(t, p, ev);
	if (p->web)
		unref(t, st_relink_note(t->relink, ref(p), node, ev));
	if (ev->pid > 0)
		table_put(t, p);
	else {
		/* No usable pid: keep it just long enough for the caller. */
		unref(t, t->loose);
		t->loose = p;
	}
	return p;
}

static void
chain_item(const struct st_proc *p, struct sbuf *out)
{
	if (p->placeholder)
		sb_adds(out, "? ");
	if (*p->comm)
		sb_addf(out, "%s[%lld]", p->comm, p->pid);
	else
		sb_addf(out, "pid %lld", p->pid);
}

void
st_proctree_chain(const struct st_proc *p, unsigned max, struct sbuf *out)
{
	const struct st_proc *v[64];
	unsigned n = 0;

	if (max > 64)
		max = 64;
	for (; p && n < max; p = p->parent)
		v[n++] = p;
	if (p)
		sb_adds(out, "... > ");
	while (n--) {
		chain_item(v[n], out);
		if (n)
			sb_adds(out, " > ");
	}
}

int
st_proctree_server_script(struct st_proctree *t, const struct st_proc *p,
    const struct st_event *ev)
{
	const char *path = sb_str(&ev->created);
	char root[256];

	if (!p->is_server || p->web || ev->kind != ST_EV_FILE)
		return 0;
	/* Made, or renamed into place; else the file changed. */
	if (*path == '\0')
		path = sb_str(&ev->normal);
	return *path == '/' && st_weborigin_dynamic(path) &&
	    st_weborigin_root(t->wm, path, root, sizeof(root));
}
