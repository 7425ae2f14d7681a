/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "audit/dedup.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/sbuf.h"
#include "base/u64map.h"

/*
 * About one line in ANCHOR_EVERY is an anchor, by its hash; when the
 * table holds MAX_ANCHORS, every other anchor is forgotten and anchors
 * get twice as rare, so the table stays near 8 MB whatever the logs.
 * Lines wait for an anchor at most HOLD_LINES lines or HOLD_BYTES bytes:
 * with anchors one in 64, a run of 4,096 lines holds none with odds of
 * about 1e-28.
 */
#define ANCHOR_EVERY	32
/* Smaller in a test, so that a few thousand lines fill the table. */
#ifdef ST_DEDUP_MAX_ANCHORS
#define MAX_ANCHORS	ST_DEDUP_MAX_ANCHORS
#else
#define MAX_ANCHORS	(1u << 17)
#endif
#define HOLD_LINES	4096
#define HOLD_BYTES	(8u << 20)
/*
 * Short repeats, too short to hold an anchor (three records copied
 * from one file into another), are caught by the lines read lately: a
 * table of RECENT slots, each holding the last line whose unkeyed hash
 * chose it (so that what is caught is the same on every run), checked
 * by its keyed hash.  A slot taken over forgets its line: a repeat
 * missed is read twice, never a line lost.
 */
#define RECENT		32768
/* Bytes of a line that choose whether it is an anchor. */
#define MARK_BYTES	64

struct held {
	size_t		 off, len;	/* in the byte buffer */
	uint64_t	 no, hash;
	uint64_t	 mark;		/* an unkeyed hash: is it an anchor? */
	unsigned	 flags;
	int		 dup;		/* a recent line's copy */
	struct st_record rec;		/* node and type: see the offsets */
	size_t		 node_off, type_off;	/* in the line */
};

struct recent {
	uint64_t	 hash;		/* keyed */
	size_t		 file;		/* plus one; 0: an empty slot */
};

struct anchor {
	size_t		 file;		/* by the order files were read */
	uint64_t	 line;
	uint64_t	 mark;		/* its unkeyed hash */
};

struct st_dedup {
	uint64_t	 key;
	st_dedup_fn	 fn;
	void		*ctx;
	struct u64map	 anchors;	/* hash -> (file + 1) << 40 | line */
	unsigned	 every;
	struct recent	*recent;	/* RECENT slots */
	struct st_file	**files;	/* by the order they were read */
	size_t		 nfiles, capfiles;
	int		 last;		/* no file is read after this one */
	/* Lines of the current file waiting for an anchor. */
	struct sbuf	 bytes;
	struct held	*held;
	size_t		 first, nheld, capheld;
	/* An earlier file read in step with the current one. */
	struct st_reader *shadow;
	int64_t		 delta;		/* its line number minus ours */
	struct st_line	 sl;		/* its current line */
	int		 have_sl;
};

struct st_dedup *
st_dedup_new(uint64_t key, st_dedup_fn fn, void *ctx)
{
	struct st_dedup *d = st_calloc(1, sizeof(*d));

	d->key = key;
	d->fn = fn;
	d->ctx = ctx;
	d->every = ANCHOR_EVERY;
	d->recent = st_calloc(RECENT, sizeof(*d->recent));
	return d;
}

static void
stop_shadow(struct st_dedup *d)
{
	st_reader_close(d->shadow);
	d->shadow = NULL;
	d->have_sl = 0;
}

void
st_dedup_free(struct st_dedup *d)
{
	if (d == NULL)
		return;
	stop_shadow(d);
	u64map_release_all(&d->anchors, free);
	free(d->recent);
	sb_release(&d->bytes);
	free(d->held);
	free(d->files);
	free(d);
}

/*
 * Anchors are chosen by an unkeyed hash, so that what is found is the
 * same on every run; they are looked up by the keyed one, so that no
 * crafted line can pass for another.
 */
static int
is_anchor(const struct st_dedup *d, uint64_t mark)
{
	return (mark >> 32) % d->every == 0;
}

/*
 * The table is full: anchors get twice as rare.  Those kept are the
 * ones the rarer rule would have chosen: their marks are in the value.
 * The others are deleted in place, their keys listed first (a deletion
 * shifts slots the walk has yet to see): a new table for those kept
 * would, for a moment, be 3 MB beside the full one.
 */
static void
thin(struct st_dedup *d)
{
	uint64_t *gone = NULL;
	size_t n = 0, cap = 0, i;
	struct anchor *a;

	d->every *= 2;
	for (i = 0; i < d->anchors.cap; i++) {
		a = d->anchors.slot[i].val;
		if (a == NULL || is_anchor(d, a->mark))
			continue;
		gone = st_grow(gone, &cap, n + 1, sizeof(*gone));
		gone[n++] = d->anchors.slot[i].key;
	}
	for (i = 0; i < n; i++)
		free(u64map_del(&d->anchors, gone[i]));
	free(gone);
}

static void
remember(struct st_dedup *d, uint64_t h, uint64_t mark, uint64_t no)
{
	struct anchor *a;

	if (d->anchors.n >= MAX_ANCHORS) {
		/*
		 * The mark's hash is unkeyed, so lines can be made to stay
		 * anchors however rare they get: every would double until
		 * it wrapped to zero.  Past the rarest rule, or with the
		 * table still full, no line becomes an anchor; a copy then
		 * missed is read twice.
		 */
		if (d->every > UINT_MAX / 2)
			return;
		thin(d);
		if (d->anchors.n >= MAX_ANCHORS)
			return;
	}
	if (!is_anchor(d, mark) || u64map_get(&d->anchors, h) != NULL)
		return;
	a = st_malloc(sizeof(*a));
	a->file = d->nfiles - 1;
	a->line = no;
	a->mark = mark;
	u64map_put(&d->anchors, h, a);
}

/* A line read: it takes its slot of the recent ones. */
static void
recent_add(struct st_dedup *d, uint64_t h, uint64_t mark)
{
	struct recent *r = &d->recent[mark % RECENT];

	if (r->file == 0 || r->hash != h) {
		r->hash = h;
		r->file = d->nfiles;
	}
}

/* Was the same line read lately, in another file? */
static int
recent_copy(const struct st_dedup *d, uint64_t h, uint64_t mark)
{
	const struct recent *r = &d->recent[mark % RECENT];

	return r->file != 0 && r->hash == h && r->file != d->nfiles;
}

/* Hand the oldest waiting line back, a copy or not. */
static void
release_one(struct st_dedup *d, int dup)
{
	const struct held *x = &d->held[d->first];
	const char *p = d->bytes.s + x->off;
	struct st_line l = { p, x->len, x->no, x->flags };
	struct st_record rec = x->rec;

	if (rec.node)
		rec.node = p + x->node_off;
	rec.type = p + x->type_off;
	recent_add(d, x->hash, x->mark);
	d->fn(d->ctx, &l, &rec, dup || x->dup);
	d->first++;
	d->nheld--;
	if (d->nheld == 0) {
		d->first = 0;
		sb_clear(&d->bytes);
	}
}

static void
release_all(struct st_dedup *d)
{
	while (d->nheld)
		release_one(d, 0);
}

/* Make room: the line held longest is new content after all. */
static void
make_room(struct st_dedup *d)
{
	size_t k;

	while (d->nheld > HOLD_LINES || (d->nheld > 1 && d->bytes.len -
	    d->held[d->first].off > HOLD_BYTES))
		release_one(d, 0);
	if (d->first > d->nheld && d->first > 64) {
		/* Keep the buffers from growing: move the rest down. */
		size_t base = d->held[d->first].off;

		memmove(d->bytes.s, d->bytes.s + base, d->bytes.len - base);
		d->bytes.len -= base;
		for (k = 0; k < d->nheld; k++) {
			d->held[k] = d->held[d->first + k];
			d->held[k].off -= base;
		}
		d->first = 0;
	}
}

static void
hold(struct st_dedup *d, const struct st_line *l, const struct st_record *rec,
    uint64_t h, uint64_t mark)
{
	struct held *x;

	d->held = st_grow(d->held, &d->capheld, d->first + d->nheld + 1,
	    sizeof(*d->held));
	x = &d->held[d->first + d->nheld++];
	x->off = d->bytes.len;
	x->len = l->len;
	x->no = l->no;
	x->hash = h;
	x->mark = mark;
	x->flags = l->flags;
	x->dup = recent_copy(d, h, x->mark);
	/* The record's pointers into the line, kept as offsets. */
	x->rec = *rec;
	x->node_off = rec->node ? (size_t)(rec->node - l->p) : 0;
	x->type_off = (size_t)(rec->type - l->p);
	sb_add(&d->bytes, l->p, l->len);
}

/* Move the shadow to its line number no; 1 when it has that line. */
static int
shadow_at(struct st_dedup *d, uint64_t no)
{
	while (!d->have_sl || d->sl.no < no) {
		if (st_reader_line(d->shadow, &d->sl) <= 0) {
			stop_shadow(d);
			return 0;
		}
		d->have_sl = 1;
	}
	return d->sl.no == no;
}

/* Is the line numbered no with these bytes the shadow's, in step? */
static int
same(struct st_dedup *d, const char *p, size_t len, unsigned flags,
    uint64_t no)
{
	int64_t at = (int64_t)no + d->delta;

	if (d->shadow == NULL || at < 1 || !shadow_at(d, (uint64_t)at))
		return 0;
	return d->sl.len == len && (d->sl.flags & ST_LINE_CUT) ==
	    (flags & ST_LINE_CUT) && memcmp(d->sl.p, p, len) == 0;
}

/*
 * The newest waiting line is an anchor first read as line `line` of
 * file `file`: read that file again beside this one, and decide every
 * waiting line by its counterpart there.
 */
static void
align(struct st_dedup *d, size_t file, uint64_t line)
{
	const struct held *last = &d->held[d->first + d->nheld - 1];
	const struct held *x;
	char err[256];

	d->shadow = st_file_open(d->files[file], err, sizeof(err));
	d->delta = (int64_t)line - (int64_t)last->no;
	d->have_sl = 0;
	while (d->nheld) {
		x = &d->held[d->first];
		release_one(d, same(d, d->bytes.s + x->off, x->len, x->flags,
		    x->no));
	}
}

void
st_dedup_file(struct st_dedup *d, struct st_file *f, int last)
{
	d->files = st_grow(d->files, &d->capfiles, d->nfiles + 1,
	    sizeof(*d->files));
	d->files[d->nfiles++] = f;
	d->last = last;
}

/* A line's unkeyed mark and keyed hash, its recent slot fetched. */
static uint64_t
hashes(const struct st_dedup *d, const struct st_line *l, uint64_t *mark)
{
	/* The record's head holds its time and serial: enough to choose. */
	*mark = st_hash_bytes(l->p, l->len < MARK_BYTES ? l->len :
	    MARK_BYTES);
	/* The recent slot is a cache miss (the table is larger than the
	 * cache, by design): let it load while the line is hashed. */
	__builtin_prefetch(&d->recent[*mark % RECENT], 1);
	return st_hash_keyed(d->key, l->p, l->len);
}

/*
 * Nothing was read before: no line of the first file is a copy.  It is
 * remembered for the files after it; when none follows, nothing is
 * hashed (a quarter of the framing thread's instructions on one
 * audit.log).
 */
static void
first_file_line(struct st_dedup *d, const struct st_line *l,
    const struct st_record *rec)
{
	uint64_t mark, h;

	if (!d->last) {
		h = hashes(d, l, &mark);
		if (!d->files[0]->stream)
			remember(d, h, mark, l->no);
		recent_add(d, h, mark);
	}
	d->fn(d->ctx, l, rec, 0);
}

void
st_dedup_line(struct st_dedup *d, const struct st_line *l,
    const struct st_record *rec)
{
	struct st_file *cur = d->files[d->nfiles - 1];
	const struct held *x;
	struct anchor *a;
	uint64_t mark, h;

	if (d->nfiles == 1) {
		first_file_line(d, l, rec);
		return;
	}
	h = hashes(d, l, &mark);
	if (d->shadow) {
		if (same(d, l->p, l->len, l->flags, l->no)) {
			recent_add(d, h, mark);
			d->fn(d->ctx, l, rec, 1);
			return;
		}
		stop_shadow(d);		/* the files part here */
	}
	hold(d, l, rec, h, mark);
	x = &d->held[d->first + d->nheld - 1];
	if (!is_anchor(d, x->mark)) {
		make_room(d);
		return;
	}
	a = u64map_get(&d->anchors, h);
	if (a && a->file != d->nfiles - 1) {
		align(d, a->file, a->line);
		return;
	}
	/* Never met before, or only in this very file: new content.  A
	 * stream cannot be read again, so it leaves no anchor. */
	if (!cur->stream)
		remember(d, h, x->mark, l->no);
	release_all(d);
}

void
st_dedup_end(struct st_dedup *d)
{
	release_all(d);
	stop_shadow(d);
}
