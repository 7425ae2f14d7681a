#include "config.h"

#include "batch/wire.h"
#include "base/escape.h"
#include "output/writer.h"

struct st_writer *
st_writer_new(enum st_format f, FILE *out, const struct st_writer_opts *o)
{
	switch (f) {
	case ST_FMT_CSV:
		return st_writer_csv(out, o);
	case ST_FMT_JSONL:
		return st_writer_jsonl(out, o);
	case ST_FMT_WIRE:
		return st_writer_wire(out);
	default:
		return st_writer_table(out, o);
	}
}

void
st_cell_display(struct sbuf *out, const struct st_row *r, enum st_col c)
{
	const struct sbuf *t = &r->text[c];

	switch (st_columns[c].type) {
	case ST_CT_INT:
		if (r->num[c] != ST_NUM_NONE)
			sb_addf(out, "%lld", r->num[c]);
		break;
	case ST_CT_RAW:
		st_escape(out, t->s, t->len);
		break;
	case ST_CT_SAFE:
		sb_add(out, t->s, t->len);
		break;
	}
}

int
st_writer_flush(FILE *out)
{
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
