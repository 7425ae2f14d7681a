/* SPDX-License-Identifier: ISC */
/*
 * audit/dedup.c built with a table of 1,024 anchors, so that 200,000
 * lines make it full and thin it three times (one anchor in 32, then
 * 64, 128 and 256).  A copy of an early stretch of the first file,
 * read after it, must still be found whole: the anchors kept are the
 * ones the rarer rule chooses, wherever they lie in the file; lines
 * never read before are no copy.  The recent-lines table cannot find
 * that stretch: 190,000 lines came after it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "audit/dedup.h"
#include "audit/record.h"
#include "input/files.h"
#include "input/reader.h"
#include "check.h"

#define LINES		200000
#define COPY_FROM	2000
#define COPY_LINES	8000
#define NEW_LINES	5000

struct tally {
	long		 lines, dups;
};

static void
count(void *ctx, const struct st_line *l, const struct st_record *rec,
    int dup)
{
	struct tally *t = ctx;

	(void)l;
	(void)rec;
	t->lines++;
	t->dups += dup;
}

static void
write_lines(const char *path, long from, long n)
{
	FILE *fp = fopen(path, "w");
	long i;

	CHECK(fp != NULL);
	for (i = from; fp && i < from + n; i++)
		fprintf(fp, "type=SYSCALL msg=audit(%ld.%03ld:%ld): arch=c000003e "
		    "syscall=59 success=yes exit=0 pid=%ld comm=\"sh\"\n",
		    1700000000 + i / 1000, i % 1000, i + 1, 1000 + i % 30000);
	if (fp)
		fclose(fp);
}

/* Every record line of path through d: how many there were, how many copies. */
static struct tally
read_file(struct st_dedup *d, struct tally *t, struct st_file *f, int last)
{
	struct tally before = *t, got;
	struct st_reader *in;
	struct st_record rec;
	struct st_line l;
	char err[256];

	st_dedup_file(d, f, last);
	in = st_file_open(f, err, sizeof(err));
	CHECK(in != NULL);
	while (in && st_reader_line(in, &l) > 0)
		if (st_record_scan(l.p, l.len, &rec) == NULL)
			st_dedup_line(d, &l, &rec);
	st_dedup_end(d);
	st_reader_close(in);
	got.lines = t->lines - before.lines;
	got.dups = t->dups - before.dups;
	return got;
}

int
main(void)
{
	char dir[] = "/tmp/test_dedup.XXXXXX", a[64], b[64], c[64];
	struct st_files fl = { NULL, 0, 0 };
	struct tally t = { 0, 0 }, got;
	struct st_dedup *d;

	if (mkdtemp(dir) == NULL)
		return 99;
	snprintf(a, sizeof(a), "%s/audit.log.1", dir);
	snprintf(b, sizeof(b), "%s/copy.log", dir);
	snprintf(c, sizeof(c), "%s/audit.log", dir);
	write_lines(a, 0, LINES);
	write_lines(b, COPY_FROM, COPY_LINES);
	write_lines(c, LINES, NEW_LINES);
	d = st_dedup_new(0x5eed, count, &t);

	got = read_file(d, &t, st_files_add(&fl, a), 0);
	CHECK_INT(got.lines, LINES);
	CHECK_INT(got.dups, 0);
	got = read_file(d, &t, st_files_add(&fl, b), 0);
	CHECK_INT(got.lines, COPY_LINES);
	CHECK_INT(got.dups, COPY_LINES);
	got = read_file(d, &t, st_files_add(&fl, c), 1);
	CHECK_INT(got.lines, NEW_LINES);
	CHECK_INT(got.dups, 0);
	st_dedup_free(d);

	/* A file read alone is all its own, whatever it repeats. */
	d = st_dedup_new(0x5eed, count, &t);
	got = read_file(d, &t, fl.v[1], 1);
	CHECK_INT(got.lines, COPY_LINES);
	CHECK_INT(got.dups, 0);
	st_dedup_free(d);
	st_files_release(&fl);
	unlink(a);
	unlink(b);
	unlink(c);
	rmdir(dir);
	return CHECK_DONE();
}
