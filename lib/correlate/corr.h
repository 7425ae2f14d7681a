/* SPDX-License-Identifier: ISC */
/*
 * corr.h: tie each web-originated process tree to the HTTP
 * request that ran it, on evidence.
 *
 * Exec rows and requests arrive as two streams, each in time order.
 * A tree is tied by command when a request parameter's decoded value
 * (or its base64 decoding) equals the command its root runs, and the
 * exec lies inside the request's time window: near-certain.  Failing
 * that, by the process that served the request being the root's parent
 * (worker.c), by a value inside the command (contains.c: command
 * injection, or the page's own work), by the script's directory being
 * the command's cwd (place.c), or by time, when something beyond
 * nearness speaks for the request (bytime.c).  When requests of several
 * clients fit alike, the tree is ambiguous and names no one; a tree
 * with no such request stays untied, never given the nearest request
 * just because it is near.
 *
 * Rows are held for the longest time a request may take to be logged
 * after its exec, then released in time order to the writer.  Memory
 * grows with the execs inside that window and with the web-originated
 * trees, not with the size of the logs.
 */
#ifndef ST_CORR_H
#define ST_CORR_H

#include <stdint.h>
#include <stdio.h>

#include "base/time.h"
#include "timeline/row.h"
#include "timeline/rules.h"
#include "timeline/sink.h"
#include "web/glance.h"
#include "web/request.h"

struct st_corr_opts {
	struct st_tz	 tz;
	const char	*docroot;	/* for the script, or NULL */
	/* The host's document roots, from its configurations: a tree
	 * whose cwd lies below one maps only to a script of the folder
	 * it is in below that root (place.c). */
	const char *const *roots;
	size_t		 nroots;
	int		 all;		/* write rows that are not web ones */
	int		 hold;		/* requests will come: hold rows */
	int64_t		 since_ms, until_ms;
	int64_t		 cmd_window_ms;	/* exec to its request's log line */
	int64_t		 time_window_ms; /* the same, for time matches */
	uint64_t	 key;		/* the requests' hash key */
	struct st_rules	*rules;		/* compiled: wrappers, or NULL */
};

struct st_corr_stats {
	uint64_t	 rows, web_rows;
	uint64_t	 requests, tied_command, tied_time, tied_worker;
	uint64_t	 tied_contains, tied_place;
	uint64_t	 promoted;	/* web-originated by a request alone */
	uint64_t	 dropped;	/* non-web rows let go early */
	uint64_t	 ambiguous;	/* trees too many requests fit alike */
};

struct st_corr;

struct st_corr	*st_corr_new(const struct st_corr_opts *o, struct st_sink *w);
void		 st_corr_free(struct st_corr *c);


/*
 * An exec row, copied; rows come in time order.  A row that is not
 * web-originated is only kept (without --all) while a request may still
 * promote it: a shell command line ("sh -c CMD", what PHP's system() and
 * popen() run) and its descendants.
 */
void		 st_corr_exec(struct st_corr *c, const struct st_row *r);
/* A note about the logs (row.h), written in time order with the rows. */
void		 st_corr_note(struct st_corr *c, const struct st_row *r);
/* The process seq left the process tree: nothing can descend from it. */
void		 st_corr_gone(struct st_corr *c, uint64_t seq);
/*
 * Would st_corr_exec keep a row, web-originated or not, whose parent
 * is parent_seq and which st_corr_candidate says may be promoted?  Lets
 * the caller skip making rows nobody keeps.
 */
int		 st_corr_wants(const struct st_corr *c, int web,
		    uint64_t parent_seq, int candidate);
/* Could an exec with these arguments be promoted by a request? */
int		 st_corr_candidate(size_t nargs, const char *argv0,
		    const char *argv1);
/* A request, in order of completion; c takes q (allocated) for its own. */
void		 st_corr_request(struct st_corr *c, struct st_request *q);
/*
 * A request at a glance, in its place in that order: 1 when that was
 * enough (most requests), 0 when the correlator needs it whole now (a
 * value may be a command it saw, or its client is new): then pass it
 * to st_corr_request, which does all the counting.
 */
int		 st_corr_glance(struct st_corr *c, const struct st_glance *g);
/* Nothing older than now_ms will come from either stream any more. */
void		 st_corr_advance(struct st_corr *c, int64_t now_ms);
/* Both streams ended: release everything. */
void		 st_corr_finish(struct st_corr *c);

const struct st_corr_stats *st_corr_stats(const struct st_corr *c);

/*
 * The summary for a report: per web shell script, its clients, first
 * and last request, and commands; per client, its user agents,
 * requests and commands.  Nothing when no tree was tied.
 */
void		 st_corr_summary(const struct st_corr *c, FILE *fp);
/* How many web shell scripts the summary names. */
size_t		 st_corr_scripts(const struct st_corr *c);

#endif
