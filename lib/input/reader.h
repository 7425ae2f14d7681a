/*
 * input.h: read one evidence file as lines, plain or gzip, never writing.
 *
 * Files are opened read-only and never created, truncated or unpacked
 * to disk.  gzip is recognised by its magic bytes, not by its name, and
 * inflated here, so the raw bytes pass through this module: they can be
 * hashed for a manifest as they are read, and the position in the file
 * is known without asking the kernel.  Lines are cut at a fixed limit
 * so a file with no newlines cannot make memory grow; the rest of such
 * a line is skipped and the line is marked.
 */
#ifndef ST_INPUT_H
#define ST_INPUT_H

#include <stddef.h>
#include <stdint.h>

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

struct st_input;

/*
 * Open path ("-" is standard input).  On failure returns NULL and
 * writes a reason into err.
 */
struct st_input	*st_input_open(const char *path, char *err, size_t errlen);
struct st_archive;
/*
 * The data of the entry an archive stands at (members.h); the archive
 * must outlive the input, and is not closed with it.
 */
struct st_input	*st_input_open_archive(struct st_archive *a);
/* Entry number index of the archive at path, opened for itself. */
struct st_input	*st_input_open_member(const char *path, uint64_t index,
		    char *err, size_t errlen);
/* Read from memory instead (tests, fuzzing); buf must outlive it. */
struct st_input	*st_input_open_mem(const void *buf, size_t len);
void		 st_input_close(struct st_input *in);

/* 1: a line; 0: end of file; -1: read error (see st_input_error). */
int		 st_input_line(struct st_input *in, struct st_line *l);
const char	*st_input_error(const struct st_input *in);

/*
 * Read up to max bytes from the start without consuming them: the
 * following st_input_line calls see them again.  Only valid before
 * the first st_input_line call.  Returns the bytes available.
 */
size_t		 st_input_peek(struct st_input *in, size_t max,
		    const char **p);

int		 st_input_is_gzip(const struct st_input *in);
/*
 * Decode (read, inflate, hash) on a thread of its own from now on, a
 * few blocks ahead of the lines taken: the caller's thread only cuts
 * lines.  Call after st_input_hash, before the first line.
 */
void		 st_input_readahead(struct st_input *in);
/* Bytes of the file itself consumed so far (compressed for gzip). */
uint64_t	 st_input_raw_offset(const struct st_input *in);

/*
 * Hash every raw byte from now on; call before reading anything.
 * st_input_sha256 reads what is left, then gives the SHA-256 of the
 * whole file as 64 hex digits; -1 on a read error.
 */
void		 st_input_hash(struct st_input *in);
int		 st_input_sha256(struct st_input *in, char hex[65]);

#endif
