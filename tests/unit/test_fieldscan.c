/* SPDX-License-Identifier: ISC */
/*
 * The access log formats walked by hand (web/fieldscan.h) against
 * their PCRE2 patterns: hand-made lines that take each way out of the
 * scan, then every line of every file of the samples and of the shared
 * corpus (when it is there) with every builtin format.  The captures
 * must be the same, or both no match; and the scan must have decided
 * lines, or it is not being tested at all.
 */
#include "config.h"

#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "input/reader.h"
#include "web/fieldscan.h"
#include "web/logformat.h"

static struct st_logformats formats;
static struct st_logmatch *fast, *ref;
static unsigned long long lines, scanned;

/* One line with every format: the same answer both ways. */
static void
both(const char *line, size_t len, const char *where)
{
	const struct st_logformat *f;
	const size_t *a, *b;
	size_t i;

	lines++;
	for (i = 0; i < formats.n; i++) {
		f = formats.v[i];
		if (f->scan && st_fieldscan_match(f->scan, line, len, fast->ov,
		    &fast->scan))
			scanned++;
		a = st_logformat_match(f, fast, line, len);
		b = st_logformat_match(f, ref, line, len);
		if ((a == NULL) != (b == NULL) || (a && memcmp(a, b,
		    2 * (f->nvars + 1) * sizeof(*a)) != 0)) {
			fprintf(stderr, "%s: format %s: scan and pattern part "
			    "on: %.*s\n", where, f->name, (int)(len > 300 ?
			    300 : len), line);
			check_failures++;
		}
	}
}

static int
one_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct st_reader *in;
	struct st_line l;
	char err[256];

	(void)st;
	(void)ftw;
	if (type != FTW_F || (in = st_reader_open(path, 1, err,
	    sizeof(err))) == NULL)
		return 0;
	while (st_reader_line(in, &l) > 0)
		if (!(l.flags & ST_LINE_CUT))
			both(l.p, l.len, path);
	st_reader_close(in);
	return 0;
}

static const char *const made[] = {
	/* an escaped quote inside quotes, as Apache writes it */
	"1.2.3.4 - - [27/Nov/2026:00:21:07 -0500] \"GET /a HTTP/1.1\" 200 5 "
	    "\"-\" \"a \\\"b\\\" c\"",
	/* after that time, times of its length that are no times, and
	 * one that it starts (the scan remembers the last it read) */
	"1.2.3.4 - - [27/Nov/2026:00:21:0x -0500] \"GET /a HTTP/1.1\" 200 5 "
	    "\"-\" \"ua\"",
	"1.2.3.4 - - [27/Nov/2026:00:21:07 _0500] \"GET /a HTTP/1.1\" 200 5 "
	    "\"-\" \"ua\"",
	"1.2.3.4 - - [27/Nov/2026:00:21:07 -05001] \"GET /a HTTP/1.1\" 200 5 "
	    "\"-\" \"ua\"",
	/* a raw quote: only the pattern can find where fields end */
	"1.2.3.4 - - [27/Nov/2026:00:21:07 -0500] \"GET /a\"b HTTP/1.1\" 200 "
	    "5 \"-\" \"ua\"",
	/* "-" for numbers, a one-digit day, no user agent */
	"1.2.3.4 - bob [7/Nov/2026:00:21:07 +0000] \"GET / HTTP/1.0\" 200 - "
	    "\"-\" \"\"",
	/* a status of four digits, a month of two letters */
	"1.2.3.4 - - [27/Nov/2026:00:21:07 -0500] \"GET / HTTP/1.1\" 2000 5",
	"1.2.3.4 - - [27/No/2026:00:21:07 -0500] \"GET / HTTP/1.1\" 200 5",
	/* a backslash last, and before a carriage return */
	"1.2.3.4 - - [27/Nov/2026:00:21:07 -0500] \"GET / HTTP/1.1\" 200 5 "
	    "\"-\" \"ua\\",
	"1.2.3.4 - - [27/Nov/2026:00:21:07 -0500] \"GET / HTTP/1.1\" 200 5 "
	    "\"-\" \"u\\\ra\"",
	/* vhost_combined, and a line cut short */
	"shop:443 1.2.3.4 - - [27/Nov/2026:00:21:07 -0500] \"GET / HTTP/1.1\" "
	    "200 5 \"-\" \"ua\"",
	"1.2.3.4 - - [27/Nov/2026:00:21:07 -0500] \"GET / HT",
	"",
};

int
main(void)
{
	const char *src = getenv("SRCDIR"), *shared = getenv("SHELLTRAIL_SHARED");
	char path[4096];
	size_t i;

	st_logformats_builtin(&formats);
	fast = st_logmatch_new(&formats, 0);
	ref = st_logmatch_new(&formats, 1);
	for (i = 0; i < sizeof(made) / sizeof(made[0]); i++)
		both(made[i], strlen(made[i]), "made");
	CHECK(scanned > 0);
	snprintf(path, sizeof(path), "%s/samples", src ? src : ".");
	CHECK(nftw(path, one_file, 16, FTW_PHYS) == 0);
	if (shared) {
		snprintf(path, sizeof(path), "%s/corpus", shared);
		(void)nftw(path, one_file, 16, FTW_PHYS);
	}
	printf("%llu lines, %llu decided by a scan\n", lines, scanned);
	CHECK(scanned > 1000);
	st_logmatch_free(fast);
	st_logmatch_free(ref);
	st_logformats_release(&formats);
	return check_failures != 0;
}
