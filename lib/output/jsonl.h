/* SPDX-License-Identifier: ISC */
/*
 * jsonl.h: the timeline as JSON lines, one object per row, exact bytes.
 */
#ifndef ST_JSONL_H
#define ST_JSONL_H

#include <stdio.h>

#include "output/writer.h"

struct st_sink	*st_jsonl_new(FILE *out, const struct st_writer_opts *o);

#endif
