/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "audit/feed.h"
#include "audit/integrity.h"
#include "audit/prefilter.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/u64map.h"
#include "correlate/corr.h"
#include "correlate/hunt.h"
#include "run/run.h"
#include "base/strset.h"
#include "input/passwd.h"
#include "input/pssnap.h"
#include "timeline/build.h"
#include "timeline/running.h"
#include "timeline/timedsink.h"
#include "timeline/row.h"
#include "tree/proctree.h"
#include "web/accesslog.h"
#include "web/errlog.h"
#include "web/logthread.h"

/* Exec time to its request's log line: nginx's and Apache's timeouts,
 * with room for a command that keeps its request open. */
#define CMD_WINDOW_MS	300000
/* A request tied by time alone must complete this soon after. */
#define TIME_WINDOW_MS	10000
/* Requests are logged out of order by about this much. */
#define DISORDER_MS	2000
#define STEP_LINES	4096
#define LEAD_MS		30000	/* audit read ahead of the requests, at most */

struct pipeline {
	const struct st_run_opts *o;
	struct st_proctree	*tree;
	struct st_corr	*corr;
	struct st_row	 row;
	struct st_run_stats	*stats;
	int		 requests;	/* access logs will be read */
	uint64_t	 done, total;
	uint64_t	 key;		/* hashes of attacker's text */
	struct st_integrity *ig;
	struct st_sink *w;
	struct st_stageclock clk;	/* this thread's, with --stats */
	struct st_producer_times access;	/* the access thread's */
	int		 finished;	/* notes go straight to the writer */
	uint64_t	 scripts;	/* scripts written by servers */
	uint64_t	 script_proc;	/* the last one's process */
	int64_t		 script_ms;	/* and time */
};

/* Tree keys of server-written scripts: apart from process seqs. */
#define ST_ACTIVITY_KEY	(1ULL << 62)
/* Writes of one process this close are one request's. */
#define SCRIPT_GAP_MS	1000

static void
emit(struct pipeline *pl, const struct st_event *ev, const struct st_proc *p)
{
	const struct st_argv *a = &ev->argv;

	/* Making a row costs: only for one the correlator will keep. */
	if (!st_corr_wants(pl->corr, p->web, p->parent ? p->parent->seq : 0,
	    st_corr_candidate(a->n, a->n > 0 ? a->v[0].b.s : NULL,
	    a->n > 1 ? a->v[1].b.s : NULL)))
		return;
	st_build_exec(&pl->row, ev, p, &pl->o->tz);
	if (pl->row.text[ST_COL_HOST].len == 0 && pl->o->host)
		sb_adds(&pl->row.text[ST_COL_HOST], pl->o->host);
	st_corr_exec(pl->corr, &pl->row);
}

/*
 * Is p in a web tree for what it does: a program a web shell ran, or a
 * fork of one not exec'ing yet (a shell's child connects the reverse
 * shell's socket, "bash -i >& /dev/tcp/...", before it execs bash).
 */
static int
in_web_tree(const struct st_proc *p)
{
	return p->web && (!p->placeholder || (p->parent && p->parent->web &&
	    !p->parent->placeholder));
}

/*
 * A connection or file change: a row when a program a web shell ran
 * made it, in its tree; or when a web server made a script under a web
 * root, a tree of its own that only a request can explain (an upload).
 * What the server or application process itself does (never seen
 * exec'ing: its database and cache connections) would drown the rest.
 */
static void
activity(struct pipeline *pl, const struct st_event *ev,
    const struct st_proc *p)
{
	int script = st_proctree_server_script(pl->tree, p, ev);

	if (!in_web_tree(p) && !script && !pl->o->all)
		return;
	st_build_activity(&pl->row, ev, p, &pl->o->tz);
	if (!in_web_tree(p))
		pl->row.web = 0;	/* written with --all, found by no one */
	if (pl->row.text[ST_COL_HOST].len == 0 && pl->o->host)
		sb_adds(&pl->row.text[ST_COL_HOST], pl->o->host);
	if (script) {
		/* One request's writes (a rename, then a chmod) together. */
		if (p->seq != pl->script_proc || st_row_ms(&pl->row) >
		    pl->script_ms + SCRIPT_GAP_MS)
			pl->scripts++;
		pl->script_proc = p->seq;
		pl->script_ms = st_row_ms(&pl->row);
		pl->row.web = 1;
		pl->row.root_seq = pl->row.group = ST_ACTIVITY_KEY |
		    pl->scripts;
	}
	st_corr_exec(pl->corr, &pl->row);
	if (script)	/* nothing descends from a file */
		st_corr_gone(pl->corr, pl->row.root_seq);
}

static void
on_event(void *ctx, struct st_event *ev)
{
	struct pipeline *pl = ctx;
	const struct st_proc *p;

	switch (ev->kind) {
	case ST_EV_SYSCALL:
		st_proctree_learn(pl->tree, ev);
		break;
	case ST_EV_EXEC_FAILED:
		pl->stats->failed++;
		p = st_proctree_learn(pl->tree, ev);
		if (pl->o->failed && p)
			emit(pl, ev, p);
		break;
	case ST_EV_EXEC:
		pl->stats->execs++;
		p = st_proctree_exec(pl->tree, ev);
		if (p->web)
			pl->stats->web++;
		emit(pl, ev, p);
		break;
	case ST_EV_NET:
	case ST_EV_FILE:
		if ((p = st_proctree_learn(pl->tree, ev)) != NULL)
			activity(pl, ev, p);
		break;
	default:
		break;
	}
}

static void
on_record(void *ctx, const struct st_record *al, const struct st_file *f,
    uint64_t line)
{
	st_integrity_audit(((struct pipeline *)ctx)->ig, al, f, line);
}

/*
 * A finding about the logs becomes a row: among the others while
 * reading, after them for those that need the whole of the logs.
 */
static void
on_finding(void *ctx, const struct st_finding *x)
{
	struct pipeline *pl = ctx;

	if (!pl->o->integrity)
		return;		/* counted only */
	st_row_note(&pl->row, &x->id, x->desc, x->message, x->file, x->line,
	    &pl->o->tz);
	if (pl->o->host)
		sb_adds(&pl->row.text[ST_COL_HOST], pl->o->host);
	if (!pl->finished)
		st_corr_note(pl->corr, &pl->row);
	else if (x->id.sec * 1000 + x->id.ms >= pl->o->since_ms &&
	    x->id.sec * 1000 + x->id.ms <= pl->o->until_ms)
		pl->w->row(pl->w, &pl->row);
}

static void
on_progress(void *ctx, uint64_t bytes)
{
	struct pipeline *pl = ctx;

	pl->done += bytes;
	pl->o->progress(pl->o->pctx, pl->done, pl->total);
}

/* The access logs as one stream; again: files already read once. */
static struct st_accesslog *
access_feed(const struct st_run_opts *o, struct st_files *fl,
    struct st_run_stats *stats, uint64_t key, int again)
{
	struct st_accesslog *a = st_accesslog_new(o->formats, o->skew_ms,
	    TIME_WINDOW_MS, o->hash && !again, key);
	size_t i;

	if (again)
		st_accesslog_again(a);
	if (o->parse_all)
		st_accesslog_reference(a);
	for (i = 0; i < fl->n; i++)
		if (fl->v[i]->kind == ST_KIND_ACCESS && !fl->v[i]->skipped) {
			st_accesslog_add(a, fl->v[i]);
			stats->access_files += !again;
		}
	return a;
}

/* A request the correlator needs whole is parsed again, here. */
static void
take_request(struct pipeline *pl, const struct st_glance *g)
{
	struct st_request *q;

	if (st_corr_glance(pl->corr, g))
		return;
	if ((q = st_glance_request(g)) != NULL)
		st_corr_request(pl->corr, q);
}

/*
 * Both streams in time order: a request goes to the correlator only
 * once the audit side has handed out every exec that could be its.
 */
static void
merge(struct pipeline *pl, struct st_feed *feed, struct st_accesslog *acc)
{
	struct st_logthread *rs = st_logthread_start(acc);
	const struct st_glance *g;
	int audit = 1, more;
	int64_t aw, qw, qlast = INT64_MIN / 2;

	for (;;) {
		aw = audit ? st_feed_watermark(feed) : INT64_MAX;
		/*
		 * While the other thread parses, read audit logs rather than
		 * wait; but not far past the requests, or held rows pile up.
		 */
		g = st_logthread_peek(rs, 0, &more);
		if (g == NULL && more && audit && aw < qlast + LEAD_MS) {
			audit = st_feed_step(feed, STEP_LINES);
			continue;
		}
		if (g == NULL && more) {
			st_stageclock_to(&pl->clk, ST_STAGE_WAIT);
			g = st_logthread_peek(rs, 1, &more);
		}
		st_stageclock_to(&pl->clk, ST_STAGE_REQUESTS);
		if (g)
			qlast = g->end_ms;
		if (g && g->end_max_ms + 1000 < aw) {
			/*
			 * Every decision this request cannot change is made
			 * first, wherever the audit side is: so what is
			 * written depends on the logs alone, not on which
			 * thread ran ahead.
			 */
			st_corr_advance(pl->corr, g->end_ms - DISORDER_MS);
			st_integrity_web(pl->ig, g->end_ms);
			take_request(pl, g);
			st_logthread_skip(rs);
			continue;
		}
		if (audit)
			audit = st_feed_step(feed, STEP_LINES);
		else if (g == NULL)
			break;
		qw = g ? g->end_ms - DISORDER_MS : INT64_MAX;
		st_stageclock_to(&pl->clk, ST_STAGE_REQUESTS);
		st_corr_advance(pl->corr, aw < qw ? aw : qw);
	}
	st_logthread_stop(rs, &pl->access);
}

static void
tree_gone(void *corr, uint64_t seq)
{
	st_corr_gone(corr, seq);
}

static void
forget_pid(void *feed, const char *node, long long pid)
{
	st_feed_forget(feed, node, pid);
}

/* The web servers' error logs: what they say of their workers. */
static void
error_logs(const struct st_run_opts *o, struct st_files *fl)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i]->errlog && fl->v[i]->kind == ST_KIND_OTHER)
			st_errlog_read(fl->v[i], o->hash);
}

static void
read_logs(struct pipeline *pl, struct st_files *fl)
{
	struct st_feed *feed = st_feed_new(on_event, pl);
	struct st_accesslog *acc = access_feed(pl->o, fl, pl->stats, pl->key,
	    0);
	struct st_file **order;
	size_t n, i;

	error_logs(pl->o, fl);
	st_files_audit_order(fl, &order, &n);
	for (i = 0; i < n; i++)
		pl->total += order[i]->size;
	pl->stats->audit_files = n;
	if (pl->o->progress)
		st_feed_progress(feed, on_progress, pl);
	if (pl->o->hash)
		st_feed_hashing(feed);
	st_feed_want(feed, (pl->o->failed ? ST_WANT_FAILED : 0) |
	    (pl->o->parse_all ? ST_WANT_ALL : 0));
	st_proctree_limit(pl->tree, ST_PROCTREE_MAX, forget_pid, feed);
	st_feed_records(feed, on_record, pl);
	st_feed_clock(feed, &pl->clk);
	st_feed_begin(feed, order, n);
	merge(pl, feed, acc);
	st_stageclock_to(&pl->clk, ST_STAGE_EVENTS);
	/* Counted by the feed: events withheld from libauparse count too. */
	pl->stats->events = st_feed_events(feed);
	pl->stats->parsed = st_feed_parsed(feed);
	pl->stats->withheld = st_feed_withheld(feed);
	pl->stats->failed += st_feed_failed_withheld(feed);
	st_corr_finish(pl->corr);
	pl->finished = 1;
	st_integrity_finish(pl->ig, fl);
	pl->stats->integrity = st_integrity_problems(pl->ig);
	pl->stats->pairs = *st_accesslog_pairs(acc);
	st_feed_framing(feed, &pl->stats->framer_busy,
	    &pl->stats->framer_life);
	st_accesslog_free(acc);
	st_feed_free(feed);
	free(order);
}

/* Is a file of this kind to be read (with stream: from a stream)? */
static int
has(const struct st_files *fl, enum st_kind kind, int stream)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i]->kind == kind && !fl->v[i]->skipped &&
		    (!stream || fl->v[i]->stream))
			return 1;
	return 0;
}

/* The audit logs, with the access logs their requests are tied from. */
static void
audit_logs(struct pipeline *pl, const struct st_corr_opts *co,
    struct st_files *fl, struct st_run_result *res)
{
	pl->corr = res->corr = st_corr_new(co, pl->w);
	pl->ig = st_integrity_new(on_finding, pl);
	st_proctree_on_gone(pl->tree, tree_gone, pl->corr);
	read_logs(pl, fl);
	res->stats.corr = *st_corr_stats(pl->corr);
	st_integrity_free(pl->ig);
}

enum hunt_pass { LEARN = 1, JUDGE = 2 };

struct hunting {
	struct st_hunt	*h;
	struct st_sink	*w;
	enum hunt_pass	 pass;
};

static void
hunt_one(void *ctx, struct st_request *q)
{
	struct hunting *x = ctx;

	if (x->pass & LEARN)
		st_hunt_learn(x->h, q);
	if (x->pass & JUDGE)
		st_hunt_judge(x->h, q, x->w);
}

/* A pass of the hunt over every request (correlate/hunt.h). */
static void
hunt_pass(struct pipeline *pl, struct st_files *fl, struct st_hunt *h,
    enum hunt_pass pass)
{
	struct st_accesslog *acc = access_feed(pl->o, fl, pl->stats, pl->key,
	    !(pass & LEARN));
	struct hunting x = { h, pl->w, pass };

	st_accesslog_each(acc, hunt_one, &x);
	if (pass & LEARN)
		pl->stats->pairs = *st_accesslog_pairs(acc);
	st_accesslog_free(acc);
}

/* No audit log: what the access logs alone say of web shells. */
static void
hunt_logs(struct pipeline *pl, struct st_files *fl)
{
	struct st_hunt_opts ho;
	struct st_hunt *h;

	memset(&ho, 0, sizeof(ho));
	ho.tz = pl->o->tz;
	ho.host = pl->o->host;
	ho.since_ms = pl->o->since_ms;
	ho.until_ms = pl->o->until_ms;
	h = st_hunt_new(&ho);
	st_stageclock_to(&pl->clk, ST_STAGE_REQUESTS);
	/* A stream is read once: each request judged on what came before. */
	if (has(fl, ST_KIND_ACCESS, 1)) {
		hunt_pass(pl, fl, h, LEARN | JUDGE);
		pl->stats->hunt_one_pass = 1;
	} else {
		hunt_pass(pl, fl, h, LEARN);
		hunt_pass(pl, fl, h, JUDGE);
	}
	pl->stats->hunted = 1;
	pl->stats->hunt = *st_hunt_stats(h);
	st_hunt_free(h);
}

/* The process lists among the files, each said in the report. */
static void
process_lists(struct st_files *files, struct st_pssnap *ps)
{
	struct st_file *f;
	struct sbuf b = SBUF_INIT;
	char err[256];
	size_t i, before;
	int rc;

	for (i = 0; i < files->n; i++) {
		f = files->v[i];
		if (f->kind != ST_KIND_OTHER || f->aside ||
		    !st_pssnap_candidate(f))
			continue;
		before = ps->procs;
		if ((rc = st_pssnap_read(ps, f, err, sizeof(err))) == 0)
			continue;
		sb_clear(&b);
		if (rc < 0)
			sb_addf(&b, "a process list, not read: %s", err);
		else
			sb_addf(&b, "a process list: %zu processes",
			    ps->procs - before);
		f->aside = sb_detach(&b);
	}
}

/* Does a file of this host lie in scope? */
static int
host_has(const struct st_files *files, const char *scope)
{
	size_t i;

	for (i = 0; i < files->n; i++)
		if (st_webconf_in_scope(scope, st_file_rel(files->v[i])))
			return 1;
	return 0;
}

/*
 * What this host's own configurations say of its sites: its document
 * roots (for the place evidence, and as web roots) and web accounts,
 * added to the lists given.  web is NULL when they name none.
 */
struct host_facts {
	struct st_weborigin *web;
	const char	**roots;
	size_t		 nroots;
};

/* The lists to add to: a copy of the ones given, made once. */
static struct st_weborigin *
own_web(const struct st_run_opts *o, struct host_facts *h, size_t roots)
{
	if (h->web == NULL) {
		h->web = st_weborigin_dup(o->web);
		h->roots = st_calloc(roots + 1, sizeof(*h->roots));
	}
	return h->web;
}

/* The account names of the lists, to look up. */
static void
user_name(void *ctx, const char *kind, const char *name)
{
	if (strcmp(kind, "user") == 0)
		st_strset_add(ctx, name, SIZE_MAX);
}

/* Each name's uid in passwd, added to web; what was found into said. */
static void
add_uids(struct st_weborigin *web, const struct sbuf *passwd,
    struct sbuf *said)
{
	struct st_strset names = { NULL, 0, 0 };
	char num[32], err[128];
	long long uid;
	size_t i;

	st_weborigin_list(web, user_name, &names);
	for (i = 0; i < names.n; i++) {
		if ((uid = st_passwd_uid(passwd->s, passwd->len,
		    names.v[i])) < 0)
			continue;
		snprintf(num, sizeof(num), "%lld", uid);
		if (st_weborigin_add_user(web, num, err, sizeof(err)) == 0)
			sb_addf(said, "%s %s (%s)", said->len ? "," :
			    "an account list: web accounts", names.v[i], num);
	}
	st_strset_release(&names);
}

/*
 * The host's collected etc/passwd gives the uids of the web accounts
 * by name (RAW logs have no names); what it gave is in the report.
 */
static void
passwd_uids(const struct st_run_opts *o, struct st_files *files,
    struct host_facts *h)
{
	struct st_file *f;
	struct sbuf text = SBUF_INIT, said = SBUF_INIT;
	char err[256];
	size_t i;

	for (i = 0; o->web && i < files->n; i++) {
		f = files->v[i];
		if (!st_passwd_candidate(f) || f->web_writable || f->aside)
			continue;
		sb_clear(&text);
		sb_clear(&said);
		if (st_passwd_read(f, &text, err, sizeof(err)) < 0)
			sb_addf(&said, "an account list, not read: %s", err);
		else
			add_uids(own_web(o, h, 0), &text, &said);
		if (said.len) {
			free(f->aside);
			f->aside = sb_detach(&said);
		}
	}
	sb_release(&text);
	sb_release(&said);
}

static void
host_facts(const struct st_run_opts *o, struct st_files *files,
    struct host_facts *h)
{
	const struct st_webconf *c = o->webconf;
	const struct st_webfact *f;
	char err[256];
	size_t i;

	memset(h, 0, sizeof(*h));
	for (i = 0; c && o->web && i < c->nfacts; i++) {
		f = &c->facts[i];
		if (!host_has(files, f->scope))
			continue;
		own_web(o, h, c->nfacts);
		if (f->kind == ST_FACT_ROOT) {
			st_weborigin_add_root(h->web, f->value, err, sizeof(err));
			h->roots[h->nroots++] = f->value;
		} else
			st_weborigin_add_user(h->web, f->value, err, sizeof(err));
	}
	passwd_uids(o, files, h);
	if (h->web && st_weborigin_compile(h->web, err, sizeof(err)) < 0) {
		st_weborigin_free(h->web);
		h->web = NULL;
	}
}

/* CPU seconds of every thread of the process so far. */
static double
cpu_seconds(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) < 0)
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* --stats: the clock starts, and times the sinks too. */
static struct st_sink *
timing_start(struct pipeline *pl, struct st_sink *w, struct timespec *t0)
{
	if (!pl->o->stats)
		return w;
	pl->stats->timed = 1;
	pl->stats->cpu = -cpu_seconds();
	clock_gettime(CLOCK_MONOTONIC, t0);
	st_stageclock_start(&pl->clk, ST_STAGE_EVENTS);
	return st_timed_sink(w, &pl->clk);
}

static void
timing_end(struct pipeline *pl, const struct timespec *t0)
{
	struct st_run_stats *s = pl->stats;

	if (!s->timed)
		return;
	st_stageclock_stop(&pl->clk);
	memcpy(s->stage, pl->clk.s, sizeof(s->stage));
	s->access_busy = pl->access.busy;
	s->access_life = pl->access.life;
	s->wall = st_seconds_since(t0);
	s->cpu += cpu_seconds();
}

void
st_run(const struct st_run_opts *o, struct st_files *files,
    struct st_sink *sink, struct st_run_result *res)
{
	struct st_pssnap ps;
	struct host_facts own;
	struct st_corr_opts co;
	struct st_sink *w = sink;
	struct pipeline pl;
	struct timespec t0;

	memset(res, 0, sizeof(*res));
	res->files = files;
	memset(&pl, 0, sizeof(pl));
	pl.o = o;
	pl.stats = &res->stats;
	w = timing_start(&pl, w, &t0);
	pl.requests = has(files, ST_KIND_ACCESS, 0);
	memset(&co, 0, sizeof(co));
	co.tz = o->tz;
	co.docroot = o->docroot;
	host_facts(o, files, &own);
	co.roots = own.roots;
	co.nroots = own.nroots;
	co.all = o->all;
	co.hold = pl.requests;
	co.since_ms = o->since_ms;
	co.until_ms = o->until_ms;
	co.cmd_window_ms = CMD_WINDOW_MS;
	co.time_window_ms = TIME_WINDOW_MS;
	co.key = pl.key = st_hash_secret();
	co.rules = o->rules;
	pl.tree = st_proctree_new(own.web ? own.web : o->web);
	if (o->sigma) {
		res->sigma = o->sigma;
		res->sigma_hits = st_calloc(st_sigma_slots(o->sigma) + 1,
		    sizeof(*res->sigma_hits));
		w = st_sigma_sink(w, o->sigma, res->sigma_hits);
	}
	if (o->rules)
		w = st_rules_sink(w, o->rules);
	memset(&ps, 0, sizeof(ps));
	process_lists(files, &ps);
	if (ps.files)
		w = st_running_sink(w, &ps, &res->running);
	pl.w = w;
	st_row_init(&pl.row);
	if (pl.requests && !has(files, ST_KIND_AUDIT, 0))
		hunt_logs(&pl, files);
	else
		audit_logs(&pl, &co, files, res);
	if (w->finish(w) < 0)
		res->stats.write_error = 1;
	timing_end(&pl, &t0);
	w->free(w);
	st_pssnap_release(&ps);
	st_row_release(&pl.row);
	st_proctree_free(pl.tree);
	st_weborigin_free(own.web);
	free(own.roots);
}

void
st_run_summary(const struct st_run_result *res, FILE *fp)
{
	size_t i;

	if (res->corr)
		st_corr_summary(res->corr, fp);
	if (res->sigma)
		st_sigma_summary(res->sigma, res->sigma_hits, fp);
	if (res->running.n)
		fputs("\nStill running when the collection was taken (its "
		    "process list):\n", fp);
	for (i = 0; i < res->running.n; i++)
		fprintf(fp, "  %s\n", res->running.v[i]);
}

void
st_run_result_release(struct st_run_result *res)
{
	st_corr_free(res->corr);
	res->corr = NULL;
	free(res->sigma_hits);
	res->sigma_hits = NULL;
	st_strset_release(&res->running);
}

size_t
st_run_unreadable(const struct st_run_result *res)
{
	size_t i, n = 0;

	for (i = 0; i < res->files->n; i++)
		n += st_file_unread(res->files->v[i]);
	return n;
}

int
st_run_problems(const struct st_run_result *res)
{
	size_t i;

	for (i = 0; i < res->files->n; i++)
		if (res->files->v[i]->error || res->files->v[i]->warning ||
		    res->files->v[i]->malformed ||
		    res->files->v[i]->torn)
			return 1;
	return 0;
}
