/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/conftree.h"

#define HOPS	16	/* links followed on one path */

/* path made absolute, lexically: links are the walk's to follow. */
static void
absolute(const char *path, struct sbuf *out)
{
	char cwd[PATH_MAX];

	sb_clear(out);
	if (*path != '/' && getcwd(cwd, sizeof(cwd)) != NULL)
		sb_addf(out, "%s/", cwd);
	sb_adds(out, path);
}

void
st_conftree_root(const char *given, struct sbuf *root)
{
	struct sbuf abs = SBUF_INIT;
	const char *p, *at = NULL, *slash, *path;

	absolute(given, &abs);
	path = sb_str(&abs);
	sb_clear(root);
	if (strncmp(path, "/etc/", 5) == 0) {
		sb_release(&abs);
		return;
	}
	for (p = path; (p = strstr(p, "/etc/")) != NULL; p++)
		at = p;
	if (at == NULL && (slash = strrchr(path, '/')) != NULL) {
		for (at = slash; at > path && at[-1] != '/'; at--)
			;
		at = at > path ? at - 1 : path;
	}
	if (at)
		sb_add(root, path, (size_t)(at - path));
	sb_release(&abs);
}

/* Drop the last component of b, not below keep bytes; -1 if none. */
static int
up(struct sbuf *b, size_t keep)
{
	char *slash;

	if (b->len <= keep)
		return -1;
	slash = strrchr(b->s + keep, '/');
	b->len = slash ? (size_t)(slash - b->s) : keep;
	b->s[b->len] = '\0';
	return 0;
}

/*
 * Walk rest's components onto cur, following links: a link's target
 * and what is left of rest become the new rest.  1 when a link was met
 * (rest rewritten, cur reset), 0 at the end, -1 when it climbs out.
 */
static int
walk(const char *root, struct sbuf *cur, struct sbuf *rest)
{
	const char *p = sb_str(rest), *slash;
	char target[PATH_MAX];
	struct sbuf next = SBUF_INIT;
	struct stat st;
	size_t rl = strlen(root), n;
	ssize_t k;

	for (; *p; p = *slash ? slash + 1 : slash) {
		slash = p + strcspn(p, "/");
		n = (size_t)(slash - p);
		if (n == 0 || (n == 1 && *p == '.'))
			continue;
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (up(cur, rl) < 0)
				return -1;
			continue;
		}
		sb_addc(cur, '/');
		sb_add(cur, p, n);
		if (lstat(sb_str(cur), &st) < 0 || !S_ISLNK(st.st_mode))
			continue;
		if ((k = readlink(sb_str(cur), target, sizeof(target) - 1)) <= 0)
			return -1;
		target[k] = '\0';
		up(cur, rl);
		/* Absolute: the host's path, from the root. */
		if (target[0] == '/')
			cur->len = rl, cur->s[rl] = '\0';
		sb_addf(&next, "%s/%s%s", sb_str(cur) + rl, target, slash);
		sb_clear(rest);
		sb_adds(rest, sb_str(&next));
		sb_release(&next);
		cur->len = rl;
		cur->s[rl] = '\0';
		return 1;
	}
	return 0;
}

int
st_conftree_resolve(const char *root, const char *given, struct sbuf *out,
    char *err, size_t errlen)
{
	struct sbuf rest = SBUF_INIT, abs = SBUF_INIT;
	const char *path;
	size_t rl = strlen(root);
	int hops = 0, rc;

	absolute(given, &abs);
	path = sb_str(&abs);
	if (strncmp(path, root, rl) != 0 || (path[rl] != '/' && path[rl])) {
		snprintf(err, errlen, "%s: not in the configuration's tree",
		    given);
		sb_release(&abs);
		return -1;
	}
	sb_clear(out);
	sb_adds(out, root);
	sb_adds(&rest, path + rl);
	sb_release(&abs);
	while ((rc = walk(root, out, &rest)) == 1 && ++hops < HOPS)
		;
	sb_release(&rest);
	if (rc == 0)
		return 0;
	snprintf(err, errlen, "%s: %s", given, rc < 0 ? "a link leads out "
	    "of the collection: not followed" : "links loop");
	return -1;
}
