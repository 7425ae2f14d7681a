/*
 * writer.h: write timeline rows as CSV, JSON lines or a table.
 *
 * A writer knows rows and columns, nothing about audit records.  Every
 * cell a person may read passes through textesc first; JSON lines keep
 * the exact bytes, with invalid UTF-8 escaped reversibly.
 */
#ifndef ST_WRITER_H
#define ST_WRITER_H

#include <stdio.h>

#include "timeline/row.h"
#include "base/time.h"

enum st_format {
	ST_FMT_TABLE,
	ST_FMT_CSV,
	ST_FMT_JSONL,
	ST_FMT_WIRE,		/* to the batch scan's writer (rowwire.h) */
};

struct st_writer_opts {
	struct st_tz	 tz;
	int		 color;		/* ANSI colours (a terminal) */
	unsigned	 width;		/* columns to fit, 0: no limit */
	int		 csv_raw;	/* keep cells a spreadsheet would run */
};

struct st_writer {
	void	(*row)(struct st_writer *w, const struct st_row *r);
	/* Flush everything held; -1 when writing failed. */
	int	(*finish)(struct st_writer *w);
	void	(*free)(struct st_writer *w);
	FILE	*out;
};

struct st_writer *st_writer_new(enum st_format f, FILE *out,
		    const struct st_writer_opts *o);

/* Writers, one per file; st_writer_new picks one. */
struct st_writer *st_writer_csv(FILE *out, const struct st_writer_opts *o);
struct st_writer *st_writer_jsonl(FILE *out, const struct st_writer_opts *o);
struct st_writer *st_writer_table(FILE *out, const struct st_writer_opts *o);

/* One CSV cell of text from the logs: escaped, quoted and inert. */
void	st_csv_cell(FILE *out, const char *s, size_t len);

/* fflush and check: 0, or -1 when anything failed to write. */
int	st_writer_flush(FILE *out);

/* Append a cell's text as a person should see it. */
void	st_cell_display(struct sbuf *out, const struct st_row *r,
	    enum st_col c);

#endif
