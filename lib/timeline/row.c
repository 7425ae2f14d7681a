/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "timeline/row.h"

const struct st_coldef st_columns[ST_NCOLS] = {
	[ST_COL_DATETIME]	= { "datetime", ST_CT_SAFE },
	[ST_COL_LOCAL_DATETIME]	= { "local_datetime", ST_CT_SAFE },
	[ST_COL_TIMESTAMP]	= { "timestamp", ST_CT_INT },
	[ST_COL_DESC]		= { "timestamp_desc", ST_CT_SAFE },
	[ST_COL_MESSAGE]	= { "message", ST_CT_SAFE },
	[ST_COL_HOST]		= { "host", ST_CT_RAW },
	[ST_COL_SERIAL]		= { "serial", ST_CT_INT },
	[ST_COL_PID]		= { "pid", ST_CT_INT },
	[ST_COL_PPID]		= { "ppid", ST_CT_INT },
	[ST_COL_UID]		= { "uid", ST_CT_INT },
	[ST_COL_USER]		= { "user", ST_CT_RAW },
	[ST_COL_EUID]		= { "euid", ST_CT_INT },
	[ST_COL_AUID]		= { "auid", ST_CT_RAW },
	[ST_COL_SES]		= { "ses", ST_CT_RAW },
	[ST_COL_TTY]		= { "tty", ST_CT_RAW },
	[ST_COL_COMM]		= { "comm", ST_CT_RAW },
	[ST_COL_EXE]		= { "exe", ST_CT_RAW },
	[ST_COL_ARGV]		= { "argv", ST_CT_SAFE },
	[ST_COL_ARGC]		= { "argc", ST_CT_INT },
	[ST_COL_ARGV_NOTE]	= { "argv_note", ST_CT_SAFE },
	[ST_COL_CWD]		= { "cwd", ST_CT_RAW },
	[ST_COL_KEY]		= { "key", ST_CT_RAW },
	[ST_COL_SYSCALL]	= { "syscall", ST_CT_RAW },
	[ST_COL_SUCCESS]	= { "success", ST_CT_SAFE },
	[ST_COL_EXIT]		= { "exit", ST_CT_INT },
	[ST_COL_CHAIN]		= { "chain", ST_CT_SAFE },
	[ST_COL_PARENT_EXE]	= { "parent_exe", ST_CT_RAW },
	[ST_COL_PARENT_COMMAND_LINE] = { "parent_command_line", ST_CT_RAW },
	[ST_COL_WEB_ORIGIN]	= { "web_origin", ST_CT_SAFE },
	[ST_COL_TREE]		= { "tree", ST_CT_INT },
	[ST_COL_DEPTH]		= { "depth", ST_CT_INT },
	[ST_COL_SOURCE]		= { "source", ST_CT_RAW },
	[ST_COL_CLIENT_IP]	= { "client_ip", ST_CT_RAW },
	[ST_COL_REMOTE_ADDR]	= { "remote_addr", ST_CT_RAW },
	[ST_COL_FORWARDED_FOR]	= { "forwarded_for", ST_CT_RAW },
	[ST_COL_METHOD]		= { "method", ST_CT_RAW },
	[ST_COL_URI]		= { "uri", ST_CT_RAW },
	[ST_COL_STATUS]		= { "status", ST_CT_INT },
	[ST_COL_USER_AGENT]	= { "user_agent", ST_CT_RAW },
	[ST_COL_REQUEST_DATETIME] = { "request_datetime", ST_CT_SAFE },
	[ST_COL_MATCH]		= { "match", ST_CT_SAFE },
	[ST_COL_CONFIDENCE]	= { "confidence", ST_CT_SAFE },
	[ST_COL_MATCH_REASON]	= { "match_reason", ST_CT_SAFE },
	[ST_COL_SCRIPT]		= { "script", ST_CT_RAW },
	[ST_COL_WEB_SOURCE]	= { "web_source", ST_CT_RAW },
	[ST_COL_WEB_PID]	= { "web_pid", ST_CT_INT },
	[ST_COL_SESSION]	= { "session", ST_CT_INT },
	[ST_COL_TOOL]		= { "tool", ST_CT_SAFE },
	[ST_COL_OPERATOR_COMMAND] = { "operator_command", ST_CT_RAW },
	[ST_COL_OPERATOR_CWD]	= { "operator_cwd", ST_CT_RAW },
	[ST_COL_TAGS]		= { "tags", ST_CT_RAW },
	[ST_COL_TAG]		= { "tag", ST_CT_LIST },
	[ST_COL_SEVERITY]	= { "severity", ST_CT_SAFE },
	[ST_COL_ATTACK]		= { "attack", ST_CT_RAW },
	[ST_COL_SIGMA_TITLE]	= { "sigma_title", ST_CT_RAW },
	[ST_COL_SIGMA_ID]	= { "sigma_id", ST_CT_RAW },
	[ST_COL_SIGMA_LEVEL]	= { "sigma_level", ST_CT_SAFE },
	[ST_COL_TARGET]		= { "target", ST_CT_RAW },
	[ST_COL_RUNNING]	= { "running", ST_CT_RAW },
};

void
st_row_init(struct st_row *r)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < ST_NCOLS; i++)
		r->num[i] = ST_NUM_NONE;
}

static void
clear_args(struct st_row *r)
{
	size_t i;

	for (i = 0; i < r->nargs; i++)
		free(r->args[i].p);
	r->nargs = 0;
}

void
st_row_release(struct st_row *r)
{
	size_t i;

	for (i = 0; i < ST_NCOLS; i++)
		sb_release(&r->text[i]);
	clear_args(r);
	free(r->args);
	memset(r, 0, sizeof(*r));
}

void
st_row_arg(struct st_row *r, const char *p, size_t len)
{
	r->args = st_grow(r->args, &r->capargs, r->nargs + 1,
	    sizeof(*r->args));
	r->args[r->nargs].p = p ? st_memdup(p, len) : NULL;
	r->args[r->nargs].len = len;
	r->nargs++;
}

void
st_row_copy(struct st_row *dst, const struct st_row *src)
{
	size_t i;

	dst->id = src->id;
	dst->web = src->web;
	dst->note = src->note;
	dst->tree = src->tree;
	dst->depth = src->depth;
	dst->seq = src->seq;
	dst->parent_seq = src->parent_seq;
	dst->root_seq = src->root_seq;
	dst->group = src->group;
	for (i = 0; i < ST_NCOLS; i++) {
		sb_clear(&dst->text[i]);
		sb_add(&dst->text[i], src->text[i].s, src->text[i].len);
		dst->num[i] = src->num[i];
	}
	clear_args(dst);
	for (i = 0; i < src->nargs; i++)
		st_row_arg(dst, src->args[i].p, src->args[i].len);
}

void
st_row_clear(struct st_row *r)
{
	size_t i;

	for (i = 0; i < ST_NCOLS; i++) {
		sb_clear(&r->text[i]);
		r->num[i] = ST_NUM_NONE;
	}
	clear_args(r);
}

void
st_row_note(struct st_row *r, const struct st_stamp *id, const char *desc,
    const char *message, const char *file, uint64_t line,
    const struct st_tz *tz)
{
	st_row_clear(r);
	r->id = *id;
	r->web = 0;
	r->note = 1;
	r->tree = r->seq = r->parent_seq = r->root_seq = r->group = 0;
	r->depth = 0;
	st_row_times(r, id, tz);
	sb_adds(&r->text[ST_COL_DESC], desc);
	sb_adds(&r->text[ST_COL_MESSAGE], message);
	if (file && line)
		sb_addf(&r->text[ST_COL_SOURCE], "%s:%llu", file,
		    (unsigned long long)line);
	else if (file)
		sb_adds(&r->text[ST_COL_SOURCE], file);
}

void
st_row_times(struct st_row *r, const struct st_stamp *id,
    const struct st_tz *tz)
{
	st_time_iso(&r->text[ST_COL_DATETIME], id->sec, id->ms,
	    st_tz_stamp(tz));
	st_time_iso(&r->text[ST_COL_LOCAL_DATETIME], id->sec, id->ms, tz);
	r->num[ST_COL_TIMESTAMP] = id->sec * 1000000LL + id->ms * 1000LL;
}

void
st_row_tag(struct st_row *r)
{
	sb_clear(&r->text[ST_COL_TAG]);
	sb_add(&r->text[ST_COL_TAG], r->text[ST_COL_TAGS].s,
	    r->text[ST_COL_TAGS].len);
}

/*
 * ["recon","download"]: what Timesketch reads as a list of tags, where
 * an empty cell would become the tag "nan".  Names are escaped for
 * display, and a quote or backslash for JSON.
 */
static void
list_display(struct sbuf *out, const struct sbuf *t)
{
	struct sbuf name = SBUF_INIT;
	/* An empty cell may hold no memory at all: no offset from NULL. */
	const char *p = t->s, *end = p ? p + t->len : NULL, *comma;
	size_t i;
	int n = 0;

	sb_addc(out, '[');
	for (; p && p < end; p = comma + 1) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		if (comma == p)
			continue;
		sb_clear(&name);
		st_escape(&name, p, (size_t)(comma - p));
		sb_adds(out, n++ ? ",\"" : "\"");
		for (i = 0; i < name.len; i++) {
			if (name.s[i] == '"' || name.s[i] == '\\')
				sb_addc(out, '\\');
			sb_addc(out, name.s[i]);
		}
		sb_addc(out, '"');
	}
	sb_addc(out, ']');
	sb_release(&name);
}

void
st_row_display(struct sbuf *out, const struct st_row *r, enum st_col c)
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
	case ST_CT_LIST:
		list_display(out, t);
		break;
	}
}

void
st_row_joined(const struct st_row *r, struct sbuf *out)
{
	size_t i;

	sb_clear(out);
	for (i = 0; i < r->nargs; i++) {
		if (i)
			sb_addc(out, ' ');
		if (r->args[i].p)
			sb_add(out, r->args[i].p, r->args[i].len);
	}
}
