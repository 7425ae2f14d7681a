/* SPDX-License-Identifier: ISC */
/*
 * event.h: one audit event as the rest of shelltrail sees it.
 *
 * The audit reader fills an st_event from a libauparse event; the
 * process-tree builder consumes it.  Only what the trees and the
 * timeline need is kept, already decoded.
 */
#ifndef ST_EVENT_H
#define ST_EVENT_H

#include <stdint.h>

#include "audit/record.h"
#include "base/absent.h"
#include "base/sbuf.h"

#define ST_UID_UNSET	4294967295LL	/* auid/ses of a non-login process */

enum st_argflag {
	ST_ARG_MISSING	= 1 << 0,	/* position below argc never written */
	ST_ARG_BADENC	= 1 << 1,	/* neither quoted nor valid hex */
	ST_ARG_PIECEGAP	= 1 << 2,	/* aN[k] pieces missing or misordered */
	ST_ARG_LENDIFF	= 1 << 3,	/* aN_len disagrees with the pieces */
};

struct st_arg {
	struct sbuf	 b;		/* decoded bytes */
	unsigned	 flags;
	/* Assembly state for aN[k] pieces. */
	long		 declen;	/* aN_len, or -1 */
	long		 nextpiece;	/* next expected k, or -1: no pieces */
	int		 present;
	int		 hex;		/* the pieces were hex-encoded */
};

enum st_argvflag {
	ST_ARGV_PROCTITLE = 1 << 0,	/* no EXECVE: taken from PROCTITLE */
	ST_ARGV_CUT	  = 1 << 1,	/* PROCTITLE was cut by the kernel */
	ST_ARGV_SHORT	  = 1 << 2,	/* fewer arguments than argc */
	ST_ARGV_LONG	  = 1 << 3,	/* more arguments than argc */
	ST_ARGV_NONE	  = 1 << 4,	/* neither EXECVE nor PROCTITLE */
	ST_ARGV_DROPPED	  = 1 << 5,	/* an index beyond the limit */
	ST_ARGV_ATTEMPT	  = 1 << 6,	/* failed exec: the path it tried */
};

struct st_argv {
	struct st_arg	*v;
	size_t		 n;		/* slots in use */
	size_t		 cap;
	long long	 argc;		/* as logged, or ST_NUM_NONE */
	unsigned	 flags;
};

enum st_evkind {
	ST_EV_OTHER,			/* no SYSCALL record */
	ST_EV_SYSCALL,			/* any syscall but a successful exec */
	ST_EV_EXEC,			/* a successful execve/execveat */
	ST_EV_EXEC_FAILED,		/* an execve/execveat that failed */
	ST_EV_NET,			/* connect, bind or listen */
	ST_EV_FILE,			/* a file made, written, renamed,
					 * removed or its mode changed */
};

struct st_source {
	const char	*file;		/* owned by the file list */
	uint64_t	 line;
};

struct st_event {
	enum st_evkind	 kind;
	const char	*node;		/* "" when the log has no node= */
	struct st_stamp id;
	long long	 pid, ppid, uid, euid, auid, ses, exit;
	int		 success;	/* 1, 0, or -1 when absent */
	struct sbuf	 syscall;	/* name, e.g. "execve" */
	struct sbuf	 user, euser, auser;	/* names from ENRICHED */
	struct sbuf	 tty, comm, exe, key, cwd;
	struct sbuf	 proctitle;	/* as logged: decode it with
					 * st_fields_value when needed */
	struct sbuf	 path0;		/* name of the first PATH item */
	/* For ST_EV_NET and ST_EV_FILE: "127.0.0.1:4444", "/var/www/x.php",
	 * "/tmp/a -> /var/www/b.php" for a rename. */
	struct sbuf	 target;
	struct sbuf	 created, deleted, normal;	/* PATH items by nametype */
	long long	 a1, a2;	/* arguments: open's flags */
	struct st_argv	 argv;
	unsigned	 problems;	/* ST_EVP_* */
	struct st_source src;
};

enum st_evproblem {
	ST_EVP_TWO_SYSCALLS = 1 << 0,	/* two SYSCALL records, one serial */
	ST_EVP_BADNUM	    = 1 << 1,	/* a number that does not parse */
	ST_EVP_TORN	    = 1 << 2,	/* a record on a file's last, cut line */
};

void	st_event_init(struct st_event *ev);
void	st_event_reset(struct st_event *ev);
void	st_event_release(struct st_event *ev);

/* argv helpers, also used by the tests */
void	st_event_argv_reset(struct st_argv *a);
void	st_event_argv_release(struct st_argv *a);
/* Slot i, created (and the slots before it) when needed; NULL when
 * i is beyond the limit. */
struct st_arg *st_event_argv_slot(struct st_argv *a, unsigned long i);
#define ST_ARGV_MAX	131072		/* positions kept per exec */

#endif
