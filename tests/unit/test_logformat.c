/* SPDX-License-Identifier: ISC */
/* Unit tests: the nginx log_format compiler, nginx config reading, and
 * parsing access log lines into requests (times, offsets, decoding). */
#include "config.h"


#include <stdlib.h>

#include "tree/weborigin.h"
#include "web/logformat.h"
#include "web/request.h"
#include "web/webconf.h"
#include "check.h"

#define CUSTOM "$remote_addr [$time_iso8601] \"$request\" $status " \
	"$body_bytes_sent $msec $request_time \"$http_x_forwarded_for\" " \
	"\"$http_user_agent\" $upstream_addr"


static const char *
parse(const struct st_logformat *f, const char *line, int64_t skew,
    struct st_request *r)
{
	struct st_reqctx cx = { skew, 0, ST_SERVER_NGINX, 10000, 0 };
	struct st_logmatch *m = st_logmatch_for(f, 0);
	const char *why;

	st_request_release(r);
	why = st_request_parse(f, m, line, strlen(line), &cx, r);
	st_logmatch_free(m);
	return why;
}

static void
compile(void)
{
	char err[256];
	struct st_logformat *f;

	f = st_logformat_compile("c", CUSTOM, ST_LOGESC_DEFAULT, err,
	    sizeof(err));
	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK_INT(f->nvars, 10);
	CHECK_INT(f->server, ST_SERVER_NGINX);
	CHECK_INT(f->at[ST_V_TIME], 6);		/* $msec: finer than ISO */
	CHECK_INT(f->at[ST_V_DURATION], 7);
	CHECK_INT(f->at[ST_V_XFF], 8);
	CHECK_STR(f->vars[9].name, "upstream_addr");
	CHECK_INT(f->vars[9].id, ST_V_OTHER);
	st_logformat_free(f);
	/* ${var} and a bad one */
	f = st_logformat_compile("b", "${remote_addr}x", ST_LOGESC_DEFAULT,
	    err, sizeof(err));
	CHECK(f && f->at[ST_V_REMOTE_ADDR] == 1);
	st_logformat_free(f);
	CHECK(st_logformat_compile("x", "nginx:$ ok", ST_LOGESC_DEFAULT, err,
	    sizeof(err)) == NULL);
	CHECK(strstr(err, "bad variable") != NULL);
	CHECK(st_logformat_compile("x", "$ ok", ST_LOGESC_DEFAULT, err,
	    sizeof(err)) == NULL);
	CHECK(strstr(err, "no field in it") != NULL);
}

static void
conf(void)
{
	static const char text[] =
	    "http {\n"
	    "  # log_format commented 'x';\n"
	    "  log_format main '$remote_addr - $remote_user [$time_local] '\n"
	    "                  '\"$request\" $status';\n"
	    "  log_format js escape=json '{\"t\":\"$time_iso8601\",'\n"
	    "      '\"r\":\"$request\"}';\n"
	    "  access_log /var/log/nginx/access.log main;\n"
	    "}\n";
	struct st_logformats l = { NULL, 0, 0 };
	struct st_webconf c = { 0 };
	const struct st_logbind *b;
	char err[256];

	CHECK_INT(st_webconf_text(&c, &l, text, sizeof(text) - 1, "n.conf", err,
	    sizeof(err)), 2);
	CHECK_STR(l.v[0]->name, "main (n.conf:4)");
	CHECK_STR(l.v[0]->text, "nginx:$remote_addr - $remote_user "
	    "[$time_local] \"$request\" $status");
	CHECK_INT(l.v[1]->esc, ST_LOGESC_JSON);
	CHECK_STR(l.v[1]->text,
	    "nginx:{\"t\":\"$time_iso8601\",\"r\":\"$request\"}");
	/* access_log binds the file, and its rotations, to "main". */
	b = st_webconf_bound(&c, "nginx/access.log.2.gz");
	CHECK(b && b->fmt == 0 && b->server == ST_SERVER_NGINX);
	CHECK(b && strcmp(b->where, "n.conf:7") == 0);
	CHECK(st_webconf_bound(&c, "nginx/error.log") == NULL);
	CHECK_INT(st_webconf_text(&c, &l, "log_format x 'a;", 16, "x", err,
	    sizeof(err)), -1);
	CHECK_INT(st_webconf_text(&c, &l, "log_format ;", 12, "x", err,
	    sizeof(err)), -1);
	CHECK_INT(st_webconf_text(&c, &l, "access_log /x nosuch;", 21, "x",
	    err, sizeof(err)), -1);
	CHECK(strstr(err, "unknown format nosuch") != NULL);
	st_webconf_release(&c);
	st_logformats_release(&l);
}

static void
combined(const struct st_logformat *f)
{
	struct st_request r;
	uint64_t shape, shape2;

	memset(&r, 0, sizeof(r));
	/* The seed capture's line: +0800, percent-encoded command. */
	CHECK(parse(f, "127.66.6.6 - - [27/Nov/2026:13:20:58 +0800] \"GET "
	    "/shell.php?cmd=cat%20%2Fetc%2Fpasswd HTTP/1.1\" 200 1244 \"-\" "
	    "\"python-requests/2.31.0\"", 0, &r) == NULL);
	CHECK_INT(r.end_ms, 1795756858000LL);
	CHECK_INT(r.end_max_ms, 1795756858999LL);
	CHECK_INT(r.start_ms, ST_TIME_NONE);
	CHECK_STR(r.method, "GET");
	CHECK_STR(r.path, "/shell.php");
	CHECK_STR(r.proto, "HTTP/1.1");
	CHECK_STR(st_request_uri(&r), "/shell.php?cmd=cat /etc/passwd");
	CHECK_INT(r.nparams, 1);
	CHECK_STR(r.params[0].value, "cat /etc/passwd");
	CHECK_STR(r.values[0].s, "cat /etc/passwd");
	shape = r.shape;
	CHECK_STR(r.client, "127.66.6.6");
	CHECK_STR(st_request_text(&r, ST_V_REFERER), "");
	CHECK_STR(st_request_text(&r, ST_V_USER_AGENT), "python-requests/2.31.0");
	CHECK_INT(st_request_status(&r), 200);
	CHECK_STR(st_request_text(&r, ST_V_BODY_BYTES), "1244");
	/* -0500, UTF-8 escaped by nginx, then percent-decoded. */
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET "
	    "/a.php?x=\\xE4\\xB8\\xAD%20%E6%96%87&y=1+2 HTTP/1.1\" 200 5 \"-\" \"-\"",
	    0, &r) == NULL);
	CHECK_INT(r.end_ms, 1795756869000LL);
	CHECK_STR(r.params[0].value, "\xe4\xb8\xad \xe6\x96\x87");
	CHECK_STR(r.params[1].value, "1 2");
	CHECK(r.shape != shape);
	/* the shape ignores values and the order of names */
	CHECK(parse(f, "9.9.9.9 - - [27/Nov/2026:13:21:01 +0800] \"GET "
	    "/shell.php?cmd=id HTTP/1.1\" 404 0 \"-\" \"-\"", 0, &r) == NULL);
	CHECK(r.shape == shape);
	CHECK(parse(f, "9.9.9.9 - - [27/Nov/2026:13:21:01 +0800] \"GET "
	    "/a.php?y=1&x=2 HTTP/1.1\" 200 0 \"-\" \"-\"", 0, &r) == NULL);
	shape2 = r.shape;
	CHECK(parse(f, "9.9.9.9 - - [27/Nov/2026:13:21:01 +0800] \"GET "
	    "/a.php?x=3&y=4&x=5 HTTP/1.1\" 200 0 \"-\" \"-\"", 0, &r) == NULL);
	CHECK(r.shape == shape2);
	/* base64 values and a bare query */
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET "
	    "/s.php?x=aWQ= HTTP/1.1\" 200 5 \"-\" \"-\"", 0, &r) == NULL);
	CHECK_INT(r.nvalues, 2);
	CHECK_STR(r.values[1].s, "id");
	CHECK(r.values[1].base64);
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET "
	    "/s.php?uname%20-a HTTP/1.1\" 200 5 \"-\" \"-\"", 0, &r) == NULL);
	CHECK_STR(r.values[r.nvalues - 1].s, "uname -a");
	CHECK_STR(r.values[r.nvalues - 1].param, "");
	/* Which scripts PHP runs in their own directory: place evidence. */
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET "
	    "/a/b/X.PhP5?c=id HTTP/1.1\" 200 5 \"-\" \"-\"", 0, &r) == NULL);
	CHECK(r.place);
	CHECK_INT(r.dir_depth, 2);
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET "
	    "/x.PHTML HTTP/1.1\" 200 5 \"-\" \"-\"", 0, &r) == NULL);
	CHECK(r.place);
	CHECK_INT(r.dir_depth, 0);
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET "
	    "/x.php9 HTTP/1.1\" 200 5 \"-\" \"-\"", 0, &r) == NULL);
	CHECK(!r.place);
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET "
	    "/x.phtmlx HTTP/1.1\" 200 5 \"-\" \"-\"", 0, &r) == NULL);
	CHECK(!r.place);
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET "
	    "/x.php.txt HTTP/1.1\" 200 5 \"-\" \"-\"", 0, &r) == NULL);
	CHECK(!r.place);
	/* The path decoded, and a request line with and without escapes. */
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET "
	    "/shell%2Ephp?c=1 HTTP/1.1\" 200 5 \"-\" \"-\"", 0, &r) == NULL);
	CHECK_STR(r.path, "/shell.php");
	CHECK(r.place);
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET "
	    "/a\\x20b.php HTTP/1.1\" 200 5 \"-\" \"-\"", 0, &r) == NULL);
	CHECK_STR(r.path, "/a b.php");
	CHECK_STR(r.proto, "HTTP/1.1");
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET "
	    "/a HTTP/\" 200 5 \"-\" \"-\"", 0, &r) == NULL);
	CHECK_STR(r.proto, "HTTP/");
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET "
	    "/a HTTP\" 200 5 \"-\" \"-\"", 0, &r) == NULL);
	CHECK_STR(r.path, "/a HTTP");
	CHECK_STR(r.proto, "");
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"-\" 400 "
	    "0 \"-\" \"-\"", 0, &r) != NULL);
	/* A TLS handshake sent to port 80 is not a request. */
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] "
	    "\"\\x16\\x03\\x01\\x02\\x00\" 400 157 \"-\" \"-\"", 0, &r) != NULL);
	/* Cut lines and junk do not match at all. */
	CHECK(parse(f, "1.2.3.4 - - [27/Nov/2026:00:21:09 -0500] \"GET /",
	    0, &r) != NULL);
	CHECK(parse(f, "garbage", 0, &r) != NULL);
	st_request_release(&r);
}

static void
custom(void)
{
	struct st_logformat *f;
	struct st_request r;
	struct st_logmatch *m;
	char err[256];

	memset(&r, 0, sizeof(r));
	f = st_logformat_compile("c", CUSTOM, ST_LOGESC_DEFAULT, err,
	    sizeof(err));
	/* $msec wins over $time_iso8601; $request_time gives the start. */
	CHECK(parse(f, "10.0.0.5 [2026-11-27T10:50:58+05:30] \"POST /u.php "
	    "HTTP/1.1\" 200 10 1795756858.163 2.500 \"203.0.113.7, 10.0.0.1\" "
	    "\"curl/8\" 127.0.0.1:9000", 0, &r) == NULL);
	CHECK_INT(r.end_ms, 1795756858163LL);
	CHECK_INT(r.end_max_ms, 1795756858163LL);
	/* 2.500 s, to the ms: up to 2.501 s */
	CHECK_INT(r.start_ms, 1795756855662LL);
	CHECK_STR(r.client, "203.0.113.7");
	CHECK(r.client_from_xff);
	CHECK_STR(st_request_text(&r, ST_V_REMOTE_ADDR), "10.0.0.5");
	CHECK_STR(st_request_text(&r, ST_V_XFF), "203.0.113.7, 10.0.0.1");
	/* The skew turns the web server's clock into the audit host's. */
	CHECK(parse(f, "10.0.0.5 [2026-11-27T10:50:58+05:30] \"GET / "
	    "HTTP/1.1\" 200 10 1795756858.163 0.000 \"-\" \"curl/8\" -",
	    2500, &r) == NULL);
	CHECK_INT(r.end_ms, 1795756855663LL);
	CHECK_INT(r.logged_ms, 1795756858163LL);
	CHECK_STR(r.client, "10.0.0.5");
	CHECK(!r.client_from_xff);
	m = st_logmatch_for(f, 0);
	CHECK_INT(st_request_time(f, m, "x", 1), ST_TIME_NONE);
	st_logmatch_free(m);
	st_request_release(&r);
	st_logformat_free(f);

	/* $time_iso8601 alone, and escape=json */
	f = st_logformat_compile("j", "{\"t\":\"$time_iso8601\",\"r\":"
	    "\"$request\",\"a\":\"$remote_addr\"}", ST_LOGESC_JSON, err,
	    sizeof(err));
	CHECK(parse(f, "{\"t\":\"2026-11-27T05:20:58+00:00\",\"r\":\"GET "
	    "/x.php?c=\\u4e2d\\\"q HTTP/1.1\",\"a\":\"::1\"}", 0, &r) == NULL);
	CHECK_INT(r.end_ms, 1795756858000LL);
	CHECK_STR(r.params[0].value, "\xe4\xb8\xad\"q");
	CHECK_STR(r.client, "::1");
	st_request_release(&r);
	st_logformat_free(f);
}

int
main(void)
{
	struct st_logformats l = { NULL, 0, 0 };

	st_logformats_builtin(&l);
	CHECK_STR(l.v[1]->name, "combined");
	compile();
	conf();
	combined(l.v[1]);
	custom();
	CHECK(st_weborigin_dynamic("/shell.php"));
	CHECK(st_weborigin_dynamic("/api/run"));
	CHECK(st_weborigin_dynamic("/"));
	CHECK(!st_weborigin_dynamic("/about.html"));
	CHECK(!st_weborigin_dynamic("/img/x.PNG"));
	CHECK(!st_weborigin_dynamic("/f/woff2.WOFF2"));
	CHECK(!st_weborigin_dynamic("/a.js"));
	CHECK(st_weborigin_dynamic("/a.jsx"));
	CHECK(st_weborigin_dynamic("/a.j"));
	CHECK(st_weborigin_dynamic("/a.js css"));
	CHECK(st_weborigin_dynamic("/x.css/run"));
	CHECK(st_weborigin_dynamic("/a.html.php"));
	CHECK(st_weborigin_dynamic("/a."));
	CHECK(st_weborigin_dynamic("/a.1html"));
	st_logformats_release(&l);
	return CHECK_DONE();
}
