/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "base/u64map.h"
#include "output/table.h"
#include "output/writer.h"

/*
 * A table for a person at a terminal: each request that ran commands,
 * or each web-originated tree tied to none, is printed as one block,
 * the processes indented under their roots.  Rows of a block can be far
 * apart in the logs, so blocks are held until quiet for IDLE_MS of log
 * time, or grown to MAX_ROWS, which keeps memory bounded on endless
 * trees.
 */
#define IDLE_MS		60000
#define MAX_ROWS	1000
#define FIXED_COLS	36	/* time, user and pid before the command */
/* Without a terminal's width, a cell is cut at this many columns. */
#define MAX_CELL	1000

#define BOLD	"\033[1m"
#define RED	"\033[31m"
#define CYAN	"\033[36m"
#define YELLOW	"\033[33m"
#define DIM	"\033[2m"
#define RESET	"\033[0m"

struct group {
	uint64_t	 key;		/* 0: a row outside any web tree */
	char		 host[128];	/* its first row's, escaped */
	int64_t		 first_ms, last_ms;
	size_t		 nrows;
	struct sbuf	 text;
	struct group	*prev, *next;
};

struct tablew {
	struct st_sink w;
	FILE		*out;
	struct st_writer_opts o;
	struct group	*head, *tail;
	struct u64map	 bykey;
	struct sbuf	 cell, tags;
	unsigned	 blocks, heads;
	char		 host[128];	/* the last host heading written */
};

static const char *
color(const struct tablew *t, const char *code)
{
	return t->o.color ? code : "";
}

/* "9,013": the size a cut cell had, for the reader. */
static void
thousands(struct sbuf *b, size_t n)
{
	if (n >= 1000) {
		thousands(b, n / 1000);
		sb_addf(b, ",%03zu", n % 1000);
	} else
		sb_addf(b, "%zu", n);
}

/*
 * Append safe text in the columns left after used and, to its right,
 * keep (what must follow it on the line: tags); cut, it ends with
 * "\u2026 (9,013 bytes)", so that nobody takes the cut for the command.
 * Without a terminal a cell is cut only past MAX_CELL, and with --full
 * never.
 */
static void
fit_keep(const struct tablew *t, struct sbuf *b, const struct sbuf *text,
    size_t used, size_t keep)
{
	struct sbuf mark = SBUF_INIT;
	size_t room = MAX_CELL, cut, markw;

	if (t->o.full)
		room = SIZE_MAX;
	else if (t->o.width)
		room = t->o.width > used + keep ? t->o.width - used - keep : 0;
	if (st_display_width(text->s, text->len) <= room) {
		sb_add(b, text->s, text->len);
		return;
	}
	sb_adds(&mark, "\xe2\x80\xa6 (");
	thousands(&mark, text->len);
	sb_adds(&mark, " bytes)");
	markw = mark.len - 2;		/* the ellipsis is one column */
	if (markw >= room) {		/* no room for the size: "…" alone */
		mark.len = room ? 3 : 0;
		markw = room ? 1 : 0;
	}
	cut = st_display_cut(text->s, text->len, room - markw);
	sb_add(b, text->s, cut);
	sb_add(b, mark.s, mark.len);
	sb_release(&mark);
}

static void
fit(const struct tablew *t, struct sbuf *b, const struct sbuf *text,
    size_t used)
{
	fit_keep(t, b, text, used, 0);
}

/* The process a tree hangs under: the chain without its last link. */
static void
parent_part(struct sbuf *c, const struct st_row *r)
{
	const struct sbuf *chain = &r->text[ST_COL_CHAIN];
	const char *gt = chain->s ? strrchr(chain->s, '>') : NULL;

	if (gt && gt > chain->s) {
		sb_adds(c, "under ");
		sb_add(c, chain->s, (size_t)(gt - chain->s) - 1);
		sb_adds(c, "  ");
	}
}

static void
header_line(struct tablew *t, struct group *g, const char *color_on)
{
	sb_adds(&g->text, color(t, color_on));
	fit(t, &g->text, &t->cell, 0);
	sb_addf(&g->text, "%s\n", color(t, RESET));
}

/* The header so far (the cell), then "GET /shell.php?cmd=id" to fit. */
static void
request_line(struct tablew *t, struct group *g, const struct st_row *r)
{
	size_t used = st_display_width(t->cell.s, t->cell.len) + 2;

	sb_adds(&g->text, color(t, BOLD CYAN));
	sb_add(&g->text, t->cell.s, t->cell.len);
	sb_clear(&t->tags);
	st_row_display(&t->tags, r, ST_COL_METHOD);
	sb_addc(&t->tags, ' ');
	st_row_display(&t->tags, r, ST_COL_URI);
	if (t->o.width && !t->o.full && t->o.width < used + 24) {
		sb_adds(&g->text, "\n   ");
		used = 3;
	} else
		sb_adds(&g->text, "  ");
	fit(t, &g->text, &t->tags, used);
	sb_addf(&g->text, "%s\n", color(t, RESET));
}

/* "== 05:21:07+00:00  [command, high]  from 127.66.6.6 200  GET ..." */
static void
request_header(struct tablew *t, struct group *g, const struct st_row *r)
{
	struct sbuf *c = &t->cell;
	const char *when = sb_str(&r->text[ST_COL_REQUEST_DATETIME]);

	/*
	 * What the tie rests on and who come first, whole; then the request
	 * line, the attacker's to make long, so the part cut.  On a narrow
	 * terminal the date goes (the time stays), and with too little room
	 * left the request line gets a line of its own.
	 */
	sb_clear(c);
	if (t->o.width && t->o.width < 120)
		sb_addf(c, "== %.8s%s", when + 11, when + 23);
	else
		sb_addf(c, "== %.10s %.8s%s", when, when + 11, when + 23);
	sb_addf(c, "  [%s, %s]  from ", sb_str(&r->text[ST_COL_MATCH]),
	    sb_str(&r->text[ST_COL_CONFIDENCE]));
	st_row_display(c, r, ST_COL_CLIENT_IP);
	if (r->text[ST_COL_FORWARDED_FOR].len)
		sb_adds(c, " (X-Forwarded-For, forgeable)");
	sb_addc(c, ' ');
	st_row_display(c, r, ST_COL_STATUS);
	request_line(t, g, r);
	sb_clear(c);
	sb_adds(c, "   ");
	if (r->text[ST_COL_SCRIPT].len) {
		sb_adds(c, "script ");
		st_row_display(c, r, ST_COL_SCRIPT);
		sb_adds(c, "  ");
	}
	sb_adds(c, "agent ");
	st_row_display(c, r, ST_COL_USER_AGENT);
	sb_adds(c, "  ");
	st_row_display(c, r, ST_COL_MATCH_REASON);
	header_line(t, g, CYAN);
}

/* "== 2026-11-27 05:21:07+00:00  under ? pid 17627  web-originated: ..." */
static void
tree_header(struct tablew *t, struct group *g, const struct st_row *r)
{
	struct sbuf *c = &t->cell;
	const char *when = sb_str(&r->text[ST_COL_LOCAL_DATETIME]);

	sb_clear(c);
	sb_addf(c, "== %.10s %.8s%s  %s", when, when + 11, when + 23,
	    r->depth > 0 ? "(continued)  " : "");
	parent_part(c, r);
	sb_adds(c, "web-originated: ");
	st_row_display(c, r, ST_COL_WEB_ORIGIN);
	if (!r->text[ST_COL_MATCH].len) {
		sb_adds(c, "  no request tied");
		header_line(t, g, BOLD CYAN);
		return;
	}
	/* Ambiguous: the candidates, and no client named. */
	sb_adds(c, "  [ambiguous: no client named]");
	header_line(t, g, BOLD CYAN);
	sb_clear(c);
	sb_adds(c, "   ");
	st_row_display(c, r, ST_COL_MATCH_REASON);
	header_line(t, g, CYAN);
}

static void
header(struct tablew *t, struct group *g, const struct st_row *r)
{
	if (r->text[ST_COL_MATCH].len && r->text[ST_COL_CLIENT_IP].len)
		request_header(t, g, r);
	else
		tree_header(t, g, r);
}

/* What a command's rules say it is, in the colour of its severity. */
static const char *
severity_color(const struct st_row *r)
{
	const char *sev = sb_str(&r->text[ST_COL_SEVERITY]);

	if (strcmp(sev, "critical") == 0 || strcmp(sev, "high") == 0)
		return RED;
	return strcmp(sev, "medium") == 0 ? YELLOW : CYAN;
}

/* A note about the logs: a line of its own, in yellow. */
static void
note_line(struct tablew *t, struct group *g, const struct st_row *r)
{
	struct sbuf *c = &t->cell;

	sb_clear(c);
	sb_addf(c, "%s: %s", sb_str(&r->text[ST_COL_DESC]),
	    sb_str(&r->text[ST_COL_MESSAGE]));
	sb_addf(&g->text, "%.12s  %s", sb_str(&r->text[ST_COL_LOCAL_DATETIME]) + 11,
	    color(t, YELLOW));
	fit(t, &g->text, c, 14);
	sb_addf(&g->text, "%s\n", color(t, RESET));
}

/* A root a manager wrapped: the operator's command is the line. */
static int
unwrapped(const struct st_row *r)
{
	return r->web && r->depth == 0 &&
	    r->text[ST_COL_OPERATOR_COMMAND].len > 0;
}

/*
 * What the line does not say, dimmed under it: the wrapper around the
 * operator's command, or how a detached process was put back in its
 * tree.
 */
static void
aside(struct tablew *t, struct group *g, const struct st_row *r,
    size_t indent)
{
	const char *o = sb_str(&r->text[ST_COL_WEB_ORIGIN]);
	const char *rl = strstr(o, "relinked:");
	struct sbuf *c = &t->cell;

	sb_clear(c);
	if (unwrapped(r) && r->text[ST_COL_ARGV].len) {
		st_row_display(c, r, ST_COL_TOOL);
		sb_adds(c, " wrapper: ");
		st_row_display(c, r, ST_COL_ARGV);
	} else if (rl) {
		sb_adds(c, "relinked: ");
		sb_add(c, rl + 9, strcspn(rl + 9, ";"));
	}
	else
		return;
	sb_addf(&g->text, "%*s%s", (int)(FIXED_COLS + indent + 2), "",
	    color(t, DIM));
	fit(t, &g->text, c, FIXED_COLS + indent + 2);
	sb_addf(&g->text, "%s\n", color(t, RESET));
}

/* A line under the command's, in colour col: its tags, when cramped. */
static void
under(struct tablew *t, struct group *g, const struct sbuf *text,
    size_t indent, const char *col)
{
	size_t at = FIXED_COLS + indent + 2;

	if (t->o.width && t->o.width < at + 24)
		at = t->o.width > 24 ? t->o.width - 24 : 0;
	sb_addf(&g->text, "%*s%s", (int)at, "", color(t, col));
	fit(t, &g->text, text, at);
	sb_addf(&g->text, "%s\n", color(t, RESET));
}

/* "Sigma: Linux Webshell Indicators (high)", under the command. */
static void
sigma_line(struct tablew *t, struct group *g, const struct st_row *r,
    size_t indent)
{
	struct sbuf *c = &t->cell;

	if (r->text[ST_COL_SIGMA_TITLE].len == 0)
		return;
	sb_clear(c);
	sb_adds(c, "Sigma: ");
	st_row_display(c, r, ST_COL_SIGMA_TITLE);
	sb_adds(c, " (");
	st_row_display(c, r, ST_COL_SIGMA_LEVEL);
	sb_addc(c, ')');
	sb_addf(&g->text, "%*s%s", (int)(FIXED_COLS + indent + 2), "",
	    color(t, severity_color(r)));
	fit(t, &g->text, c, FIXED_COLS + indent + 2);
	sb_addf(&g->text, "%s\n", color(t, RESET));
}

static void
line(struct tablew *t, struct group *g, const struct st_row *r)
{
	struct sbuf *b = &g->text, *c = &t->cell;
	size_t indent = 2 * (size_t)r->depth, before, tags_w;
	int root = r->web && r->depth == 0, below;

	if (r->note) {
		note_line(t, g, r);
		return;
	}
	/* A chain thousands deep would push the command off any screen. */
	if (t->o.width && indent > t->o.width / 4)
		indent = t->o.width / 4;
	sb_addf(b, "%.12s  ", sb_str(&r->text[ST_COL_LOCAL_DATETIME]) + 11);
	sb_clear(c);
	if (r->text[ST_COL_USER].len)
		st_row_display(c, r, ST_COL_USER);
	else
		st_row_display(c, r, ST_COL_UID);
	sb_addf(b, "%-10.10s  ", sb_str(c));
	if (r->num[ST_COL_PID] == ST_NUM_NONE)	/* a request alone */
		sb_addf(b, "%8s  ", "");
	else
		sb_addf(b, "%8lld  ", r->num[ST_COL_PID]);
	sb_addf(b, "%*s%s", (int)indent, "", root ? color(t, BOLD) : "");
	sb_clear(c);
	if (r->text[ST_COL_TARGET].len) {	/* a connection, a file */
		sb_addf(c, "%s: ", sb_str(&r->text[ST_COL_DESC]));
		st_row_display(c, r, ST_COL_TARGET);
	} else if (r->num[ST_COL_PID] == ST_NUM_NONE &&
	    r->text[ST_COL_OPERATOR_COMMAND].len == 0)
		sb_adds(c, "(no command in the request)");
	else if (unwrapped(r))
		st_row_display(c, r, ST_COL_OPERATOR_COMMAND);
	else
		st_row_display(c, r, ST_COL_ARGV);
	before = b->len;
	sb_clear(&t->tags);
	if (r->text[ST_COL_TAGS].len) {
		sb_adds(&t->tags, "  {");
		st_row_display(&t->tags, r, ST_COL_TAGS);
		sb_addc(&t->tags, '}');
	}
	tags_w = st_display_width(t->tags.s, t->tags.len);
	/* Too little room beside them: the tags get a line of their own. */
	below = t->o.width && !t->o.full && t->o.width < FIXED_COLS +
	    indent + tags_w + 24;
	fit_keep(t, b, c, FIXED_COLS + indent, below ? 0 : tags_w);
	sb_adds(b, root ? color(t, RESET) : "");
	if (r->text[ST_COL_ARGV_NOTE].len && b->len - before == c->len)
		sb_addf(b, "  %s[%s]%s", color(t, RED),
		    sb_str(&r->text[ST_COL_ARGV_NOTE]), color(t, RESET));
	if (t->tags.len && !below)
		sb_addf(b, "%s%s%s", color(t, severity_color(r)),
		    sb_str(&t->tags), color(t, RESET));
	if (r->text[ST_COL_RUNNING].len)
		sb_addf(b, "  %s[running at collection]%s", color(t, BOLD RED),
		    color(t, RESET));
	sb_addc(b, '\n');
	if (t->tags.len && below)
		under(t, g, &t->tags, indent, severity_color(r));
	aside(t, g, r, indent);
	sigma_line(t, g, r, indent);
}

static void
unlink_group(struct tablew *t, struct group *g)
{
	if (g->prev)
		g->prev->next = g->next;
	else
		t->head = g->next;
	if (g->next)
		g->next->prev = g->prev;
	else
		t->tail = g->prev;
	if (g->key)
		u64map_del(&t->bykey, g->key);
}

/* The columns, once, above the first block. */
static void
column_heads(struct tablew *t)
{
	fprintf(t->out, "%s%-12s  %-10s  %8s  %s%s\n", color(t, DIM), "time",
	    "user", "pid", "command", color(t, RESET));
}

/* With several hosts, a heading each time the host changes. */
static void
host_heading(struct tablew *t, const struct group *g)
{
	if (!t->o.many_hosts || strcmp(g->host, t->host) == 0)
		return;
	snprintf(t->host, sizeof(t->host), "%s", g->host);
	fprintf(t->out, "%s%s### host %s%s\n", t->blocks ? "\n" : "",
	    color(t, BOLD), g->host, color(t, RESET));
}

static void
flush_group(struct tablew *t, struct group *g)
{
	unlink_group(t, g);
	if (t->blocks == 0 && !t->heads++)
		column_heads(t);
	host_heading(t, g);
	if (g->key && t->blocks++)
		fputc('\n', t->out);
	fwrite(g->text.s, 1, g->text.len, t->out);
	sb_release(&g->text);
	free(g);
}

static struct group *
group_for(struct tablew *t, const struct st_row *r)
{
	struct group *g = r->group ? u64map_get(&t->bykey, r->group) : NULL;

	if (g)
		return g;
	g = st_calloc(1, sizeof(*g));
	g->key = r->group;
	sb_clear(&t->cell);
	st_row_display(&t->cell, r, ST_COL_HOST);
	snprintf(g->host, sizeof(g->host), "%s", sb_str(&t->cell));
	g->first_ms = st_row_ms(r);
	g->prev = t->tail;
	if (t->tail)
		t->tail->next = g;
	else
		t->head = g;
	t->tail = g;
	if (g->key) {
		u64map_put(&t->bykey, g->key, g);
		header(t, g, r);
	}
	return g;
}

static void
table_row(struct st_sink *w, const struct st_row *r)
{
	struct tablew *t = (struct tablew *)w;
	struct group *g = group_for(t, r), *next;
	int64_t now = st_row_ms(r);

	line(t, g, r);
	g->last_ms = now;
	if (++g->nrows >= MAX_ROWS)
		flush_group(t, g);
	/*
	 * Groups are listed by first row; one started within the idle
	 * time cannot be idle yet, nor can any after it.
	 */
	for (g = t->head; g && g->first_ms + IDLE_MS < now; g = next) {
		next = g->next;
		if (g->last_ms + IDLE_MS < now)
			flush_group(t, g);
	}
}

static int
table_finish(struct st_sink *w)
{
	struct tablew *t = (struct tablew *)w;

	while (t->head)
		flush_group(t, t->head);
	return st_writer_flush(t->out);
}

static void
table_free(struct st_sink *w)
{
	struct tablew *t = (struct tablew *)w;
	struct group *g, *next;

	for (g = t->head; g; g = next) {
		next = g->next;
		sb_release(&g->text);
		free(g);
	}
	u64map_release(&t->bykey);
	sb_release(&t->cell);
	sb_release(&t->tags);
	free(t);
}

struct st_sink *
st_table_new(FILE *out, const struct st_writer_opts *o)
{
	struct tablew *t = st_calloc(1, sizeof(*t));

	t->o = *o;
	t->w.row = table_row;
	t->w.finish = table_finish;
	t->w.free = table_free;
	t->out = out;
	return &t->w;
}
