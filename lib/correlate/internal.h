/* SPDX-License-Identifier: ISC */
/*
 * internal.h: what the correlator's files share, and nobody else sees:
 * its trees, held rows, kept requests and time candidates, and the
 * functions one file offers the others.
 */
#ifndef ST_CORR_INTERNAL_H
#define ST_CORR_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"
#include "base/u64map.h"
#include "correlate/corr.h"
#include "correlate/session.h"
#include "correlate/summary.h"

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

/*
 * The evidence a tie rests on, weakest last: a parameter equals the
 * command; the serving process is the root's parent; a parameter sits
 * inside the command (contains), or equals an argument of a program run
 * without a shell; the script's directory is the root's cwd (place),
 * with time; time alone.
 */
enum match { M_NONE, M_COMMAND, M_TIME, M_WORKER, M_CONTAINS, M_ARGUMENT,
    M_PLACE };

/* Strong enough to name the client: all but time alone. */
#define STRONG(k)	((k) != M_NONE && (k) != M_TIME)

/* Candidates a tree's contains evidence keeps; more, and it is
 * ambiguous whatever else is known. */
#define EV_MAX		8
/* Trees one request may be tied to by other than a command: a page
 * may run a few commands a request, never thousands. */
#define REQ_TREES	16
/* Components of a cwd compared with a script's directory. */
#define SUF_MAX		16

/*
 * A request as the correlator keeps it: shared by the trees tied to it
 * and the time candidates that hold it.
 */
struct creq {
	struct st_request *q;
	unsigned	 refs;
	unsigned	 ties;		/* trees tied to it */
	uint64_t	 prior;		/* earlier requests of its shape that
					 * ran nothing */
};

/* A request whose value sits inside a tree's command. */
struct evid {
	struct creq	*r;
	const struct st_value *v;
};

/* A manager's wrapper around a root's command (rules.h): exact bytes. */
struct wrap {
	char		*tool, *command, *cwd, *tag;
};

/* A process tree: web-originated, or a candidate for a request match. */
struct ctree {
	uint64_t	 key;		/* its root's process seq */
	int		 web, promoted;
	int64_t		 t_root;	/* the root exec, in ms */
	long long	 pid, ppid;	/* ppid: a web worker's pid? */
	char		*command;	/* what a parameter must equal */
	size_t		 cmdlen;
	uint64_t	 cmdhash;
	char		*cwd;
	uint64_t	 suf[SUF_MAX];	/* its cwd's last 1, 2... components */
	unsigned	 nsuf;
	/* Bit k: its cwd lies k components below a known document root;
	 * 0 when below none. */
	uint32_t	 root_depths;
	int		 shell;		/* its root is "sh -c CMD" */
	int		 relaunch;	/* its root only launches: see trees.c */
	int		 relaunched;	/* and its command is the launched one */
	/* The requests with the longest value inside its command. */
	struct evid	 ev[EV_MAX];
	unsigned	 nev, evover;
	size_t		 evlen;
	int		 inject;	/* tied by a value carrying shell syntax */
	uint64_t	*subs;		/* what its values may be (contains.c) */
	size_t		 nsubs, capsubs, hashed;
	int		 unindexed;	/* too many to index */
	char		*amb;		/* ambiguous: the candidates, for people */
	char		*label;		/* "sh[17452]" */
	long long	 serial;	/* the root exec's serial */
	unsigned	 held;		/* its rows still held */
	struct creq	*req;
	enum match	 kind;
	const struct st_value *value;	/* the value that matched */
	int		 decided, in_cmd, in_time;
	int		 in_turn;	/* its request taken in turn (bytime.c) */
	int		 gone;		/* its root left the process tree */
	size_t		 cmdpos;	/* in its command's list, while listed */
	int		 listed;
	struct ctree	*cmdq;		/* the command queue, by arrival */
	struct wrap	*wrap;		/* its root's, or NULL */
	unsigned	 session;	/* its session's id, or 0 */
};

/*
 * The trees whose root runs one command (by keyed hash), by root time:
 * a request's window is found by binary search over their times, and
 * trees already tied by command are stepped over through links that
 * are shortened as they are followed.  A look-up costs about log n,
 * however often the command repeats (a list once made it n).
 */
struct cmdlist {
	struct ctree	**v;
	int64_t		*at;		/* v[i]'s root time, kept when v[i] goes */
	size_t		*next;		/* v[i] gone: look again from next[i] */
	size_t		 n, cap, gone;
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
	int64_t		 end_ms, end_max_ms, start_ms, anchor_ms;
	uint64_t	 path_hash, client_hash, prior, seq;
	uint64_t	 dir_hash;	/* place: st_request's */
	unsigned	 dir_depth;
	int		 place;
	/* The request, or until one is chosen only its glance: few are
	 * chosen, and parsing a request again costs. */
	struct creq	*q;
	struct st_glance *g;
	/* Where g is copied, kept when the entry is released: a busy log
	 * pushes a glance per request through the rings, and a malloc and
	 * free each was a tenth of the correlating thread. */
	struct st_glance *room;
	size_t		 roomsize;
};

struct st_corr {
	struct st_corr_opts o;
	struct st_sink *w;
	struct st_corr_stats stats;
	struct u64map	 trees;		/* root seq -> ctree */
	struct u64map	 members;	/* process seq -> member */
	struct u64map	 bycmd;		/* command hash -> struct cmdlist */
	struct ctree	*cmdq_head, *cmdq_tail;
	/* Web trees waiting for a time decision, by root time: an array, so
	 * that one out of order is placed by binary search. */
	struct ctree	**tq;
	size_t		 tq_first, tq_n, tq_cap;
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
	struct u64map	 workers;	/* pid -> struct wring (worker.c) */
	struct u64map	 subs;		/* word hash -> undecided trees with it */
	size_t		 unindexed;	/* undecided trees whose words are not */
	struct st_summary *summary;
	struct st_sessions *sessions;
	struct st_unwrap uw;
	struct sbuf	 tmp;
};

/* ties.c */
/* Counters kept as map values (u64map holds pointers). */
uintptr_t	 corr_count_get(const struct u64map *m, uint64_t k);
struct creq	*corr_creq_new(struct st_request *q);
void		 corr_creq_unref(struct creq *r);
struct shape	*corr_shape_of(struct st_corr *c, uint64_t h, int create);
void		 corr_tie(struct st_corr *c, struct ctree *t, struct creq *r,
		    enum match kind, const struct st_value *v);

/* trees.c */
struct ctree	*corr_tq_head(const struct st_corr *c);
size_t		 corr_tq_window(const struct st_corr *c, int64_t start_ms,
		    int64_t end_ms, int64_t end_max_ms, size_t *hi);
void		 corr_tq_pop(struct st_corr *c);
void		 corr_tree_free(void *v);
int		 corr_row_candidate(const struct st_row *r);
struct ctree	*corr_route(struct st_corr *c, struct st_row *r);
void		 corr_promote(struct st_corr *c, struct ctree *t);
void		 corr_unindex(struct st_corr *c, struct ctree *t);

/* command.c */
void		 corr_cmd_add(struct st_corr *c, struct ctree *t);
void		 corr_cmd_remove(struct st_corr *c, struct ctree *t);
void		 corr_cmd_free(void *list);
int		 corr_match_command(struct st_corr *c, struct creq *r);

/* bytime.c */
void		 corr_cand_of_request(struct cand *e, struct creq *r);
void		 corr_cand_peek_glance(struct cand *e,
		    const struct st_glance *g, uint64_t prior);
void		 corr_cand_of_glance(struct cand *e, const struct st_glance *g,
		    uint64_t prior);
void		 corr_cand_release(struct cand *e);
void		 corr_cand_free(struct cand *e);
struct creq	*corr_cand_request(struct cand *e);
int		 corr_time_fits(const struct st_corr *c, const struct ctree *t,
		    const struct cand *q);
void		 corr_recent_push_glance(struct st_corr *c,
		    const struct st_glance *g, uint64_t prior);
void		 corr_recent_trim(struct st_corr *c, int64_t before);
void		 corr_recent_free(struct st_corr *c);
int		 corr_offered(const struct st_corr *c, const struct cand *e,
		    int dynamic);
void		 corr_offer(struct st_corr *c, struct creq *r);
void		 corr_decide(struct st_corr *c, struct ctree *t);

/* contains.c */
int		 corr_contains_wanted(const struct st_corr *c,
		    const struct st_glance *g);
void		 corr_subs_add(struct st_corr *c, struct ctree *t);
void		 corr_subs_remove(struct st_corr *c, struct ctree *t);
void		 corr_match_contains(struct st_corr *c, struct creq *r);
int		 corr_decide_evidence(struct st_corr *c, struct ctree *t);
void		 corr_evidence_release(struct ctree *t);

/* place.c */
void		 corr_place_of(struct st_corr *c, struct ctree *t);
int		 corr_place(const struct ctree *t, const struct cand *e);
int		 corr_place_wanted(const struct st_corr *c, const struct cand *e);
int64_t		 corr_distance(const struct ctree *t, const struct cand *e);
int		 corr_same_moment(const struct ctree *t, const struct cand *a,
		    const struct cand *b);
void		 corr_ambiguous(struct st_corr *c, struct ctree *t,
		    struct cand *const *v, size_t n);

/* worker.c */
void		 corr_worker_request(struct st_corr *c, struct creq *r);
void		 corr_worker_glance(struct st_corr *c, const struct st_glance *g,
		    uint64_t prior);
int		 corr_match_worker(struct st_corr *c, struct ctree *t);
void		 corr_worker_free(void *ring);

/* columns.c */
/* What the request says: client ... web_source, its row group. */
void		 corr_request_columns(struct st_row *r, struct st_request *q,
		    const struct st_tz *tz);
void		 corr_fill_request(struct st_corr *c, struct st_row *r,
		    const struct ctree *t);
const char	*corr_match_name(const struct ctree *t);
enum st_sumrole	 corr_role(const struct ctree *t);
void		 corr_fill_ambiguous(struct st_row *r, const struct ctree *t);
void		 corr_promoted_row(struct st_row *r, const struct ctree *t,
		    unsigned depth);
void		 corr_script_written(struct st_corr *c, const struct st_row *r,
		    const struct ctree *t);

/* hold.c */
void		 corr_push(struct fifo *f, struct held *h);
struct held	*corr_pop(struct fifo *f);
void		 corr_flush_notes(struct st_corr *c, int64_t ms);
void		 corr_maybe_free(struct st_corr *c, struct ctree *t);
void		 corr_unhold(struct st_corr *c, struct held *h);
void		 corr_free_fifo(struct fifo *f);

#endif
