/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/u64map.h"

static size_t
home(const struct u64map *m, uint64_t key)
{
	return (size_t)st_hash64(key) & (m->cap - 1);
}

static void
rehash(struct u64map *m, size_t cap)
{
	struct u64map_slot *old = m->slot;
	size_t oldcap = m->cap, i;

	m->slot = st_calloc(cap, sizeof(*m->slot));
	m->cap = cap;
	m->n = 0;
	for (i = 0; i < oldcap; i++)
		if (old[i].val)
			u64map_put(m, old[i].key, old[i].val);
	free(old);
}

void *
u64map_get(const struct u64map *m, uint64_t key)
{
	size_t i;

	/* Empty is common (no command waiting, no tree undecided), and
	 * answers without hashing the key. */
	if (m->n == 0)
		return NULL;
	for (i = home(m, key); m->slot[i].val; i = (i + 1) & (m->cap - 1))
		if (m->slot[i].key == key)
			return m->slot[i].val;
	return NULL;
}

void *
u64map_put(struct u64map *m, uint64_t key, void *val)
{
	size_t i;
	void *old;

	/* At most 5/8 full: most lookups on the main thread miss (no
	 * command of that hash, no tree of that seq), and a miss walks a
	 * cluster to its end, which grows fast past that. */
	if ((m->n + 1) * 8 >= m->cap * 5)
		rehash(m, m->cap ? m->cap * 2 : 16);
	for (i = home(m, key); m->slot[i].val; i = (i + 1) & (m->cap - 1)) {
		if (m->slot[i].key == key) {
			old = m->slot[i].val;
			m->slot[i].val = val;
			return old;
		}
	}
	m->slot[i].key = key;
	m->slot[i].val = val;
	m->n++;
	return NULL;
}

void *
u64map_del(struct u64map *m, uint64_t key)
{
	size_t i, j, h, mask = m->cap - 1;
	void *val;

	if (m->cap == 0)
		return NULL;
	for (i = home(m, key); m->slot[i].val; i = (i + 1) & mask)
		if (m->slot[i].key == key)
			break;
	if (m->slot[i].val == NULL)
		return NULL;
	val = m->slot[i].val;
	/*
	 * Shift later members of the probe run back into the hole, so no
	 * tombstone is needed.  A slot may move to i only when its home
	 * lies cyclically outside (i, j].
	 */
	for (j = (i + 1) & mask; m->slot[j].val; j = (j + 1) & mask) {
		h = home(m, m->slot[j].key);
		if ((j > i && (h <= i || h > j)) || (j < i && h <= i && h > j)) {
			m->slot[i] = m->slot[j];
			i = j;
		}
	}
	m->slot[i].val = NULL;
	m->n--;
	return val;
}

void
u64map_release(struct u64map *m)
{
	free(m->slot);
	m->slot = NULL;
	m->cap = m->n = 0;
}

void
u64map_release_all(struct u64map *m, void (*fn)(void *))
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->slot[i].val)
			fn(m->slot[i].val);
	u64map_release(m);
}
