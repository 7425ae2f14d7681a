/* SPDX-License-Identifier: ISC */
/*
 * columns.c: the request columns of a tied row: client, request,
 * match, confidence and reason, script.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "correlate/internal.h"
#include "correlate/summary.h"
#include "tree/weborigin.h"

/*
 * The web shell's file.  PHP-FPM and Apache run a script from its own
 * directory, so when the cwd ends with the script's directory, cwd
 * plus its name is the file; else the document root, if given.
 */
static void
script_of(const struct st_corr *c, const struct ctree *t,
    const struct st_request *q, struct sbuf *out)
{
	const char *slash = strrchr(q->path, '/');
	size_t dir, n = strlen(t->cwd);

	if (slash == NULL || strchr(slash, '.') == NULL)
		return;			/* a route, not a file */
	/* The directory is "" or starts with '/': a suffix match ends on
	 * a component boundary by itself. */
	dir = (size_t)(slash - q->path);
	if (n >= dir && memcmp(t->cwd + n - dir, q->path, dir) == 0)
		sb_addf(out, "%s%s", t->cwd, slash);
	else if (c->o.docroot)
		sb_addf(out, "%s%s", c->o.docroot, q->path);
}

/*
 * From the evidence alone: exact kinds are high, place with time
 * medium; time alone is low, or medium when its script or its client
 * ran commands on stronger evidence.  Never from earlier time ties,
 * which a bystander can collect.
 */
static const char *
confidence(const struct st_corr *c, const struct ctree *t)
{
	const struct st_request *q = t->req->q;

	if (t->kind == M_PLACE)
		return "medium";
	if (STRONG(t->kind))
		return "high";
	if (corr_count_get(&c->cmd_scripts, q->path_hash) ||
	    corr_count_get(&c->cmd_clients, q->client_hash))
		return "medium";
	return "low";
}

/* The match column: the evidence's name. */
const char *
corr_match_name(const struct ctree *t)
{
	switch (t->kind) {
	case M_COMMAND:
		return "command";
	case M_WORKER:
		return "worker";
	case M_CONTAINS:
		return t->inject ? "injection" : "contains";
	case M_ARGUMENT:
		return "argument";
	case M_PLACE:
		return "place";
	default:
		return "time";
	}
}

/* What the summary makes of a tie. */
enum st_sumrole
corr_role(const struct ctree *t)
{
	if (t->kind == M_CONTAINS || t->kind == M_ARGUMENT)
		return t->inject ? ST_SUM_INJECT : ST_SUM_APP;
	return STRONG(t->kind) ? ST_SUM_NAMED : ST_SUM_TIME;
}


/*
 * How the request's time fits the exec's, in the terms its log gives:
 * nginx's completion, Apache's reception (and completion when it logs
 * a duration), or a time whose server is not known.
 */
static void
when(const struct st_request *q, const struct ctree *t, struct sbuf *b)
{
	const char *what = t->cmdlen ? "exec" : "write";
	long long d;

	if (q->mean == ST_TMEAN_END) {
		d = (long long)(q->end_max_ms - t->t_root);
		sb_addf(b, d >= 0 ? " completed at most %lld ms after the %s" :
		    " completed %lld ms before the %s, within the clocks' "
		    "tolerance", d >= 0 ? d : -d, what);
	} else if (q->mean == ST_TMEAN_BEGIN) {
		d = (long long)(t->t_root - q->start_ms);
		sb_addf(b, d >= 0 ? " received at most %lld ms before the %s" :
		    " received %lld ms after the %s, within the clocks' "
		    "tolerance", d >= 0 ? d : -d, what);
		if (q->end_logged)
			sb_addf(b, ", completed at most %lld ms after it",
			    (long long)(q->end_max_ms - t->t_root));
	} else
		sb_addf(b, " logged %lld ms from the %s (its server unknown: "
		    "only the logged second is trusted)",
		    (long long)(q->anchor_ms - t->t_root), what);
}

/* "parameter NAME", or the query string, with how it was decoded. */
static void
which_value(const struct st_value *v, struct sbuf *b)
{
	if (*v->param == '\0')
		sb_adds(b, "the query string");
	else {
		sb_adds(b, "parameter ");
		st_escape(b, v->param, strlen(v->param));
	}
	if (v->base64)
		sb_adds(b, ", base64-decoded,");
}

static void
reason(const struct st_corr *c, const struct ctree *t, struct sbuf *b)
{
	const struct st_request *q = t->req->q;
	const struct st_value *v = t->value;

	if (t->kind == M_COMMAND || t->kind == M_CONTAINS ||
	    t->kind == M_ARGUMENT) {
		which_value(v, b);
		sb_adds(b, t->kind == M_COMMAND ? " equals the command" :
		    t->kind == M_ARGUMENT ? " equals an argument of a program "
		    "run without a shell" : t->inject ? " is inside the "
		    "command, with shell syntax that broke out of the page's "
		    "own command: command injection" : " is inside the "
		    "command, as a word of the page's own command");
		return;
	}
	if (t->kind == M_WORKER)
		sb_addf(b, "served by pid %lld, the exec's parent; ", q->pid);
	sb_addf(b, "%s ", q->method);
	st_escape(b, q->path, strlen(q->path));
	when(q, t, b);
	if (corr_count_get(&c->cmd_scripts, q->path_hash))
		sb_adds(b, "; its script ran commands by request");
	if (corr_count_get(&c->cmd_clients, q->client_hash))
		sb_adds(b, "; its client ran commands by request");
	if (t->kind == M_PLACE)
		sb_adds(b, "; its script's directory is the exec's cwd");
	if (t->in_turn)
		sb_adds(b, "; taken in turn: its client's requests to the "
		    "script fit as many trees, the earliest tree the first");
	if (t->req->prior == 0)
		sb_adds(b, "; its form was new");
}

static void
set_text(struct st_row *r, enum st_col col, const char *s)
{
	sb_clear(&r->text[col]);
	sb_adds(&r->text[col], s ? s : "");
}

void
corr_request_columns(struct st_row *r, struct st_request *q,
    const struct st_tz *tz)
{
	set_text(r, ST_COL_CLIENT_IP, q->client);
	set_text(r, ST_COL_REMOTE_ADDR, st_request_text(q, ST_V_REMOTE_ADDR));
	set_text(r, ST_COL_FORWARDED_FOR, st_request_text(q, ST_V_XFF));
	set_text(r, ST_COL_METHOD, q->method);
	set_text(r, ST_COL_URI, st_request_uri(q));
	r->num[ST_COL_STATUS] = st_request_status(q) >= 0 ?
	    st_request_status(q) : ST_NUM_NONE;
	set_text(r, ST_COL_USER_AGENT, st_request_text(q, ST_V_USER_AGENT));
	sb_clear(&r->text[ST_COL_REQUEST_DATETIME]);
	st_time_iso(&r->text[ST_COL_REQUEST_DATETIME], q->logged_ms / 1000,
	    (unsigned)(q->logged_ms % 1000), tz);
	sb_clear(&r->text[ST_COL_WEB_SOURCE]);
	sb_addf(&r->text[ST_COL_WEB_SOURCE], "%s:%llu", q->file,
	    (unsigned long long)q->line);
	if (q->back_file)
		sb_addf(&r->text[ST_COL_WEB_SOURCE], " + %s:%llu", q->back_file,
		    (unsigned long long)q->back_line);
	r->num[ST_COL_WEB_PID] = q->pid >= 0 ? q->pid : ST_NUM_NONE;
	r->group = GROUP_REQUEST | q->seq;
}

void
corr_fill_request(struct st_corr *c, struct st_row *r, const struct ctree *t)
{
	struct st_request *q = t->req->q;

	corr_request_columns(r, q, &c->o.tz);
	set_text(r, ST_COL_MATCH, corr_match_name(t));
	set_text(r, ST_COL_CONFIDENCE, confidence(c, t));
	sb_clear(&r->text[ST_COL_MATCH_REASON]);
	reason(c, t, &r->text[ST_COL_MATCH_REASON]);
	sb_clear(&r->text[ST_COL_SCRIPT]);
	script_of(c, t, q, &r->text[ST_COL_SCRIPT]);
}

/* A tree no evidence could tie to one request among several. */
void
corr_fill_ambiguous(struct st_row *r, const struct ctree *t)
{
	set_text(r, ST_COL_MATCH, "ambiguous");
	set_text(r, ST_COL_CONFIDENCE, "none");
	set_text(r, ST_COL_MATCH_REASON, t->amb);
}

/* A row of a tree made web-originated by a request match. */
void
corr_promoted_row(struct st_row *r, const struct ctree *t, unsigned depth)
{
	r->web = 1;
	r->depth = depth;
	r->tree = (uint64_t)t->serial;
	r->num[ST_COL_TREE] = t->serial;
	r->num[ST_COL_DEPTH] = depth;
	sb_clear(&r->text[ST_COL_WEB_ORIGIN]);
	if (depth == 0)
		sb_adds(&r->text[ST_COL_WEB_ORIGIN], "request");
	else
		sb_addf(&r->text[ST_COL_WEB_ORIGIN], "tree:%s;request",
		    t->label);
}

/*
 * A web server wrote a script (run/run.c makes such rows trees of their
 * own, without a command): the summary says when, and during which
 * request.  A rename's target is after its arrow.
 */
void
corr_script_written(struct st_corr *c, const struct st_row *r,
    const struct ctree *t)
{
	const char *path = sb_str(&r->text[ST_COL_TARGET]), *arrow;

	if (strncmp(sb_str(&r->text[ST_COL_DESC]), "File", 4) != 0)
		return;
	if ((arrow = strstr(path, " -> ")) != NULL)
		path = arrow + 4;
	if (!st_weborigin_dynamic(path))
		return;
	sb_clear(&c->tmp);
	sb_addf(&c->tmp, "%s[%lld] (%s)", sb_str(&r->text[ST_COL_COMM]),
	    r->num[ST_COL_PID], sb_str(&r->text[ST_COL_DESC]));
	st_summary_written(c->summary, path, st_row_ms(r), sb_str(&c->tmp),
	    t->req ? t->req->q : NULL, sb_str(&r->text[ST_COL_CONFIDENCE]));
}
