/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strset.h"

/* A linear search: the sets hold a few dozen strings at most. */
void
st_strset_add(struct st_strset *s, const char *v, size_t max)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], v) == 0)
			return;
	if (s->n >= max)
		return;
	s->v = st_grow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = st_strdup(v);
}

void
st_strset_release(struct st_strset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}
