/* SPDX-License-Identifier: ISC */
/*
 * strset.h: a small set of strings kept in the order first added, for
 * the lists a summary prints (clients, commands, user agents).
 */
#ifndef ST_STRSET_H
#define ST_STRSET_H

#include <stddef.h>

struct st_strset {
	char		**v;
	size_t		 n, cap;
};

/* Add a copy of v unless it is there, or the set has max already. */
void	st_strset_add(struct st_strset *s, const char *v, size_t max);
void	st_strset_release(struct st_strset *s);

#endif
