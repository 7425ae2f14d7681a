/* SPDX-License-Identifier: ISC */
/* Unit tests: the correlator's windows and matching rules, driven with
 * rows and requests made by hand. */
#include "config.h"


#include <stdlib.h>

#include "base/alloc.h"
#include "correlate/corr.h"
#include "web/logformat.h"
#include "check.h"

#define MAXROWS 32

struct capture {
	struct st_sink w;
	struct st_row	 rows[MAXROWS];
	size_t		 n;
};

static void
cap_row(struct st_sink *w, const struct st_row *r)
{
	struct capture *c = (struct capture *)w;

	if (c->n < MAXROWS) {
		st_row_init(&c->rows[c->n]);
		st_row_copy(&c->rows[c->n++], r);
	}
}

static int
cap_finish(struct st_sink *w)
{
	(void)w;
	return 0;
}

static void
cap_free(struct st_sink *w)
{
	(void)w;
}

static struct capture cap;
static struct st_logformat *precise, *coarse, *served;
static const char *const *roots;	/* the next corr()'s */
static size_t nroots;

static struct st_corr *
corr(int hold)
{
	struct st_corr_opts o;
	size_t i;

	for (i = 0; i < cap.n; i++)
		st_row_release(&cap.rows[i]);
	cap.n = 0;
	cap.w.row = cap_row;
	cap.w.finish = cap_finish;
	cap.w.free = cap_free;
	memset(&o, 0, sizeof(o));
	o.hold = hold;
	o.since_ms = INT64_MIN;
	o.until_ms = INT64_MAX;
	o.cmd_window_ms = 300000;
	o.time_window_ms = 10000;
	o.roots = roots;
	o.nroots = nroots;
	return st_corr_new(&o, &cap.w);
}

/* A row of argv (NULL-terminated) run at t seconds in cwd, serial seq. */
static void
row_of(struct st_row *r, double t, uint64_t seq, const char *cwd,
    const char *const *argv)
{
	size_t i, n;

	for (n = 0; argv[n]; n++)
		;
	st_row_init(r);
	r->id.sec = (int64_t)t;
	r->id.ms = (unsigned)((t - (double)(int64_t)t) * 1000 + 0.5);
	r->seq = seq;
	r->num[ST_COL_SERIAL] = (long long)seq;
	sb_adds(&r->text[ST_COL_COMM], argv[0]);
	sb_adds(&r->text[ST_COL_CWD], cwd);
	r->args = st_calloc(n, sizeof(*r->args));
	for (i = 0; i < n; i++) {
		r->args[i].p = st_strdup(argv[i]);
		r->args[i].len = strlen(argv[i]);
	}
	r->nargs = r->capargs = n;
}

/*
 * A web exec row of argv at t seconds, in cwd, in process pid: depth 0
 * starts a tree, depth 1 is the row before's child.
 */
static void
exec_argv(struct st_corr *c, double t, uint64_t seq, unsigned depth,
    long long pid, const char *cwd, const char *const *argv)
{
	struct st_row r;

	row_of(&r, t, seq, cwd, argv);
	r.web = 1;
	r.parent_seq = depth ? seq - 1 : 0;
	r.root_seq = seq - depth;
	r.depth = depth;
	r.num[ST_COL_PID] = pid;
	r.num[ST_COL_PPID] = ST_NUM_NONE;
	st_corr_exec(c, &r);
	st_row_release(&r);
}

/* An exec row: "sh -c cmd" at t seconds, web or not, its parent ppid. */
static void
exec_by(struct st_corr *c, double t, uint64_t seq, uint64_t parent, int web,
    unsigned depth, long long ppid, const char *cmd)
{
	const char *const argv[] = { "sh", "-c", cmd, NULL };
	struct st_row r;

	row_of(&r, t, seq, "/var/www/html", argv);
	r.web = web;
	r.parent_seq = parent;
	r.root_seq = web ? seq - depth : 0;
	r.depth = depth;
	r.num[ST_COL_PID] = (long long)seq;
	r.num[ST_COL_PPID] = ppid;
	sb_adds(&r.text[ST_COL_ARGV], cmd);
	st_corr_exec(c, &r);
	st_row_release(&r);
}

static void
exec(struct st_corr *c, double t, uint64_t seq, uint64_t parent, int web,
    unsigned depth, const char *cmd)
{
	exec_by(c, t, seq, parent, web, depth, ST_NUM_NONE, cmd);
}

/* A request from a log line in the precise ($msec) or coarse format. */
static void
request(struct st_corr *c, const struct st_logformat *f, const char *line)
{
	struct st_request *q = st_calloc(1, sizeof(*q));
	struct st_reqctx cx = { 0, 0, ST_SERVER_NGINX, 10000, 0 };
	struct st_logmatch *m = st_logmatch_for(f, 0);
	static uint64_t seq;
	const char *why = st_request_parse(f, m, line, strlen(line), &cx, q);

	st_logmatch_free(m);
	if (why != NULL) {
		fprintf(stderr, "bad test line: %s\n", line);
		abort();
	}
	q->seq = ++seq;
	q->file = "access.log";
	st_corr_request(c, q);
}

static const struct st_row *
row(size_t i)
{
	static struct st_row empty;

	return i < cap.n ? &cap.rows[i] : &empty;
}

#define MATCH(i)	sb_str(&row(i)->text[ST_COL_MATCH])
#define URI(i)		sb_str(&row(i)->text[ST_COL_URI])
#define CONF(i)		sb_str(&row(i)->text[ST_COL_CONFIDENCE])
#define CLIENT(i)	sb_str(&row(i)->text[ST_COL_CLIENT_IP])
#define REASON(i)	sb_str(&row(i)->text[ST_COL_MATCH_REASON])

static void
by_command(void)
{
	struct st_corr *c = corr(1);

	/* Inside the window: ran 0.1 s after the request began. */
	exec(c, 1000.0, 1, 0, 1, 0, "id");
	request(c, precise, "1000.500 0.600 1.1.1.1 \"GET /s.php?c=id HTTP/1.1\"");
	/* After its request had completed: not that request's. */
	exec(c, 1001.5, 2, 0, 1, 0, "whoami");
	request(c, precise, "1000.900 0.100 1.1.1.1 \"GET /s.php?c=whoami HTTP/1.1\"");
	/* $request_time: the request began 9 s after this exec. */
	exec(c, 1002.0, 3, 0, 1, 0, "uname");
	request(c, precise, "1012.000 1.000 1.1.1.1 \"GET /s.php?c=uname HTTP/1.1\"");
	st_corr_finish(c);
	CHECK_INT(cap.n, 3);
	CHECK_STR(MATCH(0), "command");
	CHECK_STR(CONF(0), "high");
	CHECK_STR(sb_str(&row(0)->text[ST_COL_MATCH_REASON]),
	    "parameter c equals the command");
	CHECK_STR(sb_str(&row(0)->text[ST_COL_SCRIPT]), "/var/www/html/s.php");
	CHECK_STR(MATCH(1), "");
	CHECK_STR(MATCH(2), "");
	st_corr_free(c);
}

/* Without $request_time a request may be logged up to 300 s late. */
static void
late(void)
{
	struct st_corr *c = corr(1);

	exec(c, 1000.0, 1, 0, 1, 0, "sleep 200");
	exec(c, 1000.5, 2, 0, 1, 0, "sleep 400");
	request(c, coarse, "1.1.1.1 - - [01/Jan/1970:00:20:00 +0000] "
	    "\"GET /s.php?c=sleep+200 HTTP/1.1\" 200 0 \"-\" \"-\"");
	request(c, coarse, "1.1.1.1 - - [01/Jan/1970:00:23:20 +0000] "
	    "\"GET /s.php?c=sleep+400 HTTP/1.1\" 200 0 \"-\" \"-\"");
	st_corr_finish(c);
	CHECK_STR(MATCH(0), "command");
	CHECK_STR(MATCH(1), "");
	st_corr_free(c);
}

/* The same command twice: each request takes its own exec, in order. */
static void
twice(void)
{
	struct st_corr *c = corr(1);

	exec(c, 1000.0, 1, 0, 1, 0, "id");
	exec(c, 1002.0, 2, 0, 1, 0, "id");
	request(c, precise, "1000.100 0.200 1.1.1.1 \"GET /s.php?c=id&n=1 HTTP/1.1\"");
	request(c, precise, "1002.100 0.200 1.1.1.1 \"GET /s.php?c=id&n=2 HTTP/1.1\"");
	st_corr_finish(c);
	CHECK_STR(URI(0), "/s.php?c=id&n=1");
	CHECK_STR(URI(1), "/s.php?c=id&n=2");
	st_corr_free(c);
}

/*
 * POST shells: by time, to a new shape.  Time alone is low however
 * many trees the client and script collect: earlier time ties are no
 * evidence.
 */
static void
by_time(void)
{
	struct st_corr *c = corr(1);

	request(c, precise, "990.000 0.010 9.9.9.9 \"GET /index.php?page=1 HTTP/1.1\"");
	exec(c, 1000.0, 1, 0, 1, 0, "uname -a");
	request(c, precise, "1000.300 0.400 7.7.7.7 \"POST /up/img.php HTTP/1.1\"");
	exec(c, 1020.0, 2, 0, 1, 0, "id");
	request(c, precise, "1020.200 0.300 7.7.7.7 \"POST /up/img.php HTTP/1.1\"");
	/* A shape seen before running nothing is no evidence. */
	exec(c, 1040.0, 3, 0, 1, 0, "date");
	request(c, precise, "1040.100 0.200 9.9.9.9 \"GET /index.php?page=2 HTTP/1.1\"");
	/* Static files never count. */
	exec(c, 1060.0, 4, 0, 1, 0, "true");
	request(c, precise, "1060.100 0.200 8.8.8.8 \"GET /new.css HTTP/1.1\"");
	st_corr_finish(c);
	CHECK_STR(MATCH(0), "time");
	CHECK_STR(URI(0), "/up/img.php");
	CHECK_STR(CONF(0), "low");
	CHECK_STR(MATCH(1), "time");
	CHECK_STR(CONF(1), "low");
	CHECK_STR(MATCH(2), "");
	CHECK_STR(MATCH(3), "");
	st_corr_free(c);
}

/*
 * The serving process is the root's parent: that request, though a
 * bystander's request to the same script ran at the same moment; not
 * when two of the worker's requests could have been running.
 */
static void
by_worker(void)
{
	struct st_corr *c = corr(1);

	exec_by(c, 1000.5, 1, 0, 1, 0, 42, "id");
	request(c, served, "1000300 400000 9.9.9.9 43 \"POST /up/img.php "
	    "HTTP/1.1\"");
	request(c, served, "1000300 400000 7.7.7.7 42 \"POST /up/img.php "
	    "HTTP/1.1\"");
	exec_by(c, 1020.5, 2, 0, 1, 0, 42, "id");
	request(c, served, "1020300 400000 7.7.7.7 42 \"POST /up/img.php "
	    "HTTP/1.1\"");
	request(c, served, "1020400 400000 8.8.8.8 42 \"POST /up/img.php "
	    "HTTP/1.1\"");
	st_corr_finish(c);
	CHECK_STR(MATCH(0), "worker");
	CHECK_STR(CONF(0), "high");
	CHECK_STR(sb_str(&row(0)->text[ST_COL_CLIENT_IP]), "7.7.7.7");
	CHECK(strcmp(MATCH(1), "worker") != 0);
	st_corr_free(c);
}

/* One request, two trees: it goes to the nearer; alone, a tree is low. */
static void
nearer(void)
{
	struct st_corr *c = corr(1);

	exec(c, 1000.0, 1, 0, 1, 0, "a");
	exec(c, 1000.9, 2, 0, 1, 0, "b");
	request(c, precise, "1001.000 0.050 5.5.5.5 \"POST /x.php HTTP/1.1\"");
	st_corr_finish(c);
	CHECK_STR(MATCH(0), "");
	CHECK_STR(MATCH(1), "time");
	CHECK_STR(CONF(1), "low");
	st_corr_free(c);
}

/* A command match found later replaces a time match made earlier. */
static void
override(void)
{
	struct st_corr *c = corr(1);

	exec(c, 1000.0, 1, 0, 1, 0, "sleep 30");
	request(c, precise, "1000.200 0.300 6.6.6.6 \"POST /y.php HTTP/1.1\"");
	st_corr_advance(c, 1020000);
	request(c, precise, "1030.100 30.200 6.6.6.7 \"GET /s.php?c=sleep+30 HTTP/1.1\"");
	st_corr_finish(c);
	CHECK_STR(MATCH(0), "command");
	CHECK_STR(URI(0), "/s.php?c=sleep 30");
	CHECK_INT(st_corr_stats(c)->tied_time, 0);
	CHECK_INT(st_corr_stats(c)->tied_command, 1);
	st_corr_free(c);
}

/*
 * No rule marks it, but a parameter equals its command: web-originated
 * by the request, with the child that came before the request did.
 */
static void
promote(void)
{
	struct st_corr *c = corr(1);

	exec(c, 1000.0, 10, 0, 0, 0, "cat /etc/shadow");
	exec(c, 1000.1, 11, 10, 0, 0, "cat /etc/shadow");
	exec(c, 1000.2, 12, 0, 0, 0, "unrelated");
	request(c, precise, "1000.500 0.600 4.4.4.4 \"GET /z.php?q=cat+/etc/shadow HTTP/1.1\"");
	exec(c, 1000.6, 13, 11, 0, 0, "later child");
	st_corr_finish(c);
	CHECK_INT(cap.n, 3);
	CHECK_STR(sb_str(&row(0)->text[ST_COL_WEB_ORIGIN]), "request");
	CHECK_STR(sb_str(&row(1)->text[ST_COL_WEB_ORIGIN]), "tree:sh[10];request");
	CHECK_INT(row(1)->depth, 1);
	CHECK_INT(row(2)->depth, 2);
	CHECK(row(2)->web);
	CHECK_INT(st_corr_stats(c)->promoted, 1);
	st_corr_free(c);
}

/*
 * A page runs "getent hosts $domain": the injected value is inside its
 * command with shell syntax (injection), a benign one as a word (the
 * page's own work).  The bystander whose "localhost" sits inside the
 * injected command too is not chosen: the longer value is.
 */
static void
contains(void)
{
	struct st_corr *c = corr(1);

	exec(c, 1000.0, 1, 0, 1, 0, "getent hosts localhost;id");
	exec(c, 1000.2, 2, 0, 1, 0, "getent hosts example.org");
	request(c, precise, "1000.100 0.150 2.2.2.2 \"GET "
	    "/lookup.php?domain=localhost HTTP/1.1\"");
	request(c, precise, "1000.150 0.200 7.7.7.7 \"GET "
	    "/lookup.php?domain=localhost%3Bid HTTP/1.1\"");
	request(c, precise, "1000.300 0.200 1.1.1.1 \"GET "
	    "/lookup.php?domain=example.org HTTP/1.1\"");
	st_corr_finish(c);
	CHECK_STR(MATCH(0), "injection");
	CHECK_STR(CONF(0), "high");
	CHECK_STR(CLIENT(0), "7.7.7.7");
	CHECK_STR(MATCH(1), "contains");
	CHECK_STR(CLIENT(1), "1.1.1.1");
	CHECK_INT(st_corr_stats(c)->tied_contains, 2);
	st_corr_free(c);
}

/* Two clients send the value in one logged second: no one is named. */
static void
ambiguous(void)
{
	struct st_corr *c = corr(1);

	exec(c, 1000.0, 1, 0, 1, 0, "getent hosts example.org");
	request(c, coarse, "1.1.1.1 - - [01/Jan/1970:00:16:40 +0000] \"GET "
	    "/lookup.php?domain=example.org HTTP/1.1\" 200 0 \"-\" \"-\"");
	request(c, coarse, "3.3.3.3 - - [01/Jan/1970:00:16:40 +0000] \"GET "
	    "/lookup.php?domain=example.org HTTP/1.1\" 200 0 \"-\" \"-\"");
	st_corr_finish(c);
	CHECK_STR(MATCH(0), "ambiguous");
	CHECK_STR(CLIENT(0), "");
	CHECK_STR(REASON(0), "one of 2 requests: 1.1.1.1 GET /lookup.php "
	    "(access.log:0), 3.3.3.3 GET /lookup.php (access.log:0)");
	CHECK_INT(st_corr_stats(c)->ambiguous, 1);
	st_corr_free(c);
}

/* A program run without a shell: a parameter equals one argument. */
static void
argument(void)
{
	static const char *const argv[] = { "/usr/bin/file", "-b",
	    "uploads/a.gif", NULL };
	struct st_corr *c = corr(1);

	exec_argv(c, 1000.0, 1, 0, 1, "/srv/app", argv);
	request(c, precise, "1000.100 0.200 1.1.1.1 \"GET "
	    "/tools/filetype?name=uploads/a.gif HTTP/1.1\"");
	st_corr_finish(c);
	CHECK_STR(MATCH(0), "argument");
	CHECK_STR(CLIENT(0), "1.1.1.1");
	st_corr_free(c);
}

/*
 * PHP runs a script in its directory: of two new POSTs at the moment of
 * the exec, the one whose directory is the cwd.  Java's jspawnhelper
 * execs the command in its own process: that exec is what a parameter
 * equals.
 */
static void
place(void)
{
	static const char *const sh[] = { "sh", "-c", "id", NULL };
	static const char *const spawn[] = { "/usr/lib/jvm/lib/jspawnhelper",
	    "17", "53:54:56", NULL };
	static const char *const cat[] = { "cat", "/etc/passwd", NULL };
	struct st_corr *c = corr(1);

	exec_argv(c, 1000.0, 1, 0, 1, "/var/www/html/up/2026", sh);
	request(c, precise, "1000.100 0.200 9.9.9.9 \"POST /cart.php HTTP/1.1\"");
	request(c, precise, "1000.150 0.200 7.7.7.7 \"POST /up/2026/x.php "
	    "HTTP/1.1\"");
	exec_argv(c, 1010.0, 2, 0, 5, "/var/lib/tomcat", spawn);
	exec_argv(c, 1010.0, 3, 1, 5, "/var/lib/tomcat", cat);
	request(c, precise, "1010.100 0.200 7.7.7.7 \"GET "
	    "/up/x.jsp?cmd=cat+/etc/passwd HTTP/1.1\"");
	st_corr_finish(c);
	CHECK_STR(MATCH(0), "place");
	CHECK_STR(CONF(0), "medium");
	CHECK_STR(CLIENT(0), "7.7.7.7");
	CHECK_STR(MATCH(1), "command");
	CHECK_STR(MATCH(2), "command");
	st_corr_free(c);
}

/*
 * A tree in the document root, two POSTs in its second: "/shop/up.php"
 * has a folder the cwd ends with, "/cart.php" none.  Not knowing the
 * root, the folder maps better; knowing it is /srv/www/shop, that
 * script lies in /srv/www/shop/shop, where the tree is not: the
 * client of /cart.php ran it.
 */
static void
rooted(void)
{
	static const char *const sh[] = { "sh", "-c", "id", NULL };
	static const char *const shop[] = { "/srv/www/shop" };
	struct st_corr *c;
	int known;

	for (known = 0; known < 2; known++) {
		roots = known ? shop : NULL;
		nroots = known ? 1 : 0;
		c = corr(1);
		exec_argv(c, 1000.0, 1, 0, 1, "/srv/www/shop", sh);
		request(c, precise, "1000.100 0.200 9.9.9.9 \"POST /cart.php "
		    "HTTP/1.1\"");
		request(c, precise, "1000.150 0.200 7.7.7.7 \"POST "
		    "/shop/up.php HTTP/1.1\"");
		st_corr_finish(c);
		CHECK_STR(MATCH(0), "place");
		CHECK_STR(CLIENT(0), known ? "9.9.9.9" : "7.7.7.7");
		st_corr_free(c);
	}
	roots = NULL;
	nroots = 0;
}

/*
 * Two web shells' POSTs logged in the same second, each in its own
 * script's directory: each tree gets its own, though the second tree is
 * nearer to the middle of the first request's second.
 */
static void
two_shells(void)
{
	static const char *const a[] = { "sh", "-c", "ls -la", NULL };
	static const char *const b[] = { "sh", "-c", "id", NULL };
	struct st_corr *c = corr(1);

	exec_argv(c, 1000.226, 1, 0, 11, "/var/www/html/uploads", a);
	exec_argv(c, 1000.662, 2, 0, 12, "/var/www/html/img", b);
	request(c, coarse, "6.6.6.6 - - [01/Jan/1970:00:16:40 +0000] \"POST "
	    "/uploads/a.php HTTP/1.1\" 200 5 \"-\" \"ua\"");
	request(c, coarse, "8.8.8.8 - - [01/Jan/1970:00:16:40 +0000] \"POST "
	    "/img/g.php HTTP/1.1\" 200 5 \"-\" \"ua\"");
	st_corr_finish(c);
	CHECK_INT(cap.n, 2);
	CHECK_STR(CLIENT(0), "6.6.6.6");
	CHECK_STR(MATCH(0), "place");
	CHECK_STR(CLIENT(1), "8.8.8.8");
	st_corr_free(c);
}

/*
 * A manager's commands three in one logged second, their requests
 * logged in order: each tree its own request, in that order.
 */
static void
burst(void)
{
	static const char *const a[] = { "sh", "-c", "id", NULL };
	static const char *const b[] = { "sh", "-c", "uname -a", NULL };
	static const char *const d[] = { "sh", "-c", "ls", NULL };
	struct st_corr *c = corr(1);
	size_t i;

	exec_argv(c, 1000.100, 1, 0, 11, "/var/www/html/up", a);
	exec_argv(c, 1000.400, 2, 0, 12, "/var/www/html/up", b);
	exec_argv(c, 1000.700, 3, 0, 13, "/var/www/html/up", d);
	request(c, coarse, "6.6.6.6 - - [01/Jan/1970:00:16:40 +0000] "
	    "\"POST /up/c.php HTTP/1.1\" 200 5 \"-\" \"ua1\"");
	request(c, coarse, "6.6.6.6 - - [01/Jan/1970:00:16:40 +0000] "
	    "\"POST /up/c.php HTTP/1.1\" 200 5 \"-\" \"ua2\"");
	request(c, coarse, "6.6.6.6 - - [01/Jan/1970:00:16:40 +0000] "
	    "\"POST /up/c.php HTTP/1.1\" 200 5 \"-\" \"ua3\"");
	st_corr_finish(c);
	CHECK_INT(cap.n, 3);
	for (i = 0; i < 3; i++)
		CHECK_STR(CLIENT(i), "6.6.6.6");
	CHECK(strstr(REASON(0), "taken in turn") != NULL);
	CHECK_STR(sb_str(&row(0)->text[ST_COL_USER_AGENT]), "ua1");
	CHECK_STR(sb_str(&row(1)->text[ST_COL_USER_AGENT]), "ua2");
	CHECK_STR(sb_str(&row(2)->text[ST_COL_USER_AGENT]), "ua3");
	st_corr_free(c);
}

/*
 * A manager's wrapper taken off every row of its tree; its trees on one
 * script with one tag are one session, another script's another.
 */
static void
wrapped(void)
{
	static const char *const ant1[] = { "sh", "-c", "/bin/sh -c \"cd "
	    "\"/var/www/html/up\";id;echo 1a2b3;pwd;echo 4c5d6\" 2>&1", NULL };
	static const char *const ant2[] = { "sh", "-c", "/bin/sh -c \"cd "
	    "\"/tmp\";uname -a;echo 1a2b3;pwd;echo 4c5d6\" 2>&1", NULL };
	static const char *const id[] = { "id", NULL };
	static const char *const plain[] = { "sh", "-c", "whoami", NULL };
	struct st_corr_opts o;
	struct st_corr *c = corr(1);
	struct st_rules *rules = st_rules_new();
	char err[256];

	st_corr_free(c);
	CHECK_INT(st_rules_compile(rules, err, sizeof(err)), 0);
	memset(&o, 0, sizeof(o));
	o.hold = 1;
	o.since_ms = INT64_MIN;
	o.until_ms = INT64_MAX;
	o.cmd_window_ms = 300000;
	o.time_window_ms = 10000;
	o.rules = rules;
	c = st_corr_new(&o, &cap.w);
	exec_argv(c, 1000.0, 1, 0, 21, "/var/www/html/up", ant1);
	exec_argv(c, 1000.0, 2, 1, 22, "/var/www/html/up", id);
	request(c, precise, "1000.100 0.200 6.6.6.6 \"POST /up/c.php "
	    "HTTP/1.1\"");
	exec_argv(c, 1005.0, 3, 0, 23, "/var/www/html/up", ant2);
	request(c, precise, "1005.100 0.200 6.6.6.6 \"POST /up/c.php "
	    "HTTP/1.1\"");
	exec_argv(c, 1010.0, 4, 0, 24, "/var/www/html/x", plain);
	request(c, precise, "1010.100 0.200 6.6.6.6 \"POST /x/s.php "
	    "HTTP/1.1\"");
	st_corr_finish(c);
	CHECK_INT(cap.n, 4);
	CHECK_STR(sb_str(&row(0)->text[ST_COL_TOOL]), "AntSword");
	CHECK_STR(sb_str(&row(0)->text[ST_COL_OPERATOR_COMMAND]), "id");
	CHECK_STR(sb_str(&row(0)->text[ST_COL_OPERATOR_CWD]),
	    "/var/www/html/up");
	CHECK_STR(sb_str(&row(1)->text[ST_COL_OPERATOR_COMMAND]), "id");
	CHECK_STR(sb_str(&row(2)->text[ST_COL_OPERATOR_COMMAND]), "uname -a");
	CHECK_STR(sb_str(&row(2)->text[ST_COL_OPERATOR_CWD]), "/tmp");
	CHECK_INT(row(0)->num[ST_COL_SESSION], 1);
	CHECK_INT(row(1)->num[ST_COL_SESSION], 1);
	CHECK_INT(row(2)->num[ST_COL_SESSION], 1);
	CHECK_INT(row(3)->num[ST_COL_SESSION], 2);
	CHECK_STR(sb_str(&row(3)->text[ST_COL_TOOL]), "");
	st_corr_free(c);
	st_rules_free(rules);
}

/* With no access logs, rows pass straight through. */
static void
passthrough(void)
{
	struct st_corr *c = corr(0);

	exec(c, 1000.0, 1, 0, 1, 0, "id");
	CHECK_INT(cap.n, 1);
	exec(c, 1001.0, 2, 0, 0, 0, "not web");
	CHECK_INT(cap.n, 1);
	st_corr_finish(c);
	st_corr_free(c);
}

int
main(void)
{
	char err[256];
	size_t i;

	precise = st_logformat_compile("p", "$msec $request_time $remote_addr "
	    "\"$request\"", ST_LOGESC_DEFAULT, err, sizeof(err));
	/* Apache's: reception in ms, %D, the serving process %P. */
	served = st_logformat_compile("w", "%{msec}t %D %a %P \"%r\"",
	    ST_LOGESC_DEFAULT, err, sizeof(err));
	coarse = st_logformat_compile("c", "$remote_addr - $remote_user "
	    "[$time_local] \"$request\" $status $body_bytes_sent "
	    "\"$http_referer\" \"$http_user_agent\"", ST_LOGESC_DEFAULT, err,
	    sizeof(err));
	by_command();
	late();
	twice();
	by_time();
	by_worker();
	nearer();
	override();
	promote();
	passthrough();
	contains();
	ambiguous();
	argument();
	place();
	rooted();
	two_shells();
	burst();
	wrapped();
	for (i = 0; i < cap.n; i++)
		st_row_release(&cap.rows[i]);
	st_logformat_free(precise);
	st_logformat_free(coarse);
	st_logformat_free(served);
	return CHECK_DONE();
}
