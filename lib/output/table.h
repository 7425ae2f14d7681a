/* SPDX-License-Identifier: ISC */
/*
 * table.h: the timeline for a person at a terminal, each request's
 * trees as one block.
 */
#ifndef ST_TABLE_H
#define ST_TABLE_H

#include <stdio.h>

#include "output/writer.h"

struct st_sink	*st_table_new(FILE *out, const struct st_writer_opts *o);

#endif
