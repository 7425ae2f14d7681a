/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: audit log text through the whole path (line check,
 * libauparse, decoding, trees, rows, every writer, the report).  The
 * first byte picks the output format and options; the rest is the log,
 * once, or twice as two files that overlap (the copy check).
 */
#define _GNU_SOURCE
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "input/reader.h"
#include "output/writer.h"
#include "report/report.h"
#include "run/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;
static struct st_weborigin *web;
static struct st_logformats formats;

static void
setup(void)
{
	char err[128];

	sink = fopen("/dev/null", "w");
	web = st_weborigin_new();
	st_weborigin_compile(web, err, sizeof(err));
	st_logformats_builtin(&formats);
}

/*
 * Bytes as a file of their own, with a path that can be opened again
 * (the copy check reads an earlier file again); -1 when it cannot.
 */
static int
as_file(const uint8_t *p, size_t n, char *path, size_t len)
{
	int fd = memfd_create("audit", MFD_CLOEXEC);

	if (fd < 0 || write(fd, p, n) != (ssize_t)n) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

/*
 * One file of the bytes, or with how & 32 two that overlap: all of
 * them, then a copy from a point on (which the copy check must find).
 */
static void
add_files(struct st_files *files, const uint8_t *p, size_t n, uint8_t how,
    int *fds)
{
	char path[64];
	struct st_file *f;
	size_t from = n * (how >> 6) / 4;

	if (!(how & 32)) {
		f = st_files_add(files, "fuzz.log");
		f->kind = ST_KIND_AUDIT;
		f->held = st_reader_open_mem(p, n);
		return;
	}
	if ((fds[0] = as_file(p, n, path, sizeof(path))) >= 0)
		st_files_add(files, path)->kind = ST_KIND_AUDIT;
	if ((fds[1] = as_file(p + from, n - from, path, sizeof(path))) >= 0)
		st_files_add(files, path)->kind = ST_KIND_AUDIT;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_run_opts o;
	struct st_writer_opts w;
	struct st_run_result res;
	struct st_files files = { 0 };
	uint8_t how = size ? data[0] : 0;
	int fds[2] = { -1, -1 };

	if (sink == NULL)
		setup();
	memset(&o, 0, sizeof(o));
	memset(&w, 0, sizeof(w));
	o.all = how & 4;
	o.failed = how & 8;
	o.web = web;
	o.formats = &formats;
	o.since_ms = INT64_MIN;
	o.until_ms = INT64_MAX;
	w.width = (how & 16) ? 80 : 0;
	add_files(&files, data + (size > 0), size - (size > 0), how, fds);
	st_run(&o, &files, st_writer_new((enum st_format)(how % 3), sink, &w),
	    &res);
	st_run_summary(&res, sink);
	st_report_print(sink, &res, &o.tz, 1);
	st_run_result_release(&res);
	st_files_release(&files);
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	return 0;
}
