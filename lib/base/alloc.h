/* SPDX-License-Identifier: ISC */
/*
 * alloc.h: allocation that never returns NULL.
 *
 * shelltrail is a batch tool: when memory runs out there is no partial
 * result worth keeping, so every allocation either succeeds or the
 * process stops with a message.  Callers never test for NULL.
 */
#ifndef ST_ALLOC_H
#define ST_ALLOC_H

#include <stddef.h>

void	*st_malloc(size_t n);
void	*st_calloc(size_t nmemb, size_t size);
void	*st_realloc(void *p, size_t n);
/* Grow an array to hold at least need elements of size elem. */
void	*st_grow(void *p, size_t *cap, size_t need, size_t elem);
char	*st_strdup(const char *s);
char	*st_memdup(const void *p, size_t n);	/* adds a NUL */

#endif
