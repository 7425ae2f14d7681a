/* SPDX-License-Identifier: ISC */
/*
 * conftree.h: a collected configuration tree, read on disk as its host
 * would read it, never reaching the analyst's own files.
 *
 * Debian links sites-enabled/default to ../sites-available/default, and
 * a link may be absolute (/etc/nginx/sites-available/shop): followed
 * as it lies on the disk, it would open the analyst's own /etc.  Here a
 * link is followed inside the tree: an absolute target is the host's
 * path, under the tree's root; a relative one may not climb out of it.
 */
#ifndef ST_CONFTREE_H
#define ST_CONFTREE_H

#include <stddef.h>

#include "base/sbuf.h"

/*
 * The root of the tree a configuration at path lies in: path up to its
 * last "/etc/" ("/case/web01" for "/case/web01/etc/nginx/nginx.conf"),
 * else the folder above its own ("/case/web03" for
 * "/case/web03/nginx/nginx.conf"); "" for this machine's /etc.
 */
void	st_conftree_root(const char *path, struct sbuf *root);
/*
 * path with every link on it followed inside root, into out: 0, or -1
 * with err when a link leads out of it or they loop.
 */
int	st_conftree_resolve(const char *root, const char *path,
	    struct sbuf *out, char *err, size_t errlen);

#endif
