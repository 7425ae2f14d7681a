/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sbuf.h"
#include "batch/wire.h"
#include "batch/worker.h"
#include "input/custody.h"
#include "report/hostsum.h"
#include "report/report.h"
#include "report/runstats.h"

/* Progress goes up the pipe about every PROGRESS_STEP bytes read. */
#define PROGRESS_STEP	(4 * 1024 * 1024)

struct worker_ctx {
	FILE		*pipe;
	uint64_t	 last;
};

static void
worker_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct worker_ctx *w = ctx;

	(void)total;
	if (done - w->last < PROGRESS_STEP && done < total)
		return;
	w->last = done;
	st_wire_put(w->pipe, ST_WIRE_PROGRESS, &done, sizeof(done));
	fflush(w->pipe);
}

/* Text a function prints, sent up as one record. */
static void
send_text(FILE *pipe, int tag, const struct st_run_result *res,
    const struct st_batch *b, int report)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		return;
	if (report) {
		st_report_print(fp, res, &b->run->tz, b->verbose);
		st_report_stats(fp, res);
	}
	else
		st_run_summary(res, fp);
	fclose(fp);
	st_wire_put(pipe, tag, buf, len);
	free(buf);
}

/* The host's own file, made anew: never another host's, nor a file
 * that was there. */
static FILE *
host_output(const struct st_batch *b, const char *fname, char **path)
{
	struct sbuf p = SBUF_INIT;

	sb_addf(&p, "%s/%s.%s", b->outdir, fname, st_writer_ext(b->format));
	*path = sb_detach(&p);
	return st_custody_create_new(*path);
}

void
st_worker_main(const struct st_batch *b, const struct st_host *x,
    const char *fname, int fd)
{
	struct st_run_opts o = *b->run;
	struct st_run_result res;
	struct st_hostsum sum;
	struct worker_ctx wc = { fdopen(fd, "w"), 0 };
	/* The host's files, borrowed: never freed here. */
	struct st_files files = { x->files, x->n, x->n };
	struct st_sink *sink;
	FILE *out = NULL;
	char *path = NULL;

	if (wc.pipe == NULL)
		_exit(3);
	o.host = x->name;
	o.progress = worker_progress;
	o.pctx = &wc;
	if (b->outdir && (out = host_output(b, fname, &path)) == NULL) {
		warn("%s", path);
		_exit(3);
	}
	sink = out ? st_writer_new(b->format, out, &b->wopts) :
	    st_wire_sink(wc.pipe);
	st_run(&o, &files, sink, &res);
	if (out && b->format == ST_FMT_TABLE)
		st_run_summary(&res, out);
	if (out && fclose(out) != 0)
		res.stats.write_error = 1;
	st_hostsum_fill(&sum, &res);
	st_wire_put(wc.pipe, ST_WIRE_SUMMARY, &sum, sizeof(sum));
	send_text(wc.pipe, ST_WIRE_TEXT, &res, b, 1);
	send_text(wc.pipe, ST_WIRE_SHELLS, &res, b, 0);
	_exit(fclose(wc.pipe) != 0 ? 3 : 0);
}

