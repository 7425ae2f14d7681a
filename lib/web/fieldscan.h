/* SPDX-License-Identifier: ISC */
/*
 * fieldscan.h: a log format matched by hand, in front of its pattern.
 *
 * PCRE2's JIT is fast, but most access log lines are the same few
 * builtin formats, and their fields are simple: text up to a closing
 * quote, digits, a CLF time.  A scan is the format's pattern walked
 * once, left to right, taking at each step what the pattern would take
 * first: the longest run a possessive quantifier takes, a field's own
 * pattern before its "-".  That first path is the one PCRE2 tries
 * first, so when it reaches the end of the line, PCRE2 would return
 * the very same captures; when any step fails the scan says so and the
 * pattern decides (the line may match some other way, or not at all).
 * A format with a field the scan cannot walk has no scan.
 */
#ifndef ST_FIELDSCAN_H
#define ST_FIELDSCAN_H

#include <stddef.h>

/* What a field holds, as its pattern says (logformat.c). */
enum st_scankind {
	ST_SCAN_UPTO,		/* [^c]*+ */
	ST_SCAN_UPTO_QUERY,	/* [^?c]*+ */
	ST_SCAN_QUOTED,		/* (?:[^"\\]++|\\.)*+ */
	ST_SCAN_REST,		/* .*+ */
	ST_SCAN_DIGITS,		/* \d++ */
	ST_SCAN_DURATION,	/* \d++(?:\.\d++)?+ */
	ST_SCAN_STATUS,		/* \d{3} */
	ST_SCAN_CLF,		/* 27/Nov/2026:00:21:13 -0500 */
};

struct st_fieldscan;

struct st_fieldscan *st_fieldscan_new(void);
void	 st_fieldscan_free(struct st_fieldscan *s);
/* The format's next piece: literal text, or a field (its capture is
 * the next one); dash: its pattern is (?:P)|-. */
void	 st_fieldscan_literal(struct st_fieldscan *s, const char *p, size_t n);
void	 st_fieldscan_field(struct st_fieldscan *s, enum st_scankind k, int c,
	    int dash);
/*
 * What one thread's walks remember: the last CLF time that scanned.
 * A log's lines share their second with the lines around them, and
 * checking the time's 26 bytes digit by digit on every line was about
 * 80 of a combined line's 1,030 instructions of walk; the same bytes
 * scan the same way.  Zeroed before the first walk.
 */
struct st_scanmemo {
	char		 clf[32];
	size_t		 clflen;
};

/*
 * Walk line[0..len): 1 with ov as pcre2_match would set it (pairs of
 * offsets, the whole match first, one pair per field), 0 when the
 * pattern must decide.  ov holds 2 * (fields + 1).
 */
int	 st_fieldscan_match(const struct st_fieldscan *s, const char *line,
	    size_t len, size_t *ov, struct st_scanmemo *memo);

#endif
