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
	struct sbuf	 cell, safe, line;
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

/*
 * A quoted cell at the end of line.  libcsv's csv_fwrite puts a byte at
 * a time, a tenth of a run's time on a large timeline; csv_write into
 * room for the worst case (every byte a quote, and the two around) and
 * one write per row do not.
 */
static void
quoted(struct sbuf *line, const char *s, size_t len)
{
	size_t room = 2 * len + 2;

	sb_commit(line, csv_write(sb_reserve(line, room), room, s, len));
}

void
st_csv_cell(FILE *out, const char *s, size_t len)
{
	struct sbuf cell = SBUF_INIT, safe = SBUF_INIT, line = SBUF_INIT;
	const struct sbuf *v;

	st_escape(&cell, s, len);
	v = inert(&cell, &safe, 0);
	quoted(&line, sb_str(v), v->len);
	fwrite(line.s, 1, line.len, out);
	sb_release(&cell);
	sb_release(&safe);
	sb_release(&line);
}

static void
header(struct csvw *cw)
{
	size_t i;

	sb_clear(&cw->line);
	for (i = 0; i < ST_NCOLS; i++) {
		if (i)
			sb_addc(&cw->line, ',');
		quoted(&cw->line, st_columns[cw->order[i]].name,
		    strlen(st_columns[cw->order[i]].name));
	}
	sb_add(&cw->line, "\r\n", 2);
	fwrite(cw->line.s, 1, cw->line.len, cw->out);
}

static void
csvw_row(struct st_sink *w, const struct st_row *r)
{
	struct csvw *cw = (struct csvw *)w;
	const struct sbuf *v;
	enum st_col c;
	size_t i;

	sb_clear(&cw->line);
	for (i = 0; i < ST_NCOLS; i++) {
		c = cw->order[i];
		if (i)
			sb_addc(&cw->line, ',');
		sb_clear(&cw->cell);
		st_row_display(&cw->cell, r, c);
		if (st_columns[c].type == ST_CT_INT) {
			sb_add(&cw->line, cw->cell.s, cw->cell.len);
			continue;
		}
		v = inert(&cw->cell, &cw->safe, cw->raw);
		quoted(&cw->line, sb_str(v), v->len);
	}
	sb_add(&cw->line, "\r\n", 2);
	fwrite(cw->line.s, 1, cw->line.len, cw->out);
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
	sb_release(&cw->line);
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
	header(cw);
	return &cw->w;
}
