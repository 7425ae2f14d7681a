/* SPDX-License-Identifier: ISC */
#include "config.h"

#include "output/csv.h"
#include "output/ecs.h"
#include "output/html.h"
#include "output/jsonl.h"
#include "output/table.h"
#include "output/writer.h"

struct st_sink *
st_writer_new(enum st_format f, FILE *out, const struct st_writer_opts *o)
{
	switch (f) {
	case ST_FMT_CSV:
		return st_csv_new(out, o);
	case ST_FMT_JSONL:
		return st_jsonl_new(out, o);
	case ST_FMT_ECS:
		return st_ecs_new(out, o);
	case ST_FMT_HTML:
		return st_html_new(out, o);
	default:
		return st_table_new(out, o);
	}
}

void
st_writer_order(const struct st_writer_opts *o, enum st_col order[ST_NCOLS])
{
	static const enum st_col first[] = {
		ST_COL_MESSAGE, ST_COL_TIMESTAMP, ST_COL_DATETIME, ST_COL_DESC,
		ST_COL_TAG,
	};
	size_t i, k, n = 0;

	if (o->timesketch)
		for (i = 0; i < sizeof(first) / sizeof(*first); i++)
			order[n++] = first[i];
	for (i = 0; i < ST_NCOLS; i++) {
		for (k = 0; k < n && order[k] != (enum st_col)i; k++)
			;
		if (k == n)
			order[n++] = (enum st_col)i;
	}
}

const char *
st_writer_ext(enum st_format f)
{
	switch (f) {
	case ST_FMT_CSV:
		return "csv";
	case ST_FMT_JSONL:
	case ST_FMT_ECS:
		return "jsonl";
	case ST_FMT_HTML:
		return "html";
	default:
		return "txt";
	}
}

int
st_writer_flush(FILE *out)
{
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
