/* SPDX-License-Identifier: ISC */
/*
 * progress.c: what a long scan shows on a terminal: percent, megabytes
 * and rate for one host; hosts done, megabytes and time left for many.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli.h"

static double
elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/*
 * Progress lines come at most four times a second: 0 when it is too
 * soon, else 1 with the rate so far, in bytes a second.
 */
static int
due(struct cli *c, uint64_t done, double *rate)
{
	struct timespec now;
	double secs;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (c->progress_shown && elapsed(&c->shown, &now) < 0.25)
		return 0;
	c->shown = now;
	c->progress_shown = 1;
	secs = elapsed(&c->started, &now);
	*rate = secs > 0 ? (double)done / secs : 0;
	return 1;
}

static void
one(const struct st_progress *p, double rate)
{
	fprintf(stderr, "\rshelltrail: %3.0f%% of %.1f MB, %.0f MB/s\033[K",
	    p->total ? 100.0 * (double)p->done / (double)p->total : 0.0,
	    (double)p->total / 1e6, rate / 1e6);
}

static void
many(const struct st_progress *p, double rate)
{
	fprintf(stderr, "\rshelltrail: %zu/%zu hosts, %.1f of %.1f MB, "
	    "%.0f MB/s", p->hosts_done, p->hosts, (double)p->done / 1e6,
	    (double)p->total / 1e6, rate / 1e6);
	if (rate > 0 && p->total > p->done)
		fprintf(stderr, ", %.0f s left",
		    (double)(p->total - p->done) / rate);
	fputs("\033[K", stderr);
}

void
cli_progress(void *ctx, const struct st_progress *p)
{
	struct cli *c = ctx;
	double rate;

	if (c->output_started || !due(ctx, p->done, &rate))
		return;
	if (p->many)
		many(p, rate);
	else
		one(p, rate);
}

void
cli_progress_clear(struct cli *c)
{
	if (c->progress_shown)
		fputs("\r\033[K", stderr);
	c->progress_shown = 0;
}

/*
 * The progress line and the output share a terminal: the first byte of
 * output clears the line and ends the progress, so that no line of the
 * table is drawn over.
 */
struct guard {
	struct cli	*c;
	FILE		*out;
};

static ssize_t
guard_write(void *cookie, const char *buf, size_t n)
{
	struct guard *g = cookie;

	if (!g->c->output_started) {
		cli_progress_clear(g->c);
		g->c->output_started = 1;
	}
	return fwrite(buf, 1, n, g->out) == n ? (ssize_t)n : -1;
}

static int
guard_close(void *cookie)
{
	struct guard *g = cookie;
	int rc = fflush(g->out);

	free(g);
	return rc;
}

FILE *
cli_progress_guard(struct cli *c, FILE *out)
{
	cookie_io_functions_t io = { NULL, guard_write, NULL, guard_close };
	struct guard *g = malloc(sizeof(*g));
	FILE *fp;

	if (g == NULL)
		return out;
	g->c = c;
	g->out = out;
	if ((fp = fopencookie(g, "w", io)) == NULL) {
		free(g);
		return out;
	}
	return fp;
}
