#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "auditfeed.h"
#include "discover.h"
#include "proctree.h"
#include "row.h"
#include "run.h"

struct pipeline {
	const struct st_options *o;
	struct st_tree	*tree;
	struct st_writer *w;
	struct st_row	 row;
	struct st_stats	*stats;
	uint64_t	 done, total;
};

static void
emit(struct pipeline *pl, const struct st_event *ev, const struct st_proc *p)
{
	int64_t ms = ev->id.sec * 1000 + ev->id.ms;

	if (!p->web && !pl->o->all)
		return;
	if (ms < pl->o->since_ms || ms > pl->o->until_ms)
		return;
	st_row_exec(&pl->row, ev, p, &pl->o->wopts.tz);
	pl->w->row(pl->w, &pl->row);
	pl->stats->rows++;
	if (p->web)
		pl->stats->web_rows++;
}

static void
on_event(void *ctx, struct st_event *ev)
{
	struct pipeline *pl = ctx;
	const struct st_proc *p;

	pl->stats->events++;
	switch (ev->kind) {
	case ST_EV_SYSCALL:
		st_tree_learn(pl->tree, ev);
		break;
	case ST_EV_EXEC_FAILED:
		pl->stats->failed++;
		p = st_tree_learn(pl->tree, ev);
		if (pl->o->failed && p)
			emit(pl, ev, p);
		break;
	case ST_EV_EXEC:
		pl->stats->execs++;
		p = st_tree_exec(pl->tree, ev);
		if (p->web)
			pl->stats->web++;
		emit(pl, ev, p);
		break;
	default:
		break;
	}
}

static void
on_progress(void *ctx, uint64_t bytes)
{
	struct pipeline *pl = ctx;

	pl->done += bytes;
	pl->o->progress(pl->o->pctx, pl->done, pl->total);
}

static void
discover(const struct st_options *o, struct st_files *fl)
{
	struct st_sniffer *s = st_sniffer_new();
	size_t i;

	for (i = 0; i < o->npaths; i++)
		st_discover(s, fl, o->paths[i], 0);
	for (i = 0; i < o->naudit; i++)
		st_discover(s, fl, o->audit_paths[i], 1);
	st_sniffer_free(s);
}

static void
read_audit(struct pipeline *pl, struct st_files *fl)
{
	struct st_auditfeed *feed = st_auditfeed_new(on_event, pl);
	struct st_file **order;
	size_t n, i;

	st_files_audit_order(fl, &order, &n);
	for (i = 0; i < n; i++)
		pl->total += order[i]->size;
	if (pl->o->progress)
		st_auditfeed_progress(feed, on_progress, pl);
	for (i = 0; i < n; i++) {
		st_auditfeed_file(feed, order[i]);
		pl->stats->audit_files++;
	}
	st_auditfeed_finish(feed);
	st_auditfeed_free(feed);
	free(order);
}

/* Access logs are only recognised for now; correlation reads them. */
static void
mark_unused(struct st_files *fl)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i]->kind == ST_KIND_ACCESS && !fl->v[i]->skipped)
			st_file_skip(fl->v[i], "web access log (not read yet)");
}

void
st_run(const struct st_options *o, struct st_result *res)
{
	struct pipeline pl;

	memset(res, 0, sizeof(*res));
	memset(&pl, 0, sizeof(pl));
	pl.o = o;
	pl.stats = &res->stats;
	discover(o, &res->files);
	mark_unused(&res->files);
	pl.tree = st_tree_new(o->web);
	pl.w = st_writer_new(o->format, o->out, &o->wopts);
	st_row_init(&pl.row);
	read_audit(&pl, &res->files);
	if (pl.w->finish(pl.w) < 0)
		res->stats.write_error = 1;
	pl.w->free(pl.w);
	st_row_free(&pl.row);
	st_tree_free(pl.tree);
}

void
st_result_free(struct st_result *res)
{
	st_files_free(&res->files);
}

int
st_result_problems(const struct st_result *res)
{
	size_t i;

	for (i = 0; i < res->files.n; i++)
		if (res->files.v[i]->error || res->files.v[i]->malformed ||
		    res->files.v[i]->torn)
			return 1;
	return 0;
}
