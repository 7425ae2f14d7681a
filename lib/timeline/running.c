/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "timeline/running.h"

struct runw {
	struct st_sink	 w;
	struct st_sink	*next;
	const struct st_pssnap *ps;
	struct st_strset *found;
	struct st_row	 row;
	struct sbuf	 argv, tmp;
};

/* "pid 15536 bash -i, in the tree of GET /x.php from 127.0.0.66". */
static void
tell(struct runw *rw, const struct st_row *r, const struct st_psproc *x,
    int fits)
{
	struct sbuf *b = &rw->tmp;

	sb_clear(b);
	sb_addf(b, "pid %lld ", r->num[ST_COL_PID]);
	st_row_display(b, r, ST_COL_ARGV);
	if (r->text[ST_COL_CLIENT_IP].len) {
		sb_adds(b, ", in the tree of ");
		st_row_display(b, r, ST_COL_METHOD);
		sb_addc(b, ' ');
		st_row_display(b, r, ST_COL_URI);
		sb_adds(b, " from ");
		st_row_display(b, r, ST_COL_CLIENT_IP);
	} else
		sb_adds(b, ", in a web tree tied to no request");
	if (!fits)
		sb_addf(b, " (but started %s, not when it exec'd)", x->started);
	st_strset_add(rw->found, sb_str(b), ST_RUNNING_MAX);
}

/*
 * "running at collection (FILE:LINE)", and what its start time says: a
 * start that does not fit the exec is told, not hidden (a shell that
 * ran a while before it exec'd is the same process).
 */
static int
mark(struct sbuf *b, const struct st_psproc *x, long long exec_us)
{
	int64_t sec = exec_us / 1000000 - (exec_us % 1000000 < 0);
	int fits = st_pssnap_start_fits(x, sec);

	sb_clear(b);
	sb_addf(b, "running at collection (%s:%llu", x->file,
	    (unsigned long long)x->line);
	switch (fits) {
	case 1:
		sb_addf(b, "; started %s, as the exec", x->started);
		break;
	case 0:
		sb_addf(b, "; but started %s, not when it exec'd: perhaps "
		    "another process given the pid", x->started);
		break;
	}
	sb_addc(b, ')');
	return fits;
}

static void
runw_row(struct st_sink *w, const struct st_row *r)
{
	struct runw *rw = (struct runw *)w;
	const struct st_psproc *x;

	if (!r->web || r->note || r->nargs == 0) {
		rw->next->row(rw->next, r);
		return;
	}
	st_row_joined(r, &rw->argv);
	x = st_pssnap_running(rw->ps, r->num[ST_COL_PID], rw->argv.s,
	    rw->argv.len);
	if (x == NULL) {
		rw->next->row(rw->next, r);
		return;
	}
	st_row_copy(&rw->row, r);
	tell(rw, r, x, mark(&rw->row.text[ST_COL_RUNNING], x,
	    r->num[ST_COL_TIMESTAMP]));
	rw->next->row(rw->next, &rw->row);
}

static int
runw_finish(struct st_sink *w)
{
	struct runw *rw = (struct runw *)w;

	return rw->next->finish(rw->next);
}

static void
runw_free(struct st_sink *w)
{
	struct runw *rw = (struct runw *)w;

	rw->next->free(rw->next);
	st_row_release(&rw->row);
	sb_release(&rw->argv);
	sb_release(&rw->tmp);
	free(rw);
}

struct st_sink *
st_running_sink(struct st_sink *next, const struct st_pssnap *ps,
    struct st_strset *found)
{
	struct runw *rw = st_calloc(1, sizeof(*rw));

	rw->w.row = runw_row;
	rw->w.finish = runw_finish;
	rw->w.free = runw_free;
	rw->next = next;
	rw->ps = ps;
	rw->found = found;
	st_row_init(&rw->row);
	return &rw->w;
}
