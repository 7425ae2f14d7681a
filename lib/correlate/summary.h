/* SPDX-License-Identifier: ISC */
/*
 * summary.h: what a responder pastes into a report, per web shell
 * script and per client: who used it, when, and for which commands.
 */
#ifndef ST_SUMMARY_H
#define ST_SUMMARY_H

#include <stdint.h>
#include <stdio.h>

#include "base/time.h"
#include "web/request.h"

struct st_summary;

/* key: the run's hash key, the one the requests were parsed with. */
struct st_summary *st_summary_new(uint64_t key);
void	st_summary_free(struct st_summary *s);

/* Every request seen, for the per-client request counts. */
void	st_summary_request(struct st_summary *s, const struct st_request *q);
/*
 * The same by the client's hash alone: 0 (and nothing counted) when
 * the client is new, and st_summary_request must be given the request.
 */
int	st_summary_count(struct st_summary *s, uint64_t client_hash);
/*
 * What a tie says of its client: it ran the command (evidence enough
 * to name it); its request fits by time alone (named nowhere); it
 * injected the command into a page's own; the tree is the page's own
 * work, not an attack.
 */
enum st_sumrole { ST_SUM_NAMED, ST_SUM_TIME, ST_SUM_INJECT, ST_SUM_APP };

/*
 * A tree tied to request q: script is the web shell file as the logs
 * give it ("" when unknown), command the root's command line already
 * escaped for display, confidence "high", "medium" or "low", evidence
 * the tie's kind ("command", "worker", ...).
 */
void	st_summary_tree(struct st_summary *s, struct st_request *q,
	    const char *script, const char *command, const char *confidence,
	    const char *evidence, enum st_sumrole role);
/*
 * A script a web server wrote under a web root, at ms, by the process
 * by ("php-fpm8.2[11812] (File Rename)"), during request q (or NULL)
 * tied with confidence.
 */
void	st_summary_written(struct st_summary *s, const char *path, int64_t ms,
	    const char *by, const struct st_request *q, const char *confidence);
/* Web shell scripts that ran commands. */
size_t	st_summary_scripts(const struct st_summary *s);
void	st_summary_print(const struct st_summary *s, FILE *fp,
	    const struct st_tz *tz);

#endif
