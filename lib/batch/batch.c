/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/sbuf.h"
#include "batch/batch.h"
#include "batch/wire.h"
#include "batch/worker.h"
#include "output/writer.h"

#define READ_CHUNK	(64 * 1024)

struct qrow {
	struct st_row	 r;
	struct qrow	*next;
};

struct slot {
	pid_t		 pid;
	int		 fd;		/* -1: finished */
	struct sbuf	 in;		/* bytes not yet taken */
	struct qrow	*head, *tail;	/* rows waiting to be merged */
	int		 started, summed;
	uint64_t	 done;		/* bytes it has read */
};

struct run {
	const struct st_batch *b;
	const struct st_hosts *h;
	struct st_batch_result *res;
	struct slot	*s;
	size_t		 next, running, finished;
	struct st_sink *w;
	uint64_t	 total;
	char		**fnames;	/* in the output directory */
};

static void
start(struct run *r)
{
	size_t i = r->next++;
	int fds[2] = { -1, -1 };
	pid_t pid;

	r->s[i].started = 1;
	fflush(NULL);		/* nothing buffered may be written twice */
	pid = pipe(fds) < 0 ? -1 : fork();
	if (pid < 0) {
		if (fds[0] >= 0) {
			close(fds[0]);
			close(fds[1]);
		}
		r->res->sum[i].failed = 1;
		r->s[i].fd = -1;
		r->finished++;
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		st_worker_main(r->b, &r->h->v[i], r->fnames ? r->fnames[i] : NULL,
		    fds[1]);
	}
	close(fds[1]);
	r->s[i].pid = pid;
	r->s[i].fd = fds[0];
	r->running++;
}

/* One record from host i's worker. */
static int
take(struct run *r, size_t i, int tag, const char *p, size_t len)
{
	struct st_batch_result *res = r->res;
	struct qrow *q;

	switch (tag) {
	case ST_WIRE_ROW:
		q = st_calloc(1, sizeof(*q));
		st_row_init(&q->r);
		if (st_wire_row(p, len, &q->r) < 0) {
			st_row_release(&q->r);
			free(q);
			return -1;
		}
		if (q->r.group)
			q->r.group = st_hash64(q->r.group ^ (i + 1) << 48);
		if (r->s[i].tail)
			r->s[i].tail->next = q;
		else
			r->s[i].head = q;
		r->s[i].tail = q;
		return 0;
	case ST_WIRE_PROGRESS:
		if (len == sizeof(r->s[i].done))
			memcpy(&r->s[i].done, p, len);
		return 0;
	case ST_WIRE_SUMMARY:
		if (len != sizeof(res->sum[i]))
			return -1;
		memcpy(&res->sum[i], p, len);
		/* The worker read the evidence: its text ends here, whatever
		 * it sent. */
		res->sum[i].detail[sizeof(res->sum[i].detail) - 1] = '\0';
		r->s[i].summed = 1;
		return 0;
	case ST_WIRE_TEXT:
		free(res->report[i]);
		res->report[i] = st_memdup(p, len);
		return 0;
	case ST_WIRE_SHELLS:
		free(res->shells[i]);
		res->shells[i] = st_memdup(p, len);
		return 0;
	}
	return -1;
}

/* What progress counts: the audit logs, as a single host's run does. */
static uint64_t
audit_bytes(const struct st_host *x)
{
	uint64_t n = 0;
	size_t k;

	for (k = 0; k < x->n; k++)
		if (x->files[k]->kind == ST_KIND_AUDIT && !x->files[k]->skipped)
			n += x->files[k]->size;
	return n;
}

static void
finish(struct run *r, size_t i)
{
	struct slot *s = &r->s[i];
	int st;

	close(s->fd);
	s->fd = -1;
	while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!s->summed || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		r->res->sum[i].failed = 1;
	s->done = audit_bytes(&r->h->v[i]);
	r->running--;
	r->finished++;
}

/* Read what host i's worker has sent; finish it at the end. */
static void
drain(struct run *r, size_t i)
{
	struct slot *s = &r->s[i];
	const char *p;
	size_t len, off = 0;
	ssize_t n;
	long k;
	int tag;

	s->in.s = st_grow(s->in.s, &s->in.cap, s->in.len + READ_CHUNK + 1, 1);
	n = read(s->fd, s->in.s + s->in.len, READ_CHUNK);
	if (n < 0 && errno == EINTR)
		return;
	if (n > 0)
		s->in.len += (size_t)n;
	while ((k = st_wire_next(s->in.s + off, s->in.len - off, &tag, &p,
	    &len)) > 0) {
		if (take(r, i, tag, p, len) < 0)
			break;
		off += (size_t)k;
	}
	memmove(s->in.s, s->in.s + off, s->in.len - off);
	s->in.len -= off;
	if (k < 0) {
		/* Not our records: stop listening to it. */
		r->res->sum[i].failed = 1;
		kill(s->pid, SIGKILL);
		finish(r, i);
	} else if (n <= 0) {
		if (s->in.len)
			r->res->sum[i].failed = 1;
		finish(r, i);
	}
}

/*
 * Write rows in time order: the earliest head, while every host that
 * may still send one has a row waiting (a host not started yet may hold
 * the earliest of all).
 */
static void
merge(struct run *r, int all)
{
	const struct st_hosts *h = r->h;
	struct qrow *q;
	size_t i, best;

	if (r->w == NULL || (!all && r->next < h->n))
		return;
	for (;;) {
		best = h->n;
		for (i = 0; i < h->n; i++) {
			if (r->s[i].head == NULL) {
				if (r->s[i].fd >= 0 && !all)
					return;
				continue;
			}
			if (best == h->n || st_row_ms(&r->s[i].head->r) <
			    st_row_ms(&r->s[best].head->r))
				best = i;
		}
		if (best == h->n)
			return;
		q = r->s[best].head;
		if ((r->s[best].head = q->next) == NULL)
			r->s[best].tail = NULL;
		r->w->row(r->w, &q->r);
		st_row_release(&q->r);
		free(q);
	}
}

static void
report_progress(struct run *r)
{
	uint64_t done = 0;
	size_t i;

	if (r->b->progress == NULL)
		return;
	for (i = 0; i < r->h->n; i++)
		done += r->s[i].done;
	r->b->progress(r->b->pctx, r->finished, r->h->n, done, r->total);
}

/* Wait for any worker to send something, and take it. */
static void
wait_some(struct run *r)
{
	struct pollfd *pf = st_calloc(r->h->n, sizeof(*pf));
	size_t *who = st_calloc(r->h->n, sizeof(*who));
	size_t i, n = 0;

	for (i = 0; i < r->h->n; i++)
		if (r->s[i].started && r->s[i].fd >= 0) {
			pf[n].fd = r->s[i].fd;
			pf[n].events = POLLIN;
			who[n++] = i;
		}
	if (poll(pf, n, 250) > 0)
		for (i = 0; i < n; i++)
			if (pf[i].revents)
				drain(r, who[i]);
	free(pf);
	free(who);
}

void
st_batch_run(const struct st_batch *b, const struct st_hosts *h,
    struct st_batch_result *out)
{
	struct run r;
	size_t i;

	memset(&r, 0, sizeof(r));
	memset(out, 0, sizeof(*out));
	out->n = h->n;
	out->sum = st_calloc(h->n, sizeof(*out->sum));
	out->report = st_calloc(h->n, sizeof(*out->report));
	out->shells = st_calloc(h->n, sizeof(*out->shells));
	r.b = b;
	r.h = h;
	r.res = out;
	r.s = st_calloc(h->n, sizeof(*r.s));
	for (i = 0; i < h->n; i++)
		r.total += audit_bytes(&h->v[i]);
	if (b->outdir == NULL)
		r.w = st_writer_new(b->format, b->out, &b->wopts);
	else
		r.fnames = st_hosts_filenames(h, "summary");
	while (r.finished < h->n) {
		while (r.running < (b->jobs ? b->jobs : 1) && r.next < h->n)
			start(&r);
		wait_some(&r);
		merge(&r, 0);
		report_progress(&r);
	}
	merge(&r, 1);
	if (r.w) {
		if (r.w->finish(r.w) < 0)
			out->write_error = 1;
		r.w->free(r.w);
	}
	for (i = 0; i < h->n; i++) {
		sb_release(&r.s[i].in);
		free(r.fnames ? r.fnames[i] : NULL);
	}
	free(r.fnames);
	free(r.s);
}

void
st_batch_result_release(struct st_batch_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->report[i]);
		free(r->shells[i]);
	}
	free(r->sum);
	free(r->report);
	free(r->shells);
	memset(r, 0, sizeof(*r));
}

