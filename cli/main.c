/* SPDX-License-Identifier: ISC */
/*
 * shelltrail: the command.  It turns options into one call to st_scan
 * and what the scan found into reports and an exit status; everything
 * else is in lib/.
 */
#include "config.h"

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "input/custody.h"
#include "report/hostsum.h"
#include "report/report.h"
#include "report/rulescheck.h"
#include "report/runstats.h"
#include "report/webcheck.h"
#include "base/escape.h"
#include "base/sbuf.h"
#include "cli.h"

static int
want_color(const char *when, FILE *out)
{
	if (when == NULL || strcmp(when, "auto") == 0)
		return isatty(fileno(out)) && getenv("NO_COLOR") == NULL;
	if (strcmp(when, "always") == 0)
		return 1;
	if (strcmp(when, "never") == 0)
		return 0;
	cli_usage_error("--color: auto, always or never, not '%s'", when);
}

static unsigned
terminal_width(FILE *out)
{
	struct winsize ws;

	if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

/* Outputs never land on the evidence, nor on each other. */
static void
check_outputs(const struct cli *c)
{
	const char *const out[] = { c->output, c->manifest, c->o.outdir };
	const char **in;
	char err[512];
	size_t n, i;
	int bad = 0;

	if (c->output && c->manifest && st_custody_same_output(c->output,
	    c->manifest))
		cli_usage_error("-o and --manifest name the same file");
	in = st_scan_roots(&c->o, &n);
	for (i = 0; i < 3 && !bad; i++)
		bad = out[i] && st_custody_check_output(out[i], in, n, err,
		    sizeof(err)) < 0;
	free(in);
	if (bad)
		cli_usage_error("%s", err);
}

static FILE *
open_output(const char *path)
{
	FILE *fp = st_custody_create(path);

	if (fp == NULL)
		err(EXIT_TROUBLE, "%s", path);
	return fp;
}

static void
list_emit(void *ctx, const char *kind, const char *value)
{
	(void)ctx;
	printf("%-7s %s\n", kind, value);
}

/* The file list for chain of custody; 1 on a write error. */
static int
write_manifest(const struct cli *c, struct st_files *files)
{
	FILE *fp = open_output(c->manifest);
	size_t bad = st_custody_manifest(fp, files, &c->o.run.tz);
	int failed = fclose(fp) != 0;

	if (bad)
		warnx("warning: %s: %zu file%s changed while being read, or "
		    "could not be hashed", c->manifest, bad, bad == 1 ? "" :
		    "s");
	return failed;
}

/* One host: its web shell summary follows a table, else goes aside. */
static void
one_summary(const struct cli *c, const struct st_scan_result *res)
{
	if (c->o.format == ST_FMT_TABLE)
		st_run_summary(&res->one, c->o.out);
	else if (!c->quiet)
		st_run_summary(&res->one, stderr);
}

/* Many hosts: each one's summary and report under its name, then the
 * table of hosts. */
static void
many_reports(const struct cli *c, const struct st_scan_result *res)
{
	const struct st_batch_result *r = &res->batch;
	FILE *fp = c->o.format == ST_FMT_TABLE && !c->o.outdir ? c->o.out :
	    stderr;
	struct sbuf name = SBUF_INIT;
	const char **names;
	size_t i;

	if (c->quiet)
		return;
	names = calloc(res->hosts.n + 1, sizeof(*names));
	if (names == NULL)
		err(EXIT_TROUBLE, "out of memory");
	for (i = 0; i < res->hosts.n; i++) {
		names[i] = res->hosts.v[i].name;
		/* A host is named by its node= or its directory: evidence. */
		sb_clear(&name);
		st_escape(&name, names[i], strlen(names[i]));
		if (r->shells[i] && *r->shells[i]) {
			fprintf(fp, "\n== %s", sb_str(&name));
			fputs(r->shells[i], fp);
		}
		if (c->o.verbose && r->report[i]) {
			fprintf(stderr, "\n== %s\n", sb_str(&name));
			fputs(r->report[i], stderr);
		}
	}
	st_hostsum_print(fp, names, r->sum, r->n, &c->o.run.tz);
	sb_release(&name);
	free(names);
}

static int
one_status(const struct cli *c, const struct st_run_result *res,
    int write_error)
{
	size_t n;

	if (write_error) {
		warnx("%s: write error", c->output ? c->output :
		    "standard output");
		return EXIT_TROUBLE;
	}
	if (res->stats.audit_files == 0 && res->stats.access_files == 0) {
		warnx("no audit or web access log among the inputs");
		return EXIT_TROUBLE;
	}
	/*
	 * As grep: a file that could not be read at all makes the status
	 * 2, what the others held written all the same.  One damaged on the
	 * way (read up to a cut) is a warning, an error with --strict.
	 */
	if ((n = st_run_unreadable(res)) > 0) {
		warnx("%zu input%s could not be read (the report says why): "
		    "status 2, the timeline of the others written", n,
		    n == 1 ? "" : "s");
		return EXIT_TROUBLE;
	}
	if (c->strict && st_run_problems(res))
		return EXIT_TROUBLE;
	return res->stats.corr.web_rows || res->stats.hunt.rows ? EXIT_FOUND :
	    EXIT_NONE;
}

static int
many_status(const struct cli *c, const struct st_batch_result *r,
    int write_error, const char *err)
{
	size_t i;
	int found = 0, trouble = write_error;

	for (i = 0; i < r->n; i++) {
		found |= r->sum[i].web_rows > 0;
		trouble |= r->sum[i].failed;
		trouble |= r->sum[i].unreadable > 0;
		trouble |= c->strict && r->sum[i].warnings > 0;
	}
	if (write_error && *err)
		warnx("%s", err);
	else if (write_error)
		warnx("%s: write error", c->output ? c->output : c->o.outdir ?
		    c->o.outdir : "standard output");
	return trouble ? EXIT_TROUBLE : found ? EXIT_FOUND : EXIT_NONE;
}

/* shelltrail rules-check FILE: what the audit rules leave out. */
static int
rules_check(int argc, char **argv)
{
	struct st_weborigin *web = st_weborigin_new();
	struct sbuf name = SBUF_INIT;
	char msg[256];
	FILE *fp;
	int missing, fd;

	if (argc != 3)
		cli_usage_error("rules-check takes one file (audit.rules, or "
		    "auditctl -l's output; - for standard input)");
	if (st_weborigin_compile(web, msg, sizeof(msg)) < 0)
		cli_usage_error("%s", msg);
	st_escape(&name, argv[2], strlen(argv[2]));
	if ((fd = st_custody_open(argv[2], 0)) < 0 ||
	    (fp = fdopen(fd, "r")) == NULL) {
		warn("%s", sb_str(&name));
		if (fd >= 0)
			close(fd);
		st_weborigin_free(web);
		sb_release(&name);
		return EXIT_TROUBLE;
	}
	missing = st_rulescheck(fp, argv[2], web, stdout);
	fclose(fp);
	st_weborigin_free(web);
	if (missing < 0)
		warnx("%s: read error", sb_str(&name));
	sb_release(&name);
	return missing < 0 ? EXIT_TROUBLE : missing ? EXIT_NONE : EXIT_FOUND;
}

/* shelltrail web-check CONFIG: what the access logs' formats leave out. */
static int
web_check(int argc, char **argv)
{
	struct sbuf name = SBUF_INIT;
	char err[512];
	int missing;

	if (argc != 3)
		cli_usage_error("web-check takes one configuration (nginx.conf, "
		    "apache2.conf, a php-fpm pool)");
	missing = st_webcheck(argv[2], stdout, err, sizeof(err));
	if (missing < 0) {
		st_escape(&name, err, strlen(err));
		warnx("%s", sb_str(&name));
		sb_release(&name);
		return EXIT_TROUBLE;
	}
	return missing ? EXIT_NONE : EXIT_FOUND;
}

/*
 * Flush and close what the timeline went to: 1 on a write error.  A
 * reader who quit the pager early is none.
 */
static int
finish_output(struct cli *c)
{
	int bad = 0;

	if (c->shown_out)
		bad = fclose(c->shown_out) != 0;
	if (c->pager) {
		cli_pager_end(c);
		return 0;
	}
	if (c->file_out != stdout)
		return bad | (fclose(c->file_out) != 0);
	return bad | (fflush(stdout) != 0);
}

/* What --sigma gave, said once: a rule skipped is never silent. */
static void
sigma_loaded(const struct cli *c)
{
	size_t used = st_sigma_loaded(c->sigma), skipped = st_sigma_skipped(c->sigma);

	if (c->nsigma == 0)
		return;
	if (used == 0)
		errx(EXIT_TROUBLE, "--sigma: none of the %zu rules can be used "
		    "(--list-sigma says why)", skipped);
	if (!c->quiet && skipped)
		warnx("Sigma: %zu rules in use, %zu skipped (--list-sigma says "
		    "why)", used, skipped);
}

/* Only list, and exit. */
static int
list(struct cli *c)
{
	if (c->list_rules)
		st_rules_list(c->rules, stdout);
	else if (c->list_sigma)
		st_sigma_list(c->sigma, stdout);
	else
		st_weborigin_list(c->web, list_emit, NULL);
	cli_release(c);
	return EXIT_FOUND;
}

int
main(int argc, char **argv)
{
	struct cli c;
	struct st_scan_result res;
	int rc, write_error;

	if (argc > 1 && strcmp(argv[1], "rules-check") == 0)
		return rules_check(argc, argv);
	if (argc > 1 && strcmp(argv[1], "web-check") == 0)
		return web_check(argc, argv);
	cli_options(&c, argc, argv);
	if (c.list_rules || c.list_web || c.list_sigma)
		return list(&c);
	sigma_loaded(&c);
	check_outputs(&c);
	c.o.out = c.file_out = c.output ? open_output(c.output) : stdout;
	c.o.wopts.color = want_color(c.color, c.o.out);
	c.o.wopts.width = terminal_width(c.o.out);
	if (cli_pager_start(&c))
		c.o.out = c.pager;
	if (!c.quiet && isatty(STDERR_FILENO)) {
		c.o.progress = cli_progress;
		c.o.pctx = &c;
		clock_gettime(CLOCK_MONOTONIC, &c.started);
		if (c.pager || isatty(fileno(c.o.out)))
			c.o.out = c.shown_out = cli_progress_guard(&c, c.o.out);
	}
	if (st_scan(&c.o, &res) < 0)
		errx(EXIT_TROUBLE, "%s", res.err);
	cli_progress_clear(&c);
	if (res.many)
		many_reports(&c, &res);
	else
		one_summary(&c, &res);
	write_error = res.many ? res.batch.write_error :
	    res.one.stats.write_error;
	write_error |= finish_output(&c);
	/* Through a pager, a write fails when the reader quits early. */
	if (c.paged)
		write_error = 0;
	if (c.manifest)
		write_error |= write_manifest(&c, &res.files);
	if (!res.many && !c.quiet)
		st_report_print(stderr, &res.one, &c.o.run.tz, c.o.verbose);
	if (!res.many)
		st_report_stats(stderr, &res.one);
	rc = res.many ? many_status(&c, &res.batch, write_error, res.err) :
	    one_status(&c, &res.one, write_error);
	st_scan_result_release(&res);
	cli_release(&c);
	return rc;
}
