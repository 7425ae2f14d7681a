/* SPDX-License-Identifier: ISC */
/*
 * u64map.h: a hash map from 64-bit keys to pointers.
 *
 * Open addressing with linear probing and backward-shift deletion, so
 * lookups stay fast after many deletions (pid tables churn constantly).
 * The map never owns the values.
 */
#ifndef ST_U64MAP_H
#define ST_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map_slot {
	uint64_t	 key;
	void		*val;		/* NULL marks an empty slot */
};

struct u64map {
	struct u64map_slot *slot;
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;
};

#define U64MAP_INIT { NULL, 0, 0 }

void	*u64map_get(const struct u64map *m, uint64_t key);
/* Insert or replace; val must not be NULL.  Returns the old value. */
void	*u64map_put(struct u64map *m, uint64_t key, void *val);
/* Remove and return the value, or NULL when absent. */
void	*u64map_del(struct u64map *m, uint64_t key);
void	 u64map_release(struct u64map *m);
/* Call fn on every value, then free the map. */
void	 u64map_release_all(struct u64map *m, void (*fn)(void *));

#endif
