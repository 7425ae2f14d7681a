/* SPDX-License-Identifier: ISC */
/*
 * weborigin.h: what makes a process web-originated.
 *
 * Three lists, each with defaults and additions from the command line:
 * web and application server processes, web service accounts, and web
 * roots.  The lists are compiled once into PCRE2 patterns; after
 * st_weborigin_compile the configuration is read-only and may be shared.
 */
#ifndef ST_WEBORIGIN_H
#define ST_WEBORIGIN_H

#include <stddef.h>

struct st_weborigin;
struct st_weborigin_match;		/* per-user scratch for matching */

struct st_weborigin *st_weborigin_new(void);
/* A copy of c's lists, to add to and compile again. */
struct st_weborigin *st_weborigin_dup(const struct st_weborigin *c);
void		 st_weborigin_free(struct st_weborigin *c);

/* Additions; a glob may use '*'.  Return -1 with err on a bad value. */
int	st_weborigin_add_server(struct st_weborigin *c, const char *glob,
	    char *err, size_t errlen);
int	st_weborigin_add_user(struct st_weborigin *c, const char *name_or_uid,
	    char *err, size_t errlen);
int	st_weborigin_add_root(struct st_weborigin *c, const char *dirglob,
	    char *err, size_t errlen);
int	st_weborigin_compile(struct st_weborigin *c, char *err, size_t errlen);

/* Print the three lists, one "kind value" per line (for --help-web). */
void	st_weborigin_list(const struct st_weborigin *c,
	    void (*emit)(void *ctx, const char *kind, const char *value),
	    void *ctx);

struct st_weborigin_match *st_weborigin_match_new(const struct st_weborigin *c);
void	 st_weborigin_match_free(struct st_weborigin_match *m);

/* A web or app server process by comm or the basename of exe? */
int	st_weborigin_is_server(struct st_weborigin_match *m, const char *comm,
	    const char *exe);
/*
 * Interpreters such as java are servers only by their arguments (the
 * main class): st_weborigin_is_interp says whether exe is one, and
 * st_weborigin_is_server_args tests the arguments joined by spaces.
 */
int	st_weborigin_is_interp(struct st_weborigin_match *m, const char *exe);
int	st_weborigin_is_server_args(struct st_weborigin_match *m, const char *args);

/*
 * A web service account?  name is the ENRICHED name or "" when the
 * log has none; then the uid is compared with the uid list.
 */
int	st_weborigin_is_user(const struct st_weborigin *c, long long uid,
	    const char *name);

/* The web root cwd lies under, copied to root (size rootlen), or 0. */
int	st_weborigin_root(struct st_weborigin_match *m, const char *cwd, char *root,
	    size_t rootlen);

/*
 * Is path a script a web server runs, not a static file it sends?
 * "/", "/api/run" and "/x.php" are; "/logo.png" is not.
 */
int	st_weborigin_dynamic(const char *path);

#endif
