/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "output/csv.h"
#include "output/writer.h"

/*
 * RFC 4180 through libcsv: every text cell quoted, CRLF line ends.
 * Cells hold no raw newlines (base/escape.h escapes them), since Timesketch
 * and many spreadsheets split rows on them regardless of quoting.
 *
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR
 * before them) as a formula: a user agent of =HYPERLINK(...) would be a
 * link, =cmd|... a command.  Such cells get a leading quote, which
 * spreadsheets show as text; --csv-raw keeps them as they are.
 */
struct csvw {
	struct st_sink w;
	FILE		*out;
	struct sbuf	 cell, safe;
	int		 raw;
	enum st_col	 order[ST_NCOLS];
};

static const struct sbuf *
inert(const struct sbuf *c, struct sbuf *safe, int raw)
{
	if (raw || c->len == 0 || c->s[0] == '\0' ||
	    !strchr("=+-@\t\r", c->s[0]))
		return c;
	sb_clear(safe);
	sb_addc(safe, '\'');
	sb_add(safe, c->s, c->len);
	return safe;
}

void
st_csv_cell(FILE *out, const char *s, size_t len)
{
	struct sbuf cell = SBUF_INIT, safe = SBUF_INIT;
	const struct sbuf *v;

	st_escape(&cell, s, len);
	v = inert(&cell, &safe, 0);
	csv_fwrite(out, sb_str(v), v->len);
	sb_release(&cell);
	sb_release(&safe);
}

static void
header(FILE *out, const enum st_col *order)
{
	size_t i;

	for (i = 0; i < ST_NCOLS; i++) {
		if (i)
			fputc(',', out);
		csv_fwrite(out, st_columns[order[i]].name,
		    strlen(st_columns[order[i]].name));
	}
	fputs("\r\n", out);
}

static void
csvw_row(struct st_sink *w, const struct st_row *r)
{
	struct csvw *cw = (struct csvw *)w;
	const struct sbuf *v;
	enum st_col c;
	size_t i;

	for (i = 0; i < ST_NCOLS; i++) {
		c = cw->order[i];
		if (i)
			fputc(',', cw->out);
		sb_clear(&cw->cell);
		st_row_display(&cw->cell, r, c);
		if (st_columns[c].type == ST_CT_INT) {
			fputs(sb_str(&cw->cell), cw->out);
			continue;
		}
		v = inert(&cw->cell, &cw->safe, cw->raw);
		csv_fwrite(cw->out, sb_str(v), v->len);
	}
	fputs("\r\n", cw->out);
}

static int
csvw_finish(struct st_sink *w)
{
	struct csvw *cw = (struct csvw *)w;

	return st_writer_flush(cw->out);
}

static void
csvw_free(struct st_sink *w)
{
	struct csvw *cw = (struct csvw *)w;

	sb_release(&cw->cell);
	sb_release(&cw->safe);
	free(cw);
}

struct st_sink *
st_csv_new(FILE *out, const struct st_writer_opts *o)
{
	struct csvw *cw = st_calloc(1, sizeof(*cw));

	cw->raw = o->csv_raw;
	cw->w.row = csvw_row;
	cw->w.finish = csvw_finish;
	cw->w.free = csvw_free;
	cw->out = out;
	st_writer_order(o, cw->order);
	header(out, cw->order);
	return &cw->w;
}
