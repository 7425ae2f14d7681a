/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

static void
oom(size_t n)
{
	fprintf(stderr, "shelltrail: out of memory (%zu bytes)\n", n);
	abort();
}

void *
st_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
st_calloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom(nmemb * size);
	return p;
}

void *
st_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

void *
st_grow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 8;

	if (need <= *cap)
		return p;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			oom(SIZE_MAX);
		n *= 2;
	}
	if (n > SIZE_MAX / elem)
		oom(SIZE_MAX);
	*cap = n;
	return st_realloc(p, n * elem);
}

char *
st_strdup(const char *s)
{
	return st_memdup(s, strlen(s));
}

char *
st_memdup(const void *p, size_t n)
{
	char *s = st_malloc(n + 1);

	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}
