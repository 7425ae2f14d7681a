/* SPDX-License-Identifier: ISC */
/*
 * reader.h: read one evidence file as lines, plain or gzip, never writing.
 *
 * Files are opened read-only and never created, truncated or unpacked
 * to disk.  gzip is recognised by its magic bytes, not by its name, and
 * inflated here, so the raw bytes pass through this module: they can be
 * hashed for a manifest as they are read, and the position in the file
 * is known without asking the kernel.  Lines are cut at a fixed limit
 * so a file with no newlines cannot make memory grow; the rest of such
 * a line is skipped and the line is marked.
 */
#ifndef ST_READER_H
#define ST_READER_H

#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"
#include "input/archive.h"

#define ST_LINE_MAX	(1024 * 1024)	/* longest line kept, in bytes */

enum {
	ST_LINE_CUT	= 1 << 0,	/* longer than ST_LINE_MAX: cut */
	ST_LINE_NOEOL	= 1 << 1,	/* last line of the file, no newline */
	ST_LINE_CR	= 1 << 2,	/* a CR before the newline was removed */
};

struct st_line {
	const char	*p;		/* valid until the next read */
	size_t		 len;
	uint64_t	 no;		/* 1-based */
	unsigned	 flags;
};

struct st_reader;

/*
 * Open path ("-" is standard input).  On failure returns NULL and
 * writes a reason into err.
 */
struct st_reader	*st_reader_open(const char *path, int nofollow, char *err,
		    size_t errlen);
/*
 * The data of the entry an archive stands at (archive.h); the archive
 * must outlive the input, and is not closed with it.
 */
struct st_reader	*st_reader_open_archive(struct st_archive *a);
/* Entry number index of the archive at path, opened for itself. */
struct st_reader	*st_reader_open_member(const char *path, int nofollow,
		    const struct st_archive_at *at,
		    char *err, size_t errlen);
/*
 * The whole of a small file (a configuration, a rules file), plain or
 * gzip, as lines ending in '\n', at most max bytes once inflated: a
 * 400 KB gzip of 400 MB must not become 400 MB here.  -1 with err.
 */
int		 st_reader_slurp(const char *path, size_t max, struct sbuf *out,
		    char *err, size_t errlen);
/* Read from memory instead (tests, fuzzing); buf must outlive it. */
struct st_reader	*st_reader_open_mem(const void *buf, size_t len);
void		 st_reader_close(struct st_reader *in);

/* 1: a line; 0: end of file; -1: read error (see st_reader_error). */
int		 st_reader_line(struct st_reader *in, struct st_line *l);
const char	*st_reader_error(const struct st_reader *in);

/*
 * Read up to max bytes from the start without consuming them: the
 * following st_reader_line calls see them again.  Only valid before
 * the first st_reader_line call.  Returns the bytes available.
 */
size_t		 st_reader_peek(struct st_reader *in, size_t max,
		    const char **p);

int		 st_reader_is_gzip(const struct st_reader *in);
/*
 * Decode (read, inflate, hash) on a thread of its own from now on, a
 * few blocks ahead of the lines taken: the caller's thread only cuts
 * lines.  Call after st_reader_hash, before the first line.
 */
void		 st_reader_readahead(struct st_reader *in);
/* Bytes of the file itself consumed so far (compressed for gzip). */
uint64_t	 st_reader_raw_offset(const struct st_reader *in);

/*
 * Hash every raw byte from now on; call before reading anything.
 * st_reader_sha256 reads what is left, then gives the SHA-256 of the
 * whole file as 64 hex digits; -1 on a read error.
 */
void		 st_reader_hash(struct st_reader *in);
int		 st_reader_sha256(struct st_reader *in, char hex[65]);

#endif
