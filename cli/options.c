/* SPDX-License-Identifier: ISC */
/*
 * options.c: the command line, turned into scan options.  Nothing here
 * reads evidence or writes output.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/sbuf.h"
#include "base/time.h"
#include "cli.h"
#include "report/versions.h"

static const char usage_text[] =
"usage: shelltrail [options] PATH...\n"
"       shelltrail rules-check FILE\n"
"       shelltrail web-check CONFIG\n"
"\n"
"Rebuild the process trees of commands run through a web shell from\n"
"auditd logs, tie each to the HTTP request in the web access logs that\n"
"ran it, and write them as a timeline.  PATH is a file, a directory\n"
"(walked recursively), a tar or zip archive, or - for standard input;\n"
"gzip is read transparently.  Each file's kind is told from its content.\n"
"With access logs but no audit log, it hunts web shells' requests in them.\n"
"\n"
"Output:\n"
"  -f, --format FMT      table (default), csv, jsonl, ecs (Elastic\n"
"                        Common Schema, one document per line) or html\n"
"                        (one self-contained report)\n"
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
"                        default UTC; datetime keeps one offset per file\n"
"      --timesketch      CSV (or -f jsonl) as Timesketch's importer\n"
"                        documents it: its columns first\n"
"      --color WHEN      colour the table: auto (default), always, never\n"
"      --full            cut no cell of the table (long ones end with\n"
"                        '... (9,013 bytes)' to fit the terminal)\n"
"      --no-pager        no pager, even when the table is longer than\n"
"                        the terminal (default: $PAGER, or less -FRSX)\n"
"      --csv-raw         keep CSV cells that start with = + - @ as they are\n"
"                        (by default a quote is put before them, so that a\n"
"                        spreadsheet does not run them as formulas)\n"
"\n"
"Input:\n"
"      --audit PATH      read PATH as audit logs whatever its content\n"
"      --access PATH     read PATH as web access logs whatever its content\n"
"      --log-format FMT  an access log format as its server's config has\n"
"                        it: nginx log_format, Apache LogFormat, php-fpm\n"
"                        access.format, gunicorn or uWSGI; a prefix nginx:\n"
"                        apache: fpm: gunicorn: uwsgi: says which\n"
"      --log-format-file FILE\n"
"                        an nginx, Apache or php-fpm config: its formats,\n"
"                        and the logs it writes with each (follows includes)\n"
"      --web-log-kind [GLOB=]KIND\n"
"                        the server that wrote the access logs (matching\n"
"                        GLOB): nginx, apache, php-fpm, gunicorn, uwsgi\n"
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
"      --sigma PATH      match Sigma rules (a .yml file, or a directory of\n"
"                        them): process_creation, file_event,\n"
"                        network_connection and auditd rules\n"
"      --list-sigma      print what --sigma loaded, or skipped and why,\n"
"                        and exit\n"
"\n"
"Many hosts (an evidence share: one archive or directory per host):\n"
"      --host NAME       name the host of a single-host input\n"
"  -j, --jobs N          scan N hosts at a time (default: the cores)\n"
"      --output-dir DIR  one timeline per host in DIR, and summary.csv\n"
"\n"
"Run:\n"
"      --strict          any unreadable file or malformed line: status 2\n"
"      --parse-all       parse every audit record, even those nothing\n"
"                        written depends on, and every access line\n"
"                        with its format's pattern (slower, same output)\n"
"      --stats           where the time went: MB/s, records/s, events\n"
"                        libauparse assembled, seconds per stage\n"
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
"web-check reads a web server's configuration (nginx.conf, apache2.conf,\n"
"a php-fpm pool) and says, per access log, which joins its format\n"
"allows and the fields to add, in the server's syntax; status as above.\n"
"\n"
"Exit status: 0 web-originated execs found (on any host), 1 none,\n"
"2 trouble.\n"
"See shelltrail(1).\n";

enum {
	OPT_ALL = 256, OPT_FAILED, OPT_SINCE, OPT_UNTIL, OPT_TZ, OPT_COLOR,
	OPT_AUDIT, OPT_WEB_SERVER, OPT_WEB_USER, OPT_WEB_ROOT, OPT_LIST_WEB,
	OPT_STRICT, OPT_ACCESS, OPT_LOG_FORMAT, OPT_LOG_FORMAT_FILE,
	OPT_DOCROOT, OPT_SKEW, OPT_CSV_RAW, OPT_TIMESKETCH, OPT_FULL,
	OPT_NO_PAGER, OPT_MANIFEST, OPT_PARSE_ALL, OPT_STATS,
	OPT_HOST, OPT_OUTPUT_DIR, OPT_INTEGRITY, OPT_RULES, OPT_LIST_RULES,
	OPT_SIGMA, OPT_LIST_SIGMA,
	OPT_WEB_LOG_KIND,
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
	{ "timesketch",	no_argument,	   NULL, OPT_TIMESKETCH },
	{ "full",	no_argument,	   NULL, OPT_FULL },
	{ "no-pager",	no_argument,	   NULL, OPT_NO_PAGER },
	{ "audit",	required_argument, NULL, OPT_AUDIT },
	{ "access",	required_argument, NULL, OPT_ACCESS },
	{ "log-format",	required_argument, NULL, OPT_LOG_FORMAT },
	{ "log-format-file", required_argument, NULL, OPT_LOG_FORMAT_FILE },
	{ "web-log-kind", required_argument, NULL, OPT_WEB_LOG_KIND },
	{ "docroot",	required_argument, NULL, OPT_DOCROOT },
	{ "skew",	required_argument, NULL, OPT_SKEW },
	{ "web-server",	required_argument, NULL, OPT_WEB_SERVER },
	{ "web-user",	required_argument, NULL, OPT_WEB_USER },
	{ "web-root",	required_argument, NULL, OPT_WEB_ROOT },
	{ "list-web",	no_argument,	   NULL, OPT_LIST_WEB },
	{ "rules",	required_argument, NULL, OPT_RULES },
	{ "list-rules",	no_argument,	   NULL, OPT_LIST_RULES },
	{ "sigma",	required_argument, NULL, OPT_SIGMA },
	{ "list-sigma",	no_argument,	   NULL, OPT_LIST_SIGMA },
	{ "strict",	no_argument,	   NULL, OPT_STRICT },
	{ "parse-all",	no_argument,	   NULL, OPT_PARSE_ALL },
	{ "stats",	no_argument,	   NULL, OPT_STATS },
	{ "host",	required_argument, NULL, OPT_HOST },
	{ "jobs",	required_argument, NULL, 'j' },
	{ "output-dir",	required_argument, NULL, OPT_OUTPUT_DIR },
	{ "quiet",	no_argument,	   NULL, 'q' },
	{ "verbose",	no_argument,	   NULL, 'v' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ "version",	no_argument,	   NULL, 'V' },
	{ NULL,		0,		   NULL, 0 }
};


void
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	fputs("Try 'shelltrail --help'.\n", stderr);
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
	if (strcmp(s, "ecs") == 0)
		return ST_FMT_ECS;
	if (strcmp(s, "html") == 0)
		return ST_FMT_HTML;
	cli_usage_error("unknown format '%s' (table, csv, jsonl, ecs or html)",
	    s);
}

static void
web_add(struct cli *c, int opt, const char *v)
{
	char err[256];
	int r;

	if (opt == OPT_WEB_SERVER)
		r = st_weborigin_add_server(c->web, v, err, sizeof(err));
	else if (opt == OPT_WEB_USER)
		r = st_weborigin_add_user(c->web, v, err, sizeof(err));
	else
		r = st_weborigin_add_root(c->web, v, err, sizeof(err));
	if (r < 0)
		cli_usage_error("%s", err);
}

/* The zone must exist: glibc quietly uses UTC for a misspelt one. */
static void
set_zone(struct cli *c, const char *zone)
{
	char path[PATH_MAX];

	st_tz_parse(zone, &c->o.run.tz);
	if (c->o.run.tz.mode != ST_TZ_LOCAL)
		return;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
	if (zone[0] == '.' || strstr(zone, "/.") || access(path, R_OK) < 0)
		cli_usage_error("unknown time zone '%s'", zone);
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
		cli_usage_error("%s", err);
}

/* A web server's configuration: its formats and the logs it names. */
static void
add_format_file(struct cli *c, const char *path)
{
	char err[512];
	size_t before = c->webconf.n, missing = c->webconf.missing;
	int n = st_webconf_read(&c->webconf, &c->formats, path, err,
	    sizeof(err));
	struct sbuf name = SBUF_INIT;

	/* The path may name a file of the evidence: shown escaped. */
	st_escape(&name, path, strlen(path));
	if (n < 0)
		cli_usage_error("%s", err);
	if (n == 0 && c->webconf.n == before)
		cli_usage_error("%s: no log format and no log in it",
		    sb_str(&name));
	if (c->webconf.missing > missing) {
		sb_clear(&name);
		st_escape(&name, c->webconf.first_missing,
		    strlen(c->webconf.first_missing));
		warnx("warning: %s: included, but not in the collected tree "
		    "(%zu such includes skipped)", sb_str(&name),
		    c->webconf.missing - missing);
	}
	sb_release(&name);
}

static int64_t
parse_skew(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || !isfinite(v) || v < -86400.0 * 365 ||
	    v > 86400.0 * 365)
		cli_usage_error("--skew: seconds, not '%s'", s);
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
		cli_usage_error("-j: a number of jobs from 1 to 256, not '%s'", s);
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
			c->format_given = 1;
			break;
		case 'o':
			c->output = optarg;
			break;
		case OPT_MANIFEST:
			c->manifest = optarg;
			break;
		case OPT_ALL:
			c->o.run.all = 1;
			break;
		case OPT_FAILED:
			c->o.run.failed = 1;
			break;
		case OPT_INTEGRITY:
			c->o.run.integrity = 1;
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
		case OPT_TIMESKETCH:
			c->o.wopts.timesketch = 1;
			break;
		case OPT_FULL:
			c->o.wopts.full = 1;
			break;
		case OPT_NO_PAGER:
			c->no_pager = 1;
			break;
		case OPT_CSV_RAW:
			c->o.wopts.csv_raw = 1;
			break;
		case OPT_STATS:
			c->o.run.stats = 1;
			break;
		case OPT_PARSE_ALL:
			c->o.run.parse_all = 1;
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
		case OPT_WEB_LOG_KIND:
			if (st_webkinds_add(&c->webkinds, optarg, err,
			    sizeof(err)) < 0)
				cli_usage_error("%s", err);
			break;
		case OPT_DOCROOT:
			if (optarg[0] != '/')
				cli_usage_error("--docroot: an absolute path, not "
				    "'%s'", optarg);
			c->o.run.docroot = optarg;
			break;
		case OPT_SKEW:
			c->o.run.skew_ms = parse_skew(optarg);
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
			if (st_rules_add_file(c->rules, optarg, err,
			    sizeof(err)) < 0)
				cli_usage_error("--rules: %s", err);
			break;
		case OPT_LIST_RULES:
			c->list_rules = 1;
			break;
		case OPT_SIGMA:
			if (st_sigma_add_path(c->sigma, optarg, err,
			    sizeof(err)) < 0)
				cli_usage_error("--sigma: %s", err);
			c->nsigma++;
			break;
		case OPT_LIST_SIGMA:
			c->list_sigma = 1;
			break;
		case OPT_STRICT:
			c->strict = 1;
			break;
		case OPT_HOST:
			c->o.host = optarg;
			break;
		case 'j':
			c->o.jobs = parse_jobs(optarg);
			break;
		case OPT_OUTPUT_DIR:
			c->o.outdir = optarg;
			break;
		case 'q':
			c->quiet = 1;
			break;
		case 'v':
			c->o.verbose = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(EXIT_FOUND);
		case 'V':
			puts("shelltrail " PACKAGE_VERSION);
			st_versions_print(stdout);
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

	if (st_time_parse(s, &c->o.run.tz, &ms) < 0)
		cli_usage_error("%s: cannot read the time '%s'", opt, s);
	return ms;
}

/*
 * --timesketch: CSV unless JSON lines were asked for, and a file name
 * Timesketch's importer takes (it refuses other extensions).
 */
static void
timesketch(struct cli *c)
{
	const char *o = c->output;
	size_t n = o ? strlen(o) : 0;

	if (!c->o.wopts.timesketch)
		return;
	if (!c->format_given)
		c->o.format = ST_FMT_CSV;
	if (c->o.format != ST_FMT_CSV && c->o.format != ST_FMT_JSONL)
		cli_usage_error("--timesketch writes csv or jsonl");
	if (o && strcmp(o, "-") != 0 && !(n > 4 && strcmp(o + n - 4, ".csv") == 0 &&
	    c->o.format == ST_FMT_CSV) && !(n > 6 && strcmp(o + n - 6,
	    ".jsonl") == 0 && c->o.format == ST_FMT_JSONL))
		cli_usage_error("--timesketch: Timesketch imports only a .%s "
		    "file, not '%s'", st_writer_ext(c->o.format), o);
}

int
cli_options(struct cli *c, int argc, char **argv)
{
	char err[256];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int first;

	memset(c, 0, sizeof(*c));
	c->web = st_weborigin_new();
	c->rules = st_rules_new();
	c->sigma = st_sigma_new();
	c->o.format = ST_FMT_TABLE;
	c->o.run.since_ms = INT64_MIN;
	c->o.run.until_ms = INT64_MAX;
	first = parse_args(c, argc, argv);
	if (st_weborigin_compile(c->web, err, sizeof(err)) < 0)
		cli_usage_error("%s", err);
	st_logformats_builtin(&c->formats);
	if (st_rules_compile(c->rules, err, sizeof(err)) < 0)
		cli_usage_error("--rules: %s", err);
	st_sigma_finish(c->sigma);
	if (c->list_sigma && c->nsigma == 0)
		cli_usage_error("--list-sigma: give the rules with --sigma");
	if (c->list_rules || c->list_web || c->list_sigma)
		return first;
	if (first >= argc && c->naudit == 0 && c->naccess == 0)
		cli_usage_error("no input: give log files or directories");
	timesketch(c);
	if (c->since)
		c->o.run.since_ms = parse_time(c, "--since", c->since);
	if (c->until)
		c->o.run.until_ms = parse_time(c, "--until", c->until);
	c->o.paths = (const char *const *)argv + first;
	c->o.npaths = (size_t)(argc - first);
	c->o.audit_paths = c->audit;
	c->o.naudit = c->naudit;
	c->o.access_paths = c->access;
	c->o.naccess = c->naccess;
	c->o.run.formats = &c->formats;
	c->o.run.webconf = &c->webconf;
	c->o.learn_formats = &c->formats;
	c->o.learn_conf = &c->webconf;
	c->o.run.webkinds = &c->webkinds;
	c->o.run.web = c->web;
	c->o.run.rules = c->rules;
	if (c->nsigma)
		c->o.run.sigma = c->sigma;
	c->o.run.hash = c->manifest != NULL;
	if (c->o.jobs == 0)
		c->o.jobs = cores > 0 ? (unsigned)cores : 1;
	return first;
}

void
cli_release(struct cli *c)
{
	st_weborigin_free(c->web);
	st_rules_free(c->rules);
	st_sigma_free(c->sigma);
	st_logformats_release(&c->formats);
	st_webconf_release(&c->webconf);
	st_webkinds_release(&c->webkinds);
	free(c->audit);
	free(c->access);
}
