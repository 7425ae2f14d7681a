/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <auparse.h>
#include <stdlib.h>
#include <string.h>

#include "audit/feed.h"
#include "audit/fields.h"
#include "audit/framer.h"
#include "audit/prefilter.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/strtab.h"
#include "base/u64map.h"

#define BATCH		(1024 * 1024)
#define MAX_NODES	4096
/*
 * libauparse holds an event until its PROCTITLE, or until a record
 * eoe_timeout seconds newer: records that never end, all in one second,
 * would all be held, whatever their size.  Past these, every event
 * held is closed at once (and said so); a single event past
 * MAX_EVENT_BYTES loses its further records (an exec of the largest
 * argument list Linux allows logs about 6 MB).
 */
#define MAX_OPEN_BYTES	(16u << 20)
#define MAX_OPEN_EVENTS	100000
#define MAX_EVENT_BYTES	(16u << 20)

/* An event fed to libauparse and not yet handed back. */
struct pending {
	uint32_t	 node;
	struct st_stamp id;
	struct st_file	*file;		/* where its first record is */
	uint64_t	 line;
	size_t		 n;		/* its records so far */
	size_t		 fed;		/* bytes of them given to libauparse */
	int		 torn;		/* holds a file's cut last line */
	/* Withheld whole (see prefilter.h): never fed, so libauparse will
	 * not hand it back; kept on a list, oldest first, to be let go of
	 * at its PROCTITLE or when it would have timed out. */
	int		 withheld;
	struct pending	*prev, *next;
};

struct st_feed {
	auparse_state_t	*au;
	st_feed_event_fn	 fn;
	void		*ctx;
	st_feed_record_fn	 record;
	void		*rctx;
	st_feed_progress_fn	 progress;
	void		*pctx;
	struct st_strtab nodes;
	const char	*node_last;	/* the last node interned, and its id */
	size_t		 node_len;
	uint32_t	 node_id;
	struct u64map	 pending;
	struct sbuf	 batch, scratch;
	struct st_event	 ev;
	uint64_t	 events, withheld, parsed;
	struct st_stageclock *clk, noclock;
	uint64_t	 linekey;	/* secret: see st_feed_new */
	struct st_framer *fr;		/* reading, until the end */
	struct st_producer_times frtimes;
	struct st_file	*cur;		/* the file being read */
	int64_t		 batch_max, fed_max;	/* record times, ms */
	int		 done, hash;
	struct st_prefilter *wh;
	struct pending	*held, *held_last;	/* withheld, oldest first */
	int64_t		 read_max;	/* newest record read, ms */
	size_t		 open_bytes, open_events;	/* fed, not handed back */
	uint64_t	 closed_early;	/* events closed before their end */
};

static uint64_t
pkey(uint32_t node, const struct st_stamp *id)
{
	return st_hash64(st_hash64((uint64_t)id->sec * 1000 + id->ms) ^
	    st_hash64(id->serial) ^ ((uint64_t)node << 1));
}

static struct pending *
pending_get(struct st_feed *f, uint32_t node, const struct st_stamp *id)
{
	struct pending *p = u64map_get(&f->pending, pkey(node, id));

	/* A 64-bit hash collision counts as absent. */
	if (p && (p->node != node || st_stamp_cmp(&p->id, id) != 0))
		return NULL;
	return p;
}

static void
pending_free(void *v)
{
	struct pending *p = v;

	if (p) {
		free(p);
	}
}

/* The event is out of libauparse, or given up: its bytes are not held. */
static void
forget_open(struct st_feed *f, const struct pending *p)
{
	if (p->fed == 0)
		return;
	f->open_bytes -= p->fed;
	f->open_events--;
}


static void
on_event(auparse_state_t *au, auparse_cb_event_t type, void *arg)
{
	struct st_feed *f = arg;
	const au_event_t *e;
	struct st_stamp id;
	struct pending *p;
	const char *node;
	uint32_t nid;
	enum st_stage was;

	if (type != AUPARSE_CB_EVENT_READY)
		return;
	if ((e = auparse_get_timestamp(au)) == NULL)
		return;
	id.sec = (int64_t)e->sec;
	id.ms = e->milli;
	id.serial = e->serial;
	node = e->host ? e->host : "";
	nid = st_strtab_intern(&f->nodes, node, strlen(node), &node);
	p = pending_get(f, nid, &id);
	if (p) {
		u64map_del(&f->pending, pkey(nid, &id));
		forget_open(f, p);
	}
	f->parsed++;
	st_event_reset(&f->ev);
	st_fields_read(au, &f->ev, &f->scratch);
	f->ev.node = node;
	f->ev.id = id;
	if (p) {
		f->ev.src.file = p->file->name;
		f->ev.src.line = p->line;
		p->file->events++;
		if (p->torn)
			f->ev.problems |= ST_EVP_TORN;
	}
	f->events++;
	pending_free(p);
	/* Back to the stage it came from: libauparse, or framing when an
	 * overfull feed is flushed (close_open). */
	was = st_stageclock_to(f->clk, ST_STAGE_EVENTS);
	f->fn(f->ctx, &f->ev);
	st_stageclock_to(f->clk, was);
}

struct st_feed *
st_feed_new(st_feed_event_fn fn, void *ctx)
{
	struct st_feed *f = st_calloc(1, sizeof(*f));

	f->fn = fn;
	f->ctx = ctx;
	f->clk = &f->noclock;
	/*
	 * A copy of a line is dropped on its hash alone, and the attacker
	 * writes the arguments: with a known key they could make one line
	 * pass for another and vanish.
	 */
	f->linekey = st_hash_secret();
	f->wh = st_prefilter_new(0);
	f->au = auparse_init(AUSOURCE_FEED, NULL);
	if (f->au == NULL)
		abort();
	/*
	 * auparse_init has just loaded the timeout from this machine's
	 * auditd.conf, which says nothing about the evidence.
	 */
	auparse_set_eoe_timeout(ST_EOE_TIMEOUT);
	auparse_set_escape_mode(f->au, AUPARSE_ESC_RAW);
	auparse_add_callback(f->au, on_event, f, NULL);
	st_event_init(&f->ev);
	return f;
}

void
st_feed_hashing(struct st_feed *f)
{
	f->hash = 1;
}

void
st_feed_clock(struct st_feed *f, struct st_stageclock *c)
{
	f->clk = c;
}

void
st_feed_want(struct st_feed *f, unsigned want)
{
	st_prefilter_free(f->wh);
	f->wh = st_prefilter_new(want);
}

void
st_feed_records(struct st_feed *f, st_feed_record_fn fn, void *ctx)
{
	f->record = fn;
	f->rctx = ctx;
}

void
st_feed_progress(struct st_feed *f, st_feed_progress_fn fn, void *ctx)
{
	f->progress = fn;
	f->pctx = ctx;
}

int64_t
st_feed_watermark(const struct st_feed *f)
{
	/* libauparse holds an event until a record this much newer. */
	return f->done ? INT64_MAX :
	    f->fed_max - (ST_EOE_TIMEOUT + 1) * 1000LL;
}

void
st_feed_free(struct st_feed *f)
{
	if (f == NULL)
		return;
	st_framer_stop(f->fr, NULL);
	auparse_destroy(f->au);
	u64map_release_all(&f->pending, pending_free);
	st_prefilter_free(f->wh);
	st_strtab_release(&f->nodes);
	sb_release(&f->batch);
	sb_release(&f->scratch);
	st_event_release(&f->ev);
	free(f);
}

uint64_t
st_feed_events(const struct st_feed *f)
{
	return f->events;
}

uint64_t
st_feed_parsed(const struct st_feed *f)
{
	return f->parsed;
}

void
st_feed_forget(struct st_feed *f, const char *node, long long pid)
{
	uint32_t nid = st_strtab_intern(&f->nodes, node, strlen(node), NULL);

	st_prefilter_forget(f->wh, nid, pid);
}

uint64_t
st_feed_withheld(const struct st_feed *f)
{
	return f->withheld;
}

uint64_t
st_feed_failed_withheld(const struct st_feed *f)
{
	return st_prefilter_failed(f->wh);
}

/* The interned id of a record's node; -1 past MAX_NODES names. */
static int
node_for(struct st_feed *f, const struct st_record *al, uint32_t *nid)
{
	const char *s = al->node ? al->node : "";
	size_t len = al->node ? al->nodelen : 0;

	/* A log names one node, or none, record after record. */
	if (f->node_last == NULL || len != f->node_len ||
	    memcmp(s, f->node_last, len) != 0) {
		f->node_id = st_strtab_intern(&f->nodes, s, len, &f->node_last);
		f->node_len = len;
	}
	*nid = f->node_id;
	return *nid < MAX_NODES ? 0 : -1;
}

/* An event withheld whole: it counts as read now. */
static void
hold(struct st_feed *f, struct pending *p)
{
	p->withheld = 1;
	p->prev = f->held_last;
	if (f->held_last)
		f->held_last->next = p;
	else
		f->held = p;
	f->held_last = p;
	p->file->events++;
	f->events++;
}

static void
unlink_held(struct st_feed *f, struct pending *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		f->held = p->next;
	if (p->next)
		p->next->prev = p->prev;
	else
		f->held_last = p->prev;
}

static struct pending *
pending_new(struct st_feed *f, uint32_t nid, struct st_file *file,
    const struct st_line *l, const struct st_stamp *id)
{
	struct pending *p = st_calloc(1, sizeof(*p)), *old;

	p->node = nid;
	p->id = *id;
	p->file = file;
	p->line = l->no;
	/* Two events whose keys meet: the older one is given up. */
	if ((old = u64map_put(&f->pending, pkey(nid, id), p)) != NULL) {
		if (old->withheld)
			unlink_held(f, old);
		forget_open(f, old);
		pending_free(old);
	}
	return p;
}

/* Let go of a withheld event: it has ended, or can no longer grow. */
static void
release(struct st_feed *f, struct pending *p)
{
	unlink_held(f, p);
	u64map_del(&f->pending, pkey(p->node, &p->id));
	pending_free(p);
}

/*
 * Withheld events with no PROCTITLE (kernels before 3.17 write none)
 * end as libauparse would end them: once a record this much newer
 * has been read.
 */
static void
release_old(struct st_feed *f)
{
	int64_t limit = f->read_max - ST_EOE_TIMEOUT * 1000LL;

	while (f->held && f->held->id.sec * 1000 + f->held->id.ms < limit)
		release(f, f->held);
}

/*
 * Decide what to do with a well-formed record that is no copy: 1 feed
 * it, 2 count it but keep it from libauparse; -1 drop it as damage (why
 * is set).
 */
static int
admit(struct st_feed *f, struct st_file *file, const struct st_line *l,
    const struct st_record *al, const char **why)
{
	struct pending *p;
	uint32_t nid;
	enum st_verdict v;

	if (node_for(f, al, &nid) < 0) {
		*why = "too many different node= names";
		return -1;
	}
	p = pending_get(f, nid, &al->id);
	if (st_record_is(al, "EOE")) {
		/* It ends an event and never starts one. */
		if (p == NULL || !p->withheld)
			return 1;
		release(f, p);
		return 2;
	}
	if (p && p->n >= ST_MAX_RECORDS) {
		*why = "more records in one event than any real log has";
		return -1;
	}
	if (p && p->fed + l->len > MAX_EVENT_BYTES) {
		*why = "an event larger than 16 MB: its record dropped";
		return -1;
	}
	v = p && p->withheld ? ST_SKIP_RECORD : st_prefilter_judge(f->wh, nid,
	    al, l->p + al->skip, l->len - al->skip, p == NULL);
	if (p == NULL)
		p = pending_new(f, nid, file, l, &al->id);
	if (v == ST_SKIP_EVENT)
		hold(f, p);
	p->n++;
	if (l->flags & ST_LINE_NOEOL)
		p->torn = 1;
	if (v == ST_FEED) {
		if (p->fed == 0)
			f->open_events++;
		p->fed += l->len;
		f->open_bytes += l->len;
	}
	if (p->withheld && st_record_is(al, "PROCTITLE"))
		release(f, p);
	return v == ST_FEED ? 1 : 2;
}

/* Too much held open in libauparse: close every event now. */
static void
close_open(struct st_feed *f)
{
	if (f->open_bytes <= MAX_OPEN_BYTES && f->open_events <= MAX_OPEN_EVENTS)
		return;
	f->closed_early += f->open_events;
	if (f->cur)
		st_file_warn(f->cur, "more than %u MB of records, or %u events, "
		    "open at once (never ended): events closed before their "
		    "end, from line %llu", MAX_OPEN_BYTES >> 20, MAX_OPEN_EVENTS,
		    (unsigned long long)f->cur->lines);
	auparse_flush_feed(f->au);
}

static void
flush_batch(struct st_feed *f)
{
	enum st_stage was;

	release_old(f);
	was = st_stageclock_to(f->clk, ST_STAGE_PARSE);
	if (f->batch.len)
		auparse_feed(f->au, f->batch.s, f->batch.len);
	st_stageclock_to(f->clk, was);
	sb_clear(&f->batch);
	if (f->batch_max > f->fed_max)
		f->fed_max = f->batch_max;
	close_open(f);
}

/* A record of the file being read, as dedup.h decided it. */
static void
line(struct st_feed *f, struct st_file *file, const struct st_line *l,
    const struct st_record *rec, int dup)
{
	struct st_record al = *rec;
	const char *why;
	int r;

	if (dup) {
		if (file->dups++ == 0)
			file->dup_first = rec->id;
		return;
	}
	r = admit(f, file, l, &al, &why);
	if (r < 0) {
		st_file_bad(file, l->no, why);
		return;
	}
	file->records++;
	st_file_saw(file, &al.id);
	if (f->record)
		f->record(f->rctx, &al, file, l->no);
	if (al.id.sec * 1000 + al.id.ms > f->read_max)
		f->read_max = al.id.sec * 1000 + al.id.ms;
	if (r == 2) {
		f->withheld++;
		return;
	}
	if (al.id.sec * 1000 + al.id.ms > f->batch_max)
		f->batch_max = al.id.sec * 1000 + al.id.ms;
	sb_add(&f->batch, l->p + al.skip, l->len - al.skip);
	sb_addc(&f->batch, '\n');
	if (f->batch.len >= BATCH || f->open_bytes > MAX_OPEN_BYTES)
		flush_batch(f);
}

void
st_feed_begin(struct st_feed *f, struct st_file **files, size_t n)
{
	f->fed_max = f->batch_max = f->read_max = INT64_MIN / 2;
	f->fr = st_framer_start(files, n, f->linekey, f->hash);
}

/* What the framing thread found, written where one thread would have. */
static void
take(struct st_feed *f, const struct st_framed *it)
{
	struct st_file *file = it->file;

	if (file)
		file->lines = it->lines;
	switch (it->kind) {
	case ST_FR_OPEN:
		file->read = 1;
		file->gzip = it->gzip;
		f->cur = file;
		break;
	case ST_FR_FAIL:
		file->read = 1;
		st_file_error(file, "%s", it->text);
		break;
	case ST_FR_RECORD:
		line(f, file, &it->l, &it->rec, it->dup);
		break;
	case ST_FR_BAD:
		st_file_bad(file, it->l.no, it->why);
		break;
	case ST_FR_TORN:
		file->torn = it->l.no;
		break;
	case ST_FR_CLOSE:
		if (it->failed)
			st_file_error(file, "%s (after line %llu)", it->text,
			    (unsigned long long)file->lines);
		f->cur = NULL;
		break;
	case ST_FR_PROGRESS:
		if (f->progress)
			f->progress(f->pctx, it->bytes);
		break;
	}
}

/* Every file has been read: libauparse hands out what it still holds. */
static void
finish(struct st_feed *f)
{
	flush_batch(f);
	st_stageclock_to(f->clk, ST_STAGE_PARSE);
	auparse_flush_feed(f->au);
	st_stageclock_to(f->clk, ST_STAGE_FRAME);
	st_framer_stop(f->fr, &f->frtimes);
	f->fr = NULL;
	f->done = 1;
}

int
st_feed_step(struct st_feed *f, size_t n)
{
	const struct st_framed *it;
	enum st_stage was = st_stageclock_to(f->clk, ST_STAGE_FRAME);

	for (; !f->done && n > 0; n--) {
		if ((it = st_framer_next(f->fr)) == NULL)
			finish(f);
		else
			take(f, it);
	}
	flush_batch(f);
	st_stageclock_to(f->clk, was);
	return !f->done;
}

void
st_feed_framing(const struct st_feed *f, double *busy, double *life)
{
	*busy = f->frtimes.busy;
	*life = f->frtimes.life;
}
