#include "config.h"

#include "output/csv.h"
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
	default:
		return st_table_new(out, o);
	}
}

const char *
st_writer_ext(enum st_format f)
{
	return f == ST_FMT_CSV ? "csv" : f == ST_FMT_JSONL ? "jsonl" : "txt";
}

int
st_writer_flush(FILE *out)
{
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
