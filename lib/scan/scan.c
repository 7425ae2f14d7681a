/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "input/custody.h"
#include "input/discover.h"
#include "input/reader.h"
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

/*
 * An archive's members as a configuration's files: what it includes is
 * looked for among the members of the same archive, never on disk.
 */
struct members {
	const struct st_files *fl;
	const char	*archive;
};

/* The i-th file, when it is a member of the configuration's archive. */
static const char *
same_archive(const struct members *m, size_t i)
{
	const struct st_file *f = m->fl->v[i];

	return f->archive && strcmp(f->archive, m->archive) == 0 ? f->path :
	    NULL;
}

static const struct st_file *
member(const struct members *m, const char *path)
{
	const char *p;
	size_t i;

	for (i = 0; i < m->fl->n; i++)
		if ((p = same_archive(m, i)) != NULL && strcmp(p, path) == 0)
			return m->fl->v[i];
	return NULL;
}

static int
member_slurp(void *ctx, const char *path, size_t max, struct sbuf *out,
    char *err, size_t errlen)
{
	const struct st_file *f = member(ctx, path);
	struct st_reader *in;
	struct st_line ln;
	int rc;

	if (f == NULL) {
		snprintf(err, errlen, "not in the archive");
		return -1;
	}
	if ((in = st_file_open(f, err, errlen)) == NULL)
		return -1;
	while ((rc = st_reader_line(in, &ln)) == 1 && out->len <= max) {
		sb_add(out, ln.p, ln.len);
		sb_addc(out, '\n');
	}
	if (rc < 0)
		snprintf(err, errlen, "%s", st_reader_error(in));
	else if (out->len > max)
		snprintf(err, errlen, "larger than %zu bytes", max);
	st_reader_close(in);
	return rc < 0 || out->len > max ? -1 : 0;
}

static int
member_glob(void *ctx, const char *pattern, char ***v, size_t *n)
{
	const struct members *m = ctx;
	const char *p;
	size_t i, cap = 0;

	*v = NULL;
	*n = 0;
	for (i = 0; i < m->fl->n; i++)
		if ((p = same_archive(m, i)) != NULL &&
		    fnmatch(pattern, p, FNM_PATHNAME) == 0) {
			*v = st_grow(*v, &cap, *n + 1, sizeof(**v));
			(*v)[(*n)++] = st_strdup(p);
		}
	return *n == 0;
}

/* A folder: a member lies below it. */
static int
member_isdir(void *ctx, const char *path)
{
	const struct members *m = ctx;
	const char *p;
	size_t i, n = strlen(path);

	for (i = 0; i < m->fl->n; i++)
		if ((p = same_archive(m, i)) != NULL &&
		    strncmp(p, path, n) == 0 && p[n] == '/')
			return 1;
	return 0;
}

/* ", web roots /srv/www/shop /srv/www/blog, web accounts shop". */
static void
say_facts(const struct st_webconf *c, size_t from, struct sbuf *b)
{
	static const char *const what[] = { "web roots", "web accounts" };
	size_t i;
	int kind, first;

	for (kind = ST_FACT_ROOT; kind <= ST_FACT_USER; kind++)
		for (i = from, first = 1; i < c->nfacts; i++)
			if ((int)c->facts[i].kind == kind) {
				if (first)
					sb_addf(b, ", %s", what[kind]);
				sb_addf(b, " %s", c->facts[i].value);
				first = 0;
			}
}

/*
 * A configuration among the inputs, read for its formats and logs,
 * bound only to the logs of its own host (the tree its etc/ is in).
 * What it gave is said in the report.
 */
static int
learn_one(const struct st_scan_opts *o, const struct st_files *fl,
    struct st_file *f)
{
	struct members m = { fl, f->archive };
	struct st_webconf_fs fs = { member_slurp, member_glob, member_isdir,
	    &m };
	struct st_webconf *c = o->learn_conf;
	const char *rel = st_file_rel(f);
	size_t binds = c->n, facts = c->nfacts, missing = c->missing;
	char err[512], *scope = st_memdup(rel, st_webconf_host_prefix(rel));
	struct sbuf said = SBUF_INIT;
	int n;

	c->scope = scope;
	c->fs = f->archive ? &fs : NULL;
	n = st_webconf_read(c, o->learn_formats, f->path, err, sizeof(err));
	c->fs = NULL;
	c->scope = NULL;
	free(scope);
	if (n < 0)
		sb_adds(&said, err);
	else {
		sb_addf(&said, "a web server configuration: %d log format%s, "
		    "%zu log%s bound", n,
		    n == 1 ? "" : "s", c->n - binds, c->n - binds == 1 ? "" :
		    "s");
		say_facts(c, facts, &said);
		if (c->missing > missing)
			sb_addf(&said, "; %zu included file%s not in the "
			    "collection%s%s%s", c->missing - missing,
			    c->missing - missing == 1 ? "" : "s",
			    missing == 0 ? " (the first: " : "",
			    missing == 0 ? c->first_missing : "",
			    missing == 0 ? ")" : "");
	}
	free(f->aside);
	f->aside = sb_detach(&said);
	return n > 0 || c->n > binds || c->nfacts > facts;
}

/*
 * The configurations among the inputs.  One a web account owns, or
 * under a web root, may be the attacker's, written to make the logs
 * read another way: it is not read unless given by hand.
 */
static int
learn(const struct st_scan_opts *o, struct st_files *fl)
{
	struct st_file *f;
	size_t i;
	int more = 0, stream = 0;

	if (o->learn_conf == NULL || o->learn_formats == NULL)
		return 0;
	/* The files are found again after: a stream can be read once. */
	for (i = 0; i < fl->n && !stream; i++)
		stream = fl->v[i]->stream;
	for (i = 0; i < fl->n; i++) {
		f = fl->v[i];
		if (f->kind != ST_KIND_OTHER || f->is_archive || f->stream ||
		    !st_webconf_candidate(st_file_rel(f)))
			continue;
		if (stream)
			st_file_skip(f, "a web server configuration: not read "
			    "beside standard input (give it with "
			    "--log-format-file)");
		else if (f->web_writable)
			st_file_skip(f, "a web server configuration a web "
			    "account could have written: not read unless "
			    "given with --log-format-file");
		else
			more |= learn_one(o, fl, f);
	}
	return more;
}

/* What learn() said of each configuration, onto the files found again. */
static void
keep_configs(struct st_files *from, struct st_files *to)
{
	struct st_file *a, *b;
	size_t i;

	for (i = 0; i < from->n && i < to->n; i++) {
		a = from->v[i];
		b = to->v[i];
		if (strcmp(a->path, b->path) != 0)
			continue;
		if (a->aside) {
			b->aside = a->aside;
			a->aside = NULL;
		} else if (a->web_writable && a->skipped &&
		    st_webconf_candidate(st_file_rel(a))) {
			free(b->skipped);
			b->skipped = a->skipped;
			a->skipped = NULL;
		}
	}
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
	b.wopts.many_hosts = 1;
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
	struct st_files again;
	const char **roots;
	size_t n;

	memset(res, 0, sizeof(*res));
	roots = st_scan_roots(o, &n);
	discover(o, roots, n, &res->files);
	if (learn(o, &res->files)) {
		/* Its formats and bindings change what the logs are. */
		memset(&again, 0, sizeof(again));
		discover(o, roots, n, &again);
		keep_configs(&res->files, &again);
		st_files_release(&res->files);
		res->files = again;
	}
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
