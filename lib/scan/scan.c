#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "input/custody.h"
#include "input/discover.h"
#include "scan/scan.h"
#include "scan/sniff.h"

const char **
st_scan_roots(const struct st_scan_opts *o, size_t *n)
{
	const char **v = st_calloc(o->npaths + o->naudit + o->naccess + 1,
	    sizeof(*v));
	size_t i;

	*n = 0;
	for (i = 0; i < o->npaths; i++)
		v[(*n)++] = o->paths[i];
	for (i = 0; i < o->naudit; i++)
		v[(*n)++] = o->audit_paths[i];
	for (i = 0; i < o->naccess; i++)
		v[(*n)++] = o->access_paths[i];
	return v;
}

/*
 * Find the files and tell their kinds; each file's root is the
 * position of the path it was found under in st_scan_roots's list.
 */
static void
discover(const struct st_scan_opts *o, const char *const *roots, size_t n,
    struct st_files *fl)
{
	struct st_sniff *s = st_sniff_new(o->run.formats, o->run.webconf,
	    o->run.webkinds, o->run.web);
	struct st_discover d = { .sniff = st_sniff_file, .ctx = s,
	    .hash = o->run.hash };
	size_t i, from;

	for (i = 0; i < n; i++) {
		from = fl->n;
		st_discover(&d, fl, roots[i], i < o->npaths ? ST_KIND_OTHER :
		    i < o->npaths + o->naudit ? ST_KIND_AUDIT : ST_KIND_ACCESS);
		while (from < fl->n)
			fl->v[from++]->root = (unsigned)i;
	}
	st_sniff_neighbours(o->run.formats, fl);
	st_sniff_free(s);
}

static void
one_progress(void *ctx, uint64_t done, uint64_t total)
{
	const struct st_scan_opts *o = ctx;
	struct st_progress p = { 0, 1, done, total, 0 };

	o->progress(o->pctx, &p);
}

static void
many_progress(void *ctx, size_t hosts_done, size_t hosts, uint64_t done,
    uint64_t total)
{
	const struct st_scan_opts *o = ctx;
	struct st_progress p = { hosts_done, hosts, done, total, 1 };

	o->progress(o->pctx, &p);
}

/* One host: in this process, into the timeline. */
static void
scan_one(const struct st_scan_opts *o, struct st_scan_result *res)
{
	struct st_run_opts ro = o->run;

	ro.host = res->hosts.v[0].name;
	if (o->progress) {
		ro.progress = one_progress;
		ro.pctx = (void *)o;
	}
	st_run(&ro, &res->files, st_writer_new(o->format, o->out, &o->wopts),
	    &res->one);
}

/* summary.csv beside the hosts' timelines. */
static void
summary_csv(const struct st_scan_opts *o, struct st_scan_result *res)
{
	const char **names = st_calloc(res->hosts.n + 1, sizeof(*names));
	struct sbuf path = SBUF_INIT;
	FILE *fp;
	size_t i;

	for (i = 0; i < res->hosts.n; i++)
		names[i] = res->hosts.v[i].name;
	sb_addf(&path, "%s/summary.csv", o->outdir);
	if ((fp = st_custody_create_new(sb_str(&path))) == NULL)
		snprintf(res->err, sizeof(res->err), "%s: %s", sb_str(&path),
		    strerror(errno));
	if (fp == NULL || st_hostsum_csv(fp, names, res->batch.sum,
	    res->hosts.n, &o->run.tz) < 0)
		res->batch.write_error = 1;
	if (fp && fclose(fp) != 0)
		res->batch.write_error = 1;
	sb_release(&path);
	free(names);
}

/* Several hosts, or an output directory: a worker per host. */
static int
scan_many(const struct st_scan_opts *o, struct st_scan_result *res)
{
	struct st_batch b;

	res->many = 1;
	if (o->outdir && st_custody_mkdirs(o->outdir) < 0) {
		snprintf(res->err, sizeof(res->err), "%s: %s", o->outdir,
		    strerror(errno));
		return -1;
	}
	memset(&b, 0, sizeof(b));
	b.run = &o->run;
	b.format = o->format;
	b.out = o->out;
	b.wopts = o->wopts;
	b.jobs = o->jobs ? o->jobs : 1;
	b.outdir = o->outdir;
	b.verbose = o->verbose;
	if (o->progress) {
		b.progress = many_progress;
		b.pctx = (void *)o;
	}
	st_batch_run(&b, &res->hosts, &res->batch);
	if (o->outdir)
		summary_csv(o, res);
	return 0;
}

int
st_scan(const struct st_scan_opts *o, struct st_scan_result *res)
{
	const char **roots;
	size_t n;

	memset(res, 0, sizeof(*res));
	roots = st_scan_roots(o, &n);
	discover(o, roots, n, &res->files);
	st_hosts_split(&res->files, roots, n, o->host, &res->hosts);
	free(roots);
	if (res->hosts.n > 1 || o->outdir)
		return scan_many(o, res);
	scan_one(o, res);
	return 0;
}

void
st_scan_result_release(struct st_scan_result *res)
{
	st_run_result_release(&res->one);
	st_batch_result_release(&res->batch);
	st_hosts_release(&res->hosts);
	st_files_release(&res->files);
}
