/* SPDX-License-Identifier: ISC */
/*
 * rules.h: what a command is for (recon, download, reverse shell
 * ...), by rules compiled once with PCRE2.
 *
 * A rules file is a list of [id] sections of key = value lines (see
 * rules/default.rules, which is built in).  A rule matches a row when
 * every pattern it gives matches: argv (the exact arguments joined by
 * spaces), exe, parent (the ancestors, "php-fpm8.2 > sh") and cwd.
 * Classification is a stage in front of the writer: only rows written
 * are classified, and it fills the tags, severity and attack columns,
 * and says in the message what an "echo BASE64 | base64 -d" decodes to.
 */
#ifndef ST_RULES_H
#define ST_RULES_H

#include <stddef.h>
#include <stdio.h>

#include "base/sbuf.h"
#include "timeline/sink.h"

enum st_severity {
	ST_SEV_NONE, ST_SEV_INFO, ST_SEV_LOW, ST_SEV_MEDIUM, ST_SEV_HIGH,
	ST_SEV_CRITICAL,
};

struct st_rules;

/* "high"; "" for none.  And back: ST_SEV_NONE when not a name. */
const char	*st_severity_name(enum st_severity s);
enum st_severity st_severity_parse(const char *name);
/* The comma-separated ids of more added to list's, each once. */
void		 st_ids_merge(struct sbuf *list, const char *more,
		    struct sbuf *tmp);

/* The built-in rules, not compiled yet. */
struct st_rules	*st_rules_new(void);
void		 st_rules_free(struct st_rules *r);

/*
 * Add the rules of text (name for messages: a file name); a rule of an
 * id already known replaces it.  -1 with "name:line: why" in err.
 */
int		 st_rules_add(struct st_rules *r, const char *text, size_t len,
		    const char *name, char *err, size_t errlen);
int		 st_rules_add_file(struct st_rules *r, const char *path,
		    char *err, size_t errlen);
/* Compile every pattern (JIT); -1 with the rule and pattern in err. */
int		 st_rules_compile(struct st_rules *r, char *err, size_t errlen);

/* One line per rule: id, severity, category, ATT&CK ids, title. */
void		 st_rules_list(const struct st_rules *r, FILE *fp);

struct st_classes {
	struct sbuf	 tags;		/* rule ids, comma-separated */
	struct sbuf	 attack;	/* technique ids, each once */
	enum st_severity severity;	/* the highest */
};

/* Match a command; v is cleared first. */
void		 st_rules_match(struct st_rules *r, const char *argv,
		    size_t argvlen, const char *exe, const char *parent,
		    const char *cwd, struct st_classes *v);

/*
 * A web-shell manager's wrapper, taken off: rules with a tool and a
 * wrapper pattern say how each manager wraps the operator's command
 * ("cd \"DIR\";CMD;echo TAG;pwd;echo TAG2").  A match's cmd group is
 * unwrapped again, a few levels deep (a manager's sh inside PHP's).
 */
struct st_unwrap {
	struct sbuf	 tool;		/* the first one not "generic" */
	struct sbuf	 command;	/* the innermost cmd, exact bytes */
	struct sbuf	 cwd, tag;	/* the outermost ones given */
	const char	*rule;		/* the innermost rule's id, or NULL */
	struct sbuf	 work;
};

/*
 * Unwrap cmd into u (emptied first): the levels taken off, 0 when no
 * wrapper matched (u then empty).
 */
int		 st_rules_unwrap(struct st_rules *r, const char *cmd,
		    size_t len, struct st_unwrap *u);
void		 st_unwrap_release(struct st_unwrap *u);

/*
 * A writer that classifies each row, then hands it to next (which it
 * then owns).  rules must be compiled and outlive it.
 */
struct st_sink *st_rules_sink(struct st_sink *next,
		    struct st_rules *rules);

#endif
