/* SPDX-License-Identifier: ISC */
/*
 * strtab.h: intern strings, so that equal strings share one pointer
 * and a small number.  Used for node names, which every event carries.
 */
#ifndef ST_STRTAB_H
#define ST_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "base/u64map.h"

struct st_strtab {
	struct u64map	 byhash;	/* hash -> first entry of a chain */
	char		**names;	/* by id */
	size_t		 n, cap;
};

#define ST_STRTAB_INIT { U64MAP_INIT, NULL, 0, 0 }

/* The id of s[0..len), adding it when new; *name gets the copy. */
uint32_t st_strtab_intern(struct st_strtab *t, const char *s, size_t len,
	    const char **name);
const char *st_strtab_name(const struct st_strtab *t, uint32_t id);
void	 st_strtab_release(struct st_strtab *t);

#endif
