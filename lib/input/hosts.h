/* SPDX-License-Identifier: ISC */
/*
 * hosts.h: which host each evidence file belongs to.
 *
 * An evidence share holds one log tree per host, side by side: archives
 * ("web01.tar.gz") or directories ("share/web03/var/log/...").  The
 * files found are split by where they sit, never by what they say:
 *
 *  - the input paths are the children of one top;
 *  - a directory (or the top) whose children hold two or more log
 *    trees, a tree being an archive or a directory with both audit and
 *    access logs somewhere below, is a share: each of its children that
 *    holds logs is a host, or a share again, and the logs lying in the
 *    directory itself are one more host, named after it;
 *  - anything else is one host: a single host's tree ("audit/" beside
 *    "nginx/", a collected "var/log") whatever its depth.
 *
 * A host is named after the archive without its extensions or the
 * directory at the top of its tree ("share/web03/var/log" gives
 * "web03"); node= names in the audit records, when present, win.
 */
#ifndef ST_HOSTS_H
#define ST_HOSTS_H

#include <stddef.h>

#include "input/files.h"

struct st_host {
	char		*name;
	struct st_file	**files;	/* borrowed from the st_files */
	size_t		 n, cap;
	unsigned	 audit, access;	/* how many of each */
};

struct st_hosts {
	struct st_host	*v;
	size_t		 n;
};

/*
 * Split fl, found under paths[0..npaths) (st_file.root), into hosts.
 * name, when not NULL, names an input that is one host (--host).
 * Files that are no log go with the host of their directory when it
 * has one, else with the first host.
 */
void	st_hosts_split(const struct st_files *fl, const char *const *paths,
	    size_t npaths, const char *name, struct st_hosts *out);
void	st_hosts_release(struct st_hosts *h);

/*
 * A file name for each host (without an extension), safe, unique, never
 * reserved ("summary"), and short enough to take "-N" and an extension
 * within NAME_MAX: [A-Za-z0-9._-], never "." or "..".  The caller frees
 * each and the array.
 */
#define ST_HOST_FILENAME_MAX	200
char	**st_hosts_filenames(const struct st_hosts *h, const char *reserved);

#endif
