/*
 * weborigin.h: what makes a process web-originated.
 *
 * Three lists, each with defaults and additions from the command line:
 * web and application server processes, web service accounts, and web
 * roots.  The lists are compiled once into PCRE2 patterns; after
 * st_webcfg_compile the configuration is read-only and may be shared.
 */
#ifndef ST_WEBORIGIN_H
#define ST_WEBORIGIN_H

#include <stddef.h>

struct st_webcfg;
struct st_webmatch;		/* per-user scratch for matching */

struct st_webcfg *st_webcfg_new(void);
void		 st_webcfg_free(struct st_webcfg *c);

/* Additions; a glob may use '*'.  Return -1 with err on a bad value. */
int	st_webcfg_add_server(struct st_webcfg *c, const char *glob,
	    char *err, size_t errlen);
int	st_webcfg_add_user(struct st_webcfg *c, const char *name_or_uid,
	    char *err, size_t errlen);
int	st_webcfg_add_root(struct st_webcfg *c, const char *dirglob,
	    char *err, size_t errlen);
int	st_webcfg_compile(struct st_webcfg *c, char *err, size_t errlen);

/* Print the three lists, one "kind value" per line (for --help-web). */
void	st_webcfg_list(const struct st_webcfg *c,
	    void (*emit)(void *ctx, const char *kind, const char *value),
	    void *ctx);

struct st_webmatch *st_webmatch_new(const struct st_webcfg *c);
void	 st_webmatch_free(struct st_webmatch *m);

/* A web or app server process by comm or the basename of exe? */
int	st_web_is_server_name(struct st_webmatch *m, const char *comm,
	    const char *exe);
/*
 * Interpreters such as java are servers only by their arguments (the
 * main class): st_web_is_interp says whether exe is one, and
 * st_web_is_server_args tests the arguments joined by spaces.
 */
int	st_web_is_interp(struct st_webmatch *m, const char *exe);
int	st_web_is_server_args(struct st_webmatch *m, const char *args);

/*
 * A web service account?  name is the ENRICHED name or "" when the
 * log has none; then the uid is compared with the uid list.
 */
int	st_web_is_user(const struct st_webcfg *c, long long uid,
	    const char *name);

/* The web root cwd lies under, copied to root (size rootlen), or 0. */
int	st_web_root(struct st_webmatch *m, const char *cwd, char *root,
	    size_t rootlen);

#endif
