/* SPDX-License-Identifier: ISC */
/*
 * dedup.h: which lines of an audit file repeat lines read before.
 *
 * Evidence often holds the same records twice: audit.log.1 beside
 * audit.log.1.gz, a set collected twice, a copy taken before a
 * rotation beside the file it became, an ausearch export.  A line is
 * a copy only when the very same bytes were read before, at the same
 * place of a file read earlier: never because of its time or serial,
 * which an attacker writes (two forged records dated 2001 and 9999
 * once made every genuine record "older than what was read").
 *
 * So that memory does not grow with the logs, only some lines are
 * remembered, by a keyed hash: anchors, about one line in ANCHOR_EVERY,
 * and the last lines read.  A line repeated within one file is what
 * that file says (an event may hold two identical records): only a
 * line of another file makes a copy.
 * Lines wait here until an anchor decides them: when a waiting anchor
 * was met in an earlier file, that file is read again beside this one
 * and each line compared byte for byte, at its offset from the anchor,
 * then in step until the files part; an anchor never met before means
 * new content.  Lines are handed back in their order, each marked a
 * copy or not.
 */
#ifndef ST_DEDUP_H
#define ST_DEDUP_H

#include <stdint.h>

#include "audit/record.h"
#include "input/files.h"
#include "input/reader.h"

/* A record line decided, as scanned: dup when it repeats one read before. */
typedef void	(*st_dedup_fn)(void *ctx, const struct st_line *l,
		    const struct st_record *rec, int dup);

struct st_dedup;

/* key keys the hashes: a secret, so that no line can pass for another. */
struct st_dedup	*st_dedup_new(uint64_t key, st_dedup_fn fn, void *ctx);
void		 st_dedup_free(struct st_dedup *d);

/*
 * The next file starts; f stays valid, to be read again if need be.
 * last: no file is read after it.
 */
void		 st_dedup_file(struct st_dedup *d, struct st_file *f,
		    int last);
/*
 * One record line of it, in order, as st_record_scan read it: lines
 * that are no record are no one's copy, and are not given.
 */
void		 st_dedup_line(struct st_dedup *d, const struct st_line *l,
		    const struct st_record *rec);
/* The file has ended: every line still waiting is decided. */
void		 st_dedup_end(struct st_dedup *d);

#endif
