#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "base/hash.h"
#include "base/u64map.h"
#include "correlate/corr.h"
#include "correlate/summary.h"
#include "tree/weborigin.h"

/* The coarsest time a log gives (1 s, $time_local): margins for
 * deciding that nothing more can come. */
#define RES_MS		1000
/*
 * nginx stamps a line with the time cached at its event loop's last
 * wake-up, a few milliseconds stale at most; this much is allowed on
 * either side of a request's known span.
 */
#define CLOCK_MS	100
/* Rows that are not web-originated, held for a possible request match. */
#define MAX_NONWEB	20000
/*
 * A request whose shape ran nothing this many times before, from a
 * client and to a script not tied to anything, is not kept for time
 * decisions: nothing would speak for it.  (A few: a second POST to a
 * new shell arrives before the first is decided.)
 */
#define RARE_SHAPE	16
#define MAX_SHAPES	200000
#define GROUP_REQUEST	(1ULL << 63)

enum match { M_NONE, M_COMMAND, M_TIME };

/* A process tree: web-originated, or a candidate for a request match. */
struct ctree {
	uint64_t	 key;		/* its root's process seq */
	int		 web, promoted;
	int64_t		 t_root;	/* the root exec, in ms */
	char		*command;	/* what a parameter must equal */
	size_t		 cmdlen;
	uint64_t	 cmdhash;
	char		*cwd;
	char		*label;		/* "sh[17452]" */
	long long	 serial;	/* the root exec's serial */
	unsigned	 held;		/* its rows still held */
	struct st_request *req;
	enum match	 kind;
	const struct st_value *value;	/* the value that matched */
	int		 decided, in_cmd, in_time;
	int		 gone;		/* its root left the process tree */
	struct ctree	*cmdnext;	/* same bucket of the command index */
	struct ctree	*cmdq, *tq;	/* queues, by root time */
};

struct member {
	struct ctree	*t;
	unsigned	 depth;
};

struct held {
	struct st_row	 row;
	struct ctree	*t;
	struct held	*next;
};

struct fifo {
	struct held	*head, *tail;
	size_t		 n;
};

struct shape {
	uint64_t	 seen, tied;
};

/*
 * A candidate of the time decisions.  Each decision looks at every
 * request of the last seconds, thousands on a busy server, and most
 * fail on time or on what else speaks for them: what those tests read
 * is copied here, so that they read one array, not a request each.
 */
struct cand {
	int64_t		 end_ms, end_max_ms, start_ms;
	uint64_t	 path_hash, client_hash, prior, seq;
	/* The request, or until one is chosen only its glance: few are
	 * chosen, and parsing a request again costs. */
	struct st_request *q;
	struct st_glance *g;
};

struct st_corr {
	struct st_corr_opts o;
	struct st_sink *w;
	struct st_corr_stats stats;
	struct u64map	 trees;		/* root seq -> ctree */
	struct u64map	 members;	/* process seq -> member */
	struct u64map	 bycmd;		/* command hash -> ctree chain */
	struct ctree	*cmdq_head, *cmdq_tail;
	struct ctree	*tq_head, *tq_tail;	/* by root time */
	struct fifo	 web, nonweb;
	struct fifo	 notes;		/* about the logs, by time */
	/* Requests to dynamic scripts of the last seconds, in order: the
	 * candidates of every time decision. */
	struct cand	*recent;
	size_t		 rhead, rlen, rcap;	/* a ring; rcap a power of 2 */
	struct u64map	 shapes;	/* shape hash -> struct shape */
	struct u64map	 scripts;	/* path hash -> ties (any) */
	struct u64map	 cmd_scripts;	/* path hash -> ties by command */
	struct u64map	 cmd_clients;	/* client hash -> ties by command */
	struct u64map	 pairs;		/* client+path hash -> time ties */
	struct st_summary *summary;
	struct sbuf	 tmp;
};

/* A client and a script: both hashes come with the request. */
static uint64_t
hash_pair(const struct st_request *q)
{
	return st_hash64(q->client_hash ^ (q->path_hash * 31));
}

/* Counters kept as map values: stored plus one, since NULL is empty. */
static uintptr_t
count_get(const struct u64map *m, uint64_t k)
{
	uintptr_t v = (uintptr_t)u64map_get(m, k);

	return v ? v - 1 : 0;
}

static void
count_add(struct u64map *m, uint64_t k, int d)
{
	uintptr_t v = count_get(m, k) + (uintptr_t)(intptr_t)d;

	if (v == 0)
		u64map_del(m, k);
	else
		u64map_put(m, k, (void *)(v + 1));
}

struct st_corr *
st_corr_new(const struct st_corr_opts *o, struct st_sink *w)
{
	struct st_corr *c = st_calloc(1, sizeof(*c));

	c->o = *o;
	c->w = w;
	c->summary = st_summary_new(o->key);
	return c;
}

const struct st_corr_stats *
st_corr_stats(const struct st_corr *c)
{
	return &c->stats;
}

void
st_corr_summary(const struct st_corr *c, FILE *fp)
{
	st_summary_print(c->summary, fp, &c->o.tz);
}

size_t
st_corr_scripts(const struct st_corr *c)
{
	return st_summary_scripts(c->summary);
}

static void
req_unref(struct st_request *q)
{
	if (q && --q->refs == 0) {
		st_request_release(q);
		free(q);
	}
}

static void
tree_free(void *v)
{
	struct ctree *t = v;

	req_unref(t->req);
	free(t->command);
	free(t->cwd);
	free(t->label);
	free(t);
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

static int
row_candidate(const struct st_row *r)
{
	return st_corr_candidate(r->nargs, r->nargs > 0 ? r->args[0].p : NULL,
	    r->nargs > 1 ? r->args[1].p : NULL);
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

/*
 * What a request parameter must equal to have run this root: CMD for
 * "sh -c CMD" (PHP's system(), Python's shell=True), else the
 * arguments joined by spaces.
 */
static void
command_of(const struct st_corr *c, struct ctree *t, const struct st_row *r)
{
	struct sbuf b = SBUF_INIT;
	size_t i;

	if (row_candidate(r) && r->args[2].p)
		sb_add(&b, r->args[2].p, r->args[2].len);
	else
		for (i = 0; i < r->nargs; i++) {
			if (i)
				sb_addc(&b, ' ');
			if (r->args[i].p)
				sb_add(&b, r->args[i].p, r->args[i].len);
		}
	t->cmdlen = b.len;
	t->command = sb_detach(&b);
	t->cmdhash = st_hash_keyed(c->o.key, t->command, t->cmdlen);
}

/* A new tree rooted at row r; put in the command index. */
static struct ctree *
tree_new(struct st_corr *c, const struct st_row *r, uint64_t key, int web)
{
	struct ctree *t = st_calloc(1, sizeof(*t));

	t->key = key;
	t->web = web;
	t->t_root = st_row_ms(r);
	t->cwd = st_strdup(sb_str(&r->text[ST_COL_CWD]));
	sb_clear(&c->tmp);
	st_row_display(&c->tmp, r, ST_COL_COMM);
	sb_addf(&c->tmp, "[%lld]", r->num[ST_COL_PID]);
	t->label = st_strdup(sb_str(&c->tmp));
	t->serial = r->num[ST_COL_SERIAL];
	command_of(c, t, r);
	u64map_put(&c->trees, key, t);
	if (!c->o.hold || t->cmdlen == 0)	/* no command: a file, a
						 * connection */
		return t;
	t->cmdnext = u64map_put(&c->bycmd, t->cmdhash, t);
	t->in_cmd = 1;
	if (c->cmdq_tail)
		c->cmdq_tail->cmdq = t;
	else
		c->cmdq_head = t;
	c->cmdq_tail = t;
	return t;
}

/* Queue a web tree for a time decision, keeping root-time order. */
static void
time_queue(struct st_corr *c, struct ctree *t)
{
	struct ctree **pp = &c->tq_head;

	if (!c->o.hold || t->in_time || t->decided)
		return;
	/* Roots come nearly in order: most go last. */
	if (c->tq_tail && c->tq_tail->t_root <= t->t_root)
		pp = &c->tq_tail->tq;
	while (*pp && (*pp)->t_root <= t->t_root)
		pp = &(*pp)->tq;
	t->tq = *pp;
	*pp = t;
	if (t->tq == NULL)
		c->tq_tail = t;
	t->in_time = 1;
}

static void
member_put(struct st_corr *c, uint64_t seq, struct ctree *t, unsigned depth)
{
	struct member *m = st_malloc(sizeof(*m));

	m->t = t;
	m->depth = depth;
	free(u64map_put(&c->members, seq, m));
}

static void
push(struct fifo *f, struct held *h)
{
	if (f->tail)
		f->tail->next = h;
	else
		f->head = h;
	f->tail = h;
	f->n++;
}

static struct held *
pop(struct fifo *f)
{
	struct held *h = f->head;

	if (h && (f->head = h->next) == NULL)
		f->tail = NULL;
	if (h)
		f->n--;
	return h;
}

static void release(struct st_corr *, struct held *);

/* The tree a row belongs to, made when it starts one. */
static struct ctree *
route(struct st_corr *c, struct st_row *r)
{
	struct ctree *t;
	struct member *m;

	if (r->web) {
		if ((t = u64map_get(&c->trees, r->root_seq)) == NULL)
			t = tree_new(c, r, r->root_seq, 1);
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
 * A note about the logs, made while reading them.  The record it comes
 * from is read before the events around it come out of libauparse, so
 * it waits, in time order, for a row as late to be written.
 */
void
st_corr_note(struct st_corr *c, const struct st_row *r)
{
	struct held *h = st_calloc(1, sizeof(*h)), **pp;

	st_row_init(&h->row);
	st_row_copy(&h->row, r);
	for (pp = &c->notes.head; *pp && st_row_ms(&(*pp)->row) <= st_row_ms(r);
	    pp = &(*pp)->next)
		;
	h->next = *pp;
	*pp = h;
	if (h->next == NULL)
		c->notes.tail = h;
	c->notes.n++;
}

static void	write_out(struct st_corr *, const struct st_row *);

/* Write the notes no later than ms. */
static void
flush_notes(struct st_corr *c, int64_t ms)
{
	struct held *h;

	while (c->notes.head && st_row_ms(&c->notes.head->row) <= ms) {
		h = pop(&c->notes);
		write_out(c, &h->row);
		st_row_release(&h->row);
		free(h);
	}
}

void
st_corr_exec(struct st_corr *c, const struct st_row *r)
{
	struct held *h;

	if (!st_corr_wants(c, r->web, r->parent_seq, row_candidate(r)))
		return;
	h = st_calloc(1, sizeof(*h));
	st_row_init(&h->row);
	st_row_copy(&h->row, r);
	h->t = route(c, &h->row);
	if (h->t)
		h->t->held++;
	push(r->web ? &c->web : &c->nonweb, h);
	if (!c->o.hold) {
		release(c, pop(r->web ? &c->web : &c->nonweb));
		return;
	}
	/* Too many plain rows held: let the oldest go unmatched. */
	while (c->nonweb.n > MAX_NONWEB) {
		c->stats.dropped++;
		release(c, pop(&c->nonweb));
	}
}

/* ---- ties ---- */

static struct shape *
shape_of(struct st_corr *c, uint64_t h, int create)
{
	struct shape *s = u64map_get(&c->shapes, h);

	if (s == NULL && create && c->shapes.n < MAX_SHAPES) {
		s = st_calloc(1, sizeof(*s));
		u64map_put(&c->shapes, h, s);
	}
	return s;
}

static void
tie_counts(struct st_corr *c, struct st_request *q, enum match kind, int d)
{
	struct shape *s = shape_of(c, q->shape, 0);

	q->ties += (unsigned)d;
	if (s)
		s->tied += (uint64_t)(int64_t)d;
	count_add(&c->scripts, q->path_hash, d);
	if (kind == M_COMMAND) {
		count_add(&c->cmd_scripts, q->path_hash, d);
		count_add(&c->cmd_clients, q->client_hash, d);
	} else
		count_add(&c->pairs, hash_pair(q), d);
}

/* Promote a tree a request ran: it is web-originated by that fact. */
static void
promote(struct st_corr *c, struct ctree *t)
{
	if (t->web)
		return;
	t->web = t->promoted = 1;
	c->stats.promoted++;
}

static void
tie(struct st_corr *c, struct ctree *t, struct st_request *q, enum match kind,
    const struct st_value *v)
{
	if (t->req) {
		/* A command match outweighs a time match made earlier. */
		tie_counts(c, t->req, t->kind, -1);
		req_unref(t->req);
		c->stats.tied_time--;
	}
	q->refs++;
	t->req = q;
	t->kind = kind;
	t->value = v;
	tie_counts(c, q, kind, 1);
	if (kind == M_COMMAND) {
		c->stats.tied_command++;
		promote(c, t);
	} else
		c->stats.tied_time++;
}

/* ---- matching by command ---- */

static int
in_window(const struct st_corr *c, const struct ctree *t,
    const struct st_request *q)
{
	int64_t start = q->start_ms != ST_TIME_NONE ? q->start_ms - CLOCK_MS :
	    q->end_ms - c->o.cmd_window_ms;

	return t->t_root >= start && t->t_root <= q->end_max_ms + CLOCK_MS;
}

/* The earliest untied tree running exactly v, inside q's window. */
static struct ctree *
by_command(struct st_corr *c, const struct st_request *q,
    const struct st_value *v)
{
	struct ctree *t, *best = NULL;

	for (t = u64map_get(&c->bycmd, v->hash); t;
	    t = t->cmdnext) {
		if (t->kind == M_COMMAND || t->cmdlen != v->len ||
		    memcmp(t->command, v->s, v->len) != 0 ||
		    !in_window(c, t, q))
			continue;
		if (best == NULL || t->t_root < best->t_root)
			best = t;
	}
	return best;
}

static int
match_command(struct st_corr *c, struct st_request *q)
{
	struct ctree *t;
	size_t i;

	for (i = 0; i < q->nvalues; i++) {
		if ((t = by_command(c, q, &q->values[i])) != NULL) {
			tie(c, t, q, M_COMMAND, &q->values[i]);
			return 1;
		}
	}
	return 0;
}

/* ---- matching by time ---- */

/* The i-th request of the recent ring, oldest first. */
static struct cand *
recent(const struct st_corr *c, size_t i)
{
	return &c->recent[(c->rhead + i) & (c->rcap - 1)];
}

/* A new, empty entry at the end of the recent ring. */
static struct cand *
recent_add(struct st_corr *c)
{
	struct cand *grown, *e;
	size_t i;

	if (c->rlen == c->rcap) {
		grown = st_calloc(c->rcap ? c->rcap * 2 : 64, sizeof(*grown));
		for (i = 0; i < c->rlen; i++)
			grown[i] = *recent(c, i);
		free(c->recent);
		c->recent = grown;
		c->rcap = c->rcap ? c->rcap * 2 : 64;
		c->rhead = 0;
	}
	e = recent(c, c->rlen++);
	memset(e, 0, sizeof(*e));
	return e;
}

static void
recent_push(struct st_corr *c, struct st_request *q)
{
	struct cand *e = recent_add(c);

	e->end_ms = q->end_ms;
	e->end_max_ms = q->end_max_ms;
	e->start_ms = q->start_ms;
	e->path_hash = q->path_hash;
	e->client_hash = q->client_hash;
	e->prior = q->prior;
	e->seq = q->seq;
	e->q = q;
	q->refs++;
}

static void
recent_push_glance(struct st_corr *c, const struct st_glance *g,
    uint64_t prior)
{
	struct cand *e = recent_add(c);

	e->end_ms = g->end_ms;
	e->end_max_ms = g->end_max_ms;
	e->start_ms = g->start_ms;
	e->path_hash = g->path_hash;
	e->client_hash = g->client_hash;
	e->prior = prior;
	e->seq = g->seq;
	e->g = st_glance_copy(g);
}

/* The chosen candidate's request, parsed now if only glanced at. */
static struct st_request *
cand_request(struct cand *e)
{
	if (e->q == NULL && (e->q = st_glance_request(e->g)) != NULL)
		e->q->prior = e->prior;
	return e->q;
}

/* Forget requests too old to fit any tree still to be decided. */
static void
recent_trim(struct st_corr *c, int64_t before)
{
	while (c->rlen && recent(c, 0)->end_ms < before) {
		req_unref(recent(c, 0)->q);
		free(recent(c, 0)->g);
		c->rhead = (c->rhead + 1) & (c->rcap - 1);
		c->rlen--;
	}
}

/* Could q be the request that ran t, by time alone? */
static int
time_fits(const struct st_corr *c, const struct ctree *t,
    const struct cand *q)
{
	return q->end_max_ms + CLOCK_MS >= t->t_root &&
	    q->end_ms <= t->t_root + c->o.time_window_ms &&
	    (q->start_ms == ST_TIME_NONE || q->start_ms <= t->t_root + CLOCK_MS);
}

/*
 * Is a request a candidate of the time decisions to come?  Its script
 * ran commands before, or it is a script request of a rare shape or
 * from a client that ran commands.
 */
static int
offered(const struct st_corr *c, uint64_t path_hash, uint64_t client_hash,
    int dynamic, uint64_t prior)
{
	return c->tq_head && (count_get(&c->scripts, path_hash) > 0 ||
	    (dynamic && (prior <= RARE_SHAPE ||
	    count_get(&c->cmd_clients, client_hash) > 0)));
}

static void
offer(struct st_corr *c, struct st_request *q)
{
	if (offered(c, q->path_hash, q->client_hash, q->dynamic, q->prior))
		recent_push(c, q);
}

static int64_t
distance(const struct ctree *t, const struct cand *q)
{
	int64_t mid = q->end_ms + (q->end_max_ms - q->end_ms) / 2;

	return mid > t->t_root ? mid - t->t_root : t->t_root - mid;
}

/* Something beyond nearness speaks for q. */
static int
eligible(const struct st_corr *c, const struct cand *e)
{
	return count_get(&c->scripts, e->path_hash) > 0 ||
	    count_get(&c->cmd_clients, e->client_hash) > 0 ||
	    e->prior == 0;
}

/* Another undecided tree is nearer to q: q is more likely its own. */
static int
nearer_tree(const struct st_corr *c, const struct ctree *t,
    const struct cand *e)
{
	const struct ctree *u;

	/* In root order: past q's end, no tree fits it. */
	for (u = c->tq_head; u && u->t_root <= e->end_max_ms + CLOCK_MS;
	    u = u->tq)
		if (u != t && u->kind == M_NONE && time_fits(c, u, e) &&
		    distance(u, e) < distance(t, e))
			return 1;
	return 0;
}

/* Is a better than b for t?  The order is the rule, first key first. */
static int
better(const struct st_corr *c, const struct ctree *t,
    const struct cand *a, const struct cand *b)
{
	long long ka[5], kb[5];
	int i;

	ka[0] = a->q && a->q->ties > 0;
	kb[0] = b->q && b->q->ties > 0;
	ka[1] = count_get(&c->scripts, a->path_hash) == 0;
	kb[1] = count_get(&c->scripts, b->path_hash) == 0;
	ka[2] = (long long)a->prior;
	kb[2] = (long long)b->prior;
	ka[3] = count_get(&c->cmd_clients, a->client_hash) == 0;
	kb[3] = count_get(&c->cmd_clients, b->client_hash) == 0;
	ka[4] = distance(t, a);
	kb[4] = distance(t, b);
	for (i = 0; i < 5; i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i];
	return a->seq < b->seq;
}

static void
decide(struct st_corr *c, struct ctree *t)
{
	struct cand *best = NULL, *e;
	struct st_request *q;
	size_t i;

	for (i = 0; t->kind == M_NONE && i < c->rlen; i++) {
		e = recent(c, i);
		if (!time_fits(c, t, e) || !eligible(c, e) ||
		    nearer_tree(c, t, e))
			continue;
		if (best == NULL || better(c, t, e, best))
			best = e;
	}
	if (best && (q = cand_request(best)) != NULL)
		tie(c, t, q, M_TIME, NULL);
	t->decided = 1;
}

void
st_corr_request(struct st_corr *c, struct st_request *q)
{
	struct shape *s = shape_of(c, q->shape, 1);

	c->stats.requests++;
	st_summary_request(c->summary, q);
	/* An untracked shape counts as seen before. */
	q->prior = s ? s->seen - s->tied : 1;
	if (s)
		s->seen++;
	if (!match_command(c, q))
		offer(c, q);
	req_unref(q);
}

/*
 * What st_corr_request would do with g, when no value is a command run
 * in a tree still indexed (match_command): count it, and keep it as a
 * candidate of the time decisions if offer() would.
 */
int
st_corr_glance(struct st_corr *c, const struct st_glance *g)
{
	struct shape *s = shape_of(c, g->shape, 1);
	uint64_t prior = s ? s->seen - s->tied : 1;
	size_t i;

	for (i = 0; i < g->nvalues; i++)
		if (u64map_get(&c->bycmd, g->vhash[i]))
			return 0;
	if (!st_summary_count(c->summary, g->client_hash))
		return 0;
	c->stats.requests++;
	if (s)
		s->seen++;
	if (offered(c, g->path_hash, g->client_hash, g->dynamic, prior))
		recent_push_glance(c, g, prior);
	return 1;
}

/* ---- release ---- */

/*
 * The web shell's file.  PHP-FPM and Apache run a script from its own
 * directory, so when the cwd ends with the script's directory, cwd
 * plus its name is the file; else the document root, if given.
 */
static void
script_of(const struct st_corr *c, const struct ctree *t,
    const struct st_request *q, struct sbuf *out)
{
	const char *slash = strrchr(q->path, '/');
	size_t dir, n = strlen(t->cwd);

	if (slash == NULL || strchr(slash, '.') == NULL)
		return;			/* a route, not a file */
	/* The directory is "" or starts with '/': a suffix match ends on
	 * a component boundary by itself. */
	dir = (size_t)(slash - q->path);
	if (n >= dir && memcmp(t->cwd + n - dir, q->path, dir) == 0)
		sb_addf(out, "%s%s", t->cwd, slash);
	else if (c->o.docroot)
		sb_addf(out, "%s%s", c->o.docroot, q->path);
}

static const char *
confidence(const struct st_corr *c, const struct ctree *t)
{
	const struct st_request *q = t->req;

	if (t->kind == M_COMMAND)
		return "high";
	if (count_get(&c->cmd_scripts, q->path_hash) ||
	    count_get(&c->cmd_clients, q->client_hash) ||
	    count_get(&c->pairs, hash_pair(q)) >= 2)
		return "medium";
	return "low";
}

static void
reason(const struct st_corr *c, const struct ctree *t, struct sbuf *b)
{
	const struct st_request *q = t->req;
	const struct st_value *v = t->value;
	uintptr_t pairs;

	if (t->kind == M_COMMAND) {
		if (*v->param == '\0')
			sb_adds(b, "the query string");
		else {
			sb_adds(b, "parameter ");
			st_escape(b, v->param, strlen(v->param));
		}
		sb_adds(b, v->base64 ? ", base64-decoded, equals the command" :
		    " equals the command");
		return;
	}
	sb_addf(b, "%s ", q->method);
	st_escape(b, q->path, strlen(q->path));
	sb_addf(b, " completed at most %lld ms after the %s",
	    (long long)(q->end_max_ms - t->t_root), t->cmdlen ? "exec" :
	    "write");
	if (count_get(&c->cmd_scripts, q->path_hash))
		sb_adds(b, "; its script ran commands by request");
	if (count_get(&c->cmd_clients, q->client_hash))
		sb_adds(b, "; its client ran commands by request");
	if ((pairs = count_get(&c->pairs, hash_pair(q))) >= 2)
		sb_addf(b, "; %lu trees from this client and script",
		    (unsigned long)pairs);
	if (q->prior == 0)
		sb_adds(b, "; its form was new");
}

static void
set_text(struct st_row *r, enum st_col col, const char *s)
{
	sb_clear(&r->text[col]);
	sb_adds(&r->text[col], s ? s : "");
}

static void
fill_request(struct st_corr *c, struct st_row *r, const struct ctree *t)
{
	struct st_request *q = t->req;

	set_text(r, ST_COL_CLIENT_IP, q->client);
	set_text(r, ST_COL_REMOTE_ADDR, st_request_text(q, ST_V_REMOTE_ADDR));
	set_text(r, ST_COL_FORWARDED_FOR, st_request_text(q, ST_V_XFF));
	set_text(r, ST_COL_METHOD, q->method);
	set_text(r, ST_COL_URI, st_request_uri(q));
	r->num[ST_COL_STATUS] = st_request_status(q) >= 0 ?
	    st_request_status(q) : ST_NUM_NONE;
	set_text(r, ST_COL_USER_AGENT, st_request_text(q, ST_V_USER_AGENT));
	sb_clear(&r->text[ST_COL_REQUEST_DATETIME]);
	st_time_iso(&r->text[ST_COL_REQUEST_DATETIME], q->logged_ms / 1000,
	    (unsigned)(q->logged_ms % 1000), &c->o.tz);
	set_text(r, ST_COL_MATCH, t->kind == M_COMMAND ? "command" : "time");
	set_text(r, ST_COL_CONFIDENCE, confidence(c, t));
	sb_clear(&r->text[ST_COL_MATCH_REASON]);
	reason(c, t, &r->text[ST_COL_MATCH_REASON]);
	sb_clear(&r->text[ST_COL_SCRIPT]);
	script_of(c, t, q, &r->text[ST_COL_SCRIPT]);
	sb_clear(&r->text[ST_COL_WEB_SOURCE]);
	sb_addf(&r->text[ST_COL_WEB_SOURCE], "%s:%llu", q->file,
	    (unsigned long long)q->line);
	r->group = GROUP_REQUEST | q->seq;
}

/* A row of a tree made web-originated by a request match. */
static void
promoted_row(struct st_row *r, const struct ctree *t, unsigned depth)
{
	r->web = 1;
	r->depth = depth;
	r->tree = (uint64_t)t->serial;
	r->num[ST_COL_TREE] = t->serial;
	r->num[ST_COL_DEPTH] = depth;
	sb_clear(&r->text[ST_COL_WEB_ORIGIN]);
	if (depth == 0)
		sb_adds(&r->text[ST_COL_WEB_ORIGIN], "request");
	else
		sb_addf(&r->text[ST_COL_WEB_ORIGIN], "tree:%s;request",
		    t->label);
}

static void
maybe_free_tree(struct st_corr *c, struct ctree *t)
{
	if ((t->web && !t->gone) || t->held || t->in_cmd || t->in_time)
		return;
	u64map_del(&c->trees, t->key);
	tree_free(t);
}

static void
write_out(struct st_corr *c, const struct st_row *r)
{
	int64_t ms = st_row_ms(r);

	if (ms < c->o.since_ms || ms > c->o.until_ms)
		return;
	c->w->row(c->w, r);
	c->stats.rows++;
	if (r->web)
		c->stats.web_rows++;
}

static void
write_row(struct st_corr *c, struct st_row *r)
{
	flush_notes(c, st_row_ms(r));
	if (r->web || c->o.all)
		write_out(c, r);
}

/*
 * A web server wrote a script (run.c makes such rows trees of their
 * own, without a command): the summary says when, and during which
 * request.  A rename's target is after its arrow.
 */
static void
script_written(struct st_corr *c, const struct st_row *r,
    const struct ctree *t)
{
	const char *path = sb_str(&r->text[ST_COL_TARGET]), *arrow;

	if (strncmp(sb_str(&r->text[ST_COL_DESC]), "File", 4) != 0)
		return;
	if ((arrow = strstr(path, " -> ")) != NULL)
		path = arrow + 4;
	if (!st_weborigin_dynamic(path))
		return;
	sb_clear(&c->tmp);
	sb_addf(&c->tmp, "%s[%lld] (%s)", sb_str(&r->text[ST_COL_COMM]),
	    r->num[ST_COL_PID], sb_str(&r->text[ST_COL_DESC]));
	st_summary_written(c->summary, path, st_row_ms(r), sb_str(&c->tmp),
	    t->req, sb_str(&r->text[ST_COL_CONFIDENCE]));
}

static void
release(struct st_corr *c, struct held *h)
{
	struct st_row *r = &h->row;
	struct ctree *t = h->t;
	struct member *m = t ? u64map_get(&c->members, r->seq) : NULL;

	if (t && t->promoted && !r->web)
		promoted_row(r, t, m ? m->depth : 0);
	if (t && t->req) {
		fill_request(c, r, t);
		if (r->depth == 0 && r->nargs)
			st_summary_tree(c->summary, t->req,
			    sb_str(&r->text[ST_COL_SCRIPT]),
			    sb_str(&r->text[ST_COL_ARGV]),
			    sb_str(&r->text[ST_COL_CONFIDENCE]));
	}
	if (t && t->cmdlen == 0 && r->text[ST_COL_TARGET].len)
		script_written(c, r, t);
	write_row(c, r);
	if (t) {
		t->held--;
		if (!t->promoted && m)
			free(u64map_del(&c->members, r->seq));
		maybe_free_tree(c, t);
	}
	st_row_release(r);
	free(h);
}

/*
 * Take t out of its bucket of the command index.  Its command, up to a
 * whole argument list, is no longer needed: web trees stay for their
 * descendants, and must not keep it.
 */
static void
unindex(struct st_corr *c, struct ctree *t)
{
	struct ctree *head = u64map_get(&c->bycmd, t->cmdhash), **pp;

	for (pp = &head; *pp && *pp != t; pp = &(*pp)->cmdnext)
		;
	if (*pp)
		*pp = t->cmdnext;
	if (head)
		u64map_put(&c->bycmd, t->cmdhash, head);
	else
		u64map_del(&c->bycmd, t->cmdhash);
	t->in_cmd = 0;
	free(t->command);
	t->command = NULL;
}

/*
 * A web tree is kept for the descendants its root may still have, with
 * its request for their rows; once the root is gone none can come.  A
 * promoted tree is found through its members, and stays.
 */
void
st_corr_gone(struct st_corr *c, uint64_t seq)
{
	struct ctree *t = u64map_get(&c->trees, seq);

	if (t && t->web && !t->promoted) {
		t->gone = 1;
		maybe_free_tree(c, t);
	}
}

void
st_corr_advance(struct st_corr *c, int64_t now)
{
	int64_t hold = c->o.cmd_window_ms + 3 * RES_MS;
	struct ctree *t;
	struct held *w, *n;

	while ((t = c->cmdq_head) && t->t_root + c->o.cmd_window_ms +
	    2 * RES_MS < now) {
		if ((c->cmdq_head = t->cmdq) == NULL)
			c->cmdq_tail = NULL;
		unindex(c, t);
		maybe_free_tree(c, t);
	}
	while ((t = c->tq_head) && t->t_root + c->o.time_window_ms +
	    2 * RES_MS < now) {
		decide(c, t);
		if ((c->tq_head = t->tq) == NULL)
			c->tq_tail = NULL;
		t->in_time = 0;
		maybe_free_tree(c, t);
	}
	/* A request ending before the oldest undecided root fits none. */
	recent_trim(c, c->tq_head ? c->tq_head->t_root - 2 * RES_MS : now -
	    c->o.time_window_ms - 3 * RES_MS);
	for (;;) {
		w = c->web.head;
		n = c->nonweb.head;
		if (w && (!n || st_row_ms(&w->row) <= st_row_ms(&n->row))) {
			if (st_row_ms(&w->row) + hold >= now)
				break;
			release(c, pop(&c->web));
		} else if (n) {
			if (st_row_ms(&n->row) + hold >= now)
				break;
			release(c, pop(&c->nonweb));
		} else
			break;
	}
}

void
st_corr_finish(struct st_corr *c)
{
	st_corr_advance(c, INT64_MAX);
	flush_notes(c, INT64_MAX);
}

static void
free_fifo(struct fifo *f)
{
	struct held *h;

	while ((h = pop(f)) != NULL) {
		st_row_release(&h->row);
		free(h);
	}
}

void
st_corr_free(struct st_corr *c)
{
	if (c == NULL)
		return;
	free_fifo(&c->web);
	free_fifo(&c->nonweb);
	free_fifo(&c->notes);
	recent_trim(c, INT64_MAX);
	free(c->recent);
	u64map_release_all(&c->trees, tree_free);
	u64map_release_all(&c->members, free);
	u64map_release_all(&c->shapes, free);
	u64map_release(&c->bycmd);
	u64map_release(&c->scripts);
	u64map_release(&c->cmd_scripts);
	u64map_release(&c->cmd_clients);
	u64map_release(&c->pairs);
	st_summary_free(c->summary);
	sb_release(&c->tmp);
	free(c);
}
