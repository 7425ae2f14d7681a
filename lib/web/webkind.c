/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "web/webkind.h"

int
st_webkinds_add(struct st_webkinds *k, const char *arg, char *err,
    size_t errlen)
{
	const char *eq = strrchr(arg, '=');
	const char *kind = eq ? eq + 1 : arg;
	int s = st_logsyntax_server_of(kind);

	if (s <= ST_SERVER_UNKNOWN) {
		snprintf(err, errlen, "--web-log-kind: '%s' is not nginx, "
		    "apache, php-fpm, gunicorn or uwsgi", kind);
		return -1;
	}
	k->v = st_grow(k->v, &k->cap, k->n + 1, sizeof(*k->v));
	k->v[k->n].glob = eq ? st_memdup(arg, (size_t)(eq - arg)) : NULL;
	k->v[k->n++].server = (enum st_server)s;
	return 0;
}

void
st_webkinds_release(struct st_webkinds *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->v[i].glob);
	free(k->v);
	memset(k, 0, sizeof(*k));
}

static const char *
base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The last --web-log-kind that names rel (its whole path or name). */
static int
given(const struct st_webkinds *k, const char *rel)
{
	size_t i = k ? k->n : 0;

	while (i-- > 0)
		if (k->v[i].glob == NULL ||
		    fnmatch(k->v[i].glob, rel, 0) == 0 ||
		    fnmatch(k->v[i].glob, base(rel), 0) == 0)
			return (int)i;
	return -1;
}

/* A folder of rel named name, or one starting with it ("httpd-2.4"). */
static int
has_dir(const char *rel, const char *name)
{
	size_t n = strlen(name);
	const char *p = rel, *slash;

	while ((slash = strchr(p, '/')) != NULL) {
		if ((size_t)(slash - p) >= n && strncmp(p, name, n) == 0 &&
		    !isalpha((unsigned char)p[n]))
			return 1;
		p = slash + 1;
	}
	return 0;
}

static enum st_server
place(const char *rel)
{
	const char *b = base(rel);

	if (has_dir(rel, "apache2") || has_dir(rel, "apache") ||
	    has_dir(rel, "httpd"))
		return ST_SERVER_APACHE;
	if (has_dir(rel, "nginx"))
		return ST_SERVER_NGINX;
	if (has_dir(rel, "php-fpm") || (strncmp(b, "php", 3) == 0 &&
	    strstr(b, "fpm")))
		return ST_SERVER_FPM;
	if (has_dir(rel, "gunicorn") || strncmp(b, "gunicorn", 8) == 0)
		return ST_SERVER_GUNICORN;
	if (has_dir(rel, "uwsgi") || strncmp(b, "uwsgi", 5) == 0)
		return ST_SERVER_UWSGI;
	return ST_SERVER_UNKNOWN;
}

enum st_server
st_webkind_of(const struct st_webkinds *k, const struct st_logbind *b,
    const struct st_logformat *fmt, const char *rel, char *why,
    size_t whylen)
{
	enum st_server s;
	int i;

	if ((i = given(k, rel)) >= 0) {
		snprintf(why, whylen, "--web-log-kind");
		return k->v[i].server;
	}
	if (b != NULL) {
		snprintf(why, whylen, "named in %s", b->where);
		return b->server;
	}
	if (fmt && fmt->server != ST_SERVER_UNKNOWN) {
		snprintf(why, whylen, "its format's syntax");
		return fmt->server;
	}
	if ((s = place(rel)) != ST_SERVER_UNKNOWN)
		snprintf(why, whylen, "where it was collected");
	return s;
}

/*
 * nginx:    2026/12/01 12:48:55 [error] 1234#1234: ...
 * Apache:   [Tue Dec 01 12:48:55.392420 2026] [mpm_event:notice] [pid ...
 * php-fpm:  [01-Dec-2026 11:49:40] NOTICE: ...
 * gunicorn: [2026-12-01 22:50:36 +1100] [20649] [INFO] ...
 */
enum st_server
st_webkind_errline(const char *s, size_t n)
{
	const char *close = memchr(s, ']', n);
	size_t k = close ? (size_t)(close - s) : 0;

	if (n > 21 && isdigit((unsigned char)s[0]) && s[4] == '/' &&
	    s[7] == '/' && s[10] == ' ' && s[13] == ':' && s[19] == ' ' &&
	    s[20] == '[')
		return ST_SERVER_NGINX;
	if (n < 4 || s[0] != '[' || close == NULL || k + 2 >= n)
		return ST_SERVER_UNKNOWN;
	if (k >= 24 && isalpha((unsigned char)s[1]) && s[4] == ' ' &&
	    close[1] == ' ' && close[2] == '[')
		return ST_SERVER_APACHE;
	if (k >= 20 && isdigit((unsigned char)s[1]) && s[3] == '-' &&
	    s[7] == '-' && close[1] == ' ' && isupper((unsigned char)close[2]))
		return ST_SERVER_FPM;
	if (k >= 25 && isdigit((unsigned char)s[1]) && s[5] == '-' &&
	    close[1] == ' ' && close[2] == '[' && isdigit((unsigned char)close[3]))
		return ST_SERVER_GUNICORN;
	return ST_SERVER_UNKNOWN;
}
