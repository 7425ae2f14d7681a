#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <dirent.h>
#include <errno.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "discover.h"
#include "input.h"
#include "strbuf.h"

#define HEAD_BYTES	(64 * 1024)	/* read to tell a file's kind */
#define HEAD_LINES	200
#define MAX_DEPTH	64

/*
 * The shape shared by nginx's and Apache's combined and common
 * formats: client, two fields, a bracketed time, a quoted request.
 */
#define ACCESS_RE \
	"^\\S+ \\S+ \\S+ \\[\\d{1,2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} " \
	"[+-]\\d{4}\\] \""

struct st_sniffer {
	pcre2_code	 *access;
	pcre2_match_data *md;
};

struct st_sniffer *
st_sniffer_new(void)
{
	struct st_sniffer *s = st_calloc(1, sizeof(*s));
	int code;
	PCRE2_SIZE off;

	s->access = pcre2_compile((PCRE2_SPTR)ACCESS_RE, PCRE2_ZERO_TERMINATED,
	    0, &code, &off, NULL);
	if (s->access == NULL)
		abort();	/* a constant pattern: cannot fail */
	(void)pcre2_jit_compile(s->access, PCRE2_JIT_COMPLETE);
	s->md = pcre2_match_data_create_from_pattern(s->access, NULL);
	return s;
}

void
st_sniffer_free(struct st_sniffer *s)
{
	if (s == NULL)
		return;
	pcre2_match_data_free(s->md);
	pcre2_code_free(s->access);
	free(s);
}

enum st_kind
st_sniff(struct st_sniffer *s, const char *head, size_t n,
    struct st_auditid *first, int *have_first, const char **why)
{
	const char *p = head, *end = head + n, *nl;
	size_t len, audit = 0, access = 0, lines = 0;
	struct st_auditline al;

	*have_first = 0;
	if (n == 0) {
		*why = "empty file";
		return ST_KIND_OTHER;
	}
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
			if (!*have_first) {
				*first = al.id;
				*have_first = 1;
			}
			audit++;
		} else if (pcre2_match(s->access, (PCRE2_SPTR)p, len, 0, 0,
		    s->md, NULL) >= 0)
			access++;
	}
	if (audit && audit >= access)
		return ST_KIND_AUDIT;
	if (access)
		return ST_KIND_ACCESS;
	*why = memchr(head, '\0', n) ? "binary data" :
	    lines ? "not an audit or web access log" : "no complete line";
	return ST_KIND_OTHER;
}

static void
sniff_file(struct st_sniffer *s, struct st_file *f, int stream)
{
	char err[256];
	struct st_input *in;
	const char *head, *why = NULL;
	size_t n;
	enum st_kind kind;

	f->stream = stream;
	if ((in = st_input_open(f->path, err, sizeof(err))) == NULL) {
		st_file_error(f, "%s", err);
		return;
	}
	n = st_input_peek(in, HEAD_BYTES, &head);
	f->gzip = st_input_is_gzip(in);
	kind = st_sniff(s, head, n, &f->first, &f->have_first, &why);
	if (!f->forced)
		f->kind = kind;
	if (f->kind == ST_KIND_OTHER)
		st_file_skip(f, "%s", why ? why : "not a log");
	else if (n == 0 && *st_input_error(in))
		st_file_error(f, "%s", st_input_error(in));
	if (stream && f->kind != ST_KIND_OTHER)
		f->held = in;		/* cannot be opened twice */
	else
		st_input_close(in);
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

static struct st_file *
new_file(struct st_files *fl, const char *path, int forced)
{
	struct st_file *f = st_files_add(fl, path);

	f->forced = forced;
	f->kind = forced ? ST_KIND_AUDIT : ST_KIND_OTHER;
	return f;
}

static void
add_file(struct st_sniffer *s, struct st_files *fl, const char *path,
    const struct stat *st, int forced)
{
	struct st_file *f = new_file(fl, path, forced);

	if (!S_ISREG(st->st_mode)) {
		st_file_skip(f, "%s", type_name(st->st_mode));
		return;
	}
	f->size = (uint64_t)st->st_size;
	sniff_file(s, f, 0);
}

static void walk(struct st_sniffer *, struct st_files *, const char *, int,
    int);

/* One directory entry found while walking: never follow links. */
static void
visit(struct st_sniffer *s, struct st_files *fl, const char *path, int forced,
    int depth)
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
walk(struct st_sniffer *s, struct st_files *fl, const char *dir, int forced,
    int depth)
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
    int forced)
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
