/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/prefetch.h"
#include "web/glance.h"

/* Big enough that threads meet rarely, small enough to stay cached. */
#define CHUNK	(128 * 1024)

static size_t
aligned(size_t n)
{
	size_t a = alignof(struct st_glance);

	return (n + a - 1) / a * a;
}

int
st_glances_add(struct st_glances *c, const struct st_request *r,
    const struct st_reqctx *cx)
{
	size_t hashes = r->nvalues * sizeof(uint64_t), len = r->rawlen, i, need;
	struct st_glance *g;
	uint64_t *vh;
	char *raw;

	need = aligned(sizeof(*g) + hashes + len + 1);
	if (c->used + need > c->cap) {
		if (c->n > 0)
			return 0;
		/* An empty chunk grows for a long line (up to 1 MiB). */
		c->cap = need > CHUNK ? need : CHUNK;
		free(c->buf);
		c->buf = st_malloc(c->cap);
	}
	g = (struct st_glance *)(c->buf + c->used);
	vh = (uint64_t *)(g + 1);
	raw = (char *)vh + hashes;
	for (i = 0; i < r->nvalues; i++)
		vh[i] = r->values[i].hash;
	memcpy(raw, r->raw, len);
	raw[len] = '\0';
	g->end_ms = r->end_ms;
	g->end_max_ms = r->end_max_ms;
	g->start_ms = r->start_ms;
	g->anchor_ms = r->anchor_ms;
	g->pid = r->pid;
	g->tid = r->tid;
	g->back_file = r->back_file;
	g->back_line = r->back_line;
	g->shape = r->shape;
	g->path_hash = r->path_hash;
	g->client_hash = r->client_hash;
	g->seq = r->seq;
	g->dynamic = r->dynamic;
	g->dir_hash = r->dir_hash;
	g->dir_depth = r->dir_depth;
	g->place = r->place;
	g->nvalues = r->nvalues;
	g->vhash = vh;
	g->fmt = r->fmt;
	g->raw = raw;
	g->rawlen = len;
	g->cx = cx;
	g->file = r->file;
	g->line = r->line;
	g->size = need;
	c->used += need;
	c->n++;
	return 1;
}

void
st_glances_clear(struct st_glances *c)
{
	c->used = c->n = c->at = 0;
}

void
st_glances_release(struct st_glances *c)
{
	free(c->buf);
	memset(c, 0, sizeof(*c));
}

const struct st_glance *
st_glances_peek(const struct st_glances *c)
{
	return c->at < c->used ? (const struct st_glance *)(c->buf + c->at) :
	    NULL;
}

void
st_glances_skip(struct st_glances *c)
{
	const struct st_glance *g = st_glances_peek(c);

	if (g == NULL)
		return;
	st_prefetch_ahead(c->buf, c->used, c->at, g->size);
	c->at += g->size;
}

struct st_request *
st_glance_request(const struct st_glance *g)
{
	struct st_request *r = st_calloc(1, sizeof(*r));
	struct st_logmatch *m = st_logmatch_for(g->fmt, g->cx->reference);
	const char *why;

	/* It parsed once, from these very bytes, the same way: it parses
	 * again. */
	why = st_request_parse(g->fmt, m, g->raw, g->rawlen, g->cx, r);
	st_logmatch_free(m);
	if (why != NULL) {
		st_request_release(r);
		free(r);
		return NULL;
	}
	r->seq = g->seq;
	r->file = g->file;
	r->line = g->line;
	/* What pairing with a back server's view added. */
	r->pid = g->pid;
	r->tid = g->tid;
	r->back_file = g->back_file;
	r->back_line = g->back_line;
	r->start_ms = g->start_ms;	/* narrowed by the back view */
	return r;
}

struct st_glance *
st_glance_copy(const struct st_glance *g, struct st_glance *room,
    size_t *size)
{
	struct st_glance *c = room;

	if (c == NULL || *size < g->size) {
		free(room);
		c = st_malloc(g->size);
		*size = g->size;
	}
	memcpy(c, g, g->size);

	c->vhash = (const uint64_t *)(c + 1);
	c->raw = (const char *)(c + 1) + g->nvalues * sizeof(uint64_t);
	return c;
}
