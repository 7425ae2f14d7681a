/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "audit/event.h"
#include "base/escape.h"
#include "timeline/build.h"
#include "tree/proctree.h"

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

/*
 * Positions missing from i on.  A log can name a131071 alone: a run of
 * GAP_RUN or more missing positions is written once, "<131070 missing>"
 * and one null argument, so that what is written stays as small as
 * what was read.
 */
#define GAP_RUN	4

static size_t
missing_run(const struct st_argv *a, size_t i)
{
	size_t k = i;

	while (k < a->n && (a->v[k].flags & ST_ARG_MISSING))
		k++;
	return k - i;
}

static void
argv_text(struct st_row *r, const struct st_argv *a)
{
	struct sbuf *b = &r->text[ST_COL_ARGV];
	size_t i, run;

	for (i = 0; i < a->n; i++) {
		if (i)
			sb_addc(b, ' ');
		if ((run = missing_run(a, i)) >= GAP_RUN) {
			sb_addf(b, "<%zu missing>", run);
			st_row_arg(r, NULL, 0);
			i += run - 1;
			continue;
		}
		if (run) {
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
	size_t i, run;

	for (i = 0; i < a->n; i++) {
		f = a->v[i].flags;
		if ((run = missing_run(a, i)) >= GAP_RUN) {
			note(b, "a%zu to a%zu missing (%zu positions)", i,
			    i + run - 1, run);
			i += run - 1;
			continue;
		}
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
		st_proctree_chain(p->parent, 1, scratch);
		st_escape(b, scratch->s, scratch->len);
	}
	if (ev->cwd.len) {
		sb_adds(b, ", cwd ");
		st_escape(b, ev->cwd.s, ev->cwd.len);
	}
	sb_addc(b, ')');
}

/*
 * The parent as Sigma and Sysmon mean it: the process that forked this
 * one, so an image this process replaced by exec'ing again is skipped.
 */
static void
parent_part(struct st_row *r, const struct st_proc *p)
{
	const struct st_proc *par = p->parent;

	while (par && par->pid == p->pid && par->node == p->node)
		par = par->parent;
	if (par == NULL)
		return;
	sb_adds(&r->text[ST_COL_PARENT_EXE], par->exe);
	if (par->cmd)
		sb_adds(&r->text[ST_COL_PARENT_COMMAND_LINE], par->cmd);
}

/* The columns of the process an event is about. */
static void
process_part(struct st_row *r, const struct st_event *ev,
    const struct st_proc *p, const struct st_tz *tz, struct sbuf *scratch)
{
	st_row_clear(r);
	r->id = ev->id;
	r->web = p->web;
	r->note = 0;
	r->tree = p->root ? p->root->id.serial : 0;
	r->depth = p->depth;
	r->seq = p->seq;
	r->parent_seq = p->parent ? p->parent->seq : 0;
	r->root_seq = p->root ? p->root->seq : 0;
	r->group = r->root_seq;
	st_row_times(r, &ev->id, tz);
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
	set(r, ST_COL_SYSCALL, &ev->syscall);
	st_proctree_chain(p, 12, scratch);
	st_escape(&r->text[ST_COL_CHAIN], scratch->s, scratch->len);
	parent_part(r, p);
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
st_build_exec(struct st_row *r, const struct st_event *ev,
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
	sb_release(&scratch);
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
st_build_activity(struct st_row *r, const struct st_event *ev,
    const struct st_proc *p, const struct st_tz *tz)
{
	struct sbuf scratch = SBUF_INIT;

	process_part(r, ev, p, tz, &scratch);
	sb_adds(&r->text[ST_COL_DESC], activity_desc(ev));
	set(r, ST_COL_TARGET, &ev->target);
	message(r, ev, p, &scratch);
	sb_release(&scratch);
}
