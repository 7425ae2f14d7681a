/* SPDX-License-Identifier: ISC */
/*
 * passwd.h: a collected /etc/passwd, for the uids of the web accounts.
 *
 * RAW audit logs give uids, not names, and a web account's uid is the
 * host's own: www-data is 33 on Debian, but nginx or a site's own pool
 * account is whatever useradd gave it.  The host's passwd says.
 */
#ifndef ST_PASSWD_H
#define ST_PASSWD_H

#include <stddef.h>

#include "base/sbuf.h"
#include "input/files.h"

#define ST_PASSWD_MAX	(4u << 20)	/* bytes read of one */

/* Is f a collected etc/passwd? */
int		 st_passwd_candidate(const struct st_file *f);
/* Its text into out (at most ST_PASSWD_MAX bytes); -1 with err. */
int		 st_passwd_read(const struct st_file *f, struct sbuf *out,
		    char *err, size_t errlen);
/* The uid of the account name in passwd text, or -1. */
long long	 st_passwd_uid(const char *text, size_t n, const char *name);

#endif
