/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "audit/dedup.h"
#include "audit/framer.h"
#include "base/alloc.h"
#include "base/prefetch.h"
#include "base/producer.h"
#include "base/sbuf.h"

/*
 * Chunks of CHUNK bytes, AHEAD of them ready: 1 MB of slack, which
 * keeps both threads busy on plain and gzip files alike.  Filling stops
 * ROOM short of the end, so the item that crosses the mark seldom
 * regrows the chunk; a chunk holds at least what one line's reading
 * gave, which copy checking can make a few MB (the lines it held back,
 * dedup.h): chunks grow for that.
 */
#define CHUNK		(256 * 1024)
#define ROOM		(32 * 1024)
#define FULL		(CHUNK - ROOM)
#define AHEAD		4
#define PROGRESS_STEP	(4 * 1024 * 1024)

/* An item as packed, its text following; pointers are made on taking. */
struct packed {
	enum st_framed_kind kind;
	int		 dup, gzip, failed;
	struct st_file	*file;
	uint64_t	 lines, no, bytes;
	unsigned	 flags;
	const char	*why;
	struct st_record rec;
	size_t		 node_off, type_off;	/* in the line */
	size_t		 len;		/* of the text */
	size_t		 size;		/* to the next item */
};

struct chunk {
	struct sbuf	 b;
	size_t		 at;		/* the taker's place */
};

struct st_framer {
	struct st_producer *ahead;
	struct chunk	*taking;
	struct st_framed view;
	/* The thread's own. */
	struct st_file	**files;
	size_t		 nfiles, next;
	struct st_file	*file;
	struct st_reader *in;
	struct st_dedup	*dedup;
	struct chunk	*filling;
	uint64_t	 lines;		/* of the file being read */
	uint64_t	 last_off;
	int		 hash, ended;
};

static size_t
aligned(size_t n)
{
	size_t a = alignof(struct packed);

	return (n + a - 1) / a * a;
}

/* A new item of kind at the end of the chunk, with len bytes of text. */
static struct packed *
pack(struct st_framer *fr, enum st_framed_kind kind, const void *text,
    size_t len)
{
	struct sbuf *b = &fr->filling->b;
	size_t size = aligned(sizeof(struct packed) + len + 1);
	struct packed *p = (struct packed *)sb_reserve(b, size);

	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->file = fr->file;
	p->lines = fr->lines;
	p->len = len;
	p->size = size;
	if (len)
		memcpy(p + 1, text, len);
	((char *)(p + 1))[len] = '\0';
	sb_commit(b, size);
	return p;
}

/* dedup.h's verdict on a record line, in the order of the lines. */
static void
decided(void *ctx, const struct st_line *l, const struct st_record *rec,
    int dup)
{
	struct st_framer *fr = ctx;
	struct packed *p = pack(fr, ST_FR_RECORD, l->p, dup ? 0 : l->len);

	p->dup = dup;
	p->no = l->no;
	p->flags = l->flags;
	p->rec = *rec;
	p->node_off = rec->node ? (size_t)(rec->node - l->p) : 0;
	p->type_off = (size_t)(rec->type - l->p);
}

static void
bad(struct st_framer *fr, const struct st_line *l, const char *why)
{
	struct packed *p = pack(fr, ST_FR_BAD, NULL, 0);

	p->no = l->no;
	p->why = why;
}

/* A line as read: damage is said at once, a record goes to dedup.h. */
static void
read_line(struct st_framer *fr, const struct st_line *l)
{
	struct st_record rec;
	const char *why;

	if (l->flags & ST_LINE_CUT) {
		bad(fr, l, "line longer than 1 MiB");
		return;
	}
	/*
	 * auditd writes whole lines: a last line without its newline was
	 * cut.  It is used, since its head is real evidence, and its
	 * event is flagged.
	 */
	if (l->flags & ST_LINE_NOEOL)
		pack(fr, ST_FR_TORN, NULL, 0)->no = l->no;
	if ((why = st_record_scan(l->p, l->len, &rec)) != NULL)
		bad(fr, l, why);
	else
		st_dedup_line(fr->dedup, l, &rec);
}

static void
progress(struct st_framer *fr)
{
	uint64_t off = st_reader_raw_offset(fr->in);

	if (off - fr->last_off < PROGRESS_STEP)
		return;
	pack(fr, ST_FR_PROGRESS, NULL, 0)->bytes = off - fr->last_off;
	fr->last_off = off;
}

/* Open the next file that opens; 0 when there is none. */
static int
open_next(struct st_framer *fr)
{
	char err[256];
	struct st_file *file;

	while (fr->next < fr->nfiles) {
		fr->file = file = fr->files[fr->next++];
		fr->lines = 0;
		fr->in = file->held;
		file->held = NULL;
		if (fr->in == NULL && (fr->in = st_file_open(file, err,
		    sizeof(err))) == NULL) {
			pack(fr, ST_FR_FAIL, err, strlen(err));
			continue;
		}
		if (fr->hash)
			st_reader_hash(fr->in);
		st_reader_readahead(fr->in);
		fr->lines = fr->last_off = 0;
		pack(fr, ST_FR_OPEN, NULL, 0)->gzip = st_reader_is_gzip(fr->in);
		st_dedup_file(fr->dedup, file, fr->next == fr->nfiles);
		return 1;
	}
	fr->file = NULL;
	return 0;
}

static void
close_current(struct st_framer *fr, int rc)
{
	const char *err = rc < 0 ? st_reader_error(fr->in) : "";
	struct packed *p;

	st_dedup_end(fr->dedup);
	p = pack(fr, ST_FR_CLOSE, err, strlen(err));
	p->failed = rc < 0;
	p = pack(fr, ST_FR_PROGRESS, NULL, 0);
	p->bytes = st_reader_raw_offset(fr->in) - fr->last_off;
	st_file_done(fr->file, fr->in, fr->hash);
	st_reader_close(fr->in);
	fr->in = NULL;
	fr->file = NULL;
}

/* Read on until the chunk is full or every file has ended. */
static void
frame(struct st_framer *fr)
{
	struct st_line l;
	int rc = 1;

	while (!fr->ended && fr->filling->b.len < FULL) {
		if (fr->in == NULL && !open_next(fr)) {
			fr->ended = 1;
			break;
		}
		if (fr->in == NULL)
			continue;
		while (fr->filling->b.len < FULL &&
		    (rc = st_reader_line(fr->in, &l)) > 0) {
			fr->lines++;
			if (l.len)
				read_line(fr, &l);
			if ((fr->lines & 63) == 0)
				progress(fr);
		}
		if (fr->filling->b.len < FULL)
			close_current(fr, rc);
	}
}

static void
free_chunk(void *ctx, void *item)
{
	struct chunk *c = item;

	(void)ctx;
	sb_release(&c->b);
	free(c);
}

static void *
fill_chunk(void *ctx, void *reuse)
{
	struct st_framer *fr = ctx;
	struct chunk *c;

	c = fr->filling = reuse ? reuse : st_calloc(1, sizeof(*c));
	/* One grown for a long line goes back to the usual size. */
	if (c->b.cap > CHUNK)
		sb_release(&c->b);
	sb_clear(&c->b);
	sb_reserve(&c->b, CHUNK - 1);
	c->at = 0;
	frame(fr);
	fr->filling = NULL;
	if (c->b.len > 0)
		return c;
	free_chunk(fr, c);
	return NULL;
}

struct st_framer *
st_framer_start(struct st_file **files, size_t n, uint64_t key, int hash)
{
	struct st_framer *fr = st_calloc(1, sizeof(*fr));

	fr->files = files;
	fr->nfiles = n;
	fr->hash = hash;
	fr->dedup = st_dedup_new(key, decided, fr);
	fr->ahead = st_producer_start(fill_chunk, free_chunk, fr, AHEAD);
	return fr;
}

/* The item at the taker's place, as pointers into its chunk. */
static const struct st_framed *
view(struct st_framer *fr, const struct packed *p)
{
	struct st_framed *v = &fr->view;
	const char *text = (const char *)(p + 1);

	memset(v, 0, sizeof(*v));
	v->kind = p->kind;
	v->file = p->file;
	v->lines = p->lines;
	v->l.p = text;
	v->l.len = p->len;
	v->l.no = p->no;
	v->l.flags = p->flags;
	v->rec = p->rec;
	if (p->kind == ST_FR_RECORD && !p->dup) {
		if (v->rec.node)
			v->rec.node = text + p->node_off;
		v->rec.type = text + p->type_off;
	}
	v->dup = p->dup;
	v->gzip = p->gzip;
	v->failed = p->failed;
	v->why = p->why;
	v->text = text;
	v->bytes = p->bytes;
	return v;
}

const struct st_framed *
st_framer_next(struct st_framer *fr)
{
	const struct packed *p;

	for (;;) {
		if (fr->taking && fr->taking->at < fr->taking->b.len) {
			p = (const struct packed *)(fr->taking->b.s +
			    fr->taking->at);
			st_prefetch_ahead(fr->taking->b.s, fr->taking->b.len,
			    fr->taking->at, p->size);
			fr->taking->at += p->size;
			return view(fr, p);
		}
		if (fr->taking)
			st_producer_discard(fr->ahead, fr->taking);
		if ((fr->taking = st_producer_next(fr->ahead)) == NULL)
			return NULL;
	}
}

void
st_framer_stop(struct st_framer *fr, struct st_producer_times *t)
{
	if (fr == NULL)
		return;
	if (fr->taking)
		st_producer_discard(fr->ahead, fr->taking);
	st_producer_stop(fr->ahead, t);
	st_reader_close(fr->in);
	st_dedup_free(fr->dedup);
	free(fr);
}
