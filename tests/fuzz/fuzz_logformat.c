/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the format compilers (every syntax) and the web server
 * configuration readers.  The input is a format, a newline, and a line
 * to parse with it; the whole input is also read as a configuration,
 * and its last byte picks the server the line is read for; each line
 * is also read as every server's error log line, and the whole as a
 * process list and an /etc/passwd.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input/passwd.h"
#include "input/pssnap.h"
#include "input/reader.h"
#include "web/logformat.h"
#include "web/errlog.h"
#include "web/request.h"
#include "web/webconf.h"
#include "web/webkind.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each line as every server's error log line. */
static void
errlog(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct st_errlog e;
	int s;

	memset(&e, 0, sizeof(e));
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		(void)st_webkind_errline(p, (size_t)(nl - p));
		for (s = ST_SERVER_NGINX; s <= ST_SERVER_UWSGI; s++)
			st_errlog_line((enum st_server)s, p, (size_t)(nl - p), &e);
	}
}

/* The input as a ps aux or ps -ef list, and a look-up in it. */
static void
pslist(const uint8_t *data, size_t size)
{
	struct st_pssnap ps;
	const struct st_psproc *x;
	struct st_reader *in = st_reader_open_mem(data, size);
	char err[256];

	memset(&ps, 0, sizeof(ps));
	(void)st_pssnap_lines(&ps, in, "fuzz", err, sizeof(err));
	(void)st_passwd_uid((const char *)data, size, "www-data");
	if ((x = st_pssnap_running(&ps, 1, "bash -i", 7)) != NULL)
		(void)st_pssnap_start_fits(x, 1796100000);
	st_reader_close(in);
	st_pssnap_release(&ps);
}

/*
 * The scan walked by hand (web/fieldscan.h) and the pattern agree on
 * every line: the same captures, or both no match.
 */
static void
same_captures(const struct st_logformat *f, const char *line, size_t len)
{
	struct st_logmatch *fast = st_logmatch_for(f, 0);
	struct st_logmatch *ref = st_logmatch_for(f, 1);
	const size_t *a = st_logformat_match(f, fast, line, len);
	const size_t *b = st_logformat_match(f, ref, line, len);

	if ((a == NULL) != (b == NULL) || (a && memcmp(a, b, 2 *
	    (f->nvars + 1) * sizeof(*a)) != 0))
		abort();
	st_logmatch_free(fast);
	st_logmatch_free(ref);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_logformats l = { NULL, 0, 0 };
	struct st_webconf c = { 0 };
	struct st_reqctx cx = { 0, 0, ST_SERVER_UNKNOWN, 10000, 0 };
	struct st_logformat *f;
	struct st_request r = { 0 };
	struct st_logmatch *m;
	const char *nl = memchr(data, '\n', size);
	size_t flen = nl ? (size_t)(nl - (const char *)data) : size;
	char *fmt = malloc(flen + 1), err[256];

	memcpy(fmt, data, flen);
	fmt[flen] = '\0';
	f = st_logformat_compile("fuzz", fmt, (enum st_logesc)(size % 3), err,
	    sizeof(err));
	if (f && nl) {
		same_captures(f, nl + 1, size - flen - 1);
		m = st_logmatch_for(f, 0);
		cx.server = (enum st_server)(data[size - 1] % 6);
		st_request_parse(f, m, nl + 1, size - flen - 1, &cx, &r);
		st_request_release(&r);
		st_request_time(f, m, nl + 1, size - flen - 1);
		st_logmatch_free(m);
	}
	st_logformat_free(f);
	free(fmt);
	errlog(data, size);
	pslist(data, size);
	st_webconf_text(&c, &l, (const char *)data, size, "/nonexistent/fuzz.conf", err,
	    sizeof(err));
	st_webconf_release(&c);
	st_logformats_release(&l);
	return 0;
}
