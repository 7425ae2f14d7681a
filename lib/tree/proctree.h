/* SPDX-License-Identifier: ISC */
/*
 * proctree.h: rebuild process trees from audit events alone.
 *
 * Per node, a table maps each pid to the process that last held it.
 * An exec links to the process holding its ppid at that moment, so a
 * reused pid never joins the wrong tree.  When the rules record fork
 * or clone, their exit value names the child, which links an orphan
 * (reparented to pid 1 before it exec'd) to the process that forked it;
 * without them, an orphan whose arguments a web shell's command line
 * named a moment before is linked to that command (relink.h).  Every
 * SYSCALL record teaches
 * the comm and exe of its pid, which names parents that never exec'd
 * in the logs (they stay placeholders: "? php-fpm8.2[11316]").
 *
 * A process stays in memory while its pid is in the table or while a
 * descendant does; ancestors are reference counted and freed without
 * recursion, so a chain 50,000 deep costs no stack.
 */
#ifndef ST_PROCTREE_H
#define ST_PROCTREE_H

#include <stdint.h>

#include "audit/event.h"
#include "audit/record.h"
#include "base/sbuf.h"
#include "tree/weborigin.h"

enum st_why {
	ST_WHY_SERVER	= 1 << 0,	/* descends from a web server */
	ST_WHY_USER	= 1 << 1,	/* web account, no login session */
	ST_WHY_ROOT	= 1 << 2,	/* cwd under a web root */
	ST_WHY_TREE	= 1 << 3,	/* its parent is web-originated */
	ST_WHY_RELINK	= 1 << 4,	/* detached from a web command that
					 * named it (relink.h) */
};

struct st_proc {
	struct st_proc	*parent;	/* counted reference */
	struct st_proc	*root;		/* top of its web tree, or NULL */
	struct st_proc	*server;	/* nearest web server ancestor */
	unsigned	 refs;
	uint32_t	 node;
	long long	 pid, ppid;
	struct st_stamp id;		/* when it was exec'd or first seen */
	char		*comm, *exe;
	char		*cmd;		/* its arguments joined by spaces,
					 * NUL bytes made spaces; NULL when
					 * not known whole */
	char		*why_text;	/* "user:www-data;webroot:/opt/www" */
	uint64_t	 seq;		/* creation order, unique per tree */
	unsigned	 depth;		/* levels below root */
	unsigned	 why;		/* ST_WHY_* */
	struct st_proc	*newer, *older;	/* in the table, by last use */
	unsigned	 listed:1;	/* in the table, so on that list */
	unsigned	 placeholder:1;	/* never seen exec'ing */
	unsigned	 forked:1;	/* made by a fork/clone record */
	unsigned	 relinked:1;	/* an orphan put under its launcher */
	unsigned	 is_server:1;
	unsigned	 web:1;
};

struct st_proctree;

struct st_proctree	*st_proctree_new(const struct st_weborigin *cfg);
void		 st_proctree_free(struct st_proctree *t);

/*
 * The pid tables hold at most ST_PROCTREE_MAX processes: audit logs do not
 * say when a process ends, so past that the one unused the longest is
 * let go of (its descendants keep their link to it).  fn hears of each,
 * by node name and pid.
 */
#define ST_PROCTREE_MAX	65536
typedef void	(*st_proctree_evict_fn)(void *ctx, const char *node, long long pid);
void		 st_proctree_limit(struct st_proctree *t, size_t max, st_proctree_evict_fn fn,
		    void *ctx);

/*
 * fn hears the seq of each process freed: out of the pid table with no
 * descendant left in it, so no later exec can descend from it.
 */
typedef void	(*st_proctree_gone_fn)(void *ctx, uint64_t seq);
void		 st_proctree_on_gone(struct st_proctree *t, st_proctree_gone_fn fn, void *ctx);

/*
 * Learn from an event that is not a successful exec.  Returns the
 * process now holding the event's pid, or NULL when it has none.
 */
const struct st_proc *st_proctree_learn(struct st_proctree *t,
		    const struct st_event *ev);

/*
 * Add a successful exec.  The process returned belongs to the tree and
 * stays valid until the next call.
 */
const struct st_proc *st_proctree_exec(struct st_proctree *t,
		    const struct st_event *ev);

/*
 * A file change by a web or app server process (not one it started)
 * that made a script under a web root: how a web shell file appears.
 */
int		 st_proctree_server_script(struct st_proctree *t,
		    const struct st_proc *p, const struct st_event *ev);

/* "? php-fpm8.2[11316] > sh[13545] > cat[13546]", at most max levels. */
void		 st_proctree_chain(const struct st_proc *p, unsigned max,
		    struct sbuf *out);

/* Processes currently in the pid tables (for tests and the report). */
uint64_t	 st_proctree_size(const struct st_proctree *t);

#endif
