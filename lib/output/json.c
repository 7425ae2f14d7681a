/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>

#include "base/escape.h"
#include "output/json.h"

/*
 * Strings carry the exact bytes: a byte that is not part of valid
 * UTF-8 is written as the lone surrogate \udcXX, as Python's
 * surrogateescape does, so that decoding with that error handler gives
 * the original bytes back.  Line and paragraph separators are escaped
 * too, so that no reader splits a line on them.
 */
void
st_json_str(struct sbuf *b, const char *s, size_t n)
{
	size_t i, len;
	uint32_t cp;

	sb_addc(b, '"');
	for (i = 0; i < n; i += len) {
		unsigned char c = (unsigned char)s[i];

		len = st_utf8_next(s + i, n - i, &cp);
		if (len == 0) {
			sb_addf(b, "\\udc%02x", c);
			len = 1;
		} else if (c == '"' || c == '\\') {
			sb_addc(b, '\\');
			sb_addc(b, (char)c);
		} else if (c == '\n')
			sb_adds(b, "\\n");
		else if (c == '\t')
			sb_adds(b, "\\t");
		else if (c == '\r')
			sb_adds(b, "\\r");
		else if (cp < 0x20 || cp == 0x7f || cp == 0x2028 ||
		    cp == 0x2029)
			sb_addf(b, "\\u%04x", cp);
		else
			sb_add(b, s + i, len);
	}
	sb_addc(b, '"');
}

/* "a,b" as ["a","b"], the exact bytes of each name. */
void
st_json_list(struct sbuf *b, const struct sbuf *t)
{
	/* An empty cell may hold no memory at all: no offset from NULL. */
	const char *p = t->s, *end = p ? p + t->len : NULL, *comma;
	int n = 0;

	sb_addc(b, '[');
	for (; p && p < end; p = comma + 1) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		if (comma == p)
			continue;
		if (n++)
			sb_addc(b, ',');
		st_json_str(b, p, (size_t)(comma - p));
	}
	sb_addc(b, ']');
}

