/* SPDX-License-Identifier: ISC */
/*
 * wire.h: timeline rows and other records through a pipe, between
 * a batch scan's worker processes and the one that writes.
 *
 * Each host runs in a process of its own (libauparse keeps state per
 * process, not per parser), and the writing process merges their rows
 * by time.  A record is a tag byte, a 32-bit length and the payload;
 * the reader takes records from whatever bytes have arrived, so it can
 * serve many pipes without blocking on one.  Both ends are the same
 * binary: the encoding is native, never stored.
 */
#ifndef ST_WIRE_H
#define ST_WIRE_H

#include <stddef.h>
#include <stdio.h>

#include "timeline/row.h"
#include "timeline/sink.h"

enum st_wire_tag {
	ST_WIRE_ROW	= 'R',
	ST_WIRE_PROGRESS = 'P',		/* bytes read so far, a uint64 */
	ST_WIRE_SUMMARY	= 'S',		/* the host's summary (report/hostsum.h) */
	ST_WIRE_TEXT	= 'T',		/* its report for a person */
	ST_WIRE_SHELLS	= 'W',		/* its web shell summary */
};

/* A sink whose rows go down out as ST_WIRE_ROW records. */
struct st_sink *st_wire_sink(FILE *out);

/* Write one record. */
void	st_wire_put(FILE *out, int tag, const void *p, size_t len);

/*
 * The next whole record at the start of b[0..n): its tag, payload and
 * length, and the bytes it takes; 0 when it has not all arrived, -1
 * when the bytes cannot be a record.
 */
long	st_wire_next(const char *b, size_t n, int *tag, const char **p,
	    size_t *len);

/* Decode an ST_WIRE_ROW payload into r; -1 when malformed. */
int	st_wire_row(const char *p, size_t len, struct st_row *r);

#endif
