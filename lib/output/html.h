/* SPDX-License-Identifier: ISC */
/*
 * html.h: the timeline as one self-contained HTML report.
 *
 * The file carries the rows as JSON in a data block and the script that
 * draws them (stories per host and session, process trees, a chart of
 * requests and execs per client, filters).  It loads nothing, and its
 * Content-Security-Policy lets only its own style and script run.
 */
#ifndef ST_HTML_H
#define ST_HTML_H

#include <stdio.h>

#include "output/writer.h"

struct st_sink	*st_html_new(FILE *out, const struct st_writer_opts *o);

#endif
