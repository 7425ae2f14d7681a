/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: an access log through parsing, the time merge and the
 * correlator, beside a fixed audit log of a web shell, so requests
 * have trees to be tied to.  The first byte picks the format and the
 * writer, the size the log's server; with bit 2 of the first byte the
 * same lines come again as a back server's log, to be paired.  One
 * size in four goes without the audit log, through the hunt of the
 * access logs alone (in one pass: the log is held, as a stream).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "input/reader.h"
#include "output/writer.h"
#include "report/report.h"
#include "run/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char audit[] =
"type=SYSCALL msg=audit(1795756858.163:10452): arch=c000003e syscall=59 "
"success=yes exit=0 a0=1 a1=2 a2=3 a3=8 items=2 ppid=17431 pid=17452 "
"auid=4294967295 uid=33 gid=33 euid=33 suid=33 fsuid=33 egid=33 sgid=33 "
"fsgid=33 tty=(none) ses=4294967295 comm=\"sh\" exe=\"/usr/bin/dash\" "
"key=\"exec\"\n"
"type=EXECVE msg=audit(1795756858.163:10452): argc=3 a0=\"sh\" a1=\"-c\" "
"a2=636174202F6574632F706173737764\n"
"type=CWD msg=audit(1795756858.163:10452): cwd=\"/opt/www/php\"\n"
"type=PROCTITLE msg=audit(1795756858.163:10452): "
"proctitle=7368002D6300636174202F6574632F706173737764\n"
"type=SYSCALL msg=audit(1795756858.463:10453): arch=c000003e syscall=59 "
"success=yes exit=0 a0=1 a1=2 a2=3 a3=8 items=2 ppid=17431 pid=17454 "
"auid=4294967295 uid=33 gid=33 euid=33 suid=33 fsuid=33 egid=33 sgid=33 "
"fsgid=33 tty=(none) ses=4294967295 comm=\"sh\" exe=\"/usr/bin/dash\" "
"key=\"exec\"\n"
"type=EXECVE msg=audit(1795756858.463:10453): argc=3 a0=\"sh\" a1=\"-c\" "
"a2=\"id\"\n"
"type=PROCTITLE msg=audit(1795756858.463:10453): proctitle=7368\n";

static FILE *sink;
static struct st_weborigin *web;
static struct st_logformats formats;

static void
setup(void)
{
	char err[256];

	sink = fopen("/dev/null", "w");
	web = st_weborigin_new();
	st_weborigin_compile(web, err, sizeof(err));
	st_logformats_add(&formats, "json", "{\"t\":\"$time_iso8601\","
	    "\"m\":\"$msec\",\"rt\":\"$request_time\",\"a\":\"$remote_addr\","
	    "\"x\":\"$http_x_forwarded_for\",\"r\":\"$request\"}",
	    ST_LOGESC_JSON, err, sizeof(err));
	st_logformats_add(&formats, "raw", "$remote_addr $msec \"$request\" "
	    "$status", ST_LOGESC_NONE, err, sizeof(err));
	st_logformats_add(&formats, "apache", "%a %l %u %t \"%r\" %>s %O %D "
	    "pid=%P", ST_LOGESC_DEFAULT, err, sizeof(err));
	st_logformats_add(&formats, "gunicorn", "%(h)s %(t)s \"%(r)s\" %(s)s "
	    "<%(p)s> %(L)s", ST_LOGESC_DEFAULT, err, sizeof(err));
	st_logformats_builtin(&formats);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_run_opts o;
	struct st_writer_opts w;
	struct st_run_result res;
	struct st_files files = { 0 };
	struct st_file *f;
	uint8_t how = size ? data[0] : 0;
	int webonly = size % 4 == 3;

	if (sink == NULL)
		setup();
	memset(&o, 0, sizeof(o));
	memset(&w, 0, sizeof(w));
	o.web = web;
	o.formats = &formats;
	o.since_ms = INT64_MIN;
	o.until_ms = INT64_MAX;
	o.docroot = (how & 8) ? "/srv/www" : NULL;
	o.skew_ms = (how & 16) ? -1500 : 0;
	if (!webonly) {
		f = st_files_add(&files, "audit.log");
		f->kind = ST_KIND_AUDIT;
		f->held = st_reader_open_mem(audit, sizeof(audit) - 1);
	}
	f = st_files_add(&files, "access.log");
	f->kind = ST_KIND_ACCESS;
	f->stream = 1;
	f->fmt = (int)(how / 32 % formats.n);
	f->server = (int)(size % 3);	/* unknown, nginx, Apache */
	f->held = st_reader_open_mem(data + (size > 0), size - (size > 0));
	if (how & 4) {
		f = st_files_add(&files, "back.log");
		f->kind = ST_KIND_ACCESS;
		f->fmt = (int)(how / 32 % formats.n);
		f->server = ST_SERVER_GUNICORN;
		f->stream = 1;
		f->held = st_reader_open_mem(data + 1, size - 1);
	}
	st_run(&o, &files, st_writer_new((enum st_format)(how % 3), sink, &w),
	    &res);
	st_run_summary(&res, sink);
	st_report_print(sink, &res, &o.tz, 1);
	st_run_result_release(&res);
	st_files_release(&files);
	return 0;
}
