/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit/event.h"
#include "base/alloc.h"

static void
arg_reset(struct st_arg *a)
{
	sb_clear(&a->b);
	a->flags = 0;
	a->declen = -1;
	a->nextpiece = -1;
	a->present = 0;
	a->hex = 0;
}

void
st_event_argv_reset(struct st_argv *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		arg_reset(&a->v[i]);
	a->n = 0;
	a->argc = ST_NUM_NONE;
	a->flags = 0;
}

void
st_event_argv_release(struct st_argv *a)
{
	size_t i;

	for (i = 0; i < a->cap; i++)
		sb_release(&a->v[i].b);
	free(a->v);
	memset(a, 0, sizeof(*a));
	a->argc = ST_NUM_NONE;
}

struct st_arg *
st_event_argv_slot(struct st_argv *a, unsigned long i)
{
	size_t old = a->cap, k;

	if (i >= ST_ARGV_MAX) {
		a->flags |= ST_ARGV_DROPPED;
		return NULL;
	}
	if (i >= a->cap) {
		a->v = st_grow(a->v, &a->cap, i + 1, sizeof(*a->v));
		memset(a->v + old, 0, (a->cap - old) * sizeof(*a->v));
		for (k = old; k < a->cap; k++)
			arg_reset(&a->v[k]);
	}
	if (i >= a->n)
		a->n = i + 1;
	return &a->v[i];
}

void
st_event_init(struct st_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	st_event_reset(ev);
}

void
st_event_reset(struct st_event *ev)
{
	ev->kind = ST_EV_OTHER;
	ev->node = "";
	memset(&ev->id, 0, sizeof(ev->id));
	ev->pid = ev->ppid = ev->uid = ev->euid = ST_NUM_NONE;
	ev->auid = ev->ses = ev->exit = ST_NUM_NONE;
	ev->success = -1;
	sb_clear(&ev->syscall);
	sb_clear(&ev->user);
	sb_clear(&ev->euser);
	sb_clear(&ev->auser);
	sb_clear(&ev->tty);
	sb_clear(&ev->comm);
	sb_clear(&ev->exe);
	sb_clear(&ev->key);
	sb_clear(&ev->cwd);
	sb_clear(&ev->proctitle);
	sb_clear(&ev->path0);
	sb_clear(&ev->target);
	sb_clear(&ev->created);
	sb_clear(&ev->deleted);
	sb_clear(&ev->normal);
	ev->a1 = ev->a2 = ST_NUM_NONE;
	st_event_argv_reset(&ev->argv);
	ev->problems = 0;
	ev->src.file = NULL;
	ev->src.line = 0;
}

void
st_event_release(struct st_event *ev)
{
	sb_release(&ev->syscall);
	sb_release(&ev->user);
	sb_release(&ev->euser);
	sb_release(&ev->auser);
	sb_release(&ev->tty);
	sb_release(&ev->comm);
	sb_release(&ev->exe);
	sb_release(&ev->key);
	sb_release(&ev->cwd);
	sb_release(&ev->proctitle);
	sb_release(&ev->path0);
	sb_release(&ev->target);
	sb_release(&ev->created);
	sb_release(&ev->deleted);
	sb_release(&ev->normal);
	st_event_argv_release(&ev->argv);
}
