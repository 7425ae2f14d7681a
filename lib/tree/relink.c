/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "tree/relink.h"

/*
 * Launchers kept: a web shell's command and the processes it starts
 * within two seconds are a handful; this many covers a burst of them.
 */
#define RELINK_MAX	32
/* Of a launcher's command line, this much is searched. */
#define RELINK_BYTES	16384
/* Bytes an orphan's arguments must match, so that a short command
 * ("id") found inside a long one links nothing. */
#define RELINK_MIN	8

struct launcher {
	struct st_proc	*p;
	uint32_t	 node;
	long long	 uid;
	int64_t		 ms;
	struct sbuf	 cwd, cmd;
};

struct st_relink {
	struct launcher	 v[RELINK_MAX];
	size_t		 next;		/* the slot to fill */
};

static int64_t
ms_of(const struct st_event *ev)
{
	return ev->id.sec * 1000 + ev->id.ms;
}

struct st_relink *
st_relink_new(void)
{
	return st_calloc(1, sizeof(struct st_relink));
}

void
st_relink_free(struct st_relink *r, void (*drop)(void *, struct st_proc *),
    void *ctx)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < RELINK_MAX; i++) {
		if (r->v[i].p)
			drop(ctx, r->v[i].p);
		sb_release(&r->v[i].cwd);
		sb_release(&r->v[i].cmd);
	}
	free(r);
}

struct st_proc *
st_relink_note(struct st_relink *r, struct st_proc *p, uint32_t node,
    const struct st_event *ev)
{
	struct launcher *l = &r->v[r->next];
	struct st_proc *old = l->p;
	size_t i;

	r->next = (r->next + 1) % RELINK_MAX;
	l->p = p;
	l->node = node;
	l->uid = ev->uid;
	l->ms = ms_of(ev);
	sb_clear(&l->cwd);
	sb_add(&l->cwd, ev->cwd.s, ev->cwd.len);
	sb_clear(&l->cmd);
	for (i = 0; i < ev->argv.n && l->cmd.len < RELINK_BYTES; i++) {
		if (i)
			sb_addc(&l->cmd, ' ');
		sb_add(&l->cmd, ev->argv.v[i].b.s, ev->argv.v[i].b.len);
	}
	return old;
}

/* Every argument of ev, in order, inside cmd. */
static int
args_inside(const struct sbuf *cmd, const struct st_event *ev)
{
	const char *at = cmd->s, *end = at ? at + cmd->len : NULL, *f;
	size_t i, matched = 0;

	if (at == NULL)
		return 0;

	for (i = 0; i < ev->argv.n; i++) {
		const struct sbuf *a = &ev->argv.v[i].b;

		if (a->len == 0)
			continue;
		f = memmem(at, (size_t)(end - at), a->s, a->len);
		if (f == NULL)
			return 0;
		at = f + a->len;
		matched += a->len;
	}
	return matched >= RELINK_MIN;
}

static int
fits(const struct launcher *l, uint32_t node, const struct st_event *ev)
{
	int64_t ms = ms_of(ev);

	return l->p && l->node == node && l->uid == ev->uid &&
	    ms >= l->ms && ms - l->ms <= ST_RELINK_MS &&
	    l->cwd.len == ev->cwd.len &&
	    memcmp(l->cwd.s, ev->cwd.s, ev->cwd.len) == 0 &&
	    args_inside(&l->cmd, ev);
}

struct st_proc *
st_relink_find(const struct st_relink *r, uint32_t node,
    const struct st_event *ev)
{
	size_t i, k;

	/* The newest first: the nearest launcher is the likeliest. */
	for (i = 1; i <= RELINK_MAX; i++) {
		k = (r->next + RELINK_MAX - i) % RELINK_MAX;
		if (fits(&r->v[k], node, ev))
			return r->v[k].p;
	}
	return NULL;
}
