#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "batch/batch.h"
#include "correlate/corr.h"
#include "batch/wire.h"
#include "base/sbuf.h"
#include "base/escape.h"
#include "base/u64map.h"
#include "output/writer.h"

#define READ_CHUNK	(64 * 1024)

/* ---- one host, in a worker process ---- */

static void
span(int64_t *first, int64_t *last, const struct st_file *f)
{
	if (!f->have_time)
		return;
	if (*first == ST_TIME_UNSET || f->tmin.sec < *first)
		*first = f->tmin.sec;
	if (*last == ST_TIME_UNSET || f->tmax.sec > *last)
		*last = f->tmax.sec;
}

void
st_hostsum_fill(struct st_hostsum *s, const struct st_result *res)
{
	const struct st_stats *st = &res->stats;
	const struct st_file *f;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->audit_first = s->audit_last = ST_TIME_UNSET;
	s->web_first = s->web_last = ST_TIME_UNSET;
	for (i = 0; i < res->files.n; i++) {
		f = res->files.v[i];
		s->files++;
		s->bytes += f->size;
		if (f->error || f->malformed || f->torn)
			s->warnings++;
		if (f->skipped || !f->read)
			continue;
		if (f->kind == ST_KIND_AUDIT)
			span(&s->audit_first, &s->audit_last, f);
		else if (f->kind == ST_KIND_ACCESS)
			span(&s->web_first, &s->web_last, f);
	}
	s->audit_files = st->audit_files;
	s->access_files = st->access_files;
	s->events = st->events;
	s->execs = st->execs;
	s->web_execs = st->web;
	s->requests = st->corr.requests;
	s->tied = st->corr.tied_command + st->corr.tied_time;
	s->scripts = res->corr ? st_corr_scripts(res->corr) : 0;
	s->integrity = st->integrity;
	s->web_rows = st->corr.web_rows;
	s->failed = st->write_error;
}

struct worker_ctx {
	FILE		*pipe;
	uint64_t	 last;
};

static void
worker_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct worker_ctx *w = ctx;

	(void)total;
	if (done - w->last < 4 * 1024 * 1024 && done < total)
		return;
	w->last = done;
	st_wire_put(w->pipe, ST_WIRE_PROGRESS, &done, sizeof(done));
	fflush(w->pipe);
}

/* Text a function prints, sent up as one record. */
static void
send_text(FILE *pipe, int tag, const struct st_result *res,
    const struct st_batch *b, int report)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		return;
	if (report)
		st_report_print(fp, res, &b->o->wopts.tz, b->verbose);
	else
		st_result_summary(res, fp);
	fclose(fp);
	st_wire_put(pipe, tag, buf, len);
	free(buf);
}

static FILE *
host_output(const struct st_batch *b, const struct st_host *x, char **path)
{
	static const char *const ext[] = { "txt", "csv", "jsonl" };
	struct sbuf p = SBUF_INIT;
	char *name = st_host_filename(x->name);
	int fd;

	sb_addf(&p, "%s/%s.%s", b->outdir, name, ext[b->o->format]);
	free(name);
	*path = sb_detach(&p);
	fd = open(*path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	return fd < 0 ? NULL : fdopen(fd, "w");
}

/* The worker's whole life: scan one host, report up the pipe, exit. */
static void __attribute__((noreturn))
worker(const struct st_batch *b, const struct st_host *x, int fd)
{
	struct st_options o = *b->o;
	struct st_result res;
	struct st_hostsum sum;
	struct worker_ctx wc = { fdopen(fd, "w"), 0 };
	char *path = NULL;

	if (wc.pipe == NULL)
		_exit(3);
	o.host = x->name;
	o.progress = worker_progress;
	o.pctx = &wc;
	if (b->outdir) {
		if ((o.out = host_output(b, x, &path)) == NULL) {
			fprintf(stderr, "shelltrail: %s: %s\n", path,
			    strerror(errno));
			_exit(3);
		}
	} else {
		o.out = wc.pipe;
		o.format = ST_FMT_WIRE;
	}
	memset(&res, 0, sizeof(res));
	res.files.v = x->files;		/* borrowed: never freed here */
	res.files.n = x->n;
	st_run_files(&o, &res);
	if (b->outdir && o.format == ST_FMT_TABLE)
		st_result_summary(&res, o.out);
	if (o.out != wc.pipe && fclose(o.out) != 0)
		res.stats.write_error = 1;
	st_hostsum_fill(&sum, &res);
	st_wire_put(wc.pipe, ST_WIRE_SUMMARY, &sum, sizeof(sum));
	send_text(wc.pipe, ST_WIRE_TEXT, &res, b, 1);
	send_text(wc.pipe, ST_WIRE_SHELLS, &res, b, 0);
	_exit(fclose(wc.pipe) != 0 ? 3 : 0);
}

/* ---- the writing process ---- */

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
};

struct run {
	const struct st_batch *b;
	const struct st_hosts *h;
	struct st_batch_result *res;
	struct slot	*s;
	size_t		 next, running, finished;
	struct st_writer *w;
	uint64_t	 total;
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
		r->res->v[i].sum.failed = 1;
		r->s[i].fd = -1;
		r->finished++;
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		worker(r->b, &r->h->v[i], fds[1]);
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
	struct st_batch_host *bh = &r->res->v[i];
	struct qrow *q;

	switch (tag) {
	case ST_WIRE_ROW:
		q = st_calloc(1, sizeof(*q));
		st_row_init(&q->r);
		if (st_wire_row(p, len, &q->r) < 0) {
			st_row_free(&q->r);
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
		if (len == sizeof(bh->done))
			memcpy(&bh->done, p, len);
		return 0;
	case ST_WIRE_SUMMARY:
		if (len != sizeof(bh->sum))
			return -1;
		memcpy(&bh->sum, p, len);
		r->s[i].summed = 1;
		return 0;
	case ST_WIRE_TEXT:
		free(bh->report);
		bh->report = st_memdup(p, len);
		return 0;
	case ST_WIRE_SHELLS:
		free(bh->shells);
		bh->shells = st_memdup(p, len);
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
		r->res->v[i].sum.failed = 1;
	r->res->v[i].done = audit_bytes(&r->h->v[i]);
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
		r->res->v[i].sum.failed = 1;
		kill(s->pid, SIGKILL);
		finish(r, i);
	} else if (n <= 0) {
		if (s->in.len)
			r->res->v[i].sum.failed = 1;
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
		st_row_free(&q->r);
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
		done += r->res->v[i].done;
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
	out->v = st_calloc(h->n, sizeof(*out->v));
	r.b = b;
	r.h = h;
	r.res = out;
	r.s = st_calloc(h->n, sizeof(*r.s));
	for (i = 0; i < h->n; i++)
		r.total += audit_bytes(&h->v[i]);
	if (b->outdir == NULL)
		r.w = st_writer_new(b->o->format, b->o->out, &b->o->wopts);
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
	for (i = 0; i < h->n; i++)
		sb_free(&r.s[i].in);
	free(r.s);
}

void
st_batch_result_free(struct st_batch_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].report);
		free(r->v[i].shells);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* ---- the summary ---- */

static void
when(struct sbuf *b, int64_t sec, const struct st_tz *tz)
{
	if (sec != ST_TIME_UNSET)
		st_time_iso(b, sec, 0, tz);
}

static const char *const heads[] = { "host", "files", "audit_from",
	"audit_to", "web_from", "web_to", "events", "execs", "web_execs",
	"tied_requests", "scripts", "integrity", "warnings", "status" };
#define NHEADS	(sizeof(heads) / sizeof(*heads))

/* The cells of one host's line, as text. */
static void
cells(struct sbuf *c, const struct st_host *x, const struct st_hostsum *s,
    const struct st_tz *tz)
{
	const uint64_t n[] = { s->files, 0, 0, 0, 0, s->events, s->execs,
	    s->web_execs, s->tied, s->scripts, s->integrity, s->warnings };
	size_t i;

	for (i = 0; i < NHEADS; i++)
		sb_clear(&c[i]);
	sb_adds(&c[0], x->name);
	for (i = 1; i < 13; i++)
		if (i < 2 || i > 5)
			sb_addf(&c[i], "%llu", (unsigned long long)n[i - 1]);
	when(&c[2], s->audit_first, tz);
	when(&c[3], s->audit_last, tz);
	when(&c[4], s->web_first, tz);
	when(&c[5], s->web_last, tz);
	sb_adds(&c[13], s->failed ? "failed" : s->web_execs ? "findings" :
	    s->audit_files == 0 ? "no audit log" : "none");
}

static void
span_line(FILE *fp, const char *what, const struct sbuf *from,
    const struct sbuf *to)
{
	if (from->len)
		fprintf(fp, "%s%s %s to %s", *what == ',' ? "" : "    ", what,
		    sb_str(from), sb_str(to));
	else
		fprintf(fp, "%s%s: none", *what == ',' ? "" : "    ", what);
}

void
st_batch_print(FILE *fp, const struct st_hosts *h,
    const struct st_batch_result *r, const struct st_tz *tz)
{
	struct sbuf c[NHEADS], esc = SBUF_INIT;
	size_t i, k;

	for (k = 0; k < NHEADS; k++)
		c[k] = (struct sbuf)SBUF_INIT;
	fprintf(fp, "\nHosts:\n");
	for (i = 0; i < h->n; i++) {
		cells(c, &h->v[i], &r->v[i].sum, tz);
		sb_clear(&esc);
		st_escape(&esc, c[0].s, c[0].len);
		fprintf(fp, "  %s: %s\n", sb_str(&esc), sb_str(&c[13]));
		span_line(fp, "audit", &c[2], &c[3]);
		span_line(fp, ", web", &c[4], &c[5]);
		fputc('\n', fp);
		fprintf(fp, "    %s files, %s events, %s execs, %s "
		    "web-originated, %s requests tied, %s web shell scripts, "
		    "%s integrity findings, %s files with warnings\n",
		    sb_str(&c[1]), sb_str(&c[6]), sb_str(&c[7]), sb_str(&c[8]),
		    sb_str(&c[9]), sb_str(&c[10]), sb_str(&c[11]),
		    sb_str(&c[12]));
	}
	for (k = 0; k < NHEADS; k++)
		sb_free(&c[k]);
	sb_free(&esc);
}

int
st_batch_csv(FILE *fp, const struct st_hosts *h,
    const struct st_batch_result *r, const struct st_tz *tz)
{
	struct sbuf c[NHEADS];
	size_t i, k;

	for (k = 0; k < NHEADS; k++) {
		c[k] = (struct sbuf)SBUF_INIT;
		fprintf(fp, "%s%s", k ? "," : "", heads[k]);
	}
	fputs("\r\n", fp);
	for (i = 0; i < h->n; i++) {
		cells(c, &h->v[i], &r->v[i].sum, tz);
		for (k = 0; k < NHEADS; k++) {
			if (k)
				fputc(',', fp);
			st_csv_cell(fp, c[k].s, c[k].len);
		}
		fputs("\r\n", fp);
	}
	for (k = 0; k < NHEADS; k++)
		sb_free(&c[k]);
	return st_writer_flush(fp);
}
