/* SPDX-License-Identifier: ISC */
/*
 * webconf.h: the log formats of web servers' configurations, and the
 * files each is written to.
 *
 * nginx:   log_format NAME [escape=...] 'text' ...;  access_log PATH [NAME];
 * Apache:  LogFormat "text" [NICK];  CustomLog PATH NICK|"text";
 * php-fpm: access.format = "text"  access.log = PATH  (a pool's .conf)
 *
 * include / Include / IncludeOptional are followed, relative to the
 * configuration's folder (or its parent, Apache's ServerRoot); an
 * absolute one is looked for in the same tree as the configuration
 * (a collected etc/apache2/ holds what /etc/apache2/ named), never on
 * the analyst's own machine unless the configuration came from there.
 * Apache's ${VAR}s are those of its envvars beside apache2.conf (or
 * Debian's stock ones) and of Define.
 * Every format found is added to the formats; a file a directive names
 * is bound to its format by its folder's name and its own, rotations
 * stripped (access.log, access.log.1 and access.log.2.gz are one log),
 * or by its name alone when that says it.
 */
#ifndef ST_WEBCONF_H
#define ST_WEBCONF_H

#include <stddef.h>

#include "base/sbuf.h"
#include "web/logformat.h"

struct st_logbind {
	char		*stem;		/* the log's name, rotations stripped */
	char		*dir;		/* its folder's name, or "" */
	int		 fmt;		/* index in the formats */
	enum st_server	 server;	/* the configuration's */
	char		*where;		/* "CONFIG:LINE", for the report */
	int		 clash;		/* two directives bind it differently */
	char		*scope;		/* holds for logs under it, or NULL */
};

/*
 * What a configuration says of its site beside its logs: a document
 * root (nginx root/alias, Apache DocumentRoot) is a web root, a user
 * its server or pool runs as (nginx user, Apache User, a pool's user)
 * a web account.  Values holding a variable the reader cannot resolve
 * are left out.
 */
enum st_webfact_kind { ST_FACT_ROOT, ST_FACT_USER };

struct st_webfact {
	enum st_webfact_kind kind;
	char		*value;
	char		*where;		/* "CONFIG:LINE" */
	char		*scope;		/* as a binding's */
};

#define ST_WEBFACTS_MAX	1000	/* kept in all */

/*
 * How a configuration and what it includes are reached: the disk by
 * default, or an archive's members (scan.c).  glob gives the paths
 * that match a glob(3) pattern, each allocated, in *v (count in *n),
 * and returns 0, or 1 when none does.
 */
struct st_webconf_fs {
	int	(*slurp)(void *ctx, const char *path, size_t max,
		    struct sbuf *out, char *err, size_t errlen);
	int	(*glob)(void *ctx, const char *pattern, char ***v, size_t *n);
	int	(*isdir)(void *ctx, const char *path);
	void	*ctx;
};

struct st_webconf {
	struct st_logbind *v;
	size_t		 n, cap;
	struct st_webfact *facts;
	size_t		 nfacts, capfacts;
	size_t		 files;		/* configuration files read */
	size_t		 missing;	/* includes not found */
	char		 first_missing[320];	/* "CONFIG:LINE: what" */
	/* Set by the caller while reading a collected host's
	 * configuration: its bindings hold only for the logs whose path
	 * starts with it, not for another host's. */
	const char	*scope;
	const struct st_webconf_fs *fs;	/* NULL: the disk */
};

/*
 * Read the configuration at path (and what it includes) into c and l.
 * Returns the formats added, or -1 with err naming the file and line.
 */
int	st_webconf_read(struct st_webconf *c, struct st_logformats *l,
	    const char *path, char *err, size_t errlen);
/* The same from text; name and dir are where it came from. */
int	st_webconf_text(struct st_webconf *c, struct st_logformats *l,
	    const char *text, size_t n, const char *name, char *err,
	    size_t errlen);
/* Does the fact (or binding) of this scope hold for the file at path? */
int	st_webconf_in_scope(const char *scope, const char *path);
/* The binding of the log at path, or NULL. */
const struct st_logbind *st_webconf_bound(const struct st_webconf *c,
	    const char *path);
/*
 * Is the file at path a web server's main configuration, to be read
 * when found among the inputs: nginx.conf, apache2.conf, httpd.conf,
 * php-fpm.conf, or a php-fpm pool's .conf?
 */
int	st_webconf_candidate(const char *path);
/*
 * Where the host of a collected configuration begins, as a length of
 * path: up to the etc/ it lies in ("web01/[root]/" for
 * "web01/[root]/etc/nginx/nginx.conf", "" for "etc/nginx/nginx.conf"),
 * else up to its folder's parent ("web03/" for "web03/nginx/nginx.conf").
 */
size_t	st_webconf_host_prefix(const char *path);
/* "access.log.2.gz" -> "access.log" into out. */
void	st_webconf_stem(const char *path, char *out, size_t outlen);
void	st_webconf_release(struct st_webconf *c);

#endif
