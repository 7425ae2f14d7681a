#include "config.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "writer.h"

/*
 * RFC 4180 through libcsv: every text cell quoted, CRLF line ends.
 * Cells hold no raw newlines (textesc escapes them), since Timesketch
 * and many spreadsheets split rows on them regardless of quoting.
 */
struct csvw {
	struct st_writer w;
	struct sbuf	 cell;
};

static void
header(FILE *out)
{
	size_t c;

	for (c = 0; c < ST_NCOLS; c++) {
		if (c)
			fputc(',', out);
		csv_fwrite(out, st_columns[c].name,
		    strlen(st_columns[c].name));
	}
	fputs("\r\n", out);
}

static void
csvw_row(struct st_writer *w, const struct st_row *r)
{
	struct csvw *cw = (struct csvw *)w;
	size_t c;

	for (c = 0; c < ST_NCOLS; c++) {
		if (c)
			fputc(',', w->out);
		sb_clear(&cw->cell);
		st_cell_display(&cw->cell, r, c);
		if (st_columns[c].type == ST_CT_INT)
			fputs(sb_str(&cw->cell), w->out);
		else
			csv_fwrite(w->out, cw->cell.s ? cw->cell.s : "",
			    cw->cell.len);
	}
	fputs("\r\n", w->out);
}

static int
csvw_finish(struct st_writer *w)
{
	return st_writer_flush(w->out);
}

static void
csvw_free(struct st_writer *w)
{
	struct csvw *cw = (struct csvw *)w;

	sb_free(&cw->cell);
	free(cw);
}

struct st_writer *
st_writer_csv(FILE *out, const struct st_writer_opts *o)
{
	struct csvw *cw = st_calloc(1, sizeof(*cw));

	(void)o;
	cw->w.row = csvw_row;
	cw->w.finish = csvw_finish;
	cw->w.free = csvw_free;
	cw->w.out = out;
	header(out);
	return &cw->w;
}
