#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <dirent.h>
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "input/archive.h"
#include "input/discover.h"
#include "input/reader.h"
#include "web/request.h"
#include "base/sbuf.h"

#define HEAD_BYTES	(64 * 1024)	/* read to tell a file's kind */
#define HEAD_LINES	200
#define MAX_DEPTH	64

/*
 * A request line in quotes: a line holding one that no known format
 * reads is probably an access log in a custom format.
 */
#define REQUEST_RE "\"(?:GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH) \\S"
/* nginx's and Apache's error logs, which quote requests too. */
#define ERROR_RE "^(?:\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} \\[\\w+\\] |" \
	"\\[\\w{3} \\w{3} \\d{1,2} [\\d:.]+ \\d{4}\\] \\[)"

struct st_sniffer {
	const struct st_logformats *fmts;
	int		 hash;
	pcre2_code	 *request, *error;
	pcre2_match_data *md;
	size_t		 *hits;		/* per format, for one file */
	int64_t		 *first;	/* per format: its first time */
};

struct st_sniffer *
st_sniffer_new(const struct st_logformats *fmts, int hash)
{
	struct st_sniffer *s = st_calloc(1, sizeof(*s));
	int code;
	PCRE2_SIZE off;

	s->fmts = fmts;
	s->hash = hash;
	s->request = pcre2_compile((PCRE2_SPTR)REQUEST_RE,
	    PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);
	s->error = pcre2_compile((PCRE2_SPTR)ERROR_RE,
	    PCRE2_ZERO_TERMINATED, 0, &code, &off, NULL);
	if (s->request == NULL || s->error == NULL)
		abort();	/* constant patterns: cannot fail */
	(void)pcre2_jit_compile(s->request, PCRE2_JIT_COMPLETE);
	(void)pcre2_jit_compile(s->error, PCRE2_JIT_COMPLETE);
	s->md = st_logformats_match_data(fmts);
	s->hits = st_calloc(fmts->n + 1, sizeof(*s->hits));
	s->first = st_calloc(fmts->n + 1, sizeof(*s->first));
	return s;
}

void
st_sniffer_free(struct st_sniffer *s)
{
	if (s == NULL)
		return;
	pcre2_match_data_free(s->md);
	pcre2_code_free(s->request);
	pcre2_code_free(s->error);
	free(s->hits);
	free(s->first);
	free(s);
}

static int
matches(struct st_sniffer *s, const pcre2_code *re, const char *p, size_t len)
{
	return pcre2_match(re, (PCRE2_SPTR)p, len, 0, 0, s->md, NULL) >= 0;
}

/* Count the line for the first format that reads it; 1 if one did. */
static int
access_line(struct st_sniffer *s, const char *p, size_t len)
{
	size_t i;
	int64_t t;

	for (i = 0; i < s->fmts->n; i++) {
		t = st_request_time(s->fmts->v[i], s->md, p, len);
		if (t == ST_TIME_NONE)
			continue;
		if (s->hits[i]++ == 0)
			s->first[i] = t;
		return 1;
	}
	return 0;
}

static void
best_format(struct st_sniffer *s, struct st_sniffed *out)
{
	size_t i;

	out->fmt = 0;
	for (i = 1; i < s->fmts->n; i++)
		if (s->hits[i] > s->hits[out->fmt])
			out->fmt = (int)i;
	out->first_ms = s->first[out->fmt];
}

void
st_sniff(struct st_sniffer *s, const char *head, size_t n,
    struct st_sniffed *out)
{
	const char *p = head, *end = head + n, *nl;
	size_t len, audit = 0, access = 0, lines = 0, requests = 0, errors = 0;
	struct st_auditline al;

	memset(out, 0, sizeof(*out));
	memset(s->hits, 0, s->fmts->n * sizeof(*s->hits));
	for (; p < end && lines < HEAD_LINES; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			if (n == HEAD_BYTES)
				break;	/* a cut line: not a fair sample */
			nl = end;
		}
		len = (size_t)(nl - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (len == 0)
			continue;
		lines++;
		if (st_auditline_scan(p, len, &al) == NULL) {
			if (!out->have_first) {
				out->first = al.id;
				out->have_first = 1;
				snprintf(out->node, sizeof(out->node), "%.*s",
				    al.node ? (int)al.nodelen : 0,
				    al.node ? al.node : "");
			}
			audit++;
		} else if (access_line(s, p, len))
			access++;
		else if (matches(s, s->error, p, len))
			errors++;
		else if (matches(s, s->request, p, len))
			requests++;
	}
	out->kind = ST_KIND_OTHER;
	if (audit && audit >= access)
		out->kind = ST_KIND_AUDIT;
	else if (access) {
		out->kind = ST_KIND_ACCESS;
		best_format(s, out);
	} else if (n == 0)
		out->why = "empty file";
	else if (memchr(head, '\0', n))
		out->why = "binary data";
	else if (errors > requests)
		out->why = "a web server error log (not used)";
	else if (requests)
		out->why = "an access log in a format shelltrail does not "
		    "know: give it with --log-format";
	else
		out->why = lines ? "not an audit or web access log" :
		    "no complete line";
}

static struct st_file *
new_file(struct st_files *fl, const char *path, enum st_kind forced)
{
	struct st_file *f = st_files_add(fl, path);

	f->forced = forced != ST_KIND_OTHER;
	f->kind = forced;
	return f;
}

/* Tell f's kind from the first bytes in holds. */
static void
sniff_input(struct st_sniffer *s, struct st_file *f, struct st_input *in)
{
	struct st_sniffed sn;
	const char *head;
	size_t n;

	n = st_input_peek(in, HEAD_BYTES, &head);
	f->gzip = st_input_is_gzip(in);
	st_sniff(s, head, n, &sn);
	f->first = sn.first;
	f->have_first = sn.have_first;
	if (*sn.node)
		f->node = st_strdup(sn.node);
	f->fmt = sn.fmt;
	f->first_ms = sn.first_ms;
	if (n == 0 && *st_input_error(in))
		st_file_error(f, "%s", st_input_error(in));
	else if (f->kind == ST_KIND_OTHER)	/* not forced */
		f->kind = sn.kind;
	if (f->kind == ST_KIND_OTHER && f->error == NULL)
		st_file_skip(f, "%s", sn.why);
}

static void
sniff_file(struct st_sniffer *s, struct st_file *f, int stream)
{
	char err[256];
	struct st_input *in;

	f->stream = stream;
	if ((in = st_file_open(f, err, sizeof(err))) == NULL) {
		st_file_error(f, "%s", err);
		return;
	}
	if (stream && s->hash)
		st_input_hash(in);
	sniff_input(s, f, in);
	if (stream && f->kind != ST_KIND_OTHER)
		f->held = in;		/* cannot be opened twice */
	else
		st_input_close(in);
}

/*
 * A file that is no log may be an archive of them: each member is then
 * a file of its own, sniffed while the archive passes by.
 */
static int
walk_archive(struct st_sniffer *s, struct st_files *fl, struct st_file *f)
{
	struct st_archive *a = st_archive_open(f->path);
	struct st_member m = { 0 };
	struct st_file *mf;
	struct st_input *in;
	struct sbuf name = SBUF_INIT;
	char err[256];
	int rc;

	/* An archive without entries (a gzip of zeros reads as an empty
	 * tar) is no archive of logs: it is sniffed like any file. */
	if (a == NULL || (rc = st_archive_next(a, &m, err, sizeof(err))) <= 0) {
		st_archive_close(a);
		return 0;
	}
	f->is_archive = 1;
	for (; rc == 1; rc = st_archive_next(a, &m, err, sizeof(err))) {
		if (m.dir)
			continue;
		sb_clear(&name);
		sb_addf(&name, "%s%s%s", f->path, ARCHIVE_SEP,
		    m.name + (*m.name == '/'));
		mf = new_file(fl, sb_str(&name), ST_KIND_OTHER);
		mf->archive = st_strdup(f->path);
		mf->member = m.index;
		mf->size = m.size;
		mf->mtime_sec = m.mtime;
		if (!m.regular) {
			st_file_skip(mf, "not a regular file");
			continue;
		}
		in = st_input_open_archive(a);
		sniff_input(s, mf, in);
		st_input_close(in);
	}
	if (rc < 0)
		st_file_error(f, "%s", err);
	sb_free(&name);
	st_archive_close(a);
	return 1;
}

static const char *
type_name(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISLNK(m))
		return "a symbolic link (not followed)";
	return "not a regular file";
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add_file(struct st_sniffer *s, struct st_files *fl, const char *path,
    const struct stat *st, enum st_kind forced)
{
	struct st_file *f = new_file(fl, path, forced);

	if (!S_ISREG(st->st_mode)) {
		st_file_skip(f, "%s", type_name(st->st_mode));
		return;
	}
	f->size = (uint64_t)st->st_size;
	f->mtime_sec = st->st_mtim.tv_sec;
	f->mtime_nsec = st->st_mtim.tv_nsec;
	if (f->forced || !walk_archive(s, fl, f))
		sniff_file(s, f, 0);
}

static void walk(struct st_sniffer *, struct st_files *, const char *,
    enum st_kind, int);

/* One directory entry found while walking: never follow links. */
static void
visit(struct st_sniffer *s, struct st_files *fl, const char *path,
    enum st_kind forced, int depth)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		st_file_error(st_files_add(fl, path), "%s", strerror(errno));
	else if (S_ISDIR(st.st_mode))
		walk(s, fl, path, forced, depth + 1);
	else
		add_file(s, fl, path, &st, forced);
}

static void
walk(struct st_sniffer *s, struct st_files *fl, const char *dir,
    enum st_kind forced, int depth)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct sbuf path = SBUF_INIT;
	struct st_file *f;

	if (depth > MAX_DEPTH || (d = opendir(dir)) == NULL) {
		f = st_files_add(fl, dir);
		st_file_error(f, "%s", depth > MAX_DEPTH ?
		    "directories nested too deep" : strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		names = st_grow(names, &cap, n + 1, sizeof(*names));
		names[n++] = st_strdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		sb_clear(&path);
		sb_addf(&path, "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		visit(s, fl, sb_str(&path), forced, depth);
		free(names[i]);
	}
	free(names);
	sb_free(&path);
}

void
st_discover(struct st_sniffer *s, struct st_files *fl, const char *path,
    enum st_kind forced)
{
	struct stat st;
	int ok = stat(path, &st) == 0;

	if (strcmp(path, "-") == 0 || (ok && (S_ISFIFO(st.st_mode) ||
	    S_ISCHR(st.st_mode))))
		sniff_file(s, new_file(fl, path, forced), 1);
	else if (!ok)
		st_file_error(st_files_add(fl, path), "%s", strerror(errno));
	else if (S_ISDIR(st.st_mode))
		walk(s, fl, path, forced, 0);
	else
		add_file(s, fl, path, &st, forced);
}
