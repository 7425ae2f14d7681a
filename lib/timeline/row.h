/* SPDX-License-Identifier: ISC */
/*
 * row.h: one line of the timeline, as every writer sees it.
 *
 * The row model knows nothing of audit records or processes: rows are
 * made from them in build.h, and everything after that stage (the
 * correlator, the classifier, the writers) sees only columns.
 *
 * A row is a fixed set of named columns.  Writers iterate over the
 * column table instead of naming fields, so CSV, JSON lines and the
 * table can never disagree about a name.  Text cells hold either the
 * exact bytes from the logs (raw: a writer must escape them for a
 * person) or text already made safe (argv, chain, message).
 */
#ifndef ST_ROW_H
#define ST_ROW_H

#include <stdint.h>

#include "base/absent.h"
#include "base/sbuf.h"
#include "base/time.h"

enum st_col {
	ST_COL_DATETIME, ST_COL_LOCAL_DATETIME, ST_COL_TIMESTAMP, ST_COL_DESC, ST_COL_MESSAGE,
	ST_COL_HOST, ST_COL_SERIAL, ST_COL_PID, ST_COL_PPID, ST_COL_UID,
	ST_COL_USER, ST_COL_EUID, ST_COL_AUID, ST_COL_SES, ST_COL_TTY,
	ST_COL_COMM, ST_COL_EXE, ST_COL_ARGV, ST_COL_ARGC, ST_COL_ARGV_NOTE,
	ST_COL_CWD, ST_COL_KEY, ST_COL_SYSCALL, ST_COL_SUCCESS, ST_COL_EXIT,
	ST_COL_CHAIN, ST_COL_PARENT_EXE, ST_COL_PARENT_COMMAND_LINE,
	ST_COL_WEB_ORIGIN, ST_COL_TREE, ST_COL_DEPTH, ST_COL_SOURCE,
	ST_COL_CLIENT_IP, ST_COL_REMOTE_ADDR, ST_COL_FORWARDED_FOR,
	ST_COL_METHOD, ST_COL_URI, ST_COL_STATUS, ST_COL_USER_AGENT,
	ST_COL_REQUEST_DATETIME, ST_COL_MATCH, ST_COL_CONFIDENCE,
	ST_COL_MATCH_REASON, ST_COL_SCRIPT, ST_COL_WEB_SOURCE, ST_COL_WEB_PID,
	ST_COL_SESSION, ST_COL_TOOL, ST_COL_OPERATOR_COMMAND, ST_COL_OPERATOR_CWD,
	ST_COL_TAGS, ST_COL_TAG, ST_COL_SEVERITY, ST_COL_ATTACK, ST_COL_SIGMA_TITLE,
	ST_COL_SIGMA_ID, ST_COL_SIGMA_LEVEL, ST_COL_TARGET, ST_COL_RUNNING,
	ST_NCOLS
};

enum st_coltype {
	ST_CT_RAW,			/* exact bytes from the logs */
	ST_CT_SAFE,			/* already escaped for display */
	ST_CT_INT,			/* a number, or none */
	ST_CT_LIST,			/* comma-separated names, written
					 * as a JSON array of strings */
};

struct st_coldef {
	const char	*name;
	enum st_coltype	 type;
};

extern const struct st_coldef st_columns[ST_NCOLS];

/* The exact arguments, for JSON; a missing position has p == NULL. */
struct st_rowarg {
	char		*p;
	size_t		 len;
};

struct st_row {
	struct st_stamp id;
	int		 web;
	int		 note;		/* about the logs, not a process */
	uint64_t	 tree;		/* 0 when not in a web tree */
	unsigned	 depth;
	/* Links between rows, for the correlator: process creation
	 * numbers from the tree builder (0: none). */
	uint64_t	 seq, parent_seq, root_seq;
	uint64_t	 group;		/* rows shown together: a request or
					 * a tree */
	struct sbuf	 text[ST_NCOLS];
	long long	 num[ST_NCOLS];	/* ST_NUM_NONE when absent */
	struct st_rowarg *args;
	size_t		 nargs, capargs;
};

/* The row's time, in milliseconds since the epoch. */
static inline int64_t
st_row_ms(const struct st_row *r)
{
	return r->id.sec * 1000 + r->id.ms;
}

void	st_row_init(struct st_row *r);
void	st_row_release(struct st_row *r);
void	st_row_copy(struct st_row *dst, const struct st_row *src);
/* Empty every cell, keeping the memory. */
void	st_row_clear(struct st_row *r);
/*
 * Fill r as a note about the logs themselves ("Audit gap" ...): desc,
 * message (already safe to show) and, when known, the file and line
 * where it shows.
 */
void	st_row_note(struct st_row *r, const struct st_stamp *id,
	    const char *desc, const char *message, const char *file,
	    uint64_t line, const struct st_tz *tz);
/* datetime (UTC or a fixed offset), local_datetime (in tz) and
 * timestamp (microseconds since the epoch). */
void	st_row_times(struct st_row *r, const struct st_stamp *id,
	    const struct st_tz *tz);
/* Fill the tag column (Timesketch's list) from the tags column. */
void	st_row_tag(struct st_row *r);
/* Append a cell's text as a person should see it: raw text escaped. */
void	st_row_display(struct sbuf *out, const struct st_row *r, enum st_col c);
/* The exact arguments joined by spaces, into out (cleared first). */
void	st_row_joined(const struct st_row *r, struct sbuf *out);
/* Append an exact argument; p NULL for a missing position. */
void	st_row_arg(struct st_row *r, const char *p, size_t len);

#endif
