/* SPDX-License-Identifier: ISC */
/*
 * session.h: a web shell operator's sessions, the story a report needs.
 *
 * A manager's terminal marks every command of one session with the same
 * tag (AntSword's random hex, China Chopper's [S]): its trees are one
 * session on their script, whoever sends them.  Without a tag, the trees
 * of one script and one client are one session until a pause of
 * ST_SESSION_GAP_MS.  Only trees tied on evidence that names a client
 * make or join a session; the requests of its script and client that
 * ran nothing (a manager's file browser, its system information) are
 * counted in it.
 */
#ifndef ST_SESSION_H
#define ST_SESSION_H

#include <stdint.h>
#include <stdio.h>

#include "base/time.h"
#include "web/request.h"

#define ST_SESSION_GAP_MS	(30 * 60 * 1000)

struct st_sessions;

/* key: the run's hash key (tags are the attacker's text). */
struct st_sessions *st_sessions_new(uint64_t key);
void	st_sessions_free(struct st_sessions *s);

/* A request to a dynamic script, in order of completion; seq is its. */
void	st_sessions_request(struct st_sessions *s, uint64_t path_hash,
	    uint64_t client_hash, uint64_t seq, int64_t ms);

struct st_sesstree {
	const struct st_request *q;	/* its request */
	const char	*script;	/* the web shell, for display */
	const char	*tool;		/* the manager, or "" */
	const char	*tag;		/* its session marker, or "" */
	const char	*command;	/* the operator's, for display */
	const char	*cwd;		/* where it ran, for display */
	int64_t		 ms;		/* its root's exec */
};

/* A tree tied on evidence naming its client: its session's id (1...). */
unsigned	st_sessions_tree(struct st_sessions *s,
		    const struct st_sesstree *t);
/* A connection a process of session id made, HOST:PORT for display. */
void	st_sessions_endpoint(struct st_sessions *s, unsigned id,
	    const char *target);
void	st_sessions_print(const struct st_sessions *s, FILE *fp,
	    const struct st_tz *tz);

#endif
