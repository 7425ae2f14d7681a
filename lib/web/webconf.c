/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "input/archive.h"
#include "web/conftree.h"
#include "input/reader.h"
#include "web/webconf.h"

/*
 * Configurations are small (nginx's largest some hundreds of KB), and
 * one that includes itself or a thousand files was made to hurt.
 */
#define CONF_MAX	(8u << 20)
#define FILES_MAX	256
#define DEPTH_MAX	8
#define VARS_MAX	(64u << 10)	/* bytes of Apache variables */

enum syntax { CONF_NGINX, CONF_APACHE, CONF_FPM, CONF_GUNICORN };

/* One configuration file being read. */
struct conf {
	struct st_webconf *c;
	struct st_logformats *l;
	const char	*name;		/* for messages and bindings */
	const char	*p, *end;
	size_t		 line;
	int		 depth;
	char		*err;
	size_t		 errlen;
	int		 added;
	/* Names this configuration gave its formats: "combined" here is
	 * not the built-in one. */
	struct sbuf	 names;		/* "name\0index\0" pairs */
	int		 deflt;		/* Apache: LogFormat without a name */
	int		 syn;		/* enum syntax; -1 until known */
	struct sbuf	*vars;		/* Apache: "name\0value\0" pairs,
					 * the top file's, shared */
	const char	*root;		/* on disk: the tree's (conftree.h) */
	const char	*top;		/* the first file read */
};

static int	read_file(struct conf *parent, const char *path);

/* ---- bindings ---- */

void
st_webconf_stem(const char *path, char *out, size_t outlen)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t n = strlen(base), k;

	if (n > 3 && strcmp(base + n - 3, ".gz") == 0)
		n -= 3;
	/* .1, .12, -20261201 */
	for (k = n; k > 0 && isdigit((unsigned char)base[k - 1]); k--)
		;
	if (k < n && k > 1 && (base[k - 1] == '.' || base[k - 1] == '-'))
		n = k - 1;
	snprintf(out, outlen, "%.*s", (int)n, base);
}

/* The name of path's folder ("apache2" for /var/log/apache2/x), or "". */
static void
parent(const char *path, char *out, size_t outlen)
{
	const char *end = strrchr(path, '/'), *p = end;

	while (p && p > path && p[-1] != '/')
		p--;
	snprintf(out, outlen, "%.*s", end ? (int)(end - p) : 0, end ? p : "");
}

static int
same_scope(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

int
st_webconf_in_scope(const char *scope, const char *path)
{
	return scope == NULL || strncmp(path, scope, strlen(scope)) == 0;
}

/* A document root or a web account the configuration names. */
static void
fact(struct conf *k, enum st_webfact_kind kind, const char *value)
{
	struct st_webconf *c = k->c;
	struct st_webfact *f;
	char where[320];
	size_t i;

	if (*value == '\0' || strchr(value, '$') ||
	    (kind == ST_FACT_ROOT && *value != '/') ||
	    c->nfacts >= ST_WEBFACTS_MAX)
		return;
	for (i = 0; i < c->nfacts; i++)
		if (c->facts[i].kind == kind &&
		    strcmp(c->facts[i].value, value) == 0 &&
		    same_scope(c->facts[i].scope, c->scope))
			return;
	snprintf(where, sizeof(where), "%s:%zu", k->name, k->line);
	c->facts = st_grow(c->facts, &c->capfacts, c->nfacts + 1,
	    sizeof(*c->facts));
	f = &c->facts[c->nfacts++];
	f->kind = kind;
	f->value = st_strdup(value);
	f->where = st_strdup(where);
	f->scope = c->scope ? st_strdup(c->scope) : NULL;
}

static void
bind(struct conf *k, const char *path, int fmt, enum st_server server)
{
	struct st_webconf *c = k->c;
	struct st_logbind *b;
	char stem[256], dir[256], where[320];
	size_t i;

	if (*path == '|' || strncmp(path, "syslog:", 7) == 0 || *path == '\0')
		return;		/* a pipe or syslog: no file of its own */
	st_webconf_stem(path, stem, sizeof(stem));
	parent(path, dir, sizeof(dir));
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].stem, stem) == 0 &&
		    strcmp(c->v[i].dir, dir) == 0 &&
		    same_scope(c->v[i].scope, c->scope)) {
			c->v[i].clash |= c->v[i].fmt != fmt ||
			    c->v[i].server != server;
			return;
		}
	snprintf(where, sizeof(where), "%s:%zu", k->name, k->line);
	c->v = st_grow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	b = &c->v[c->n++];
	b->stem = st_strdup(stem);
	b->dir = st_strdup(dir);
	b->fmt = fmt;
	b->server = server;
	b->where = st_strdup(where);
	b->clash = 0;
	b->scope = c->scope ? st_strdup(c->scope) : NULL;
}

static int
same(const struct st_logbind *a, const struct st_logbind *b)
{
	return a->fmt == b->fmt && a->server == b->server;
}

/*
 * The binding of the log at path: the one of its folder's name and its
 * own (nginx/access.log and apache2/access.log are two logs), else the
 * one of its name alone if all that share it agree.
 */
const struct st_logbind *
st_webconf_bound(const struct st_webconf *c, const char *path)
{
	const struct st_logbind *one = NULL;
	char stem[256], dir[256];
	size_t i;

	if (c == NULL)
		return NULL;
	st_webconf_stem(path, stem, sizeof(stem));
	parent(path, dir, sizeof(dir));
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].stem, stem) == 0 &&
		    strcmp(c->v[i].dir, dir) == 0 &&
		    st_webconf_in_scope(c->v[i].scope, path))
			return c->v[i].clash ? NULL : &c->v[i];
	/* A configuration collected beside its logs names their folder
	 * too: by the name alone, only a configuration given by hand. */
	for (i = 0; i < c->n; i++) {
		if (strcmp(c->v[i].stem, stem) != 0 || c->v[i].scope)
			continue;
		if (c->v[i].clash || (one && !same(one, &c->v[i])))
			return NULL;
		one = &c->v[i];
	}
	return one;
}

void
st_webconf_release(struct st_webconf *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].stem);
		free(c->v[i].dir);
		free(c->v[i].where);
		free(c->v[i].scope);
	}
	for (i = 0; i < c->nfacts; i++) {
		free(c->facts[i].value);
		free(c->facts[i].where);
		free(c->facts[i].scope);
	}
	free(c->v);
	free(c->facts);
	memset(c, 0, sizeof(*c));
}

int
st_webconf_candidate(const char *path)
{
	static const char *const mains[] = { "nginx.conf", "apache2.conf",
	    "httpd.conf", "php-fpm.conf", NULL };
	const char *base = strrchr(path, '/');
	char dir[256];
	size_t i, n;

	base = base ? base + 1 : path;
	for (i = 0; mains[i]; i++)
		if (strcmp(base, mains[i]) == 0)
			return 1;
	parent(path, dir, sizeof(dir));
	n = strlen(base);
	return (strcmp(dir, "pool.d") == 0 || strcmp(dir, "php-fpm.d") == 0) &&
	    n > 5 && strcmp(base + n - 5, ".conf") == 0;
}

/* Does an archive's "!" at bang lie inside another archive? */
static int
nested(const char *path, const char *bang)
{
	const char *p = strstr(path, ARCHIVE_SEP);

	return p != NULL && p < bang;
}

/*
 * An etc/ at the top of an archive inside another: the host is the
 * folder above the one that archive lies in (CatScale keeps etc/ and
 * var/log/ as tarballs in catscale_out/System_Info/ and .../Logs/).
 */
static size_t
archive_host(const char *path, const char *bang)
{
	const char *p = bang;
	int slashes = 0;

	while (p > path)
		if (*--p == '/' && (++slashes == 2 || (p > path &&
		    p[-1] == '!')))
			return (size_t)(p - path) + 1;
	return 0;
}

size_t
st_webconf_host_prefix(const char *path)
{
	const char *p, *at = NULL, *dir;

	if (strncmp(path, "etc/", 4) == 0)
		return 0;
	/* The last etc/: a collection's own etc/ may lie in a tree named
	 * after another ("etc/uac/[root]/etc/..."). */
	for (p = path; (p = strstr(p, "/etc/")) != NULL; p++)
		at = p;
	if (at && at > path && at[-1] == '!' && nested(path, at - 1))
		return archive_host(path, at - 1);
	if (at)
		return (size_t)(at - path) + 1;
	/* Not in an etc/: the tree its server's folder is in. */
	if ((dir = strrchr(path, '/')) == NULL)
		return 0;
	while (dir > path && dir[-1] != '/')
		dir--;
	return (size_t)(dir - path);
}

/* ---- formats by the names the configuration gave them ---- */

static int
add_format(struct conf *k, const char *name, const char *text,
    enum st_logesc esc, const char *prefix)
{
	struct sbuf full = SBUF_INIT, label = SBUF_INIT;
	char why[256];
	int i;

	sb_adds(&full, prefix);
	sb_adds(&full, text);
	sb_addf(&label, "%s (%s:%zu)", *name ? name : "default", k->name,
	    k->line);
	i = st_logformats_add(k->l, sb_str(&label), sb_str(&full), esc, why,
	    sizeof(why));
	if (i < 0)
		snprintf(k->err, k->errlen, "%s:%zu: %s", k->name, k->line, why);
	else {
		sb_add(&k->names, name, strlen(name) + 1);
		sb_addf(&k->names, "%d", i);
		sb_addc(&k->names, '\0');
		k->added++;
	}
	sb_release(&full);
	sb_release(&label);
	return i;
}

/*
 * The formats nginx and Apache know without a configuration defining
 * them: given by name, they are added as this configuration's.
 */
static const struct {
	const char	*name, *text;
} predefined[] = {
	{ "combined", "nginx:$remote_addr - $remote_user [$time_local] "
	    "\"$request\" $status $body_bytes_sent \"$http_referer\" "
	    "\"$http_user_agent\"" },
	{ "common", "apache:%h %l %u %t \"%r\" %>s %b" },
	{ "php-fpm", "fpm:%R - %u %t \"%m %r\" %s" },
};

/* The format this configuration named name, or a predefined one. */
static int
named(struct conf *k, const char *name)
{
	const char *p = k->names.s, *end = p ? p + k->names.len : NULL;
	int found = -1;
	size_t i;

	while (p && p < end) {
		if (strcmp(p, name) == 0)
			found = atoi(p + strlen(p) + 1);
		p += strlen(p) + 1;
		p += strlen(p) + 1;
	}
	for (i = 0; found < 0 && i < sizeof(predefined) /
	    sizeof(predefined[0]); i++)
		if (strcmp(predefined[i].name, name) == 0)
			found = add_format(k, name, predefined[i].text,
			    ST_LOGESC_DEFAULT, "");
	return found;
}

/* ---- includes ---- */

static int
has_dotdot(const char *p)
{
	const char *s;

	for (s = p; (s = strstr(s, "..")) != NULL; s += 2)
		if ((s == p || s[-1] == '/') && (s[2] == '/' || s[2] == '\0'))
			return 1;
	return 0;
}

/*
 * A folder's name as glob(3) must see it to match itself: a collection's
 * folders have names like UAC's "[root]", which glob reads as a set.
 */
static void
glob_quote(struct sbuf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strchr("*?[]\\", s[i]))
			sb_addc(out, '\\');
		sb_addc(out, s[i]);
	}
}

/*
 * Where an absolute include lies in the configuration's own tree: dir
 * is /case/etc/apache2 and the include /etc/apache2/sites/ *.conf: then
 * /case/etc/apache2/sites/ *.conf.
 */
static int
rebase(const char *dir, const char *inc, struct sbuf *out)
{
	size_t dl = strlen(dir), n;
	const char *slash;

	for (slash = inc + strlen(inc); slash > inc; slash--) {
		if (*slash != '/')
			continue;
		n = (size_t)(slash - inc);
		/* inc starts with '/': a match starts on a component. */
		if (n <= dl && memcmp(dir + dl - n, inc, n) == 0) {
			glob_quote(out, dir, dl - n);
			sb_adds(out, inc);
			return 0;
		}
	}
	return -1;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int	include_glob(struct conf *k, const char *pattern);

/*
 * On disk, path with its links followed inside the tree into real: 0,
 * or 1 when a link leads out of it or to nothing (noted as missing,
 * when note is set: not read).
 */
static int
on_disk(struct conf *k, const char *path, struct sbuf *real, int note)
{
	struct sbuf said = SBUF_INIT;
	struct stat st;
	char why[256];

	sb_clear(real);
	if (k->c->fs || k->root == NULL) {
		sb_adds(real, path);
		return 0;
	}
	if (st_conftree_resolve(k->root, path, real, why, sizeof(why)) == 0) {
		if (lstat(sb_str(real), &st) == 0)
			return 0;
		/* A link to a file the collection does not hold. */
		snprintf(why, sizeof(why), "%s: not in the collection",
		    sb_str(real) + strlen(k->root));
	}
	sb_addf(&said, "%s:%zu: %s", k->name, k->line, why);
	if (note && k->c->missing++ == 0)
		snprintf(k->c->first_missing, sizeof(k->c->first_missing),
		    "%s", sb_str(&said));
	sb_release(&said);
	return 1;
}


/* A folder included is every file in it, as Apache reads it. */
static int
include_path(struct conf *k, const char *path)
{
	struct sbuf all = SBUF_INIT;
	struct stat st;
	int rc, dir;

	if (k->c->fs)
		dir = k->c->fs->isdir(k->c->fs->ctx, path);
	else {
		dir = on_disk(k, path, &all, 0) == 0 && stat(sb_str(&all), &st) == 0
		    && S_ISDIR(st.st_mode);
		sb_clear(&all);
	}
	if (!dir) {
		sb_release(&all);
		return read_file(k, path) < 0 ? -1 : 0;
	}
	if (k->depth >= DEPTH_MAX)
		return 0;
	glob_quote(&all, path, strlen(path));
	sb_adds(&all, "/*");
	rc = include_glob(k, sb_str(&all));
	sb_release(&all);
	return rc < 0 ? -1 : 0;
}

/* The disk's paths that match pattern, as st_webconf_fs's glob. */
static int
disk_glob(const char *pattern, char ***v, size_t *n)
{
	glob_t g;
	size_t i;

	memset(&g, 0, sizeof(g));
	*v = NULL;
	*n = 0;
	if (glob(pattern, GLOB_NOSORT, NULL, &g) != 0) {
		globfree(&g);
		return 1;
	}
	*v = st_calloc(g.gl_pathc, sizeof(**v));
	for (i = 0; i < g.gl_pathc; i++)
		(*v)[i] = st_strdup(g.gl_pathv[i]);
	*n = g.gl_pathc;
	globfree(&g);
	return 0;
}

/* 1 when nothing matched, -1 on an error. */
static int
include_glob(struct conf *k, const char *pattern)
{
	const struct st_webconf_fs *fs = k->c->fs;
	char **v;
	size_t i, n;
	int rc;

	rc = fs ? fs->glob(fs->ctx, pattern, &v, &n) : disk_glob(pattern, &v,
	    &n);
	if (rc == 0 && n > 1)
		qsort(v, n, sizeof(char *), by_path);
	for (i = 0; i < n && rc == 0; i++)
		rc = include_path(k, v[i]);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return rc;
}

/*
 * Follow an include: relative to the configuration's folder, then to
 * its parent (Apache's ServerRoot holds conf/httpd.conf), or rebased
 * into the configuration's tree.  -1 on an error.  A file not found is
 * not one: collected evidence often lacks some; the first is noted.
 */
static int
include(struct conf *k, const char *what, int optional)
{
	struct sbuf dir = SBUF_INIT, pat = SBUF_INIT, top = SBUF_INIT;
	const char *slash = strrchr(k->name, '/');
	int rc = 1, tries;

	if (slash)
		sb_add(&dir, k->name, (size_t)(slash - k->name));
	else
		sb_addc(&dir, '.');
	if (has_dotdot(what) || k->depth >= DEPTH_MAX) {
		snprintf(k->err, k->errlen, "%s:%zu: include %s not followed "
		    "(%s)", k->name, k->line, what, k->depth >= DEPTH_MAX ?
		    "includes nest too deep" : "it climbs out with ..");
		rc = -1;
	} else if (*what == '/') {
		/* Against the first file's folder: an included file's own
		 * (sites-enabled/) is not where the tree's etc/ is. */
		sb_add(&top, k->top, strrchr(k->top, '/') ? (size_t)(strrchr(
		    k->top, '/') - k->top) : 0);
		if (rebase(sb_str(&dir), what, &pat) < 0) {
			sb_clear(&pat);
			if (rebase(sb_str(&top), what, &pat) < 0)
				sb_clear(&pat);
		}
		if (pat.len)
			rc = include_glob(k, sb_str(&pat));
	} else
		for (tries = 0; rc == 1 && tries < 2; tries++) {
			sb_clear(&pat);
			glob_quote(&pat, dir.s, dir.len);
			sb_addf(&pat, "/%s", what);
			rc = include_glob(k, sb_str(&pat));
			/* Never the analyst's own / */
			if ((slash = strrchr(sb_str(&dir), '/')) == NULL ||
			    slash == dir.s)
				break;
			dir.len = (size_t)(slash - dir.s);
			dir.s[dir.len] = '\0';
		}
	if (rc == 1 && !optional && !strpbrk(what, "*?[") &&
	    k->c->missing++ == 0)
		snprintf(k->c->first_missing, sizeof(k->c->first_missing),
		    "%s:%zu: %s", k->name, k->line, what);
	sb_release(&dir);
	sb_release(&pat);
	sb_release(&top);
	return rc < 0 ? -1 : 0;
}

/* ---- nginx: words, quoted strings, ';', '{', '}', # comments ---- */

enum { TOK_END, TOK_WORD, TOK_STRING, TOK_PUNCT };

static void
skip_space(struct conf *k)
{
	while (k->p < k->end) {
		if (*k->p == '\n')
			k->line++;
		if (*k->p == '#') {
			while (k->p < k->end && *k->p != '\n')
				k->p++;
		} else if (*k->p == ' ' || *k->p == '\t' || *k->p == '\r' ||
		    *k->p == '\n')
			k->p++;
		else
			return;
	}
}

static int
quoted(struct conf *k, struct sbuf *tok)
{
	char q = *k->p++;

	while (k->p < k->end && *k->p != q) {
		if (*k->p == '\n')
			k->line++;
		if (*k->p == '\\' && k->p + 1 < k->end) {
			k->p++;
			sb_addc(tok, *k->p == 'n' ? '\n' : *k->p == 't' ?
			    '\t' : *k->p == 'r' ? '\r' : *k->p);
		} else
			sb_addc(tok, *k->p);
		k->p++;
	}
	if (k->p >= k->end)
		return -1;
	k->p++;
	return TOK_STRING;
}

/* The next token into tok; TOK_END at the end, -1 on an open quote. */
static int
token(struct conf *k, struct sbuf *tok)
{
	sb_clear(tok);
	skip_space(k);
	if (k->p >= k->end)
		return TOK_END;
	if (*k->p == ';' || *k->p == '{' || *k->p == '}') {
		sb_addc(tok, *k->p++);
		return TOK_PUNCT;
	}
	if (*k->p == '"' || *k->p == '\'')
		return quoted(k, tok);
	/* A NUL is part of a word: strchr would take it for a delimiter
	 * and the reader would stop without moving on. */
	while (k->p < k->end && (*k->p == '\0' || !strchr(" \t\r\n;{}", *k->p)))
		sb_addc(tok, *k->p++);
	return TOK_WORD;
}

/* A directive's words up to its ';': "name\0arg\0...", count in *n. */
static int
words(struct conf *k, struct sbuf *w, int *n)
{
	struct sbuf tok = SBUF_INIT;
	int t;

	*n = 0;
	while ((t = token(k, &tok)) == TOK_WORD || t == TOK_STRING) {
		sb_add(w, tok.s ? tok.s : "", tok.len);
		sb_addc(w, '\0');
		(*n)++;
	}
	sb_release(&tok);
	return t == TOK_PUNCT && k->p[-1] == ';' ? 0 : -1;
}

static const char *
word(const struct sbuf *w, int i)
{
	const char *p = w->s;

	while (i-- > 0)
		p += strlen(p) + 1;
	return p;
}

static int
escape_mode(const char *s, enum st_logesc *esc)
{
	if (strcmp(s, "escape=default") == 0)
		*esc = ST_LOGESC_DEFAULT;
	else if (strcmp(s, "escape=json") == 0)
		*esc = ST_LOGESC_JSON;
	else if (strcmp(s, "escape=none") == 0)
		*esc = ST_LOGESC_NONE;
	else
		return -1;
	return 0;
}

static int
nginx_log_format(struct conf *k, const struct sbuf *w, int n)
{
	enum st_logesc esc = ST_LOGESC_DEFAULT;
	struct sbuf text = SBUF_INIT;
	int i = 1, rc;

	if (n > 2 && escape_mode(word(w, 1), &esc) == 0)
		i = 2;
	for (; i < n; i++)
		sb_adds(&text, word(w, i));
	rc = add_format(k, word(w, 0), sb_str(&text), esc, "nginx:");
	sb_release(&text);
	return rc < 0 ? -1 : 0;
}

static int
nginx_access_log(struct conf *k, const struct sbuf *w, int n)
{
	const char *name = n > 1 ? word(w, 1) : "combined";
	int fmt;

	if (strcmp(word(w, 0), "off") == 0)
		return 0;
	if ((fmt = named(k, name)) < 0) {
		snprintf(k->err, k->errlen, "%s:%zu: access_log with an "
		    "unknown format %s", k->name, k->line, name);
		return -1;
	}
	bind(k, word(w, 0), fmt, ST_SERVER_NGINX);
	return 0;
}

static int
nginx_directive(struct conf *k, const char *d)
{
	struct sbuf w = SBUF_INIT;
	size_t start = k->line;
	int n, rc = 0;

	if (words(k, &w, &n) < 0 || n < 1) {
		snprintf(k->err, k->errlen, "%s:%zu: %s without its arguments "
		    "and ';'", k->name, start, d);
		rc = -1;
	} else if (strcmp(d, "log_format") == 0)
		rc = n < 2 ? -1 : nginx_log_format(k, &w, n);
	else if (strcmp(d, "access_log") == 0)
		rc = nginx_access_log(k, &w, n);
	else if (strcmp(d, "error_log") == 0)
		bind(k, word(&w, 0), -1, ST_SERVER_NGINX);
	else if (strcmp(d, "root") == 0 || strcmp(d, "alias") == 0)
		fact(k, ST_FACT_ROOT, word(&w, 0));
	else if (strcmp(d, "user") == 0)
		fact(k, ST_FACT_USER, word(&w, 0));
	else
		rc = include(k, word(&w, 0), 1);
	if (rc < 0 && !*k->err)
		snprintf(k->err, k->errlen, "%s:%zu: log_format without a "
		    "name and a format", k->name, start);
	sb_release(&w);
	return rc;
}

/* The directives read; every other one is passed over. */
static int
nginx_read(const char *d)
{
	static const char *const read[] = { "log_format", "access_log",
	    "error_log", "include", "root", "alias", "user", NULL };
	size_t i;

	for (i = 0; read[i]; i++)
		if (strcmp(d, read[i]) == 0)
			return 1;
	return 0;
}

static int
nginx_conf(struct conf *k)
{
	struct sbuf tok = SBUF_INIT;
	int t, rc = 0, first = 1;

	while (rc == 0 && (t = token(k, &tok)) != TOK_END) {
		if (t < 0) {
			snprintf(k->err, k->errlen, "%s:%zu: quote not closed",
			    k->name, k->line);
			rc = -1;
		} else if (first && t == TOK_WORD && nginx_read(tok.s)) {
			rc = nginx_directive(k, sb_str(&tok));
			continue;	/* it ended with its ';' */
		}
		/* A directive starts after ';', '{' or '}'. */
		first = t == TOK_PUNCT;
	}
	sb_release(&tok);
	return rc;
}

/* ---- Apache: one directive a line, '\' continues it ---- */

/* The next logical line into line; 0 at the end. */
static int
apache_line(struct conf *k, struct sbuf *line)
{
	const char *nl;

	sb_clear(line);
	while (k->p < k->end) {
		nl = memchr(k->p, '\n', (size_t)(k->end - k->p));
		if (nl == NULL)
			nl = k->end;
		k->line++;
		sb_add(line, k->p, (size_t)(nl - k->p));
		k->p = nl < k->end ? nl + 1 : nl;
		while (line->len && (line->s[line->len - 1] == '\r' ||
		    line->s[line->len - 1] == ' '))
			line->s[--line->len] = '\0';
		if (line->len == 0 || line->s[line->len - 1] != '\\')
			return 1;
		line->s[--line->len] = '\0';	/* continued */
	}
	return line->len > 0;
}

/* The value of ${name} (n bytes), or NULL. */
static const char *
var_get(const struct sbuf *vars, const char *name, size_t n)
{
	const char *p = vars->s, *end = p ? p + vars->len : NULL, *val;

	while (p && p < end) {
		val = p + strlen(p) + 1;
		if (strlen(p) == n && memcmp(p, name, n) == 0)
			return val;
		p = val + strlen(val) + 1;
	}
	return NULL;
}

/* Set name; the newest value is the one found first, so it goes first. */
static void
var_set(struct sbuf *vars, const char *name, const char *value)
{
	struct sbuf b = SBUF_INIT;

	if (vars->len > VARS_MAX)
		return;
	sb_add(&b, name, strlen(name) + 1);
	sb_add(&b, value, strlen(value) + 1);
	if (vars->len)
		sb_add(&b, vars->s, vars->len);
	sb_clear(vars);
	sb_add(vars, b.s, b.len);
	sb_release(&b);
}

/*
 * s with each ${NAME} it knows replaced, into out; an unknown one is
 * kept as written (Apache leaves it, and warns).  When bare, $NAME is
 * read too (the shell of envvars), an unknown one as empty.
 */
static void
expand_vars(const struct sbuf *vars, const char *s, struct sbuf *out, int bare)
{
	const char *end, *v;
	size_t n;

	while (*s) {
		if (s[0] == '$' && s[1] == '{' && (end = strchr(s, '}'))) {
			n = (size_t)(end - s - 2);
			v = var_get(vars, s + 2, n);
			if (v || bare)
				sb_adds(out, v ? v : "");
			else
				sb_add(out, s, n + 3);
			s = end + 1;
		} else if (bare && s[0] == '$' && (isalpha((unsigned char)s[1]) ||
		    s[1] == '_')) {
			for (n = 1; isalnum((unsigned char)s[n]) || s[n] == '_'; n++)
				;
			v = var_get(vars, s + 1, n - 1);
			sb_adds(out, v ? v : "");
			s += n;
		} else
			sb_addc(out, *s++);
		if (out->len > CONF_MAX)
			return;
	}
}

static void
expand(const struct sbuf *vars, const char *s, struct sbuf *out)
{
	if (vars == NULL)
		sb_adds(out, s);
	else
		expand_vars(vars, s, out, 0);
}

/* An envvars value, p to end: its quotes off, $NAME read, into out. */
static void
envvars_value(const struct sbuf *vars, const char *p, const char *end,
    struct sbuf *out)
{
	struct sbuf raw = SBUF_INIT;

	while (end > p && (end[-1] == ' ' || end[-1] == '\r'))
		end--;
	if (end - p >= 2 && (*p == '"' || *p == '\'') && end[-1] == *p)
		p++, end--;
	sb_add(&raw, p, (size_t)(end - p));
	expand_vars(vars, sb_str(&raw), out, 1);
	sb_release(&raw);
}

static int	slurp(const struct st_webconf *, const char *, struct sbuf *,
		    char *, size_t);

/*
 * Debian's envvars beside apache2.conf: "export NAME=value" lines, in
 * order, over its stock values (the collection may not hold the file).
 */
static void
apache_envvars(struct conf *k)
{
	static const char *const stock[] = { "APACHE_RUN_USER", "www-data",
	    "APACHE_RUN_GROUP", "www-data", "APACHE_LOG_DIR",
	    "/var/log/apache2", "APACHE_RUN_DIR", "/var/run/apache2",
	    "APACHE_LOCK_DIR", "/var/lock/apache2", NULL };
	struct sbuf text = SBUF_INIT, path = SBUF_INIT, val = SBUF_INIT;
	const char *p, *nl, *eq, *slash = strrchr(k->name, '/');
	char why[256];
	size_t i;
	int depth = 0;

	for (i = 0; stock[i]; i += 2)
		var_set(k->vars, stock[i], stock[i + 1]);
	sb_addf(&path, "%.*s/envvars", slash ? (int)(slash - k->name) : 1,
	    slash ? k->name : ".");
	if (slurp(k->c, sb_str(&path), &text, why, sizeof(why)) < 0)
		sb_clear(&text);
	for (p = sb_str(&text); *p; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		while (*p == ' ' || *p == '\t')
			p++;
		/* What a test decides cannot be known here: such values
		 * are left out (Debian's SUFFIX is then empty). */
		if (strncmp(p, "if ", 3) == 0 || strncmp(p, "case ", 5) == 0)
			depth++;
		else if ((strncmp(p, "fi", 2) == 0 || strncmp(p, "esac", 4) ==
		    0) && depth > 0)
			depth--;
		if (depth > 0)
			continue;
		if (strncmp(p, "export ", 7) == 0)
			p += 7;
		eq = memchr(p, '=', (size_t)(nl - p));
		if (eq == NULL || eq == p ||
		    strcspn(p, " \t#$;") < (size_t)(eq - p))
			continue;
		sb_clear(&val);
		envvars_value(k->vars, eq + 1, nl, &val);
		sb_clear(&path);
		sb_add(&path, p, (size_t)(eq - p));
		var_set(k->vars, sb_str(&path), sb_str(&val));
	}
	sb_release(&text);
	sb_release(&path);
	sb_release(&val);
}

/*
 * Split as Apache does (ap_getword_conf): words, or strings in " or '
 * where a backslash before the quote keeps it.  "w\0w\0..."; count.
 */
static int
apache_words(const char *s, struct sbuf *w)
{
	int n = 0;
	char q;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			return n;
		if (*s == '"' || *s == '\'') {
			for (q = *s++; *s && *s != q; s++) {
				if (*s == '\\' && s[1] == q)
					s++;
				sb_addc(w, *s);
			}
			s += *s == q;
		} else
			while (*s && *s != ' ' && *s != '\t')
				sb_addc(w, *s++);
		sb_addc(w, '\0');
		n++;
	}
}

static int
apache_format(struct conf *k, const struct sbuf *w, int n)
{
	int i = add_format(k, n > 2 ? word(w, 2) : "", word(w, 1),
	    ST_LOGESC_DEFAULT, "apache:");

	if (i >= 0 && n == 2)
		k->deflt = i;
	return i < 0 ? -1 : 0;
}

/* CustomLog path nick|"format"; TransferLog path. */
static int
apache_log(struct conf *k, const struct sbuf *w, int n, int transfer)
{
	int fmt;

	if (n < 2 || (!transfer && n < 3))
		return 0;
	if (transfer)
		fmt = k->deflt >= 0 ? k->deflt : named(k, "common");
	else if ((fmt = named(k, word(w, 2))) < 0 &&
	    (strchr(word(w, 2), '%') == NULL ||
	    (fmt = add_format(k, "", word(w, 2), ST_LOGESC_DEFAULT,
	    "apache:")) < 0)) {
		if (!*k->err)
			snprintf(k->err, k->errlen, "%s:%zu: CustomLog with an "
			    "unknown format %s", k->name, k->line, word(w, 2));
		return -1;
	}
	bind(k, word(w, 1), fmt, ST_SERVER_APACHE);
	return 0;
}

static int
apache_directive(struct conf *k, const struct sbuf *w, int n)
{
	const char *d = word(w, 0);

	if (strcasecmp(d, "LogFormat") == 0 && n >= 2)
		return apache_format(k, w, n);
	if (strcasecmp(d, "CustomLog") == 0)
		return apache_log(k, w, n, 0);
	if (strcasecmp(d, "TransferLog") == 0)
		return apache_log(k, w, n, 1);
	if (strcasecmp(d, "ErrorLog") == 0 && n >= 2)
		bind(k, word(w, 1), -1, ST_SERVER_APACHE);
	else if (strcasecmp(d, "DocumentRoot") == 0 && n >= 2)
		fact(k, ST_FACT_ROOT, word(w, 1));
	else if (strcasecmp(d, "User") == 0 && n >= 2)
		fact(k, ST_FACT_USER, word(w, 1));
	else if (strcasecmp(d, "Define") == 0 && n >= 2)
		var_set(k->vars, word(w, 1), n > 2 ? word(w, 2) : "");
	else if ((strcasecmp(d, "Include") == 0 ||
	    strcasecmp(d, "IncludeOptional") == 0) && n >= 2)
		return include(k, word(w, 1), d[7] != '\0');
	return 0;
}

static int
apache_conf(struct conf *k)
{
	struct sbuf line = SBUF_INIT, w = SBUF_INIT, exp = SBUF_INIT;
	const char *s;
	int n, rc = 0;

	while (rc == 0 && apache_line(k, &line)) {
		for (s = sb_str(&line); *s == ' ' || *s == '\t'; s++)
			;
		if (*s == '#' || *s == '<' || *s == '\0')
			continue;
		sb_clear(&w);
		sb_clear(&exp);
		expand(k->vars, s, &exp);
		if ((n = apache_words(sb_str(&exp), &w)) > 0)
			rc = apache_directive(k, &w, n);
	}
	sb_release(&line);
	sb_release(&w);
	sb_release(&exp);
	return rc;
}

/* ---- php-fpm: a pool's ini, key = value ---- */

/* The value of "key = value", unquoted, into v. */
static void
fpm_value(const char *s, struct sbuf *v)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		for (s++, n -= 2; n > 0; s++, n--) {
			if (*s == '\\' && n > 1 && s[1] == '"')
				s++, n--;
			sb_addc(v, *s);
		}
	} else
		sb_add(v, s, n);
}

/* A pool's access.log with its access.format, or the default. */
static int
fpm_pool_end(struct conf *k, struct sbuf *log, struct sbuf *fmt)
{
	int i = -2;

	if (log->len)
		i = fmt->len ? add_format(k, "access.format", sb_str(fmt),
		    ST_LOGESC_NONE, "fpm:") : named(k, "php-fpm");
	if (i >= 0)
		bind(k, sb_str(log), i, ST_SERVER_FPM);
	sb_clear(log);
	sb_clear(fmt);
	return i == -1 && *k->err ? -1 : 0;
}

static int
fpm_setting(struct conf *k, const char *key, size_t klen, const char *val,
    struct sbuf *log, struct sbuf *fmt)
{
	struct sbuf v = SBUF_INIT;
	int rc = 0;

	fpm_value(val, &v);
#define KEY(s)	(klen == strlen(s) && strncmp(key, s, klen) == 0)
	if (KEY("access.log")) {
		sb_clear(log);
		sb_adds(log, sb_str(&v));
	} else if (KEY("access.format")) {
		sb_clear(fmt);
		sb_adds(fmt, sb_str(&v));
	} else if (KEY("error_log"))
		bind(k, sb_str(&v), -1, ST_SERVER_FPM);
	else if (KEY("user"))
		fact(k, ST_FACT_USER, sb_str(&v));
	else if (KEY("include"))
		rc = include(k, sb_str(&v), 1);
#undef KEY
	sb_release(&v);
	return rc;
}

static int
fpm_conf(struct conf *k)
{
	struct sbuf line = SBUF_INIT, log = SBUF_INIT, fmt = SBUF_INIT;
	const char *s, *eq;
	size_t klen;
	int rc = 0;

	while (rc == 0 && apache_line(k, &line)) {
		for (s = sb_str(&line); *s == ' ' || *s == '\t'; s++)
			;
		if (*s == '[')
			rc = fpm_pool_end(k, &log, &fmt);
		if (*s == ';' || *s == '#' || *s == '[' ||
		    (eq = strchr(s, '=')) == NULL)
			continue;
		for (klen = (size_t)(eq - s); klen && (s[klen - 1] == ' ' ||
		    s[klen - 1] == '\t'); klen--)
			;
		rc = fpm_setting(k, s, klen, eq + 1, &log, &fmt);
	}
	if (rc == 0)
		rc = fpm_pool_end(k, &log, &fmt);
	sb_release(&line);
	sb_release(&log);
	sb_release(&fmt);
	return rc;
}

/* ---- gunicorn: Python assignments of string literals ---- */

/* A Python string literal at s, unescaped into v; -1 if it is not one. */
static int
py_string(const char *s, struct sbuf *v)
{
	char q;

	while (*s == ' ' || *s == '\t')
		s++;
	s += *s == 'r' || *s == 'u';
	if (*s != '\'' && *s != '"')
		return -1;
	for (q = *s++; *s && *s != q; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			sb_addc(v, *s == 'n' ? '\n' : *s == 't' ? '\t' : *s);
		} else
			sb_addc(v, *s);
	}
	return *s == q ? 0 : -1;
}

static int
gunicorn_conf(struct conf *k)
{
	struct sbuf line = SBUF_INIT, v = SBUF_INIT, log = SBUF_INIT;
	const char *s, *eq;
	int fmt = -2;

	while (apache_line(k, &line)) {
		for (s = sb_str(&line); *s == ' ' || *s == '\t'; s++)
			;
		if ((eq = strchr(s, '=')) == NULL)
			continue;
		sb_clear(&v);
		if (strncmp(s, "access_log_format", 17) == 0 &&
		    strchr(" \t=", s[17]) && py_string(eq + 1, &v) == 0)
			fmt = add_format(k, "access_log_format", sb_str(&v),
			    ST_LOGESC_DEFAULT, "gunicorn:");
		else if (strncmp(s, "accesslog", 9) == 0 &&
		    strchr(" \t=", s[9]) && py_string(eq + 1, &v) == 0) {
			sb_clear(&log);
			sb_adds(&log, sb_str(&v));
		}
		if (fmt == -1)
			break;
	}
	if (fmt >= 0 && log.len)
		bind(k, sb_str(&log), fmt, ST_SERVER_GUNICORN);
	sb_release(&line);
	sb_release(&v);
	sb_release(&log);
	return fmt == -1 ? -1 : 0;
}

/* ---- which server's configuration ---- */

static int
line_starts(const char *text, size_t n, const char *word, int nocase)
{
	const char *p = text, *end = text + n;
	size_t wl = strlen(word);

	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(end - p) > wl && (nocase ? strncasecmp(p, word,
		    wl) : strncmp(p, word, wl)) == 0 && (p[wl] == ' ' ||
		    p[wl] == '\t' || p[wl] == '='))
			return 1;
		if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		p++;
	}
	return 0;
}

static enum syntax
syntax_of(const char *text, size_t n)
{
	if (line_starts(text, n, "access_log_format", 0) ||
	    line_starts(text, n, "accesslog", 0))
		return CONF_GUNICORN;
	if (line_starts(text, n, "access.format", 0) ||
	    line_starts(text, n, "access.log", 0) ||
	    line_starts(text, n, "pm", 0) || memmem(text, n, "listen =", 8))
		return CONF_FPM;
	if (line_starts(text, n, "LogFormat", 1) ||
	    line_starts(text, n, "CustomLog", 1) ||
	    line_starts(text, n, "TransferLog", 1) ||
	    line_starts(text, n, "IncludeOptional", 1) ||
	    line_starts(text, n, "ServerRoot", 1) ||
	    line_starts(text, n, "Include", 0) ||
	    line_starts(text, n, "ErrorLog", 0))
		return CONF_APACHE;
	return CONF_NGINX;
}

static int
parse(struct conf *k, enum syntax syn)
{
	if (syn != CONF_NGINX)
		k->line = 0;	/* counted as each line is read */
	if (syn == CONF_FPM)
		return fpm_conf(k);
	if (syn == CONF_GUNICORN)
		return gunicorn_conf(k);
	return syn == CONF_APACHE ? apache_conf(k) : nginx_conf(k);
}

static int
read_text(struct conf *parent, struct st_webconf *c, struct st_logformats *l,
    const char *text, size_t n, const char *name, char *err, size_t errlen)
{
	struct conf k = { c, l, name, text, text + n, 1, 0, err, errlen, 0,
	    SBUF_INIT, -1, -1, NULL, NULL, NULL };
	struct sbuf vars = SBUF_INIT, root = SBUF_INIT;
	int rc;

	if (parent) {
		/* An included file is of its includer's server. */
		k.syn = parent->syn;
		k.depth = parent->depth + 1;
		k.deflt = parent->deflt;
		k.vars = parent->vars;
		k.root = parent->root;
		k.top = parent->top;
		sb_add(&k.names, parent->names.s, parent->names.len);
	}
	if (parent == NULL) {
		k.top = name;
		if (c->fs == NULL) {
			st_conftree_root(name, &root);
			k.root = sb_str(&root);
		}
	}
	*err = '\0';
	if (++c->files > FILES_MAX) {
		snprintf(err, errlen, "%s: more than %d configuration files "
		    "included", name, FILES_MAX);
		rc = -1;
	} else {
		if (k.syn < 0)
			k.syn = (int)syntax_of(text, n);
		if (k.vars == NULL && k.syn == CONF_APACHE) {
			k.vars = &vars;
			apache_envvars(&k);
		}
		rc = parse(&k, (enum syntax)k.syn);
	}
	if (parent && rc == 0) {
		/* What an included file defines is known after it. */
		sb_clear(&parent->names);
		sb_add(&parent->names, k.names.s, k.names.len);
		parent->deflt = k.deflt;
		parent->added += k.added;
	}
	sb_release(&k.names);
	sb_release(&vars);
	sb_release(&root);
	return rc < 0 ? -1 : k.added;
}

/* The whole of a configuration file; -1 with err naming it. */
static int
slurp(const struct st_webconf *c, const char *path, struct sbuf *text,
    char *err, size_t errlen)
{
	char why[256];
	int rc = c->fs ? c->fs->slurp(c->fs->ctx, path, CONF_MAX, text, why,
	    sizeof(why)) : st_reader_slurp(path, CONF_MAX, text, why,
	    sizeof(why));

	if (rc == 0)
		return 0;
	snprintf(err, errlen, "%s: %s", path, why);
	return -1;
}

static int
read_file(struct conf *parent, const char *path)
{
	struct sbuf text = SBUF_INIT, real = SBUF_INIT;
	int rc = on_disk(parent, path, &real, 1);

	if (rc == 0 && (rc = slurp(parent->c, sb_str(&real), &text,
	    parent->err, parent->errlen)) == 0)
		rc = read_text(parent, parent->c, parent->l, sb_str(&text),
		    text.len, path, parent->err, parent->errlen);
	sb_release(&text);
	sb_release(&real);
	return rc == 1 ? 0 : rc;
}

int
st_webconf_text(struct st_webconf *c, struct st_logformats *l,
    const char *text, size_t n, const char *name, char *err, size_t errlen)
{
	return read_text(NULL, c, l, text, n, name, err, errlen);
}

int
st_webconf_read(struct st_webconf *c, struct st_logformats *l,
    const char *path, char *err, size_t errlen)
{
	struct sbuf text = SBUF_INIT;
	int rc = slurp(c, path, &text, err, errlen);

	if (rc == 0)
		rc = st_webconf_text(c, l, sb_str(&text), text.len, path, err,
		    errlen);
	sb_release(&text);
	return rc;
}
