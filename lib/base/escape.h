/* SPDX-License-Identifier: ISC */
/*
 * escape.h: make attacker-chosen bytes safe to show.
 *
 * Everything printed for a person (the table, CSV cells, messages) goes
 * through here: control bytes, invalid UTF-8 and the Unicode format
 * characters that reorder or hide text (bidi overrides, zero-width
 * marks) come out as visible escapes, never as themselves.  Valid,
 * printable UTF-8 such as Chinese text passes unchanged.
 */
#ifndef ST_ESCAPE_H
#define ST_ESCAPE_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "base/sbuf.h"

/* Length (1-4) of the valid UTF-8 sequence at p, or 0; *cp gets it. */
size_t	st_utf8_next(const char *p, size_t n, uint32_t *cp);

/* Printable code point: not a control, not a hiding format character. */
int	st_cp_printable(uint32_t cp);

/* s as one shell word: bare, '...' or $'...' with escapes. */
void	st_shquote(struct sbuf *out, const char *s, size_t n);

/*
 * s with unsafe bytes as \n, \t, \r or \xHH, and '\' doubled, so that
 * the original bytes can be recovered.
 */
void	st_escape(struct sbuf *out, const char *s, size_t n);

/* Columns that escaped (safe) text takes on a terminal. */
size_t	st_display_width(const char *s, size_t n);
/* Bytes of the longest prefix of safe text that fits in cols columns. */
size_t	st_display_cut(const char *s, size_t n, size_t cols);

/* Attacker-chosen text on the analyst's terminal: escaped. */
void	st_fputs_escaped(FILE *fp, const char *s);
/*
 * Safe text (already escaped) cut to max bytes, between UTF-8
 * characters, saying how long it was: a summary's line has room for a
 * command, the timeline for all of it.
 */
void	st_fputs_cut(FILE *fp, size_t max, const char *s);

#endif
