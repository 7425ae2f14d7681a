/* SPDX-License-Identifier: ISC */
/*
 * Unit tests: the formats of Apache, php-fpm, gunicorn and uWSGI, what
 * each server's times mean (the spans), the configurations that bind
 * formats to logs, telling servers apart, and pairing a front server's
 * view of a request with a back server's.  The lines are the captures'
 * (samples/apache-fpm, nginx-fpm-pool, nginx-gunicorn).
 */
#include "config.h"


#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "web/errlog.h"
#include "web/logformat.h"
#include "web/pair.h"
#include "web/request.h"
#include "web/span.h"
#include "web/webconf.h"
#include "web/webkind.h"
#include "check.h"

#define T_SHOP		1796125739000LL	/* 2026-12-01T11:48:59Z */
#define T_INTRANET	1796125740443LL
#define T_FPM		1796125786000LL
#define T_GUNICORN	1796125840000LL


static struct st_logformat *
format(const char *text)
{
	char err[256];
	struct st_logformat *f = st_logformat_compile("t", text,
	    ST_LOGESC_DEFAULT, err, sizeof(err));

	if (f == NULL)
		fprintf(stderr, "%s: %s\n", text, err);
	return f;
}

/* Parse line with f for a log of server's; NULL when it fails. */
static struct st_request *
parse(const struct st_logformat *f, enum st_server server, const char *line)
{
	struct st_reqctx cx = { 0, 0, server, 10000, 0 };
	struct st_request *r = st_calloc(1, sizeof(*r));
	struct st_logmatch *m = f ? st_logmatch_for(f, 0) : NULL;
	const char *why = NULL;

	if (f)
		why = st_request_parse(f, m, line, strlen(line), &cx, r);
	st_logmatch_free(m);
	if (f == NULL || why != NULL) {
		fprintf(stderr, "did not parse (%s): %s\n", f ? why : "-", line);
		st_request_release(r);
		free(r);
		return NULL;
	}
	r->file = "x.log";
	return r;
}

static void
drop(struct st_request *r)
{
	st_request_release(r);
	free(r);
}

static void
apache(void)
{
	struct st_logformat *f = format("%a %l %u %t \"%r\" %>s %O %D "
	    "\"%{Referer}i\" \"%{User-Agent}i\"");
	struct st_request *r;

	CHECK(f && f->server == ST_SERVER_APACHE && f->zoned);
	/* %t is the reception, to the second; %D 4786 us its duration. */
	r = parse(f, ST_SERVER_APACHE, "127.0.0.66 - - [01/Dec/2026:12:48:59 "
	    "+0100] \"GET /inc/cfg.php?c=id HTTP/1.1\" 200 226 4786 \"-\" "
	    "\"curl/7.88.1\"");
	if (r) {
		CHECK_INT(r->mean, ST_TMEAN_BEGIN);
		CHECK_INT(r->start_ms, T_SHOP);
		CHECK_INT(r->end_ms, T_SHOP + 4);
		CHECK_INT(r->end_max_ms, T_SHOP + 999 + 5);
		CHECK(r->end_logged);
		CHECK_STR(r->client, "127.0.0.66");
		CHECK_STR(r->params[0].value, "id");
		CHECK_STR(st_request_text(r, ST_V_USER_AGENT), "curl/7.88.1");
		drop(r);
	}
	st_logformat_free(f);
	/* Three directives of one time, %P and %{tid}P, %{ms}T. */
	f = format("%v %h %l %u [%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t] "
	    "\"%r\" %>s %b \"%{User-Agent}i\" pid=%P tid=%{tid}P %{ms}T");
	r = parse(f, ST_SERVER_UNKNOWN, "intranet.test 127.0.0.77 - - "
	    "[01/Dec/2026 12:49:00.443 +0100] \"POST /admin/tools.php "
	    "HTTP/1.1\" 200 3 \"python-requests/2.31.0\" pid=3100 "
	    "tid=139795808380608 17");
	if (r) {
		CHECK_INT(r->mean, ST_TMEAN_BEGIN);
		CHECK_INT(r->start_ms, T_INTRANET);
		CHECK_INT(r->end_ms, T_INTRANET + 17);
		CHECK_INT(r->end_max_ms, T_INTRANET + 18);
		CHECK_INT(r->pid, 3100);
		CHECK_INT(r->tid, 139795808380608LL);
		CHECK_STR(st_request_text(r, ST_V_HOST), "intranet.test");
		drop(r);
	}
	st_logformat_free(f);
	/* Without a duration: from the reception, the longest a request
	 * may take; %{end:...}t is the completion. */
	f = format("%h %t \"%r\"");
	r = parse(f, ST_SERVER_APACHE, "1.2.3.4 [01/Dec/2026:12:48:59 +0100] "
	    "\"GET / HTTP/1.1\"");
	CHECK(r && !r->end_logged && r->end_max_ms == T_SHOP + 999 + 10000);
	if (r)
		drop(r);
	st_logformat_free(f);
	f = format("%h %{end:%d/%b/%Y:%H:%M:%S %z}t \"%r\"");
	r = parse(f, ST_SERVER_APACHE, "1.2.3.4 01/Dec/2026:12:48:59 +0100 "
	    "\"GET / HTTP/1.1\"");
	CHECK(r && r->mean == ST_TMEAN_END && r->end_ms == T_SHOP);
	if (r)
		drop(r);
	st_logformat_free(f);
	/* Conditions and < > parsed and allowed a "-"; %q keeps its '?'. */
	f = format("%h %!200,304b %<s %m %U%q %{c}a %{X-Id}o %{%s}t");
	r = parse(f, ST_SERVER_APACHE, "1.2.3.4 - 200 GET /a.php?x=1 "
	    "10.0.0.1 - 1796125739");
	CHECK(r && r->start_ms == T_SHOP);
	CHECK(r && strcmp(st_request_uri(r), "/a.php?x=1") == 0);
	if (r)
		drop(r);
	st_logformat_free(f);
}

static void
fpm(void)
{
	struct st_logformat *f = format("%R - %u %t \"%m %r%Q%q\" %s %f "
	    "pid=%p %{mili}d %{kilo}M %C%%");
	struct st_request *r;

	CHECK(f && f->server == ST_SERVER_FPM);
	r = parse(f, ST_SERVER_FPM, "- -  01/Dec/2026:11:49:46 +0000 \"GET "
	    "/media/thumb.php?f=whoami\" 200 /srv/www/gallery/media/thumb.php "
	    "pid=26927 8.911 2048 0.00%");
	if (r) {
		CHECK_INT(r->mean, ST_TMEAN_BEGIN);
		CHECK_INT(r->start_ms, T_FPM);
		CHECK_INT(r->end_ms, T_FPM + 8);
		CHECK_INT(r->end_max_ms, T_FPM + 999 + 9);
		CHECK_INT(r->pid, 26927);
		CHECK_STR(r->path, "/media/thumb.php");
		CHECK_STR(r->params[0].value, "whoami");
		/* %R is the web server, not the client */
		CHECK_STR(r->client, "");
		drop(r);
	}
	st_logformat_free(f);
}

static void
gunicorn_uwsgi(void)
{
	struct st_logformat *f = format("%(h)s %(l)s %(u)s %(t)s \"%(r)s\" "
	    "%(s)s %(b)s \"%(f)s\" \"%(a)s\" %(p)s %(L)s");
	struct st_request *r;

	CHECK(f && f->server == ST_SERVER_GUNICORN);
	r = parse(f, ST_SERVER_GUNICORN, "127.0.0.1 - - [01/Dec/2026:22:50:40 "
	    "+1100] \"GET /debug/run?q=id HTTP/1.0\" 200 53 \"-\" "
	    "\"curl/7.88.1\" <20669> 0.007791");
	if (r) {
		CHECK_INT(r->mean, ST_TMEAN_END);
		CHECK_INT(r->end_ms, T_GUNICORN);
		CHECK_INT(r->start_ms, T_GUNICORN - 8);
		CHECK_INT(r->pid, 20669);
		CHECK_STR(r->proto, "HTTP/1.0");
		drop(r);
	}
	st_logformat_free(f);
	CHECK(format("gunicorn:%(h)s %(zz)s") == NULL);
	/* uWSGI's default line, by the built-in format */
	f = format("uwsgi:[pid: %(pid)|app: %(app)|req: %(req)] %(addr) "
	    "(%(user)) {%(vars) vars in %(pktsize) bytes} [%(ctime)] "
	    "%(method) %(uri) => generated %(rsize) bytes in %(msecs) msecs "
	    "(%(proto) %(status)) %(headers) headers in %(hsize) bytes "
	    "(%(switches) switches on core %(core))");
	r = parse(f, ST_SERVER_UWSGI, "[pid: 4242|app: 0|req: 1/1] 10.0.0.9 () "
	    "{34 vars in 567 bytes} [Tue Dec  1 11:48:59 2026] GET /run?c=id "
	    "=> generated 12 bytes in 3 msecs (HTTP/1.1 200) 2 headers in 79 "
	    "bytes (1 switches on core 0)");
	if (r) {
		CHECK_INT(r->pid, 4242);
		CHECK_INT(r->start_ms, T_SHOP);
		CHECK_INT(r->end_ms, T_SHOP + 3);
		CHECK_STR(r->client, "10.0.0.9");
		CHECK_STR(r->params[0].value, "id");
		drop(r);
	}
	st_logformat_free(f);
}

/* The window of an exec each kind allows, longest request 10 s. */
static void
spans(void)
{
	struct st_span s;
	int64_t lo, hi, t = 1000000;

	/* nginx, no $request_time: [end - 10 s, end of its second] */
	st_span_set(&s, t, 1000, ST_TMEAN_END, -1, 0);
	st_span_window(&s, 10000, &lo, &hi);
	CHECK_INT(lo, t - 10000);
	CHECK_INT(hi, t + 999);
	/* nginx, $msec and $request_time 2.500 */
	st_span_set(&s, t, 1, ST_TMEAN_END, 2500000, 1000);
	st_span_window(&s, 10000, &lo, &hi);
	CHECK_INT(lo, t - 2501);
	CHECK_INT(hi, t);
	/* Apache %t without %D: [received, received + 10 s] */
	st_span_set(&s, t, 1000, ST_TMEAN_BEGIN, -1, 0);
	st_span_window(&s, 10000, &lo, &hi);
	CHECK_INT(lo, t);
	CHECK_INT(hi, t + 999 + 10000);
	CHECK_INT(st_span_anchor(&s), t + 499);
	/* Apache %t with %D 4786 us */
	st_span_set(&s, t, 1000, ST_TMEAN_BEGIN, 4786, 1);
	st_span_window(&s, 10000, &lo, &hi);
	CHECK_INT(lo, t);
	CHECK_INT(hi, t + 999 + 5);
	/* Server unknown: only the second both meanings allow. */
	st_span_set(&s, t, 1000, ST_TMEAN_SERVER, -1, 0);
	st_span_window(&s, 10000, &lo, &hi);
	CHECK_INT(lo, t);
	CHECK_INT(hi, t + 999);
}

static int
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

/*
 * Define sets a ${VAR}; one nobody set stays as written, and what holds
 * it is left out of the facts; DocumentRoot and User are facts.
 */
static void
apache_vars(struct st_webconf *c, struct st_logformats *l, const char *path)
{
	static const char text[] = "Define LOGS /srv/logs/shop\n"
	    "DocumentRoot /srv/www/shop\nUser ${NOPE}\nUser shop\n"
	    "CustomLog ${LOGS}/d.log combined\n";
	char err[256];
	size_t i, roots = 0, users = 0;

	CHECK(st_webconf_text(c, l, text, sizeof(text) - 1, path, err,
	    sizeof(err)) >= 0);
	CHECK(st_webconf_bound(c, "shop/d.log") != NULL);
	for (i = 0; i < c->nfacts; i++) {
		roots += c->facts[i].kind == ST_FACT_ROOT &&
		    strcmp(c->facts[i].value, "/srv/www/shop") == 0;
		users += c->facts[i].kind == ST_FACT_USER;
		CHECK(strchr(c->facts[i].value, '$') == NULL);
	}
	CHECK_INT(roots, 1);
	CHECK_INT(users, 1);
}

static void
apache_conf(void)
{
	char dir[] = "/tmp/st-webconf-XXXXXX", path[128], err[512];
	struct st_logformats l = { NULL, 0, 0 };
	struct st_webconf c = { 0 };
	const struct st_logbind *b;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/sites", dir);
	CHECK(mkdir(path, 0700) == 0);
	snprintf(path, sizeof(path), "%s/sites/shop.conf", dir);
	CHECK(write_file(path, "<VirtualHost *:80>\n"
	    "  CustomLog ${APACHE_LOG_DIR}/shop_access.log timed\n"
	    "  CustomLog /var/log/apache2/inline.log \"%h %t \\\"%r\\\" %D\"\n"
	    "  ErrorLog /var/log/apache2/shop_error.log\n"
	    "</VirtualHost>\n") == 0);
	snprintf(path, sizeof(path), "%s/apache2.conf", dir);
	CHECK(write_file(path, "# main\n"
	    "LogFormat \"%a %l %u %t \\\"%r\\\" %>s %O %D \\\n"
	    "    \\\"%{User-Agent}i\\\"\" timed\n"
	    "LogFormat \"%h %t \\\"%r\\\"\"\n"
	    "TransferLog /var/log/apache2/transfer.log\n"
	    "IncludeOptional sites/*.conf\n"
	    "IncludeOptional nowhere/*.conf\n") == 0);
	CHECK_INT(st_webconf_read(&c, &l, path, err, sizeof(err)), 3);
	b = st_webconf_bound(&c, "apache2/shop_access.log.1");
	CHECK(b && b->server == ST_SERVER_APACHE && b->fmt == 0);
	CHECK(l.n == 3 && strstr(l.v[0]->text, "\"%{User-Agent}i\"") != NULL);
	b = st_webconf_bound(&c, "transfer.log");
	CHECK(b && b->fmt == 1);
	b = st_webconf_bound(&c, "inline.log");
	CHECK(b && b->fmt == 2 && l.v[2]->at[ST_V_DURATION]);
	b = st_webconf_bound(&c, "shop_error.log");
	CHECK(b && b->fmt == -1 && b->server == ST_SERVER_APACHE);
	CHECK_INT(c.files, 2);
	/* An absolute Include is looked for in the same tree. */
	/* An include the collection lacks is noted, not fatal; an absolute
	 * one is looked for in the same tree, not on this machine. */
	CHECK_INT(st_webconf_text(&c, &l, "Include /etc/passwd\n", 20,
	    path, err, sizeof(err)), 0);
	CHECK_INT(c.missing, 1);
	CHECK(strstr(c.first_missing, "apache2.conf:1: /etc/passwd") != NULL);
	CHECK_INT(c.files, 3);	/* the text itself: /etc/passwd unread */
	/* A folder included is its files (here without "timed" defined). */
	CHECK_INT(st_webconf_text(&c, &l, "Include sites\n", 14, path, err,
	    sizeof(err)), -1);
	CHECK(strstr(err, "shop.conf:2: CustomLog with an unknown format "
	    "timed") != NULL);
	CHECK_INT(st_webconf_text(&c, &l, "Include ../../etc/passwd\n", 25,
	    path, err, sizeof(err)), -1);
	CHECK(strstr(err, "climbs out") != NULL);
	/* A configuration that includes itself ends, with a reason. */
	snprintf(path, sizeof(path), "%s/loop.conf", dir);
	CHECK(write_file(path, "LogFormat \"%h %t\" x\nInclude loop.conf\n")
	    == 0);
	CHECK_INT(st_webconf_read(&c, &l, path, err, sizeof(err)), -1);
	CHECK(strstr(err, "nest too deep") != NULL);
	unlink(path);
	snprintf(path, sizeof(path), "%s/apache2.conf", dir);
	apache_vars(&c, &l, path);
	st_webconf_release(&c);
	st_logformats_release(&l);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sites/shop.conf", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sites", dir);
	rmdir(path);
	rmdir(dir);
}

static void
other_confs(void)
{
	static const char pool[] = "[www]\nuser = www-data\n"
	    "access.log = /var/log/php/www.access.log\n"
	    "access.format = \"%R - %u %t \\\"%m %r%Q%q\\\" %s pid=%p\"\n"
	    "[admin]\naccess.log = /var/log/php/admin.access.log\n";
	static const char gun[] = "bind = '127.0.0.1:8000'\n"
	    "accesslog = '/var/log/gunicorn/access.log'\n"
	    "access_log_format = '%(h)s %(t)s \"%(r)s\" %(p)s'\n";
	static const char ngx[] = "access_log /var/log/nginx/access.log;";
	static const char apa[] = "LogFormat \"%h %t \\\"%r\\\"\" x\n"
	    "CustomLog /var/log/apache2/access.log x\n";
	struct st_logformats l = { NULL, 0, 0 };
	struct st_webconf c = { 0 };
	const struct st_logbind *b;
	char err[256], stem[64];

	CHECK_INT(st_webconf_text(&c, &l, pool, sizeof(pool) - 1, "www.conf",
	    err, sizeof(err)), 2);
	b = st_webconf_bound(&c, "php/www.access.log");
	CHECK(b && b->server == ST_SERVER_FPM && l.v[b->fmt]->at[ST_V_PID]);
	b = st_webconf_bound(&c, "admin.access.log");
	CHECK(b && strcmp(l.v[b->fmt]->name, "php-fpm (www.conf:6)") == 0);
	CHECK_INT(st_webconf_text(&c, &l, gun, sizeof(gun) - 1, "g.conf.py",
	    err, sizeof(err)), 1);
	b = st_webconf_bound(&c, "gunicorn/access.log");
	CHECK(b && b->server == ST_SERVER_GUNICORN);
	/* Two servers' access.log: told apart by their folders. */
	CHECK(st_webconf_text(&c, &l, ngx, sizeof(ngx) - 1, "n.conf", err,
	    sizeof(err)) == 1);
	CHECK(st_webconf_text(&c, &l, apa, sizeof(apa) - 1, "a.conf", err,
	    sizeof(err)) == 1);
	b = st_webconf_bound(&c, "case/var/log/nginx/access.log.1");
	CHECK(b && b->server == ST_SERVER_NGINX);
	b = st_webconf_bound(&c, "apache2/access.log");
	CHECK(b && b->server == ST_SERVER_APACHE);
	CHECK(st_webconf_bound(&c, "logs/access.log") == NULL);
	st_webconf_release(&c);
	st_logformats_release(&l);
	st_webconf_stem("a/access.log.2.gz", stem, sizeof(stem));
	CHECK_STR(stem, "access.log");
	st_webconf_stem("access.log-20261201", stem, sizeof(stem));
	CHECK_STR(stem, "access.log");
	st_webconf_stem("access_log", stem, sizeof(stem));
	CHECK_STR(stem, "access_log");
}

static void
kinds(void)
{
	struct st_webkinds k = { NULL, 0, 0 };
	struct st_logformat *f = format("%h %t \"%r\" %>s");
	char why[128], err[128];

	CHECK_INT(st_webkind_errline("2026/12/01 12:48:55 [error] 12#12: x",
	    36), ST_SERVER_NGINX);
	CHECK_INT(st_webkind_errline("[Tue Dec 01 08:47:49.837698 2026] "
	    "[mpm_prefork:notice] [pid 3857:tid 3857] AH00163", 76),
	    ST_SERVER_APACHE);
	CHECK_INT(st_webkind_errline("[01-Dec-2026 12:48:55] NOTICE: fpm is "
	    "running", 45), ST_SERVER_FPM);
	CHECK_INT(st_webkind_errline("[2026-12-01 22:50:36 +1100] [20637] "
	    "[INFO] Starting", 51), ST_SERVER_GUNICORN);
	CHECK_INT(st_webkind_errline("[x] y", 5), ST_SERVER_UNKNOWN);
	CHECK_INT(st_webkind_of(NULL, NULL, NULL, "var/log/httpd/access_log",
	    why, sizeof(why)), ST_SERVER_APACHE);
	CHECK_INT(st_webkind_of(NULL, NULL, NULL, "logs/access.log", why,
	    sizeof(why)), ST_SERVER_UNKNOWN);
	CHECK_INT(st_webkind_of(NULL, NULL, f, "nginx/access.log", why,
	    sizeof(why)), ST_SERVER_APACHE);	/* the syntax first */
	CHECK_STR(why, "its format's syntax");
	CHECK_INT(st_webkinds_add(&k, "*shop*=apache", err, sizeof(err)), 0);
	CHECK_INT(st_webkinds_add(&k, "lighttpd", err, sizeof(err)), -1);
	CHECK_INT(st_webkind_of(&k, NULL, NULL, "nginx/shop.log", why,
	    sizeof(why)), ST_SERVER_APACHE);
	CHECK_STR(why, "--web-log-kind");
	st_webkinds_release(&k);
	st_logformat_free(f);
}

static void
error_logs(void)
{
	static const struct {
		enum st_server	 server;
		const char	*line;
		int		 started, ended, abnormal;
	} lines[] = {
		{ ST_SERVER_FPM, "[01-Dec-2026 12:49:06] NOTICE: [pool www] "
		    "child 8559 started", 1, 0, 0 },
		{ ST_SERVER_FPM, "[01-Dec-2026 12:49:06] NOTICE: [pool www] "
		    "child 3083 exited with code 0 after 11.146210 seconds "
		    "from start", 0, 1, 0 },
		{ ST_SERVER_FPM, "[01-Dec-2026 12:49:06] WARNING: [pool www] "
		    "child 3084 exited on signal 9 (SIGKILL) after 2.0 "
		    "seconds from start", 0, 1, 1 },
		{ ST_SERVER_FPM, "[01-Dec-2026 12:48:55] NOTICE: fpm is "
		    "running, pid 3080", 0, 0, 0 },
		{ ST_SERVER_NGINX, "2026/12/01 12:00:00 [notice] 7#7: start "
		    "worker process 9", 1, 0, 0 },
		{ ST_SERVER_NGINX, "2026/12/01 12:00:00 [alert] 7#7: worker "
		    "process 9 exited on signal 11", 0, 1, 1 },
		{ ST_SERVER_APACHE, "[Tue Dec 01 12:00:00.000000 2026] "
		    "[core:notice] [pid 5] AH00052: child pid 9 exit signal "
		    "Segmentation fault (11)", 0, 1, 1 },
		{ ST_SERVER_GUNICORN, "[2026-12-01 22:50:36 +1100] [20649] "
		    "[INFO] Booting worker with pid: 20649", 1, 0, 0 },
		{ ST_SERVER_GUNICORN, "[2026-12-01 22:51:04 +1100] [20637] "
		    "[CRITICAL] WORKER TIMEOUT (pid:20649)", 0, 1, 1 },
	};
	struct st_errlog e;
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		memset(&e, 0, sizeof(e));
		st_errlog_line(lines[i].server, lines[i].line,
		    strlen(lines[i].line), &e);
		CHECK_INT(e.started, lines[i].started);
		CHECK_INT(e.ended, lines[i].ended);
		CHECK_INT(e.abnormal, lines[i].abnormal);
	}
}

/* Push a line of each side; how many requests come out, and the pid. */
static void
pairing(void)
{
	struct st_logformat *front = format("nginx:$remote_addr - "
	    "$remote_user [$time_local] \"$request\" $status $body_bytes_sent "
	    "\"$http_referer\" \"$http_user_agent\"");
	struct st_logformat *back = format("%(h)s %(l)s %(u)s %(t)s "
	    "\"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\" %(p)s %(L)s");
	struct st_reqctx fcx = { 0, 0, ST_SERVER_NGINX, 10000, 0 };
	struct st_reqctx bcx = { 0, 0, ST_SERVER_GUNICORN, 10000, 0 };
	const char *fl = "127.0.0.66 - - [01/Dec/2026:22:50:40 +1100] \"GET "
	    "/debug/run?q=id HTTP/1.1\" 200 53 \"-\" \"curl/7.88.1\"";
	const char *bl = "127.0.0.1 - - [01/Dec/2026:22:50:40 +1100] \"GET "
	    "/debug/run?q=id HTTP/1.0\" 200 53 \"-\" \"curl/7.88.1\" <20669> "
	    "0.007791";
	const char *other = "127.0.0.1 - - [01/Dec/2026:22:50:40 +1100] \"GET "
	    "/other HTTP/1.0\" 200 53 \"-\" \"curl/7.88.1\" <20670> 0.001";
	const struct st_reqctx *cx;
	struct st_request *r;
	struct st_pair *p = st_pair_new();
	int n = 0;

	/* one of each: merged, with the worker's pid */
	st_pair_push(p, parse(back, ST_SERVER_GUNICORN, bl), &bcx, 1);
	st_pair_push(p, parse(back, ST_SERVER_GUNICORN, other), &bcx, 1);
	st_pair_push(p, parse(front, ST_SERVER_NGINX, fl), &fcx, 0);
	CHECK(st_pair_peek(p, T_GUNICORN + 1000, &cx) == NULL);	/* held */
	while ((r = st_pair_peek(p, INT64_MAX, &cx)) != NULL) {
		if (strcmp(r->path, "/debug/run") == 0) {
			CHECK_INT(r->pid, 20669);
			CHECK_STR(r->client, "127.0.0.66");
			CHECK(r->back_file != NULL);
		}
		n++;
		st_pair_next(p);
	}
	CHECK_INT(n, 2);	/* the merged one, and /other alone */
	CHECK_INT(st_pair_stats(p)->merged, 1);
	CHECK_INT(st_pair_stats(p)->alone, 1);
	st_pair_free(p);
	/* two fronts alike and one back: which is unknown, counted once */
	p = st_pair_new();
	st_pair_push(p, parse(back, ST_SERVER_GUNICORN, bl), &bcx, 1);
	st_pair_push(p, parse(front, ST_SERVER_NGINX, fl), &fcx, 0);
	st_pair_push(p, parse(front, ST_SERVER_NGINX, fl), &fcx, 0);
	for (n = 0; (r = st_pair_peek(p, INT64_MAX, &cx)) != NULL; n++) {
		CHECK_INT(r->pid, -1);
		st_pair_next(p);
	}
	CHECK_INT(n, 2);
	CHECK_INT(st_pair_stats(p)->unsure, 1);
	st_pair_free(p);
	st_logformat_free(front);
	st_logformat_free(back);
}

int
main(void)
{
	apache();
	fpm();
	gunicorn_uwsgi();
	spans();
	apache_conf();
	other_confs();
	kinds();
	error_logs();
	pairing();
	return CHECK_DONE();
}
