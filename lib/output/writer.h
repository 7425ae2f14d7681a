/* SPDX-License-Identifier: ISC */
/*
 * writer.h: write timeline rows as CSV, JSON lines or a table.
 *
 * A writer is a sink (timeline/sink.h): it knows rows and columns,
 * nothing about audit records.  Every cell a person may read passes
 * through base/escape.h first; JSON lines keep the exact bytes, with
 * invalid UTF-8 escaped reversibly.  The FILE stays the caller's.
 */
#ifndef ST_WRITER_H
#define ST_WRITER_H

#include <stdio.h>

#include "timeline/row.h"
#include "timeline/sink.h"

/* What a user can ask for with --format. */
enum st_format {
	ST_FMT_TABLE,
	ST_FMT_CSV,
	ST_FMT_JSONL,
	ST_FMT_ECS,
	ST_FMT_HTML,
};

struct st_writer_opts {
	int		 color;		/* ANSI colours (a terminal) */
	unsigned	 width;		/* columns to fit, 0: no limit */
	int		 csv_raw;	/* keep cells a spreadsheet would run */
	int		 timesketch;	/* Timesketch's columns first */
	int		 full;		/* the table cuts no cell */
	int		 many_hosts;	/* the rows come from several hosts */
};

/*
 * The order CSV and JSON lines write the columns in: the row's, or with
 * timesketch the columns Timesketch's importer documents first
 * (message, timestamp, datetime, timestamp_desc, tag, as in its
 * example), then the others.  order holds ST_NCOLS.
 */
void		 st_writer_order(const struct st_writer_opts *o,
		    enum st_col order[ST_NCOLS]);

/* The writer of format f, onto out (output/csv.h, jsonl.h, table.h,
 * ecs.h, html.h). */
struct st_sink	*st_writer_new(enum st_format f, FILE *out,
		    const struct st_writer_opts *o);
/* The usual file name extension of f's output: "csv". */
const char	*st_writer_ext(enum st_format f);

/* fflush and check: 0, or -1 when anything failed to write. */
int		 st_writer_flush(FILE *out);

#endif
