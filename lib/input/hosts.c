/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "input/archive.h"
#include "input/hosts.h"

/* A directory, an archive, or the top: the input paths are its children. */
struct dir {
	char		*name;
	int		 archive;
	int		 host_logs;	/* a host's own var/log, or inside it */
	struct dir	**kid;
	size_t		 nkid, capkid;
	struct st_file	**files;	/* lying in it */
	size_t		 nfiles, capfiles;
	int		 audit, access;	/* somewhere below */
};

static struct dir *
dir_new(const char *name, size_t len)
{
	struct dir *d = st_calloc(1, sizeof(*d));

	d->name = st_memdup(name, len);
	return d;
}

static void
dir_free(struct dir *d)
{
	size_t i;

	for (i = 0; i < d->nkid; i++)
		dir_free(d->kid[i]);
	free(d->kid);
	free(d->files);
	free(d->name);
	free(d);
}

/* Does the path of a directory named name, below parent, end in var/log? */
static int
is_var_log(const struct dir *parent, const char *name, size_t len)
{
	const char *p = parent->name;
	size_t n = strlen(p);

	if (len >= 8 && memcmp(name + len - 8, "/var/log", 8) == 0)
		return 1;
	if (len == 7 && memcmp(name, "var/log", 7) == 0)
		return 1;
	return len == 3 && memcmp(name, "log", 3) == 0 && n >= 3 &&
	    strcmp(p + n - 3, "var") == 0 && (n == 3 || p[n - 4] == '/');
}

static struct dir *
kid(struct dir *d, const char *name, size_t len)
{
	struct dir *k;
	size_t i;

	for (i = 0; i < d->nkid; i++)
		if (strlen(d->kid[i]->name) == len &&
		    memcmp(d->kid[i]->name, name, len) == 0)
			return d->kid[i];
	d->kid = st_grow(d->kid, &d->capkid, d->nkid + 1, sizeof(*d->kid));
	k = d->kid[d->nkid++] = dir_new(name, len);
	k->host_logs = d->host_logs || is_var_log(d, name, len);
	return k;
}

/*
 * UAC names its collection uac-HOST-OS-YYYYMMDDhhmmss (a host name may
 * hold '-'): HOST, when base[0..n) is such a name.
 */
static int
uac_host(const char *base, size_t n, size_t *len)
{
	static const char *const os[] = { "linux", "aix", "freebsd", "macos",
	    "netbsd", "openbsd", "solaris", "esxi" };
	size_t i, k;

	if (n < 4 + 1 + 1 + 15 || strncmp(base, "uac-", 4) != 0 ||
	    base[n - 15] != '-' || strspn(base + n - 14, "0123456789") < 14)
		return 0;
	for (i = 0; i < sizeof(os) / sizeof(*os); i++) {
		k = strlen(os[i]);
		if (n >= 4 + 2 + k + 15 && base[n - 16 - k] == '-' &&
		    memcmp(base + n - 15 - k, os[i], k) == 0) {
			*len = n - 16 - k - 4;
			return *len > 0;
		}
	}
	return 0;
}

/* CatScale's "catscale_HOST-YYYYMMDD-HHMM": HOST's length, or 0. */
static size_t
catscale_host(const char *base, size_t n)
{
	static const char pre[] = "catscale_";
	size_t k = sizeof(pre) - 1;

	if (n < k + 1 + 14 || strncmp(base, pre, k) != 0 ||
	    base[n - 14] != '-' || base[n - 5] != '-' ||
	    strspn(base + n - 13, "0123456789") != 8 ||
	    strspn(base + n - 4, "0123456789") != 4)
		return 0;
	return n - 14 - k;
}

/*
 * "web01.tar.gz" -> "web01", "uac-web01-linux-20261127062600.tar.gz"
 * and "catscale_web01-20261127-0626.tar.gz" -> "web01"; a directory's
 * name is kept, but for UAC's and CatScale's.
 */
static char *
host_name(const struct dir *d)
{
	const char *base = strrchr(d->name, '/') ? strrchr(d->name, '/') + 1 :
	    d->name;
	size_t n = strlen(base), k;

	if (d->archive)
		n -= st_archive_ext(base, n);
	if (uac_host(base, n, &k))
		return st_memdup(base + 4, k);
	if ((k = catscale_host(base, n)) > 0)
		return st_memdup(base + strlen("catscale_"), k);
	return st_memdup(base, n);
}

/*
 * Put f under top by the components of its path below its input.  An
 * archive is a directory of its own: the file itself lies in it, its
 * members ("web01.tar.gz!/web01/audit.log") below it.
 */
static void
place(struct dir *top, struct st_file *f, const char *root)
{
	const char *p = f->path + strlen(root), *slash;
	size_t len = strlen(root);
	struct dir *d;

	while (len > 1 && root[len - 1] == '/')
		len--;
	d = kid(top, root, len);
	if (f->is_archive && *p == '\0')
		d->archive = 1;
	if (strncmp(p, ARCHIVE_SEP, 2) == 0) {
		d->archive = 1;
		p += 2;
	}
	for (;;) {
		while (*p == '/')
			p++;
		if ((slash = strchr(p, '/')) == NULL) {
			if (*p && f->is_archive) {
				d = kid(d, p, strlen(p));
				d->archive = 1;
			}
			break;
		}
		len = (size_t)(slash - p);
		if (len > 1 && p[len - 1] == '!') {
			d = kid(d, p, len - 1);
			d->archive = 1;
		} else
			d = kid(d, p, len);
		p = slash;
	}
	d->files = st_grow(d->files, &d->capfiles, d->nfiles + 1,
	    sizeof(*d->files));
	d->files[d->nfiles++] = f;
}

static int
is_log(const struct st_file *f)
{
	return f->kind != ST_KIND_OTHER && !f->skipped;
}

/* Which kinds of logs lie below d. */
static void
mark(struct dir *d)
{
	size_t i;

	for (i = 0; i < d->nfiles; i++) {
		d->audit |= is_log(d->files[i]) && d->files[i]->kind ==
		    ST_KIND_AUDIT;
		d->access |= is_log(d->files[i]) && d->files[i]->kind ==
		    ST_KIND_ACCESS;
	}
	for (i = 0; i < d->nkid; i++) {
		mark(d->kid[i]);
		d->audit |= d->kid[i]->audit;
		d->access |= d->kid[i]->access;
	}
}

static int
has_logs(const struct dir *d)
{
	return d->audit || d->access;
}

/* A host's log tree: an archive of logs, or both kinds of logs. */
static int
is_tree(const struct dir *d)
{
	return has_logs(d) && (d->archive || (d->audit && d->access));
}

static int
loose_logs(const struct dir *d)
{
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		if (is_log(d->files[i]))
			return 1;
	return 0;
}

/*
 * A share: two or more log trees side by side.  Never inside a host's
 * var/log, where a web shell can make directories of its own (php
 * logs, an application's): two of those, holding what reads as an
 * audit log and an access log each, split one host into three.
 */
static int
is_share(const struct dir *d)
{
	size_t i, trees = 0;

	if (d->host_logs)
		return 0;
	for (i = 0; i < d->nkid; i++)
		trees += is_tree(d->kid[i]);
	return trees >= 2;
}

/* Down a chain of directories that each hold one thing with logs. */
static const struct dir *
through(const struct dir *d)
{
	const struct dir *only;
	size_t i;

	while (!is_share(d) && !loose_logs(d)) {
		for (only = NULL, i = 0; i < d->nkid; i++)
			if (has_logs(d->kid[i])) {
				if (only)
					return d;
				only = d->kid[i];
			}
		if (only == NULL)
			return d;
		d = only;
	}
	return d;
}

static struct st_host *
host_new(struct st_hosts *h, char *name)
{
	struct st_host *x;

	h->v = st_realloc(h->v, (h->n + 1) * sizeof(*h->v));
	x = &h->v[h->n++];
	memset(x, 0, sizeof(*x));
	x->name = name;
	return x;
}

static void
host_add(struct st_host *x, struct st_file *f)
{
	x->files = st_grow(x->files, &x->cap, x->n + 1, sizeof(*x->files));
	x->files[x->n++] = f;
	x->audit += is_log(f) && f->kind == ST_KIND_AUDIT;
	x->access += is_log(f) && f->kind == ST_KIND_ACCESS;
	f->host = 1;
}

/* Every file below d, not yet given to a host, to host number x. */
static void
add_below(struct st_hosts *h, size_t x, const struct dir *d)
{
	size_t i;

	for (i = 0; i < d->nfiles; i++)
		if (!d->files[i]->host)
			host_add(&h->v[x], d->files[i]);
	for (i = 0; i < d->nkid; i++)
		add_below(h, x, d->kid[i]);
}

/* d becomes one host, named name (owned), or a share of several. */
static void
assign(struct st_hosts *h, const struct dir *d, char *name)
{
	const struct dir *e = through(d);
	size_t i;

	if (!is_share(e)) {
		host_new(h, name);
		add_below(h, h->n - 1, d);
		return;
	}
	for (i = 0; i < e->nkid; i++)
		if (has_logs(e->kid[i]))
			assign(h, e->kid[i], host_name(e->kid[i]));
	if (loose_logs(e)) {
		host_new(h, host_name(e));
		for (i = 0; i < e->nfiles; i++)
			if (!e->files[i]->host)
				host_add(&h->v[h->n - 1], e->files[i]);
	}
	free(name);
}

/* node= in a host's first audit log names it better than any path. */
static void
name_by_node(struct st_host *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (x->files[i]->kind == ST_KIND_AUDIT && x->files[i]->node) {
			free(x->name);
			x->name = st_strdup(x->files[i]->node);
			return;
		}
}

/* Two hosts never share a name: "web01", "web01-2". */
static void
uniq_names(struct st_hosts *h)
{
	struct sbuf b = SBUF_INIT;
	size_t i, k, n;

	for (i = 1; i < h->n; i++)
		for (n = 2, k = 0; k < i; k++)
			if (strcmp(h->v[k].name, h->v[i].name) == 0) {
				sb_clear(&b);
				sb_addf(&b, "%s-%zu", h->v[i].name, n++);
				free(h->v[i].name);
				h->v[i].name = st_strdup(sb_str(&b));
				k = (size_t)-1;		/* check again */
			}
	sb_release(&b);
}

void
st_hosts_split(const struct st_files *fl, const char *const *paths,
    size_t npaths, const char *name, struct st_hosts *out)
{
	struct dir *top = dir_new("", 0);
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < fl->n; i++)
		if (fl->v[i]->root < npaths)
			place(top, fl->v[i], paths[fl->v[i]->root]);
	mark(top);
	assign(out, top, name ? st_strdup(name) : top->nkid == 1 ?
	    host_name(top->kid[0]) : st_strdup(""));
	if (out->n == 0)
		host_new(out, st_strdup(name ? name : ""));
	for (i = 0; i < fl->n; i++)
		if (!fl->v[i]->host)
			host_add(&out->v[0], fl->v[i]);
	for (i = 0; i < out->n; i++)
		name_by_node(&out->v[i]);
	uniq_names(out);
	dir_free(top);
}

void
st_hosts_release(struct st_hosts *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->v[i].name);
		free(h->v[i].files);
	}
	free(h->v);
	memset(h, 0, sizeof(*h));
}

/* name made safe to be a file name: [A-Za-z0-9._-], never "." or "..". */
static char *
safe_name(const char *name, size_t max)
{
	size_t n = strlen(name) < max ? strlen(name) : max;
	char *s = st_memdup(*name ? name : "host", *name ? n : 4);
	char *p;

	for (p = s; *p; p++)
		if (!(((*p | 32) >= 'a' && (*p | 32) <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-'))
			*p = '_';
	if (*s == '.')
		*s = '_';
	return s;
}

static int
taken(char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return 1;
	return 0;
}

char **
st_hosts_filenames(const struct st_hosts *h, const char *reserved)
{
	char **names = st_calloc(h->n + 1, sizeof(*names));
	struct sbuf b = SBUF_INIT;
	char *base;
	size_t i, k;

	for (i = 0; i < h->n; i++) {
		base = safe_name(h->v[i].name, ST_HOST_FILENAME_MAX);
		sb_clear(&b);
		sb_adds(&b, base);
		for (k = 2; strcmp(sb_str(&b), reserved) == 0 ||
		    taken(names, i, sb_str(&b)); k++) {
			sb_clear(&b);
			sb_addf(&b, "%s-%zu", base, k);
		}
		names[i] = sb_detach(&b);
		free(base);
	}
	return names;
}
