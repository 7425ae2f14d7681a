/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/strtab.h"

/*
 * Entries with the same hash are chained through a list kept in the
 * map value; collisions are rare, but an attacker may pick node names.
 */
struct entry {
	uint32_t	 id;
	size_t		 len;
	struct entry	*next;
	char		 name[];
};

uint32_t
st_strtab_intern(struct st_strtab *t, const char *s, size_t len,
    const char **name)
{
	uint64_t h = st_hash_bytes(s, len);
	struct entry *head = u64map_get(&t->byhash, h), *e;

	for (e = head; e; e = e->next) {
		if (e->len == len && memcmp(e->name, s, len) == 0) {
			if (name)
				*name = e->name;
			return e->id;
		}
	}
	e = st_malloc(sizeof(*e) + len + 1);
	memcpy(e->name, s, len);
	e->name[len] = '\0';
	e->len = len;
	e->id = (uint32_t)t->n;
	e->next = head;
	u64map_put(&t->byhash, h, e);
	t->names = st_grow(t->names, &t->cap, t->n + 1, sizeof(*t->names));
	t->names[t->n++] = e->name;
	if (name)
		*name = e->name;
	return e->id;
}

const char *
st_strtab_name(const struct st_strtab *t, uint32_t id)
{
	return id < t->n ? t->names[id] : "";
}

static void
free_chain(void *v)
{
	struct entry *e, *next;

	for (e = v; e; e = next) {
		next = e->next;
		free(e);
	}
}

void
st_strtab_release(struct st_strtab *t)
{
	u64map_release_all(&t->byhash, free_chain);
	free(t->names);
	memset(t, 0, sizeof(*t));
}
