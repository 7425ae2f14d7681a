/* SPDX-License-Identifier: ISC */
/*
 * sbuf.h: a growable byte string, always NUL-terminated.
 *
 * Bytes from the logs may hold NULs, so the length is authoritative;
 * the terminator only makes the common case convenient.
 */
#ifndef ST_SBUF_H
#define ST_SBUF_H

#include <stdarg.h>
#include <stddef.h>

struct sbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};

#define SBUF_INIT { NULL, 0, 0 }

void	 sb_add(struct sbuf *b, const void *p, size_t n);
void	 sb_addc(struct sbuf *b, char c);
void	 sb_adds(struct sbuf *b, const char *s);
void	 sb_addf(struct sbuf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 sb_vaddf(struct sbuf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
/* Room for n more bytes at the end: write there, then sb_commit. */
char	*sb_reserve(struct sbuf *b, size_t n);
void	 sb_commit(struct sbuf *b, size_t n);
void	 sb_clear(struct sbuf *b);
void	 sb_release(struct sbuf *b);
/* Hand the string to the caller, who frees it; b is left empty. */
char	*sb_detach(struct sbuf *b);
/* The string, or "" when nothing was added. */
const char *sb_str(const struct sbuf *b);

#endif
