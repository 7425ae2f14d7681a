/* SPDX-License-Identifier: ISC */
/*
 * framer.h: audit files read, split into records and rid of copies on
 * a thread of their own.
 *
 * Reading, splitting lines, checking each record's head and looking
 * for copies (dedup.h) depend on nothing the audit side learns later,
 * and were half of the audit thread's time: that thread was the slower
 * of a run's two, with the access thread waiting a third of its life.
 * So they run ahead here, one file after another in the order given,
 * and the audit thread takes what they found as a stream of items, in
 * the order a single thread would have met them.  Nothing of a file's
 * entry is written on this thread but what reading it ends with (its
 * hash, a stream's size): what the items say is written by the taker,
 * in order, so that the report is the same as one thread's.
 */
#ifndef ST_FRAMER_H
#define ST_FRAMER_H

#include <stdint.h>

#include "audit/record.h"
#include "base/producer.h"
#include "input/files.h"
#include "input/reader.h"

enum st_framed_kind {
	ST_FR_OPEN,		/* file opened: gzip says how it reads */
	ST_FR_FAIL,		/* file could not be opened: text says why */
	ST_FR_RECORD,		/* a record line: l, rec, dup */
	ST_FR_BAD,		/* line l.no is no record: why */
	ST_FR_TORN,		/* line l.no is the last, without newline */
	ST_FR_CLOSE,		/* file ended; failed: text says why */
	ST_FR_PROGRESS,		/* bytes more read of the file */
};

/* An item, valid until the next st_framer_next. */
struct st_framed {
	enum st_framed_kind kind;
	struct st_file	*file;
	uint64_t	 lines;		/* of the file, read when it was made */
	struct st_line	 l;		/* RECORD: no text when dup */
	struct st_record rec;
	int		 dup;
	int		 gzip;		/* OPEN */
	int		 failed;	/* CLOSE */
	const char	*why;		/* BAD */
	const char	*text;		/* FAIL, CLOSE */
	uint64_t	 bytes;		/* PROGRESS */
};

struct st_framer;

/*
 * Start reading files, in this order; key keys the copy check's hashes.
 * Readers take a file's held stream; with hash, each file is hashed
 * (st_file_done).  files must outlive the framer.
 */
struct st_framer *st_framer_start(struct st_file **files, size_t n,
		    uint64_t key, int hash);
/* The next item, waiting for it; NULL at the end. */
const struct st_framed *st_framer_next(struct st_framer *fr);
/*
 * Stop the thread, whatever it was doing, and free fr.  t, when not
 * NULL, is told how long the thread read and framed, of how long it ran.
 */
void		 st_framer_stop(struct st_framer *fr,
		    struct st_producer_times *t);

#endif
