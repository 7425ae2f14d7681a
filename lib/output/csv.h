/* SPDX-License-Identifier: ISC */
/*
 * csv.h: the timeline as RFC 4180 CSV, through libcsv, safe to open in
 * a spreadsheet and to import into Timesketch.
 */
#ifndef ST_CSV_H
#define ST_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "output/writer.h"

struct st_sink	*st_csv_new(FILE *out, const struct st_writer_opts *o);

/* One CSV cell of text from the logs: escaped, quoted and inert. */
void		 st_csv_cell(FILE *out, const char *s, size_t len);

#endif
