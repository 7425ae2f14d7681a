/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "output/json.h"
#include "output/jsonl.h"
#include "output/writer.h"

/*
 * One JSON object per line, the CSV's columns under the same names
 * plus "args", and on process rows Sigma's process_creation names for
 * the same values (Image, CommandLine ...), so that other Sigma back
 * ends can run their rules on the file as it is.
 */
struct jsonw {
	struct st_sink w;
	FILE		*out;
	struct sbuf	 line, tmp;
	enum st_col	 order[ST_NCOLS];
};

/*
 * Sigma's taxonomy (Sysmon's names): CommandLine is the exact
 * arguments joined by spaces, a value the logs do not give is null.
 */
static void
sigma_names(struct sbuf *b, const struct st_row *r, struct sbuf *tmp)
{
	static const struct { const char *name; enum st_col c; } text[] = {
		{ "Image", ST_COL_EXE }, { "ParentImage", ST_COL_PARENT_EXE },
		{ "ParentCommandLine", ST_COL_PARENT_COMMAND_LINE },
		{ "CurrentDirectory", ST_COL_CWD }, { "User", ST_COL_USER },
	};
	size_t i;

	if (r->note || r->num[ST_COL_PID] == ST_NUM_NONE)
		return;
	st_row_joined(r, tmp);
	sb_adds(b, ",\"CommandLine\":");
	if (r->nargs)
		st_json_str(b, tmp->s, tmp->len);
	else
		sb_adds(b, "null");
	for (i = 0; i < sizeof(text) / sizeof(*text); i++) {
		sb_addf(b, ",\"%s\":", text[i].name);
		if (r->text[text[i].c].len)
			st_json_str(b, r->text[text[i].c].s, r->text[text[i].c].len);
		else
			sb_adds(b, "null");
	}
	sb_addf(b, ",\"ProcessId\":%lld", r->num[ST_COL_PID]);
	if (r->num[ST_COL_PPID] == ST_NUM_NONE)
		sb_adds(b, ",\"ParentProcessId\":null");
	else
		sb_addf(b, ",\"ParentProcessId\":%lld", r->num[ST_COL_PPID]);
}

static void
json_row(struct st_sink *w, const struct st_row *r)
{
	struct jsonw *jw = (struct jsonw *)w;
	struct sbuf *b = &jw->line;
	enum st_col c;
	size_t i;

	sb_clear(b);
	sb_addc(b, '{');
	for (i = 0; i < ST_NCOLS; i++) {
		c = jw->order[i];
		if (i)
			sb_addc(b, ',');
		st_json_str(b, st_columns[c].name, strlen(st_columns[c].name));
		sb_addc(b, ':');
		if (st_columns[c].type == ST_CT_LIST)
			st_json_list(b, &r->text[c]);
		else if (st_columns[c].type != ST_CT_INT)
			st_json_str(b, r->text[c].s, r->text[c].len);
		else if (r->num[c] == ST_NUM_NONE)
			sb_adds(b, "null");
		else
			sb_addf(b, "%lld", r->num[c]);
	}
	sb_adds(b, ",\"args\":[");
	for (i = 0; i < r->nargs; i++) {
		if (i)
			sb_addc(b, ',');
		if (r->args[i].p)
			st_json_str(b, r->args[i].p, r->args[i].len);
		else
			sb_adds(b, "null");
	}
	sb_addc(b, ']');
	sigma_names(b, r, &jw->tmp);
	sb_adds(b, "}\n");
	fwrite(b->s, 1, b->len, jw->out);
}

static int
json_finish(struct st_sink *w)
{
	struct jsonw *jw = (struct jsonw *)w;

	return st_writer_flush(jw->out);
}

static void
json_free(struct st_sink *w)
{
	struct jsonw *jw = (struct jsonw *)w;

	sb_release(&jw->line);
	sb_release(&jw->tmp);
	free(jw);
}

struct st_sink *
st_jsonl_new(FILE *out, const struct st_writer_opts *o)
{
	struct jsonw *jw = st_calloc(1, sizeof(*jw));

	st_writer_order(o, jw->order);
	jw->w.row = json_row;
	jw->w.finish = json_finish;
	jw->w.free = json_free;
	jw->out = out;
	return &jw->w;
}
