/* SPDX-License-Identifier: ISC */
/*
 * arena.h: many small allocations freed at once.
 *
 * A request's decoded strings are allocated together and die together;
 * an arena makes that one free instead of dozens, and keeps pointers
 * stable (blocks are chained, never moved).
 */
#ifndef ST_ARENA_H
#define ST_ARENA_H

#include <stddef.h>

struct st_arena_block;

struct st_arena {
	struct st_arena_block *head;
	size_t		 hint;		/* size of the first block */
};

/* n bytes aligned for any scalar; never NULL. */
void	*st_arena_alloc(struct st_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
char	*st_arena_strndup(struct st_arena *a, const char *s, size_t n);
void	 st_arena_release(struct st_arena *a);
/* Free everything but the newest (largest) block, and empty that. */
void	 st_arena_reset(struct st_arena *a);

#endif
