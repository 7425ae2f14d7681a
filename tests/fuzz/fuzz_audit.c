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
#include "run/run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;
static struct st_webcfg *web;
static struct st_logformats formats;

static void
setup(void)
{
	char err[128];

	sink = fopen("/dev/null", "w");
	web = st_webcfg_new();
	st_webcfg_compile(web, err, sizeof(err));
	st_logformats_builtin(&formats);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_options o;
	struct st_result res;
	struct st_file *f;
	uint8_t how = size ? data[0] : 0;

	if (sink == NULL)
		setup();
	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	o.format = (enum st_format)(how % 3);
	o.all = how & 4;
	o.failed = how & 8;
	o.out = sink;
	o.web = web;
	o.formats = &formats;
	o.since_ms = INT64_MIN;
	o.until_ms = INT64_MAX;
	o.wopts.width = (how & 16) ? 80 : 0;
	f = st_files_add(&res.files, "fuzz.log");
	f->kind = ST_KIND_AUDIT;
	f->held = st_input_open_mem(data + (size > 0), size - (size > 0));
	st_run_files(&o, &res);
	st_result_summary(&res, sink);
	st_report_print(sink, &res, &o.wopts.tz, 1);
	st_result_free(&res);
	return 0;
}
