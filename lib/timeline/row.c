#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "timeline/row.h"
#include "base/escape.h"

const struct st_coldef st_columns[ST_NCOLS] = {
	[ST_COL_DATETIME]	= { "datetime", ST_CT_SAFE },
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
	[ST_COL_SUCCESS]	= { "success", ST_CT_SAFE },
	[ST_COL_EXIT]		= { "exit", ST_CT_INT },
	[ST_COL_CHAIN]		= { "chain", ST_CT_SAFE },
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
	[ST_COL_TAGS]		= { "tags", ST_CT_RAW },
	[ST_COL_SEVERITY]	= { "severity", ST_CT_SAFE },
	[ST_COL_ATTACK]		= { "attack", ST_CT_RAW },
	[ST_COL_TARGET]		= { "target", ST_CT_RAW },
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
st_row_free(struct st_row *r)
{
	size_t i;

	for (i = 0; i < ST_NCOLS; i++)
		sb_free(&r->text[i]);
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

static void
set(struct st_row *r, enum st_col c, const struct sbuf *v)
{
	sb_clear(&r->text[c]);
	sb_add(&r->text[c], v->s, v->len);
}

static void
set_id(struct st_row *r, enum st_col c, long long v)
{
	sb_clear(&r->text[c]);
	if (v == ST_UID_UNSET)
		sb_adds(&r->text[c], "unset");
	else if (v != ST_NUM_NONE)
		sb_addf(&r->text[c], "%lld", v);
}

static void
argv_text(struct st_row *r, const struct st_argv *a)
{
	struct sbuf *b = &r->text[ST_COL_ARGV];
	size_t i;

	for (i = 0; i < a->n; i++) {
		if (i)
			sb_addc(b, ' ');
		if (a->v[i].flags & ST_ARG_MISSING) {
			sb_adds(b, "<missing>");
			st_row_arg(r, NULL, 0);
			continue;
		}
		st_shquote(b, a->v[i].b.s, a->v[i].b.len);
		st_row_arg(r, a->v[i].b.s, a->v[i].b.len);
	}
}

static void
note(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	if (b->len)
		sb_adds(b, "; ");
	va_start(ap, fmt);
	sb_vaddf(b, fmt, ap);
	va_end(ap);
}

static void
argv_notes(struct st_row *r, const struct st_event *ev)
{
	const struct st_argv *a = &ev->argv;
	struct sbuf *b = &r->text[ST_COL_ARGV_NOTE];
	unsigned f;
	size_t i;

	for (i = 0; i < a->n; i++) {
		f = a->v[i].flags;
		if (f & ST_ARG_MISSING)
			note(b, "a%zu missing", i);
		if (f & ST_ARG_BADENC)
			note(b, "a%zu neither quoted nor hex", i);
		if (f & ST_ARG_PIECEGAP)
			note(b, "a%zu pieces missing or out of order", i);
		if (f & ST_ARG_LENDIFF)
			note(b, "a%zu_len disagrees with its pieces", i);
	}
	if (a->flags & ST_ARGV_SHORT)
		note(b, "argc %lld but %zu arguments logged", a->argc, a->n);
	if (a->flags & ST_ARGV_LONG)
		note(b, "more arguments than argc %lld", a->argc);
	if (a->flags & ST_ARGV_DROPPED)
		note(b, "argument index beyond the limit dropped");
	if (a->flags & ST_ARGV_PROCTITLE)
		note(b, "%s", (a->flags & ST_ARGV_CUT) ?
		    "no EXECVE record: from PROCTITLE, cut at 128 bytes" :
		    "no EXECVE record: from PROCTITLE");
	if (a->flags & ST_ARGV_ATTEMPT)
		note(b, "failed exec: only the path it tried is known");
	if (a->flags & ST_ARGV_NONE)
		note(b, "no EXECVE or PROCTITLE record");
	if (ev->problems & ST_EVP_TWO_SYSCALLS)
		note(b, "two SYSCALL records share this serial");
	if (ev->problems & ST_EVP_BADNUM)
		note(b, "a number in the SYSCALL record is unreadable");
	if (ev->problems & ST_EVP_TORN)
		note(b, "a record may be cut: its file ends without a newline");
}

static void
who(struct sbuf *b, const struct st_event *ev)
{
	if (ev->user.len)
		st_escape(b, ev->user.s, ev->user.len);
	else if (ev->uid != ST_NUM_NONE)
		sb_addf(b, "uid %lld", ev->uid);
	else
		sb_adds(b, "unknown user");
}

/* "www-data ran sh -c id (pid 1, parent ? php-fpm[2], cwd /srv)" */
static void
message(struct st_row *r, const struct st_event *ev, const struct st_proc *p,
    struct sbuf *scratch)
{
	struct sbuf *b = &r->text[ST_COL_MESSAGE];

	who(b, ev);
	if (ev->kind == ST_EV_NET || ev->kind == ST_EV_FILE) {
		sb_addf(b, " (%s) ", sb_str(&ev->syscall));
		st_escape(b, ev->target.s, ev->target.len);
	} else {
		sb_adds(b, " ran ");
		sb_add(b, r->text[ST_COL_ARGV].s, r->text[ST_COL_ARGV].len);
	}
	sb_addf(b, " (pid %lld", ev->pid);
	if (p->parent) {
		sb_adds(b, ", parent ");
		sb_clear(scratch);
		st_proc_chain(p->parent, 1, scratch);
		st_escape(b, scratch->s, scratch->len);
	}
	if (ev->cwd.len) {
		sb_adds(b, ", cwd ");
		st_escape(b, ev->cwd.s, ev->cwd.len);
	}
	sb_addc(b, ')');
}

static void
row_clear(struct st_row *r)
{
	size_t i;

	for (i = 0; i < ST_NCOLS; i++) {
		sb_clear(&r->text[i]);
		r->num[i] = ST_NUM_NONE;
	}
	clear_args(r);
}

void
st_row_note(struct st_row *r, const struct st_auditid *id, const char *desc,
    const char *message, const char *file, uint64_t line,
    const struct st_tz *tz)
{
	row_clear(r);
	r->id = *id;
	r->web = 0;
	r->note = 1;
	r->tree = r->seq = r->parent_seq = r->root_seq = r->group = 0;
	r->depth = 0;
	st_time_iso(&r->text[ST_COL_DATETIME], id->sec, id->ms, tz);
	r->num[ST_COL_TIMESTAMP] = id->sec * 1000000LL + id->ms * 1000LL;
	sb_adds(&r->text[ST_COL_DESC], desc);
	sb_adds(&r->text[ST_COL_MESSAGE], message);
	if (file && line)
		sb_addf(&r->text[ST_COL_SOURCE], "%s:%llu", file,
		    (unsigned long long)line);
	else if (file)
		sb_adds(&r->text[ST_COL_SOURCE], file);
}

/* The columns of the process an event is about. */
static void
process_part(struct st_row *r, const struct st_event *ev,
    const struct st_proc *p, const struct st_tz *tz, struct sbuf *scratch)
{
	row_clear(r);
	r->id = ev->id;
	r->web = p->web;
	r->note = 0;
	r->tree = p->root ? p->root->id.serial : 0;
	r->depth = p->depth;
	r->seq = p->seq;
	r->parent_seq = p->parent ? p->parent->seq : 0;
	r->root_seq = p->root ? p->root->seq : 0;
	r->group = r->root_seq;
	st_time_iso(&r->text[ST_COL_DATETIME], ev->id.sec, ev->id.ms, tz);
	r->num[ST_COL_TIMESTAMP] = ev->id.sec * 1000000LL + ev->id.ms * 1000LL;
	sb_adds(&r->text[ST_COL_HOST], ev->node);
	r->num[ST_COL_SERIAL] = (long long)ev->id.serial;
	r->num[ST_COL_PID] = ev->pid;
	r->num[ST_COL_PPID] = ev->ppid;
	r->num[ST_COL_UID] = ev->uid;
	set(r, ST_COL_USER, &ev->user);
	r->num[ST_COL_EUID] = ev->euid;
	set_id(r, ST_COL_AUID, ev->auid);
	set_id(r, ST_COL_SES, ev->ses);
	set(r, ST_COL_TTY, &ev->tty);
	set(r, ST_COL_COMM, &ev->comm);
	set(r, ST_COL_EXE, &ev->exe);
	set(r, ST_COL_CWD, &ev->cwd);
	set(r, ST_COL_KEY, &ev->key);
	if (ev->success >= 0)
		sb_adds(&r->text[ST_COL_SUCCESS], ev->success ? "yes" : "no");
	r->num[ST_COL_EXIT] = ev->exit;
	st_proc_chain(p, 12, scratch);
	st_escape(&r->text[ST_COL_CHAIN], scratch->s, scratch->len);
	if (p->why_text)
		st_escape(&r->text[ST_COL_WEB_ORIGIN], p->why_text,
		    strlen(p->why_text));
	if (r->tree)
		r->num[ST_COL_TREE] = (long long)r->tree;
	if (p->web)
		r->num[ST_COL_DEPTH] = p->depth;
	if (ev->src.file)
		sb_addf(&r->text[ST_COL_SOURCE], "%s:%llu", ev->src.file,
		    (unsigned long long)ev->src.line);
}

void
st_row_exec(struct st_row *r, const struct st_event *ev,
    const struct st_proc *p, const struct st_tz *tz)
{
	struct sbuf scratch = SBUF_INIT;

	process_part(r, ev, p, tz, &scratch);
	sb_adds(&r->text[ST_COL_DESC], ev->kind == ST_EV_EXEC ?
	    "Process Execution" : "Process Execution Failed");
	argv_text(r, &ev->argv);
	r->num[ST_COL_ARGC] = ev->argv.argc;
	argv_notes(r, ev);
	message(r, ev, p, &scratch);
	sb_free(&scratch);
}

/* timestamp_desc of a connection or file change, by its call. */
static const char *
activity_desc(const struct st_event *ev)
{
	static const struct { const char *prefix, *desc; } d[] = {
		{ "connect", "Network Connection" }, { "bind", "Network Bind" },
		{ "listen", "Network Listen" }, { "rename", "File Rename" },
		{ "unlink", "File Delete" }, { "chmod", "File Permission Change" },
		{ "fchmod", "File Permission Change" },
		{ "chown", "File Owner Change" }, { "fchown", "File Owner Change" },
		{ "lchown", "File Owner Change" }, { "mkdir", "Directory Create" },
		{ "link", "File Link" }, { "symlink", "File Link" },
	};
	const char *sc = sb_str(&ev->syscall);
	size_t i;

	for (i = 0; i < sizeof(d) / sizeof(*d); i++)
		if (strncmp(sc, d[i].prefix, strlen(d[i].prefix)) == 0)
			return d[i].desc;
	return "File Write";
}

void
st_row_activity(struct st_row *r, const struct st_event *ev,
    const struct st_proc *p, const struct st_tz *tz)
{
	struct sbuf scratch = SBUF_INIT;

	process_part(r, ev, p, tz, &scratch);
	sb_adds(&r->text[ST_COL_DESC], activity_desc(ev));
	set(r, ST_COL_TARGET, &ev->target);
	message(r, ev, p, &scratch);
	sb_free(&scratch);
}
