/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>

#include "base/escape.h"

size_t
st_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

int
st_cp_printable(uint32_t c)
{
	if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
		return 0;
	/* Format characters that reorder, join or hide text. */
	if (c == 0x00ad || c == 0x061c || c == 0x115f || c == 0x1160 ||
	    c == 0x180e || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) ||
	    c == 0x3164 || c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb) ||
	    (c >= 0xe0000 && c <= 0xe007f))
		return 0;
	return 1;
}

/* Bytes of s[0..n) before the first byte in reject. */
static size_t
strcspn_n(const char *s, size_t n, const char *reject)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strchr(reject, s[i]))
			return i;
	return n;
}

static int
shell_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c && strchr("_@%+=:,./-", c) != NULL);
}

/* Escape one byte for $'...' or st_escape. */
static void
esc_byte(struct sbuf *out, unsigned char c)
{
	switch (c) {
	case '\n':
		sb_adds(out, "\\n");
		break;
	case '\t':
		sb_adds(out, "\\t");
		break;
	case '\r':
		sb_adds(out, "\\r");
		break;
	default:
		sb_addf(out, "\\x%02X", c);
	}
}

/*
 * The length of the character at s[i], and whether it is shown as
 * itself (1) or must be escaped, one byte at a time (0).
 */
static int
step(const char *s, size_t n, size_t i, size_t *len)
{
	uint32_t cp;

	*len = st_utf8_next(s + i, n - i, &cp);
	if (*len > 0 && st_cp_printable(cp))
		return 1;
	*len = 1;
	return 0;
}

/* Quote s as $'...', escaping what that form needs. */
static void
ansi_quote(struct sbuf *out, const char *s, size_t n)
{
	size_t i, len;

	sb_adds(out, "$'");
	for (i = 0; i < n; i += len) {
		if (!step(s, n, i, &len))
			esc_byte(out, (unsigned char)s[i]);
		else if (s[i] == '\\' || s[i] == '\'') {
			sb_addc(out, '\\');
			sb_addc(out, s[i]);
		} else
			sb_add(out, s + i, len);
	}
	sb_addc(out, '\'');
}

/*
 * The most readable form that keeps the word exact: bare when only
 * safe characters; '...' when there is no single quote; "..." when
 * there is one but nothing double quotes would expand; else $'...'.
 */
void
st_shquote(struct sbuf *out, const char *s, size_t n)
{
	size_t i, len;
	int bare = 1, plain = 1;

	if (n == 0) {
		sb_adds(out, "''");
		return;
	}
	for (i = 0; i < n; i += len) {
		if (!step(s, n, i, &len))
			plain = 0;
		if (len == 1 && !shell_safe((unsigned char)s[i]))
			bare = 0;
	}
	if (bare && plain)
		sb_add(out, s, n);
	else if (plain && memchr(s, '\'', n) == NULL) {
		sb_addc(out, '\'');
		sb_add(out, s, n);
		sb_addc(out, '\'');
	} else if (plain && strcspn_n(s, n, "\"$`\\!") == n) {
		sb_addc(out, '"');
		sb_add(out, s, n);
		sb_addc(out, '"');
	} else
		ansi_quote(out, s, n);
}

/* Bytes from s[i] of printable ASCII but the backslash: kept as they are. */
static size_t
plain_run(const char *s, size_t n, size_t i)
{
	size_t e;

	for (e = i; e < n && s[e] >= 0x20 && s[e] < 0x7f && s[e] != '\\'; e++)
		;
	return e - i;
}

void
st_escape(struct sbuf *out, const char *s, size_t n)
{
	size_t i, len;

	for (i = 0; i < n; i += len) {
		/* Most of any text: added a run at a time, not a byte. */
		if ((len = plain_run(s, n, i)) > 0)
			sb_add(out, s + i, len);
		else if (!step(s, n, i, &len))
			esc_byte(out, (unsigned char)s[i]);
		else if (s[i] == '\\')
			sb_adds(out, "\\\\");
		else
			sb_add(out, s + i, len);
	}
}

/* Terminal columns of a printable code point, without the locale. */
static int
cp_width(uint32_t c)
{
	if ((c >= 0x0300 && c <= 0x036f) || (c >= 0x1ab0 && c <= 0x1aff) ||
	    (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

/* Width of the character at s[i]; its length goes to *len. */
static int
char_width(const char *s, size_t n, size_t i, size_t *len)
{
	uint32_t cp;

	*len = st_utf8_next(s + i, n - i, &cp);
	if (*len == 0) {
		*len = 1;
		return 1;
	}
	return cp_width(cp);
}

size_t
st_display_width(const char *s, size_t n)
{
	size_t i, len, w = 0;

	for (i = 0; i < n; i += len)
		w += (size_t)char_width(s, n, i, &len);
	return w;
}

size_t
st_display_cut(const char *s, size_t n, size_t cols)
{
	size_t i, len, w = 0, cw;

	for (i = 0; i < n; i += len) {
		cw = (size_t)char_width(s, n, i, &len);
		if (w + cw > cols)
			break;
		w += cw;
	}
	return i;
}

void
st_fputs_escaped(FILE *fp, const char *s)
{
	struct sbuf b = SBUF_INIT;

	st_escape(&b, s, strlen(s));
	fputs(sb_str(&b), fp);
	sb_release(&b);
}

void
st_fputs_cut(FILE *fp, size_t max, const char *s)
{
	size_t n = strlen(s), k = max;

	if (n <= max) {
		fputs(s, fp);
		return;
	}
	while (k > 0 && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	fprintf(fp, "%.*s... (%zu bytes)", (int)k, s, n);
}
