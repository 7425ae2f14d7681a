/*
 * shelltrail: the command.  It only turns options into a call to
 * st_run and the result into a report and an exit status; everything
 * else is in lib/.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch/batch.h"
#include "input/custody.h"
#include "input/hosts.h"
#include "web/logformat.h"
#include "report/rulescheck.h"
#include "run/run.h"
#include "base/time.h"
#include "tree/weborigin.h"

#define EXIT_FOUND	0
#define EXIT_NONE	1
#define EXIT_TROUBLE	2

static const char usage_text[] =
"usage: shelltrail [options] PATH...\n"
"       shelltrail rules-check FILE\n"
"\n"
"Rebuild the process trees of commands run through a web shell from\n"
"auditd logs, tie each to the HTTP request in the web access logs that\n"
"ran it, and write them as a timeline.  PATH is a file, a directory\n"
"(walked recursively), a tar or zip archive, or - for standard input;\n"
"gzip is read transparently.  Each file's kind is told from its content.\n"
"\n"
"Output:\n"
"  -f, --format FMT      table (default), csv or jsonl\n"
"  -o, --output FILE     write the timeline to FILE, not standard output\n"
"      --manifest FILE   write the size, mtime and SHA-256 of every input\n"
"                        file to FILE, for chain of custody\n"
"      --all             every exec, not only web-originated ones\n"
"      --failed          also execs that failed (the path tried)\n"
"      --integrity       also rows about the logs: audit gaps, auditd\n"
"                        stopping, clock jumps, silences, overlaps\n"
"      --since TIME      only execs at or after TIME\n"
"      --until TIME      only execs at or before TIME\n"
"      --tz ZONE         show times in ZONE (UTC, +08:00, Europe/Paris);\n"
"                        default UTC\n"
"      --color WHEN      colour the table: auto (default), always, never\n"
"      --csv-raw         keep CSV cells that start with = + - @ as they are\n"
"                        (by default a quote is put before them, so that a\n"
"                        spreadsheet does not run them as formulas)\n"
"\n"
"Input:\n"
"      --audit PATH      read PATH as audit logs whatever its content\n"
"      --access PATH     read PATH as web access logs whatever its content\n"
"      --log-format FMT  an access log format, in nginx's log_format syntax\n"
"      --log-format-file FILE\n"
"                        the log_format directives of an nginx config\n"
"      --docroot DIR     the web server's document root, to name scripts\n"
"      --skew SECONDS    how far the web server's clock is ahead of the\n"
"                        audit host's (negative: behind)\n"
"\n"
"What counts as web-originated (each adds to the defaults):\n"
"      --web-server NAME a web or app server process name (glob)\n"
"      --web-user USER   a web service account, by name or uid\n"
"      --web-root DIR    a web root directory (glob)\n"
"      --list-web        print the three lists and exit\n"
"\n"
"What commands are for (tags, severity and attack columns):\n"
"      --rules FILE      add rules, or replace those of the same id\n"
"      --list-rules      print the rules and exit\n"
"\n"
"Many hosts (an evidence share: one archive or directory per host):\n"
"      --host NAME       name the host of a single-host input\n"
"  -j, --jobs N          scan N hosts at a time (default: the cores)\n"
"      --output-dir DIR  one timeline per host in DIR, and summary.csv\n"
"\n"
"Run:\n"
"      --strict          any unreadable file or malformed line: status 2\n"
"      --parse-all       parse every audit record, even those nothing\n"
"                        written depends on (slower, same output)\n"
"  -q, --quiet           no end-of-run report, no progress\n"
"  -v, --verbose         list every file in the report\n"
"  -h, --help            this help\n"
"  -V, --version         the version\n"
"\n"
"TIME is 2026-11-27, 2026-11-27T05:20, 2026-11-27 05:20:58+08:00 or\n"
"@EPOCH; without an offset it is read in the --tz zone.\n"
"\n"
"rules-check reads audit rules (audit.rules, or auditctl -l's output)\n"
"and says what the logs will lack for this kind of investigation, with\n"
"the rule lines to add; status 0 when nothing is missing, 1 otherwise.\n"
"\n"
"Exit status: 0 web-originated execs found (on any host), 1 none,\n"
"2 trouble.\n"
"See shelltrail(1).\n";

enum {
	OPT_ALL = 256, OPT_FAILED, OPT_SINCE, OPT_UNTIL, OPT_TZ, OPT_COLOR,
	OPT_AUDIT, OPT_WEB_SERVER, OPT_WEB_USER, OPT_WEB_ROOT, OPT_LIST_WEB,
	OPT_STRICT, OPT_ACCESS, OPT_LOG_FORMAT, OPT_LOG_FORMAT_FILE,
	OPT_DOCROOT, OPT_SKEW, OPT_CSV_RAW, OPT_MANIFEST, OPT_PARSE_ALL,
	OPT_HOST, OPT_OUTPUT_DIR, OPT_INTEGRITY, OPT_RULES, OPT_LIST_RULES,
};

static const struct option longopts[] = {
	{ "format",	required_argument, NULL, 'f' },
	{ "output",	required_argument, NULL, 'o' },
	{ "manifest",	required_argument, NULL, OPT_MANIFEST },
	{ "all",	no_argument,	   NULL, OPT_ALL },
	{ "failed",	no_argument,	   NULL, OPT_FAILED },
	{ "integrity",	no_argument,	   NULL, OPT_INTEGRITY },
	{ "since",	required_argument, NULL, OPT_SINCE },
	{ "until",	required_argument, NULL, OPT_UNTIL },
	{ "tz",		required_argument, NULL, OPT_TZ },
	{ "color",	required_argument, NULL, OPT_COLOR },
	{ "csv-raw",	no_argument,	   NULL, OPT_CSV_RAW },
	{ "audit",	required_argument, NULL, OPT_AUDIT },
	{ "access",	required_argument, NULL, OPT_ACCESS },
	{ "log-format",	required_argument, NULL, OPT_LOG_FORMAT },
	{ "log-format-file", required_argument, NULL, OPT_LOG_FORMAT_FILE },
	{ "docroot",	required_argument, NULL, OPT_DOCROOT },
	{ "skew",	required_argument, NULL, OPT_SKEW },
	{ "web-server",	required_argument, NULL, OPT_WEB_SERVER },
	{ "web-user",	required_argument, NULL, OPT_WEB_USER },
	{ "web-root",	required_argument, NULL, OPT_WEB_ROOT },
	{ "list-web",	no_argument,	   NULL, OPT_LIST_WEB },
	{ "rules",	required_argument, NULL, OPT_RULES },
	{ "list-rules",	no_argument,	   NULL, OPT_LIST_RULES },
	{ "strict",	no_argument,	   NULL, OPT_STRICT },
	{ "parse-all",	no_argument,	   NULL, OPT_PARSE_ALL },
	{ "host",	required_argument, NULL, OPT_HOST },
	{ "jobs",	required_argument, NULL, 'j' },
	{ "output-dir",	required_argument, NULL, OPT_OUTPUT_DIR },
	{ "quiet",	no_argument,	   NULL, 'q' },
	{ "verbose",	no_argument,	   NULL, 'v' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ "version",	no_argument,	   NULL, 'V' },
	{ NULL,		0,		   NULL, 0 }
};

struct cli {
	struct st_options o;
	struct st_webcfg *web;
	struct st_logformats formats;
	const char	**audit, **access;
	size_t		 naudit, naccess;
	const char	*output, *manifest, *since, *until, *color;
	const char	*host, *outdir;
	unsigned	 jobs;
	int		 strict, quiet, verbose, list_web, list_rules;
	/* progress */
	struct timespec	 started, shown;
	int		 progress_shown;
};

static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("shelltrail: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'shelltrail --help'.\n", stderr);
	exit(EXIT_TROUBLE);
}

static enum st_format
parse_format(const char *s)
{
	if (strcmp(s, "table") == 0)
		return ST_FMT_TABLE;
	if (strcmp(s, "csv") == 0)
		return ST_FMT_CSV;
	if (strcmp(s, "jsonl") == 0 || strcmp(s, "json") == 0)
		return ST_FMT_JSONL;
	usage_error("unknown format '%s' (table, csv or jsonl)", s);
}

static void
web_add(struct cli *c, int opt, const char *v)
{
	char err[256];
	int r;

	if (opt == OPT_WEB_SERVER)
		r = st_webcfg_add_server(c->web, v, err, sizeof(err));
	else if (opt == OPT_WEB_USER)
		r = st_webcfg_add_user(c->web, v, err, sizeof(err));
	else
		r = st_webcfg_add_root(c->web, v, err, sizeof(err));
	if (r < 0)
		usage_error("%s", err);
}

/* The zone must exist: glibc quietly uses UTC for a misspelt one. */
static void
set_zone(struct cli *c, const char *zone)
{
	char path[PATH_MAX];

	st_tz_parse(zone, &c->o.wopts.tz);
	if (c->o.wopts.tz.mode != ST_TZ_LOCAL)
		return;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
	if (zone[0] == '.' || strstr(zone, "/.") || access(path, R_OK) < 0)
		usage_error("unknown time zone '%s'", zone);
	setenv("TZ", zone, 1);
	tzset();
}

static void
add_path(const char ***v, size_t *n, const char *path)
{
	*v = realloc(*v, (*n + 1) * sizeof(**v));
	if (*v == NULL)
		abort();
	(*v)[(*n)++] = path;
}

static void
add_format(struct cli *c, const char *text)
{
	char err[256], name[32];

	snprintf(name, sizeof(name), "--log-format #%zu", c->formats.n + 1);
	if (st_logformats_add(&c->formats, name, text, ST_LOGESC_DEFAULT, err,
	    sizeof(err)) < 0)
		usage_error("%s", err);
}

/* The log_format directives of an nginx configuration file. */
static void
add_format_file(struct cli *c, const char *path)
{
	char err[256];
	int n = st_logformats_conf_file(&c->formats, path, err, sizeof(err));

	if (n < 0)
		usage_error("%s: %s", path, err);
	if (n == 0)
		usage_error("%s: no log_format directive", path);
}

static int64_t
parse_skew(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || v < -86400.0 * 365 ||
	    v > 86400.0 * 365)
		usage_error("--skew: seconds, not '%s'", s);
	return (int64_t)(v * 1000.0 + (v < 0 ? -0.5 : 0.5));
}

static unsigned
parse_jobs(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 1 || v > 256)
		usage_error("-j: a number of jobs from 1 to 256, not '%s'", s);
	return (unsigned)v;
}

static int
parse_args(struct cli *c, int argc, char **argv)
{
	char err[512];
	int ch;

	while ((ch = getopt_long(argc, argv, "f:o:j:qvhV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			c->o.format = parse_format(optarg);
			break;
		case 'o':
			c->output = optarg;
			break;
		case OPT_MANIFEST:
			c->manifest = optarg;
			break;
		case OPT_ALL:
			c->o.all = 1;
			break;
		case OPT_FAILED:
			c->o.failed = 1;
			break;
		case OPT_INTEGRITY:
			c->o.integrity = 1;
			break;
		case OPT_SINCE:
			c->since = optarg;
			break;
		case OPT_UNTIL:
			c->until = optarg;
			break;
		case OPT_TZ:
			set_zone(c, optarg);
			break;
		case OPT_COLOR:
			c->color = optarg;
			break;
		case OPT_CSV_RAW:
			c->o.wopts.csv_raw = 1;
			break;
		case OPT_PARSE_ALL:
			c->o.parse_all = 1;
			break;
		case OPT_AUDIT:
			add_path(&c->audit, &c->naudit, optarg);
			break;
		case OPT_ACCESS:
			add_path(&c->access, &c->naccess, optarg);
			break;
		case OPT_LOG_FORMAT:
			add_format(c, optarg);
			break;
		case OPT_LOG_FORMAT_FILE:
			add_format_file(c, optarg);
			break;
		case OPT_DOCROOT:
			if (optarg[0] != '/')
				usage_error("--docroot: an absolute path, not "
				    "'%s'", optarg);
			c->o.docroot = optarg;
			break;
		case OPT_SKEW:
			c->o.skew_ms = parse_skew(optarg);
			break;
		case OPT_WEB_SERVER:
		case OPT_WEB_USER:
		case OPT_WEB_ROOT:
			web_add(c, ch, optarg);
			break;
		case OPT_LIST_WEB:
			c->list_web = 1;
			break;
		case OPT_RULES:
			if (st_rules_add_file(c->o.rules, optarg, err,
			    sizeof(err)) < 0)
				usage_error("--rules: %s", err);
			break;
		case OPT_LIST_RULES:
			c->list_rules = 1;
			break;
		case OPT_STRICT:
			c->strict = 1;
			break;
		case OPT_HOST:
			c->host = optarg;
			break;
		case 'j':
			c->jobs = parse_jobs(optarg);
			break;
		case OPT_OUTPUT_DIR:
			c->outdir = optarg;
			break;
		case 'q':
			c->quiet = 1;
			break;
		case 'v':
			c->verbose = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_FOUND);
		case 'V':
			puts("shelltrail " PACKAGE_VERSION);
			exit(EXIT_FOUND);
		default:
			fputs("Try 'shelltrail --help'.\n", stderr);
			exit(EXIT_TROUBLE);
		}
	}
	return optind;
}

static int64_t
parse_time(const struct cli *c, const char *opt, const char *s)
{
	int64_t ms;

	if (st_time_parse(s, &c->o.wopts.tz, &ms) < 0)
		usage_error("%s: cannot read the time '%s'", opt, s);
	return ms;
}

static int
want_color(const char *when, FILE *out)
{
	if (when == NULL || strcmp(when, "auto") == 0)
		return isatty(fileno(out)) && getenv("NO_COLOR") == NULL;
	if (strcmp(when, "always") == 0)
		return 1;
	if (strcmp(when, "never") == 0)
		return 0;
	usage_error("--color: auto, always or never, not '%s'", when);
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
	const char **in;
	char err[512];
	size_t n;
	int bad = 0;

	if (c->output && c->manifest && strcmp(c->output, c->manifest) == 0)
		usage_error("-o and --manifest name the same file");
	in = st_run_roots(&c->o, &n);
	if ((c->output && st_output_check(c->output, in, n, err,
	    sizeof(err)) < 0) || (c->manifest && st_output_check(c->manifest,
	    in, n, err, sizeof(err)) < 0) || (c->outdir &&
	    st_output_check(c->outdir, in, n, err, sizeof(err)) < 0))
		bad = 1;
	free(in);
	if (bad)
		usage_error("%s", err);
}

static FILE *
open_output(const char *path)
{
	int fd;
	FILE *fp;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || (fp = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "shelltrail: %s: %s\n", path, strerror(errno));
		exit(EXIT_TROUBLE);
	}
	return fp;
}

static double
elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/*
 * Progress lines on a terminal come at most four times a second: 0 when
 * it is too soon, else 1 with the rate so far, in bytes a second.
 */
static int
progress_due(struct cli *c, uint64_t done, double *rate)
{
	struct timespec now;
	double secs;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (c->progress_shown && elapsed(&c->shown, &now) < 0.25)
		return 0;
	c->shown = now;
	c->progress_shown = 1;
	secs = elapsed(&c->started, &now);
	*rate = secs > 0 ? (double)done / secs : 0;
	return 1;
}

static void
progress(void *ctx, uint64_t done, uint64_t total)
{
	double rate;

	if (!progress_due(ctx, done, &rate))
		return;
	fprintf(stderr, "\rshelltrail: %3.0f%% of %.1f MB, %.0f MB/s\033[K",
	    total ? 100.0 * (double)done / (double)total : 0.0,
	    (double)total / 1e6, rate / 1e6);
}

static void
list_emit(void *ctx, const char *kind, const char *value)
{
	(void)ctx;
	printf("%-7s %s\n", kind, value);
}

static void
write_manifest(const struct cli *c, struct st_result *res)
{
	FILE *fp = open_output(c->manifest);
	size_t bad = st_manifest_write(fp, &res->files, &c->o.wopts.tz);

	if (fclose(fp) != 0)
		res->stats.write_error = 1;
	if (bad)
		fprintf(stderr, "shelltrail: warning: %s: %zu file%s changed "
		    "while being read, or could not be hashed\n", c->manifest,
		    bad, bad == 1 ? "" : "s");
}

static void
cleanup(struct cli *c)
{
	st_webcfg_free(c->web);
	st_rules_free(c->o.rules);
	st_logformats_free(&c->formats);
	free(c->audit);
	free(c->access);
}

static int
status(const struct cli *c, const struct st_result *res)
{
	if (res->stats.write_error) {
		fprintf(stderr, "shelltrail: %s: write error\n",
		    c->output ? c->output : "standard output");
		return EXIT_TROUBLE;
	}
	if (res->stats.audit_files == 0) {
		fprintf(stderr, "shelltrail: no audit log among the inputs\n");
		return EXIT_TROUBLE;
	}
	if (c->strict && st_result_problems(res))
		return EXIT_TROUBLE;
	return res->stats.corr.web_rows ? EXIT_FOUND : EXIT_NONE;
}

/* Hosts done, bytes, rate and time left, on a terminal. */
static void
batch_progress(void *ctx, size_t hosts_done, size_t hosts, uint64_t done,
    uint64_t total)
{
	double rate;

	if (!progress_due(ctx, done, &rate))
		return;
	fprintf(stderr, "\rshelltrail: %zu/%zu hosts, %.1f of %.1f MB, "
	    "%.0f MB/s", hosts_done, hosts, (double)done / 1e6,
	    (double)total / 1e6, rate / 1e6);
	if (rate > 0 && total > done)
		fprintf(stderr, ", %.0f s left", (double)(total - done) / rate);
	fputs("\033[K", stderr);
}

/* Each host's own report, under its name, then the summary table. */
static void
batch_reports(const struct cli *c, const struct st_hosts *h,
    const struct st_batch_result *r)
{
	FILE *fp = c->o.format == ST_FMT_TABLE && !c->outdir ? c->o.out :
	    stderr;
	size_t i;

	for (i = 0; i < h->n; i++) {
		if (!c->quiet && r->v[i].shells && *r->v[i].shells) {
			fprintf(fp, "\n== %s", h->v[i].name);
			fputs(r->v[i].shells, fp);
		}
		if (!c->quiet && c->verbose && r->v[i].report) {
			fprintf(stderr, "\n== %s\n", h->v[i].name);
			fputs(r->v[i].report, stderr);
		}
	}
	if (!c->quiet)
		st_batch_print(fp, h, r, &c->o.wopts.tz);
}

static int
batch_status(const struct cli *c, const struct st_batch_result *r)
{
	size_t i;
	int found = 0, trouble = r->write_error;

	for (i = 0; i < r->n; i++) {
		found |= r->v[i].sum.web_rows > 0;
		trouble |= r->v[i].sum.failed;
		trouble |= c->strict && r->v[i].sum.warnings > 0;
	}
	if (r->write_error)
		fprintf(stderr, "shelltrail: %s: write error\n", c->output ?
		    c->output : c->outdir ? c->outdir : "standard output");
	return trouble ? EXIT_TROUBLE : found ? EXIT_FOUND : EXIT_NONE;
}

static void
write_summary_csv(const struct cli *c, const struct st_hosts *h,
    struct st_batch_result *r)
{
	char *path;
	FILE *fp;

	if (asprintf(&path, "%s/summary.csv", c->outdir) < 0)
		abort();
	fp = open_output(path);
	if (st_batch_csv(fp, h, r, &c->o.wopts.tz) < 0 || fclose(fp) != 0)
		r->write_error = 1;
	free(path);
}

/* mkdir -p: check_outputs has kept path off the evidence. */
static int
make_dirs(const char *path)
{
	char *p = strdup(path), *s;
	int rc = 0;

	if (p == NULL)
		abort();
	for (s = p + 1; rc == 0 && (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0755) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/* Several hosts, or an output directory: one process per host. */
static int
run_batch(struct cli *c, struct st_result *res, const struct st_hosts *h)
{
	struct st_batch b;
	struct st_batch_result r;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int rc;

	memset(&b, 0, sizeof(b));
	b.o = &c->o;
	b.jobs = c->jobs ? c->jobs : cores > 0 ? (unsigned)cores : 1;
	b.outdir = c->outdir;
	b.verbose = c->verbose;
	if (c->o.progress) {
		b.progress = batch_progress;
		b.pctx = c;
	}
	if (c->outdir && make_dirs(c->outdir) < 0) {
		fprintf(stderr, "shelltrail: %s: %s\n", c->outdir,
		    strerror(errno));
		return EXIT_TROUBLE;
	}
	st_batch_run(&b, h, &r);
	if (c->progress_shown)
		fputs("\r\033[K", stderr);
	if (c->outdir)
		write_summary_csv(c, h, &r);
	batch_reports(c, h, &r);
	if ((c->o.out != stdout && fclose(c->o.out) != 0) ||
	    (c->o.out == stdout && fflush(stdout) != 0))
		r.write_error = 1;
	if (c->manifest)
		write_manifest(c, res);
	rc = batch_status(c, &r);
	st_batch_result_free(&r);
	return rc;
}

/* shelltrail rules-check FILE: what the audit rules leave out. */
static int
rules_check(int argc, char **argv)
{
	struct st_webcfg *web = st_webcfg_new();
	char err[256];
	FILE *fp;
	int missing;

	if (argc != 3)
		usage_error("rules-check takes one file (audit.rules, or "
		    "auditctl -l's output; - for standard input)");
	if (st_webcfg_compile(web, err, sizeof(err)) < 0)
		usage_error("%s", err);
	fp = strcmp(argv[2], "-") == 0 ? stdin : fopen(argv[2], "r");
	if (fp == NULL) {
		fprintf(stderr, "shelltrail: %s: %s\n", argv[2],
		    strerror(errno));
		st_webcfg_free(web);
		return EXIT_TROUBLE;
	}
	missing = st_rulescheck(fp, argv[2], web, stdout);
	if (fp != stdin)
		fclose(fp);
	st_webcfg_free(web);
	if (missing < 0)
		fprintf(stderr, "shelltrail: %s: read error\n", argv[2]);
	return missing < 0 ? EXIT_TROUBLE : missing ? EXIT_NONE : EXIT_FOUND;
}

int
main(int argc, char **argv)
{
	struct cli c;
	struct st_result res;
	struct st_hosts hosts;
	const char **roots;
	size_t nroots;
	char err[256];
	int first, rc;

	if (argc > 1 && strcmp(argv[1], "rules-check") == 0)
		return rules_check(argc, argv);
	memset(&c, 0, sizeof(c));
	c.web = st_webcfg_new();
	c.o.rules = st_rules_new();
	c.o.format = ST_FMT_TABLE;
	c.o.since_ms = INT64_MIN;
	c.o.until_ms = INT64_MAX;
	first = parse_args(&c, argc, argv);
	if (st_webcfg_compile(c.web, err, sizeof(err)) < 0)
		usage_error("%s", err);
	st_logformats_builtin(&c.formats);
	if (st_rules_compile(c.o.rules, err, sizeof(err)) < 0)
		usage_error("--rules: %s", err);
	if (c.list_rules) {
		st_rules_list(c.o.rules, stdout);
		cleanup(&c);
		return EXIT_FOUND;
	}
	if (c.list_web) {
		st_webcfg_list(c.web, list_emit, NULL);
		cleanup(&c);
		return EXIT_FOUND;
	}
	if (first >= argc && c.naudit == 0 && c.naccess == 0)
		usage_error("no input: give log files or directories");
	if (c.since)
		c.o.since_ms = parse_time(&c, "--since", c.since);
	if (c.until)
		c.o.until_ms = parse_time(&c, "--until", c.until);
	c.o.paths = (const char *const *)argv + first;
	c.o.npaths = (size_t)(argc - first);
	c.o.audit_paths = c.audit;
	c.o.naudit = c.naudit;
	c.o.access_paths = c.access;
	c.o.naccess = c.naccess;
	c.o.formats = &c.formats;
	c.o.web = c.web;
	c.o.manifest = c.manifest != NULL;
	check_outputs(&c);
	c.o.out = c.output ? open_output(c.output) : stdout;
	c.o.wopts.color = want_color(c.color, c.o.out);
	c.o.wopts.width = terminal_width(c.o.out);
	if (!c.quiet && isatty(STDERR_FILENO)) {
		c.o.progress = progress;
		c.o.pctx = &c;
		clock_gettime(CLOCK_MONOTONIC, &c.started);
	}
	memset(&res, 0, sizeof(res));
	st_run_discover(&c.o, &res.files);
	roots = st_run_roots(&c.o, &nroots);
	st_hosts_split(&res.files, roots, nroots, c.host, &hosts);
	free(roots);
	if (hosts.n > 1 || c.outdir) {
		rc = run_batch(&c, &res, &hosts);
		st_hosts_free(&hosts);
		st_result_free(&res);
		cleanup(&c);
		return rc;
	}
	c.o.host = hosts.v[0].name;
	st_run_files(&c.o, &res);
	if (c.progress_shown)
		fputs("\r\033[K", stderr);
	/* The summary follows a table; beside CSV or JSON it is a report. */
	if (c.o.format == ST_FMT_TABLE)
		st_result_summary(&res, c.o.out);
	else if (!c.quiet)
		st_result_summary(&res, stderr);
	if ((c.o.out != stdout && fclose(c.o.out) != 0) ||
	    (c.o.out == stdout && fflush(stdout) != 0))
		res.stats.write_error = 1;
	if (c.manifest)
		write_manifest(&c, &res);
	if (!c.quiet)
		st_report_print(stderr, &res, &c.o.wopts.tz, c.verbose);
	rc = status(&c, &res);
	st_hosts_free(&hosts);
	st_result_free(&res);
	cleanup(&c);
	return rc;
}
