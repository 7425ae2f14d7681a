/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>

#include "audit/fields.h"
#include "audit/sysrole.h"
#include "base/decode.h"

/* The kernel cuts PROCTITLE at this many bytes. */
#define PROCTITLE_MAX	128

enum st_avkind
st_fields_value(const char *raw, struct sbuf *out)
{
	size_t n = strlen(raw), before = out->len;

	if (n >= 1 && raw[0] == '"') {
		if (n >= 2 && raw[n - 1] == '"') {
			sb_add(out, raw + 1, n - 2);
			return ST_AV_QUOTED;
		}
		sb_add(out, raw, n);
		return ST_AV_BAD;
	}
	if (strcmp(raw, "(null)") == 0 || strcmp(raw, "(none)") == 0)
		return ST_AV_NONE;
	if (n > 0 && st_decode_hex(raw, n, out) == 0)
		return ST_AV_HEX;
	out->len = before;
	sb_add(out, raw, n);
	return ST_AV_BAD;
}

/* A decimal number in [lo, hi], or ST_NUM_NONE. */
static long long
number(const char *s, long long lo, long long hi, unsigned *problems)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < lo || v > hi) {
		*problems |= ST_EVP_BADNUM;
		return ST_NUM_NONE;
	}
	return v;
}

/*
 * The names ENRICHED text gives the ids: ` AUID="unset" UID="www-data"
 * EUID="www-data" ...`, in one pass.  Quotes are removed; an unquoted
 * value is kept as it is.
 */
static void
enriched(const char *p, struct st_event *ev)
{
	const char *name, *v, *e;
	struct sbuf *out;
	size_t n;

	while (*p) {
		while (*p == ' ')
			p++;
		name = p;
		while (*p && *p != '=' && *p != ' ')
			p++;
		if (*p != '=')
			continue;
		n = (size_t)(p - name);
		out = n == 3 && !strncmp(name, "UID", 3) ? &ev->user :
		    n == 4 && !strncmp(name, "EUID", 4) ? &ev->euser :
		    n == 4 && !strncmp(name, "AUID", 4) ? &ev->auser : NULL;
		v = ++p;
		if (*v == '"') {
			e = strchr(++v, '"');
			e = e ? e : v + strlen(v);
			p = *e ? e + 1 : e;
		} else
			p = e = v + strcspn(v, " ");
		if (out && out->len == 0)
			sb_add(out, v, (size_t)(e - v));
	}
}

/*
 * Some writers quote every value (success="yes", tty="(none)"); read
 * the value as the text it stands for.
 */
static const char *
plain(const char *val, struct sbuf *scratch)
{
	size_t n = strlen(val);

	if (n < 2 || val[0] != '"' || val[n - 1] != '"')
		return val;
	sb_clear(scratch);
	sb_add(scratch, val + 1, n - 2);
	return sb_str(scratch);
}

static long long
id_field(const char *val, struct sbuf *scratch, unsigned *problems)
{
	return number(plain(val, scratch), 0, 4294967295LL, problems);
}

/* A syscall argument, logged in hex; ST_NUM_NONE when it is not. */
static long long
hex_arg(const char *val)
{
	unsigned long long v = 0;
	size_t i, n = strlen(val);

	if (n == 0 || n > 16)
		return ST_NUM_NONE;
	for (i = 0; i < n; i++) {
		if (st_decode_hexdigit((unsigned char)val[i]) < 0)
			return ST_NUM_NONE;
		v = v << 4 | (unsigned)st_decode_hexdigit((unsigned char)val[i]);
	}
	return (long long)(v & 0x7fffffffffffffffULL);
}

/* One field of a SYSCALL record; by first letter, it is every event. */
static void
syscall_field(auparse_state_t *au, struct st_event *ev, const char *name,
    const char *val, struct sbuf *t)
{
	unsigned *pr = &ev->problems;
	const char *interp;

	switch (name[0]) {
	case 'a':
		if (strcmp(name, "auid") == 0)
			ev->auid = id_field(val, t, pr);
		else if (strcmp(name, "a1") == 0)
			ev->a1 = hex_arg(val);
		else if (strcmp(name, "a2") == 0)
			ev->a2 = hex_arg(val);
		break;
	case 'c':
		if (strcmp(name, "comm") == 0)
			st_fields_value(val, &ev->comm);
		break;
	case 'e':
		if (strcmp(name, "exit") == 0)
			ev->exit = number(plain(val, t), -(1LL << 62),
			    1LL << 62, pr);
		else if (strcmp(name, "exe") == 0)
			st_fields_value(val, &ev->exe);
		else if (strcmp(name, "euid") == 0)
			ev->euid = id_field(val, t, pr);
		break;
	case 'k':
		if (strcmp(name, "key") == 0) {
			if (ev->key.len)
				sb_addc(&ev->key, ',');
			st_fields_value(val, &ev->key);
		}
		break;
	case 'p':
		if (strcmp(name, "pid") == 0)
			ev->pid = id_field(val, t, pr);
		else if (strcmp(name, "ppid") == 0)
			ev->ppid = id_field(val, t, pr);
		break;
	case 's':
		if (strcmp(name, "syscall") == 0) {
			/* Names by arch come from libaudit's tables. */
			interp = auparse_interpret_field(au);
			sb_adds(&ev->syscall, interp ? interp : val);
		} else if (strcmp(name, "success") == 0)
			ev->success = strcmp(plain(val, t), "yes") == 0;
		else if (strcmp(name, "ses") == 0)
			ev->ses = id_field(val, t, pr);
		break;
	case 't':
		if (strcmp(name, "tty") == 0 &&
		    strcmp(plain(val, t), "(none)") != 0)
			st_fields_value(val, &ev->tty);
		break;
	case 'u':
		if (strcmp(name, "uid") == 0)
			ev->uid = id_field(val, t, pr);
		break;
	}
}

/* The names ENRICHED logs give the SYSCALL record's ids. */
static void
syscall_names(auparse_state_t *au, struct st_event *ev)
{
	const char *interp = auparse_get_record_interpretations(au);

	if (interp)
		enriched(interp, ev);
}

/* Parse "aN", "aN_len" or "aN[k]"; returns 0 and fills the parts. */
static int
arg_name(const char *name, unsigned long *idx, int *is_len, long *piece)
{
	char *end;

	if (name[0] != 'a' || name[1] < '0' || name[1] > '9')
		return -1;
	errno = 0;
	*idx = strtoul(name + 1, &end, 10);
	if (errno)
		return -1;
	*is_len = 0;
	*piece = -1;
	if (*end == '\0')
		return 0;
	if (strcmp(end, "_len") == 0) {
		*is_len = 1;
		return 0;
	}
	if (*end == '[') {
		errno = 0;
		*piece = strtol(end + 1, &end, 10);
		if (errno || *piece < 0 || strcmp(end, "]") != 0)
			return -1;
		return 0;
	}
	return -1;
}

static void
arg_piece(struct st_arg *a, long piece, const char *value)
{
	enum st_avkind k;

	if (piece != (a->nextpiece < 0 ? 0 : a->nextpiece))
		a->flags |= ST_ARG_PIECEGAP;
	a->nextpiece = piece + 1;
	k = st_fields_value(value, &a->b);
	a->hex = (k == ST_AV_HEX);
	if (k == ST_AV_BAD)
		a->flags |= ST_ARG_BADENC;
	a->present = 1;
}

void
st_fields_argv(struct st_argv *a, const char *name, const char *value)
{
	unsigned long idx;
	int is_len;
	long piece;
	struct st_arg *arg;
	char *end;

	if (strcmp(name, "argc") == 0) {
		errno = 0;
		a->argc = strtoll(value, &end, 10);
		if (errno || *end != '\0' || a->argc < 0)
			a->argc = ST_NUM_NONE;
		return;
	}
	if (arg_name(name, &idx, &is_len, &piece) < 0)
		return;
	if ((arg = st_event_argv_slot(a, idx)) == NULL)
		return;
	if (is_len) {
		errno = 0;
		arg->declen = strtol(value, &end, 10);
		if (errno || *end != '\0' || arg->declen < 0)
			arg->flags |= ST_ARG_LENDIFF;
		return;
	}
	if (piece >= 0) {
		arg_piece(arg, piece, value);
		return;
	}
	if (arg->present)
		arg->flags |= ST_ARG_PIECEGAP;	/* written twice */
	sb_clear(&arg->b);
	if (st_fields_value(value, &arg->b) == ST_AV_BAD)
		arg->flags |= ST_ARG_BADENC;
	arg->present = 1;
}

static void
from_proctitle(struct st_argv *a, const struct sbuf *pt)
{
	size_t i, start = 0, len = pt->len;
	struct st_arg *arg;

	a->flags |= ST_ARGV_PROCTITLE;
	if (len >= PROCTITLE_MAX)
		a->flags |= ST_ARGV_CUT;
	/* The area ends with a NUL unless the kernel cut it. */
	if (len > 0 && pt->s[len - 1] == '\0')
		len--;
	for (i = 0; i <= len; i++) {
		if (i < len && pt->s[i] != '\0')
			continue;
		if ((arg = st_event_argv_slot(a, a->n)) == NULL)
			return;
		sb_add(&arg->b, pt->s + start, i - start);
		arg->present = 1;
		start = i + 1;
	}
}

void
st_fields_argv_finish(struct st_argv *a, const char *proctitle, int had_execve)
{
	struct sbuf pt = SBUF_INIT;
	struct st_arg *arg;
	long long want;
	size_t i;

	if (!had_execve) {
		st_fields_value(proctitle, &pt);
		if (pt.len > 0)
			from_proctitle(a, &pt);
		else
			a->flags |= ST_ARGV_NONE;
		sb_release(&pt);
		return;
	}
	for (i = 0; i < a->n; i++) {
		arg = &a->v[i];
		if (!arg->present) {
			arg->flags |= ST_ARG_MISSING;
			continue;
		}
		if (arg->declen >= 0) {
			want = arg->hex ? (long long)arg->b.len * 2 :
			    (long long)arg->b.len;
			if (want != arg->declen)
				arg->flags |= ST_ARG_LENDIFF;
		}
	}
	if (a->argc != ST_NUM_NONE && (size_t)a->argc > a->n)
		a->flags |= ST_ARGV_SHORT;
	if (a->argc != ST_NUM_NONE && (size_t)a->argc < a->n)
		a->flags |= ST_ARGV_LONG;
}

/*
 * A failed exec has no EXECVE record, and its PROCTITLE is the old
 * program's; the one thing known is the file it tried to run.
 */
static void
attempted(struct st_argv *a, const struct sbuf *path0)
{
	struct st_arg *arg;

	a->flags |= ST_ARGV_ATTEMPT;
	if (path0->len == 0 || (arg = st_event_argv_slot(a, 0)) == NULL)
		return;
	sb_add(&arg->b, path0->s, path0->len);
	arg->present = 1;
}

/* One field of an EXECVE, CWD, PROCTITLE or PATH record. */
static void
other_field(struct st_event *ev, int type, const char *name, const char *val)
{
	if (type == AUDIT_EXECVE)
		st_fields_argv(&ev->argv, name, val);
	else if (type == AUDIT_CWD && strcmp(name, "cwd") == 0) {
		sb_clear(&ev->cwd);
		st_fields_value(val, &ev->cwd);
	} else if (type == AUDIT_PROCTITLE && strcmp(name, "proctitle") == 0) {
		/* Decoded only when it is used, which is rarely. */
		sb_clear(&ev->proctitle);
		sb_adds(&ev->proctitle, val);
	} else if (type == AUDIT_PATH && strcmp(name, "name") == 0 &&
	    ev->path0.len == 0)
		st_fields_value(val, &ev->path0);
	else if (type == AUDIT_SOCKADDR && strcmp(name, "saddr") == 0) {
		sb_clear(&ev->target);
		st_decode_sockaddr(val, strlen(val), &ev->target);
	}
}

/*
 * A PATH item of a file change, filed by its nametype: the file made,
 * the one removed, or (NORMAL) the one changed.  Relative names are
 * the process's: cwd is known, CWD comes before PATH.
 */
static void
path_item(auparse_state_t *au, struct st_event *ev, struct sbuf *t)
{
	const char *name = NULL, *type = NULL, *f;
	struct sbuf *to;

	auparse_first_field(au);
	do {
		if ((f = auparse_get_field_name(au)) == NULL)
			continue;
		if (strcmp(f, "name") == 0)
			name = auparse_get_field_str(au);
		else if (strcmp(f, "nametype") == 0)
			type = auparse_get_field_str(au);
	} while (auparse_next_field(au) > 0);
	if (name == NULL || type == NULL || strcmp(name, "(null)") == 0)
		return;
	to = strcmp(type, "CREATE") == 0 ? &ev->created :
	    strcmp(type, "DELETE") == 0 ? &ev->deleted :
	    strcmp(type, "NORMAL") == 0 ? &ev->normal : NULL;
	if (to == NULL || to->len)
		return;
	sb_clear(t);
	st_fields_value(name, t);
	if (t->len && t->s[0] != '/' && ev->cwd.len)
		sb_addf(to, "%s/", sb_str(&ev->cwd));
	sb_add(to, t->s, t->len);
}

static void
read_record(auparse_state_t *au, struct st_event *ev, int type,
    struct sbuf *scratch)
{
	const char *name, *val;

	auparse_first_field(au);
	do {
		name = auparse_get_field_name(au);
		val = auparse_get_field_str(au);
		if (name == NULL || val == NULL)
			continue;
		if (type == AUDIT_SYSCALL)
			syscall_field(au, ev, name, val, scratch);
		else
			other_field(ev, type, name, val);
	} while (auparse_next_field(au) > 0);
	if (type == AUDIT_SYSCALL)
		syscall_names(au, ev);
	else if (type == AUDIT_PATH)
		path_item(au, ev, scratch);
}

/*
 * A file call that changed something, with the file it changed as the
 * target.  open and openat count only with flags that write; calls
 * that failed changed nothing.
 */
static int
file_change(struct st_event *ev)
{
	int fa = st_sysrole_flags_arg(sb_str(&ev->syscall));
	long long flags = fa == 1 ? ev->a1 : fa == 2 ? ev->a2 : ST_NUM_NONE;

	/* Flags unknown: only a file made says it wrote. */
	if (ev->success == 0 || (fa > 0 && (flags == ST_NUM_NONE ?
	    ev->created.len == 0 : !(flags & ST_OPEN_WRITES))))
		return 0;
	if (ev->deleted.len && ev->created.len)
		sb_addf(&ev->target, "%s -> %s", sb_str(&ev->deleted),
		    sb_str(&ev->created));
	else
		sb_adds(&ev->target, ev->created.len ? sb_str(&ev->created) :
		    ev->deleted.len ? sb_str(&ev->deleted) :
		    sb_str(&ev->normal));
	return ev->target.len > 0;
}

/*
 * A connection, bind or listen worth a row.  Every libc name lookup
 * tries nscd's unix socket and usually fails: that is noise.  A failed
 * connection elsewhere is kept, since an attempt says where to.
 */
static int
net_change(const struct st_event *ev)
{
	return ev->target.len && !(ev->success == 0 &&
	    strncmp(sb_str(&ev->target), "unix:", 5) == 0);
}

void
st_fields_read(auparse_state_t *au, struct st_event *ev,
    struct sbuf *scratch)
{
	int type, had_execve = 0, had_syscall = 0;

	if (auparse_first_record(au) <= 0)
		return;
	do {
		type = auparse_get_type(au);
		if (type == AUDIT_SYSCALL) {
			/* One serial, two syscalls: keep the first. */
			if (had_syscall++) {
				ev->problems |= ST_EVP_TWO_SYSCALLS;
				continue;
			}
		} else if (type != AUDIT_EXECVE && type != AUDIT_CWD &&
		    type != AUDIT_PROCTITLE && type != AUDIT_PATH &&
		    type != AUDIT_SOCKADDR)
			continue;
		had_execve |= (type == AUDIT_EXECVE);
		read_record(au, ev, type, scratch);
	} while (auparse_next_record(au) > 0);
	if (!had_syscall)
		return;
	switch (st_sysrole(sb_str(&ev->syscall))) {
	case ST_SYS_EXEC:
		break;
	case ST_SYS_NET:
		ev->kind = net_change(ev) ? ST_EV_NET : ST_EV_SYSCALL;
		return;
	case ST_SYS_FILE:
		ev->kind = file_change(ev) ? ST_EV_FILE : ST_EV_SYSCALL;
		return;
	default:
		ev->kind = ST_EV_SYSCALL;
		return;
	}
	ev->kind = ev->success == 0 ? ST_EV_EXEC_FAILED : ST_EV_EXEC;
	if (ev->kind == ST_EV_EXEC)
		st_fields_argv_finish(&ev->argv, sb_str(&ev->proctitle), had_execve);
	else
		attempted(&ev->argv, &ev->path0);
}
