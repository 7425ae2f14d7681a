/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "sigma/internal.h"
#include "sigma/sigma.h"
#include "timeline/rules.h"

/*
 * The matching stage: each row made into the events its rules expect
 * (one process_creation, file_event or network_connection event, and
 * the audit records of the same event for auditd rules), each rule of
 * that logsource tried on them, and the row passed on with what
 * matched.
 */
enum { REC_SYSCALL, REC_EXECVE, REC_CWD, REC_PATH, NRECS };

/*
 * A rule's regular expression is the responder's, the row the
 * attacker's: a pattern that backtracks badly on a crafted command line
 * is given up on after this many steps (a few milliseconds), and the
 * summary says so.
 */
#define MATCH_LIMIT	1000000

struct sigw {
	struct st_sink	 w;
	struct st_sink	*next;
	const struct st_sigma *set;
	uint64_t	*counts;
	size_t		*by_kind[SG_NKINDS];	/* rule indices */
	size_t		 nkind[SG_NKINDS];
	struct sg_anchors *anchors[SG_NKINDS];
	unsigned	*stamp;			/* per rule: may match */
	unsigned	 gen;			/* the view's stamp */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	struct sg_view	 v;
	struct sbuf	 lowbuf, cmd, dest, tmp;
	char		 num[8][24];
	struct st_row	 row;
	unsigned char	*hit;			/* per rule, this row */
};

/* RK_SOCKET: a bind or listen, which only auditd rules see. */
enum rowkind { RK_NONE, RK_EXEC, RK_FAILED, RK_FILE, RK_NET, RK_SOCKET };

static enum rowkind
row_kind(const struct st_row *r)
{
	const char *d = r->text[ST_COL_DESC].s;

	if (r->note || d == NULL || r->num[ST_COL_PID] == ST_NUM_NONE)
		return RK_NONE;
	if (strcmp(d, "Process Execution") == 0)
		return RK_EXEC;
	if (strcmp(d, "Process Execution Failed") == 0)
		return RK_FAILED;
	if (strcmp(d, "Network Connection") == 0)
		return RK_NET;
	if (strncmp(d, "Network ", 8) == 0)
		return RK_SOCKET;
	if (strncmp(d, "File ", 5) == 0 || strncmp(d, "Directory ", 10) == 0)
		return RK_FILE;
	return RK_NONE;
}

static void
set_text(struct sg_view *v, int f, const struct sbuf *b)
{
	if (b->len) {
		v->p[f] = b->s;
		v->len[f] = b->len;
	}
}

static void
set_str(struct sg_view *v, int f, const char *s)
{
	v->p[f] = s;
	v->len[f] = strlen(s);
}

/* A number column as text, in slot k of the scratch numbers. */
static void
set_num(struct sigw *sw, int f, long long n, int k)
{
	if (n == ST_NUM_NONE)
		return;
	snprintf(sw->num[k], sizeof(sw->num[k]), "%lld", n);
	set_str(&sw->v, f, sw->num[k]);
}

static void
common(struct sigw *sw, const struct st_row *r)
{
	struct sg_view *v = &sw->v;

	sg_view_reset(v);
	v->rec = SG_REC_ANY;
	set_text(v, SG_F_IMAGE, &r->text[ST_COL_EXE]);
	set_text(v, SG_F_USER, &r->text[ST_COL_USER]);
	set_num(sw, SG_F_PROCESS_ID, r->num[ST_COL_PID], 0);
}

static void
proc_view(struct sigw *sw, const struct st_row *r)
{
	struct sg_view *v = &sw->v;
	const struct sbuf *auid = &r->text[ST_COL_AUID];

	common(sw, r);
	if (r->nargs)
		set_text(v, SG_F_COMMAND_LINE, &sw->cmd);
	set_text(v, SG_F_CURRENT_DIRECTORY, &r->text[ST_COL_CWD]);
	if (auid->len && auid->s[0] >= '0' && auid->s[0] <= '9')
		set_text(v, SG_F_LOGON_ID, auid);
	set_num(sw, SG_F_PARENT_PROCESS_ID, r->num[ST_COL_PPID], 1);
	set_text(v, SG_F_PARENT_IMAGE, &r->text[ST_COL_PARENT_EXE]);
	set_text(v, SG_F_PARENT_COMMAND_LINE,
	    &r->text[ST_COL_PARENT_COMMAND_LINE]);
	set_text(v, SG_F_PROCESS_CHAIN, &r->text[ST_COL_CHAIN]);
	set_text(v, SG_F_WEB_ORIGIN, &r->text[ST_COL_WEB_ORIGIN]);
}

static void
file_view(struct sigw *sw, const struct st_row *r)
{
	common(sw, r);
	set_text(&sw->v, SG_F_TARGET_FILENAME, &r->text[ST_COL_TARGET]);
}

/* "127.0.0.1:4444" or "[::1]:80"; 0 for a unix socket. */
static int
net_view(struct sigw *sw, const struct st_row *r)
{
	const struct sbuf *t = &r->text[ST_COL_TARGET];
	const char *colon = t->len ? memrchr(t->s, ':', t->len) : NULL;
	int v6 = t->len && t->s[0] == '[';
	size_t alen;

	if (colon == NULL || strncmp(t->s, "unix:", 5) == 0)
		return 0;
	common(sw, r);
	alen = (size_t)(colon - t->s) - (v6 ? 2 : 0);
	sb_clear(&sw->dest);
	sb_add(&sw->dest, t->s + v6, alen);
	set_text(&sw->v, SG_F_DESTINATION_IP, &sw->dest);
	set_str(&sw->v, SG_F_DESTINATION_PORT, colon + 1);
	set_str(&sw->v, SG_F_DESTINATION_IS_IPV6, v6 ? "true" : "false");
	set_str(&sw->v, SG_F_INITIATED, "true");
	return 1;
}

/* One audit record of the row's event, as auditd wrote its fields. */
static void
record_view(struct sigw *sw, const struct st_row *r, int rec)
{
	static const char *const types[NRECS] = {
		"SYSCALL", "EXECVE", "CWD", "PATH",
	};
	struct sg_view *v = &sw->v;
	const struct sbuf *auid = &r->text[ST_COL_AUID];
	size_t i;

	sg_view_reset(v);
	set_str(v, SG_F_TYPE, types[rec]);
	v->rec = 1u << rec;
	switch (rec) {
	case REC_SYSCALL:
		set_text(v, SG_F_SYSCALL_NAME, &r->text[ST_COL_SYSCALL]);
		set_text(v, SG_F_EXE, &r->text[ST_COL_EXE]);
		set_text(v, SG_F_COMM, &r->text[ST_COL_COMM]);
		set_text(v, SG_F_KEY, &r->text[ST_COL_KEY]);
		set_text(v, SG_F_SUCCESS, &r->text[ST_COL_SUCCESS]);
		set_text(v, SG_F_TTY, &r->text[ST_COL_TTY]);
		set_text(v, SG_F_SES, &r->text[ST_COL_SES]);
		if (auid->len && strcmp(auid->s, "unset") == 0)
			set_str(v, SG_F_AUID, "4294967295");
		else
			set_text(v, SG_F_AUID, auid);
		set_num(sw, SG_F_PID, r->num[ST_COL_PID], 2);
		set_num(sw, SG_F_PPID, r->num[ST_COL_PPID], 3);
		set_num(sw, SG_F_UID, r->num[ST_COL_UID], 4);
		set_num(sw, SG_F_EUID, r->num[ST_COL_EUID], 5);
		set_num(sw, SG_F_EXIT, r->num[ST_COL_EXIT], 6);
		break;
	case REC_EXECVE:
		set_num(sw, SG_F_ARGC, r->num[ST_COL_ARGC], 7);
		for (i = 0; i < r->nargs && i < SG_NARGS; i++)
			if (r->args[i].p) {
				v->p[SG_F_A0 + i] = r->args[i].p;
				v->len[SG_F_A0 + i] = r->args[i].len;
			}
		break;
	case REC_CWD:
		set_text(v, SG_F_CWD, &r->text[ST_COL_CWD]);
		break;
	default:
		set_text(v, SG_F_NAME, &r->text[ST_COL_TARGET]);
		break;
	}
}

static size_t
try_kind(struct sigw *sw, enum sg_kind k)
{
	size_t i, n = 0, ri;

	sg_view_ready(&sw->v);
	if (++sw->gen == 0) {
		memset(sw->stamp, 0, (sw->set->n ? sw->set->n : 1) *
		    sizeof(*sw->stamp));
		sw->gen = 1;
	}
	sg_anchors_mark(sw->anchors[k], &sw->v, sw->stamp, sw->gen);
	for (i = 0; i < sw->nkind[k]; i++) {
		ri = sw->by_kind[k][i];
		if (sw->hit[ri] || (sg_anchors_anchored(sw->anchors[k], ri) &&
		    sw->stamp[ri] != sw->gen) ||
		    !sg_view_may_match(sw->set->r[ri], &sw->v))
			continue;
		if (sg_rule_match(sw->set->r[ri], &sw->v, sw->md)) {
			sw->hit[ri] = 1;
			n++;
		}
		if (sw->v.gave_up && sw->counts)
			sw->counts[sw->set->n + ri]++;
	}
	return n;
}

static size_t
try_records(struct sigw *sw, const struct st_row *r, enum rowkind rk)
{
	size_t n = 0;

	record_view(sw, r, REC_SYSCALL);
	n += try_kind(sw, SG_AUDIT);
	if (rk == RK_EXEC || rk == RK_FAILED) {
		record_view(sw, r, REC_EXECVE);
		n += try_kind(sw, SG_AUDIT);
	}
	record_view(sw, r, REC_CWD);
	n += try_kind(sw, SG_AUDIT);
	if (rk == RK_FILE) {
		record_view(sw, r, REC_PATH);
		n += try_kind(sw, SG_AUDIT);
	}
	return n;
}

static size_t
match_row(struct sigw *sw, const struct st_row *r, enum rowkind rk)
{
	size_t n = 0;

	memset(sw->hit, 0, sw->set->n);
	if (rk == RK_EXEC) {
		st_row_joined(r, &sw->cmd);
		proc_view(sw, r);
		n += try_kind(sw, SG_PROC);
	} else if (rk == RK_FILE) {
		file_view(sw, r);
		n += try_kind(sw, SG_FILE);
	} else if (rk == RK_NET && net_view(sw, r))
		n += try_kind(sw, SG_NET);
	if (sw->nkind[SG_AUDIT])
		n += try_records(sw, r, rk);
	return n;
}

/* The matches into the row's sigma, tags, attack and severity columns. */
static void
mark(struct sigw *sw, struct st_row *row)
{
	const struct sg_rule *x;
	enum st_severity sev = st_severity_parse(
	    sb_str(&row->text[ST_COL_SEVERITY])), top = ST_SEV_NONE;
	size_t i;

	for (i = 0; i < sw->set->n; i++) {
		if (!sw->hit[i])
			continue;
		x = sw->set->r[i];
		if (sw->counts)
			sw->counts[i]++;
		if (row->text[ST_COL_SIGMA_TITLE].len)
			sb_adds(&row->text[ST_COL_SIGMA_TITLE], "; ");
		sb_adds(&row->text[ST_COL_SIGMA_TITLE], x->title);
		st_ids_merge(&row->text[ST_COL_SIGMA_ID], x->id ? x->id : "",
		    &sw->tmp);
		st_ids_merge(&row->text[ST_COL_TAGS], x->tags, &sw->tmp);
		st_ids_merge(&row->text[ST_COL_ATTACK], x->attack, &sw->tmp);
		if ((enum st_severity)x->severity > top)
			top = (enum st_severity)x->severity;
	}
	sb_adds(&row->text[ST_COL_SIGMA_LEVEL], st_severity_name(top));
	st_row_tag(row);
	if (top > sev) {
		sb_clear(&row->text[ST_COL_SEVERITY]);
		sb_adds(&row->text[ST_COL_SEVERITY], st_severity_name(top));
	}
}

static void
sigw_row(struct st_sink *w, const struct st_row *r)
{
	struct sigw *sw = (struct sigw *)w;
	enum rowkind rk = row_kind(r);

	if (rk == RK_NONE || match_row(sw, r, rk) == 0) {
		sw->next->row(sw->next, r);
		return;
	}
	st_row_copy(&sw->row, r);
	mark(sw, &sw->row);
	sw->next->row(sw->next, &sw->row);
}

static int
sigw_finish(struct st_sink *w)
{
	struct sigw *sw = (struct sigw *)w;

	return sw->next->finish(sw->next);
}

static void
sigw_free(struct st_sink *w)
{
	struct sigw *sw = (struct sigw *)w;
	int k;

	sw->next->free(sw->next);
	for (k = 0; k < SG_NKINDS; k++) {
		free(sw->by_kind[k]);
		sg_anchors_free(sw->anchors[k]);
	}
	free(sw->stamp);
	pcre2_match_data_free(sw->md);
	pcre2_match_context_free(sw->mctx);
	sb_release(&sw->lowbuf);
	sb_release(&sw->cmd);
	sb_release(&sw->dest);
	sb_release(&sw->tmp);
	st_row_release(&sw->row);
	free(sw->hit);
	free(sw);
}

struct st_sink *
st_sigma_sink(struct st_sink *next, const struct st_sigma *s, uint64_t *counts)
{
	struct sigw *sw = st_calloc(1, sizeof(*sw));
	const struct sg_rule *x;
	size_t i;
	int k;

	sw->w.row = sigw_row;
	sw->w.finish = sigw_finish;
	sw->w.free = sigw_free;
	sw->next = next;
	sw->set = s;
	sw->counts = counts;
	sw->md = pcre2_match_data_create(1, NULL);
	sw->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(sw->mctx, MATCH_LIMIT);
	sw->v.lowbuf = &sw->lowbuf;
	sw->v.mctx = sw->mctx;
	sw->hit = st_calloc(s->n ? s->n : 1, 1);
	for (k = 0; k < SG_NKINDS; k++)
		sw->by_kind[k] = st_calloc(s->n ? s->n : 1, sizeof(size_t));
	for (i = 0; i < s->n; i++) {
		x = s->r[i];
		if (!x->skip && !x->is_filter)
			sw->by_kind[x->kind][sw->nkind[x->kind]++] = i;
	}
	for (k = 0; k < SG_NKINDS; k++)
		sw->anchors[k] = sg_anchors_new(s, sw->by_kind[k],
		    sw->nkind[k]);
	sw->stamp = st_calloc(s->n ? s->n : 1, sizeof(*sw->stamp));
	st_row_init(&sw->row);
	return &sw->w;
}
