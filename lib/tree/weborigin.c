/* SPDX-License-Identifier: ISC */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "base/sbuf.h"
#include "tree/weborigin.h"

/*
 * Defaults, from the processes and accounts Debian, RHEL, Arch and
 * SUSE packages use.  Globs are matched against comm and the basename
 * of exe.
 */
static const char *const def_servers[] = {
	"nginx", "openresty", "apache", "apache2", "httpd", "httpd.worker",
	"httpd.event", "httpd-prefork", "lighttpd", "caddy", "php-fpm*",
	"php-cgi*", "php*-cgi", "lsphp*", "hhvm", "uwsgi", "gunicorn*",
	"uvicorn", "hypercorn", "node", "nodejs", "puma*", "unicorn*",
	"Passenger*", "passenger*", "plackup", "starman", "hypnotoad",
	"tomcat*", "jetty*", "traefik", NULL
};

/* Interpreters that are servers only when running one of these. */
#define INTERP_EXE "^(?:java|ruby[0-9.]*|perl[0-9.]*|python[0-9.]*)$"
#define INTERP_ARGS \
	"org\\.apache\\.catalina|org\\.eclipse\\.jetty|org\\.jboss|" \
	"jboss-modules|weblogic\\.Server|com\\.ibm\\.ws|wildfly|" \
	"org\\.springframework\\.boot|\\bpuma\\b|\\bpassenger\\b|" \
	"\\bunicorn\\b|\\brails (?:s|server)\\b|\\bplackup\\b|\\bstarman\\b|" \
	"\\bgunicorn\\b|\\buvicorn\\b|\\buwsgi\\b|manage\\.py runserver|" \
	"\\bflask run\\b"

static const char *const def_users[] = {
	"www-data", "nginx", "apache", "http", "wwwrun", "nobody", "tomcat",
	"lighttpd", "www", "_www", "httpd", NULL
};

/*
 * RAW logs carry no names.  These uids are fixed by distribution
 * policy, not looked up: 33 is www-data on Debian and Ubuntu
 * (base-passwd), 48 is apache on RHEL and Fedora (setup's uidgid).
 */
static const long long def_uids[] = { 33, 48, -1 };

static const char *const def_roots[] = {
	"/var/www", "/srv/www", "/srv/http", "/usr/share/nginx/html",
	"/usr/share/nginx/www", "/opt/www", "/usr/local/apache2/htdocs",
	"/usr/local/nginx/html", "/var/lib/tomcat*/webapps",
	"/usr/share/tomcat*/webapps", "/opt/tomcat*/webapps",
	"/home/*/public_html", "/var/www-data", NULL
};

struct strlist {
	char	**v;
	size_t	  n, cap;
};

struct st_weborigin {
	struct strlist	 servers, users, roots;
	long long	*uids;
	size_t		 nuids, capuids;
	pcre2_code	*re_server, *re_interp, *re_args, *re_root;
};

struct st_weborigin_match {
	const struct st_weborigin *c;
	pcre2_match_data *md;
	pcre2_match_context *mc;	/* bounds each match: globs are
					 * matched on the attacker's paths */
};

static void
strlist_add(struct strlist *l, const char *s)
{
	l->v = st_grow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = st_strdup(s);
}

static void
strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static void
uid_add(struct st_weborigin *c, long long uid)
{
	c->uids = st_grow(c->uids, &c->capuids, c->nuids + 1,
	    sizeof(*c->uids));
	c->uids[c->nuids++] = uid;
}

struct st_weborigin *
st_weborigin_new(void)
{
	struct st_weborigin *c = st_calloc(1, sizeof(*c));
	size_t i;

	for (i = 0; def_servers[i]; i++)
		strlist_add(&c->servers, def_servers[i]);
	for (i = 0; def_users[i]; i++)
		strlist_add(&c->users, def_users[i]);
	for (i = 0; def_roots[i]; i++)
		strlist_add(&c->roots, def_roots[i]);
	return c;
}

static void
strlist_copy(struct strlist *to, const struct strlist *from)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		strlist_add(to, from->v[i]);
}

struct st_weborigin *
st_weborigin_dup(const struct st_weborigin *c)
{
	struct st_weborigin *d = st_calloc(1, sizeof(*d));
	size_t i;

	strlist_copy(&d->servers, &c->servers);
	strlist_copy(&d->users, &c->users);
	strlist_copy(&d->roots, &c->roots);
	for (i = 0; i < c->nuids; i++)
		uid_add(d, c->uids[i]);
	return d;
}

void
st_weborigin_free(struct st_weborigin *c)
{
	if (c == NULL)
		return;
	strlist_free(&c->servers);
	strlist_free(&c->users);
	strlist_free(&c->roots);
	free(c->uids);
	pcre2_code_free(c->re_server);
	pcre2_code_free(c->re_interp);
	pcre2_code_free(c->re_args);
	pcre2_code_free(c->re_root);
	free(c);
}

static int
bad(char *err, size_t errlen, const char *what, const char *v)
{
	snprintf(err, errlen, "%s: '%s'", what, v);
	return -1;
}

int
st_weborigin_add_server(struct st_weborigin *c, const char *glob, char *err,
    size_t errlen)
{
	if (*glob == '\0' || strchr(glob, '/'))
		return bad(err, errlen, "a server name has no '/'", glob);
	strlist_add(&c->servers, glob);
	return 0;
}

int
st_weborigin_add_user(struct st_weborigin *c, const char *v, char *err,
    size_t errlen)
{
	char *end;
	long long uid;

	if (*v == '\0')
		return bad(err, errlen, "empty user name", v);
	if (*v >= '0' && *v <= '9') {
		errno = 0;
		uid = strtoll(v, &end, 10);
		if (errno || *end || uid < 0 || uid > 4294967294LL)
			return bad(err, errlen, "not a uid", v);
		uid_add(c, uid);
		return 0;
	}
	strlist_add(&c->users, v);
	return 0;
}

int
st_weborigin_add_root(struct st_weborigin *c, const char *dir, char *err,
    size_t errlen)
{
	char *d;
	size_t n;

	if (dir[0] != '/')
		return bad(err, errlen, "a web root is an absolute path", dir);
	d = st_strdup(dir);
	n = strlen(d);
	while (n > 1 && d[n - 1] == '/')
		d[--n] = '\0';
	strlist_add(&c->roots, d);
	free(d);
	return 0;
}

/* Append glob as a regex: '*' stops at stop (or matches anything). */
static void
glob_re(struct sbuf *re, const char *glob, int stop)
{
	const char *p;

	for (p = glob; *p; p++) {
		if (*p == '*') {
			if (stop)
				sb_addf(re, "[^%c]*", stop);
			else
				sb_adds(re, ".*");
		} else if (strchr("\\^$.|?+()[]{}", *p)) {
			sb_addc(re, '\\');
			sb_addc(re, *p);
		} else
			sb_addc(re, *p);
	}
}

static pcre2_code *
compile(const char *pattern, char *err, size_t errlen)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re;
	PCRE2_UCHAR msg[128];

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0,
	    &code, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		snprintf(err, errlen, "pattern error at %zu: %s", (size_t)off,
		    (char *)msg);
		return NULL;
	}
	/* JIT is an optimisation; without it matching still works. */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static pcre2_code *
compile_list(const struct strlist *l, const char *pre, const char *post,
    int stop, char *err, size_t errlen)
{
	struct sbuf re = SBUF_INIT;
	pcre2_code *code;
	size_t i;

	sb_adds(&re, pre);
	for (i = 0; i < l->n; i++) {
		if (i)
			sb_addc(&re, '|');
		glob_re(&re, l->v[i], stop);
	}
	sb_adds(&re, post);
	code = compile(sb_str(&re), err, errlen);
	sb_release(&re);
	return code;
}

int
st_weborigin_compile(struct st_weborigin *c, char *err, size_t errlen)
{
	c->re_server = compile_list(&c->servers, "^(?:", ")$", 0, err, errlen);
	c->re_root = compile_list(&c->roots, "^(?:", ")(?=/|$)", '/', err,
	    errlen);
	c->re_interp = compile(INTERP_EXE, err, errlen);
	c->re_args = compile(INTERP_ARGS, err, errlen);
	if (!c->re_server || !c->re_root || !c->re_interp || !c->re_args)
		return -1;
	return 0;
}

void
st_weborigin_list(const struct st_weborigin *c,
    void (*emit)(void *, const char *, const char *), void *ctx)
{
	char num[64];
	size_t i;

	for (i = 0; i < c->servers.n; i++)
		emit(ctx, "server", c->servers.v[i]);
	for (i = 0; i < c->users.n; i++)
		emit(ctx, "user", c->users.v[i]);
	for (i = 0; i < c->nuids; i++) {
		snprintf(num, sizeof(num), "%lld", c->uids[i]);
		emit(ctx, "uid", num);
	}
	for (i = 0; def_uids[i] >= 0; i++) {
		snprintf(num, sizeof(num), "%lld (when the log has no names)",
		    def_uids[i]);
		emit(ctx, "uid", num);
	}
	for (i = 0; i < c->roots.n; i++)
		emit(ctx, "root", c->roots.v[i]);
}

struct st_weborigin_match *
st_weborigin_match_new(const struct st_weborigin *c)
{
	struct st_weborigin_match *m = st_calloc(1, sizeof(*m));

	m->c = c;
	m->md = pcre2_match_data_create(4, NULL);
	m->mc = pcre2_match_context_create(NULL);
	if (m->md == NULL || m->mc == NULL)
		abort();
	pcre2_set_match_limit(m->mc, 100000);
	return m;
}

void
st_weborigin_match_free(struct st_weborigin_match *m)
{
	if (m == NULL)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mc);
	free(m);
}

static int
match(struct st_weborigin_match *m, const pcre2_code *re, const char *s)
{
	return pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, m->md,
	    m->mc) >= 0;
}

static const char *
base(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

int
st_weborigin_is_server(struct st_weborigin_match *m, const char *comm, const char *exe)
{
	return (*comm && match(m, m->c->re_server, comm)) ||
	    (*exe && match(m, m->c->re_server, base(exe)));
}

int
st_weborigin_is_interp(struct st_weborigin_match *m, const char *exe)
{
	return *exe && match(m, m->c->re_interp, base(exe));
}

int
st_weborigin_is_server_args(struct st_weborigin_match *m, const char *args)
{
	return match(m, m->c->re_args, args);
}

int
st_weborigin_is_user(const struct st_weborigin *c, long long uid, const char *name)
{
	size_t i;

	for (i = 0; i < c->nuids; i++)
		if (c->uids[i] == uid)
			return 1;
	if (name && *name) {
		for (i = 0; i < c->users.n; i++)
			if (strcmp(c->users.v[i], name) == 0)
				return 1;
		/* The log names the account: the default uids do not apply. */
		return 0;
	}
	for (i = 0; def_uids[i] >= 0; i++)
		if (def_uids[i] == uid)
			return 1;
	return 0;
}

int
st_weborigin_root(struct st_weborigin_match *m, const char *cwd, char *root,
    size_t rootlen)
{
	PCRE2_SIZE *ov;
	size_t n;

	if (*cwd != '/' || !match(m, m->c->re_root, cwd))
		return 0;
	ov = pcre2_get_ovector_pointer(m->md);
	n = ov[1] - ov[0];
	if (n >= rootlen)
		n = rootlen - 1;
	memcpy(root, cwd + ov[0], n);
	root[n] = '\0';
	return 1;
}

/*
 * Extensions of files a web server sends as they are, by first letter
 * and separated by spaces: every request's path is checked, and a
 * walk of one list of them all was 7% of parsing a request.
 */
static const char *const static_ext[26] = {
	['a' - 'a'] = "avi",
	['b' - 'a'] = "bmp",
	['c' - 'a'] = "css csv",
	['e' - 'a'] = "eot",
	['g' - 'a'] = "gif gz",
	['h' - 'a'] = "html htm",
	['i' - 'a'] = "ico",
	['j' - 'a'] = "js jpg jpeg json",
	['m' - 'a'] = "mjs map mp4 mp3 md",
	['o' - 'a'] = "otf",
	['p' - 'a'] = "png pdf",
	['s' - 'a'] = "svg",
	['t' - 'a'] = "ttf txt tar",
	['w' - 'a'] = "webp woff woff2 webm wasm",
	['x' - 'a'] = "xml",
	['z' - 'a'] = "zip",
};

/* Is ext[0..n), lowered, a word of list?  n is at most 7. */
static int
listed_ext(const char *list, const char *ext, size_t n)
{
	const char *w = list;
	size_t len, i;

	while (*w) {
		for (len = 0; w[len] && w[len] != ' '; len++)
			;
		for (i = 0; len == n && i < n && w[i] == ext[i]; i++)
			;
		if (len == n && i == n)
			return 1;
		w += len + (w[len] == ' ');
	}
	return 0;
}

int
st_weborigin_dynamic(const char *path)
{
	const char *slash = strrchr(path, '/'), *dot;
	char ext[8];
	size_t i, n;

	dot = strrchr(slash ? slash : path, '.');
	if (dot == NULL)
		return 1;		/* "/", "/api/run": routed to code */
	if ((n = strlen(++dot)) >= sizeof(ext) || n == 0)
		return 1;
	for (i = 0; i < n; i++)
		ext[i] = st_ascii_lower(dot[i]);
	if (ext[0] < 'a' || ext[0] > 'z' || static_ext[ext[0] - 'a'] == NULL)
		return 1;
	return !listed_ext(static_ext[ext[0] - 'a'], ext, n);
}
