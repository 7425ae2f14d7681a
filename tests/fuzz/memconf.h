/* SPDX-License-Identifier: ISC */
/*
 * memconf.h: a web server configuration tree held in one fuzz input,
 * for the nginx and Apache targets.
 *
 * The input is files: the text before the first line "@@ PATH" is the
 * main configuration (at main, the target's path), each "@@ PATH" line
 * starts another.  The reader reaches them through st_webconf_fs, so
 * includes, globs, envvars and folders are exercised as on a collected
 * tree, loops and floods included.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "web/webconf.h"

#define MEM_FILES	64

struct memconf {
	char		*name[MEM_FILES];
	const char	*text[MEM_FILES];
	size_t		 len[MEM_FILES], n;
};

static const struct memconf *
mem_ctx(void *ctx)
{
	return ctx;
}

static int
mem_slurp(void *ctx, const char *path, size_t max, struct sbuf *out,
    char *err, size_t errlen)
{
	const struct memconf *m = mem_ctx(ctx);
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->name[i], path) == 0 && m->len[i] <= max) {
			sb_add(out, m->text[i], m->len[i]);
			return 0;
		}
	snprintf(err, errlen, "not there");
	return -1;
}

static int
mem_glob(void *ctx, const char *pattern, char ***v, size_t *n)
{
	const struct memconf *m = mem_ctx(ctx);
	size_t i, cap = 0;

	*v = NULL;
	*n = 0;
	for (i = 0; i < m->n; i++)
		if (fnmatch(pattern, m->name[i], FNM_PATHNAME) == 0) {
			*v = st_grow(*v, &cap, *n + 1, sizeof(**v));
			(*v)[(*n)++] = st_strdup(m->name[i]);
		}
	return *n == 0;
}

static int
mem_isdir(void *ctx, const char *path)
{
	const struct memconf *m = mem_ctx(ctx);
	size_t i, k = strlen(path);

	for (i = 0; i < m->n; i++)
		if (strncmp(m->name[i], path, k) == 0 && m->name[i][k] == '/')
			return 1;
	return 0;
}

/* Split data into m's files, the first one named main. */
static void
mem_split(struct memconf *m, const uint8_t *data, size_t size,
    const char *main)
{
	const char *p = (const char *)data, *end = p + size, *nl, *start = p;
	const char *name = main;
	size_t namelen = strlen(main);

	m->n = 0;
	for (; p <= end && m->n < MEM_FILES; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl == end || (nl - p > 3 && memcmp(p, "@@ ", 3) == 0)) {
			m->name[m->n] = st_memdup(name, namelen);
			m->text[m->n] = start;
			m->len[m->n++] = (size_t)((nl == end ? end : p) - start);
			name = p + 3;
			namelen = (size_t)(nl - name);
			start = nl + 1;
		}
		if (nl == end)
			break;
	}
}

static void
mem_free(struct memconf *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->name[i]);
}

/* Read the tree as the server's configuration at main, and look. */
static void
mem_read(const uint8_t *data, size_t size, const char *main)
{
	struct memconf m;
	struct st_webconf_fs fs = { mem_slurp, mem_glob, mem_isdir, &m };
	struct st_logformats l = { NULL, 0, 0 };
	struct st_webconf c = { 0 };
	char err[512];

	mem_split(&m, data, size, main);
	c.fs = &fs;
	c.scope = "etc/";
	(void)st_webconf_read(&c, &l, main, err, sizeof(err));
	(void)st_webconf_bound(&c, "etc/var/log/nginx/access.log.1");
	(void)st_webconf_bound(&c, "etc/apache2/other_vhosts_access.log");
	st_webconf_release(&c);
	st_logformats_release(&l);
	mem_free(&m);
}
