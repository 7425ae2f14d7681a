/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/arena.h"

struct st_arena_block {
	struct st_arena_block *next;
	size_t		 used, cap;
	alignas(max_align_t) char data[];
};

void *
st_arena_alloc(struct st_arena *a, size_t n)
{
	struct st_arena_block *b = a->head;
	size_t align = alignof(max_align_t), at, cap;

	at = b ? (b->used + align - 1) / align * align : 0;
	if (b == NULL || at + n > b->cap) {
		cap = a->hint > n ? a->hint : n;
		if (b)
			cap = cap < 2 * b->cap ? 2 * b->cap : cap;
		b = st_malloc(sizeof(*b) + cap);
		b->next = a->head;
		b->used = 0;
		b->cap = cap;
		a->head = b;
		at = 0;
	}
	b->used = at + n;
	return b->data + at;
}

char *
st_arena_strndup(struct st_arena *a, const char *s, size_t n)
{
	char *d = st_arena_alloc(a, n + 1);

	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void
st_arena_reset(struct st_arena *a)
{
	struct st_arena_block *keep = a->head;

	if (keep == NULL)
		return;
	a->head = keep->next;
	st_arena_release(a);
	keep->next = NULL;
	keep->used = 0;
	a->head = keep;
}

void
st_arena_release(struct st_arena *a)
{
	struct st_arena_block *b, *next;

	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}
