/*
 * Fuzz target: audit log text through the whole path (line check,
 * libauparse, decoding, trees, rows, every writer, the report).  The
 * first byte picks the output format and options; the rest is the log.
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_run_opts o;
	struct st_writer_opts w;
	struct st_run_result res;
	struct st_files files = { 0 };
	struct st_file *f;
	uint8_t how = size ? data[0] : 0;

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
	f = st_files_add(&files, "fuzz.log");
	f->kind = ST_KIND_AUDIT;
	f->held = st_reader_open_mem(data + (size > 0), size - (size > 0));
	st_run(&o, &files, st_writer_new((enum st_format)(how % 3), sink, &w),
	    &res);
	st_run_summary(&res, sink);
	st_report_print(sink, &res, &o.tz, 1);
	st_run_result_release(&res);
	st_files_release(&files);
	return 0;
}
