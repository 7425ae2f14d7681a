/* SPDX-License-Identifier: ISC */
/*
 * sigma.h: Sigma rules (the SigmaHQ format) matched against the
 * timeline's rows.
 *
 * Rules are loaded from YAML files with libyaml and compiled once.
 * Each logsource shelltrail has evidence for is matched on the rows
 * made of it: category process_creation on execs (Sysmon's field
 * names, the parent being the process that forked the exec'ing one),
 * file_event and network_connection on the file and connection rows,
 * and service auditd on the audit records of those events, rebuilt
 * from the rows with their arguments decoded.  A rule shelltrail
 * cannot apply whole (another logsource, a field or modifier it does
 * not have, a placeholder with no value, an aggregation) is kept as
 * skipped with the reason, never half-applied.  Sigma filters
 * (documents with a filter section) are applied to the rules they
 * name.
 *
 * A matching row gets the rules' titles, ids and highest level in its
 * sigma columns, their ATT&CK techniques in attack, their other tags
 * in tags, and its severity raised to the level.
 */
#ifndef ST_SIGMA_H
#define ST_SIGMA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "timeline/sink.h"

struct st_sigma;

struct st_sigma	*st_sigma_new(void);
void		 st_sigma_free(struct st_sigma *s);

/*
 * Add the rules of a file, or of every .yml and .yaml file under a
 * directory.  -1 with the reason in err only when path cannot be read;
 * a rule that cannot be used is kept as skipped.
 */
int		 st_sigma_add_path(struct st_sigma *s, const char *path,
		    char *err, size_t errlen);
/* Add the rules of text (one or more YAML documents); name for listing. */
void		 st_sigma_add_text(struct st_sigma *s, const char *text,
		    size_t len, const char *name);
/* Apply the filters to their rules: once, after the last add. */
void		 st_sigma_finish(struct st_sigma *s);

/* Rules in use (filters not counted), and skipped. */
size_t		 st_sigma_loaded(const struct st_sigma *s);
size_t		 st_sigma_skipped(const struct st_sigma *s);
/* One line per rule, filter and skipped rule with its reason. */
void		 st_sigma_list(const struct st_sigma *s, FILE *fp);

/*
 * Matches per rule, for the summary: counts has st_sigma_slots slots
 * (per rule the rows it matched, and the rows its regular expressions
 * gave up on) and is the caller's.
 */
size_t		 st_sigma_slots(const struct st_sigma *s);
void		 st_sigma_summary(const struct st_sigma *s,
		    const uint64_t *counts, FILE *fp);

/*
 * A stage that matches each row, then hands it to next (which it then
 * owns).  s must be finished and outlive it; counts (or NULL) is added
 * to.
 */
struct st_sink	*st_sigma_sink(struct st_sink *next, const struct st_sigma *s,
		    uint64_t *counts);

#endif
