#include "config.h"

#include <stdint.h>
#include <string.h>

#include "decode.h"

int
st_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
st_hex_decode(const char *hex, size_t n, struct sbuf *out)
{
	size_t i;
	int hi, lo;

	if (n % 2)
		return -1;
	for (i = 0; i < n; i += 2) {
		hi = st_hexval((unsigned char)hex[i]);
		lo = st_hexval((unsigned char)hex[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		sb_addc(out, (char)(hi << 4 | lo));
	}
	return 0;
}

/* Append code point cp as UTF-8. */
static void
utf8_put(struct sbuf *out, uint32_t cp)
{
	if (cp < 0x80)
		sb_addc(out, (char)cp);
	else if (cp < 0x800) {
		sb_addc(out, (char)(0xc0 | cp >> 6));
		sb_addc(out, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sb_addc(out, (char)(0xe0 | cp >> 12));
		sb_addc(out, (char)(0x80 | (cp >> 6 & 0x3f)));
		sb_addc(out, (char)(0x80 | (cp & 0x3f)));
	} else {
		sb_addc(out, (char)(0xf0 | cp >> 18));
		sb_addc(out, (char)(0x80 | (cp >> 12 & 0x3f)));
		sb_addc(out, (char)(0x80 | (cp >> 6 & 0x3f)));
		sb_addc(out, (char)(0x80 | (cp & 0x3f)));
	}
}

/* Four hex digits at s, or -1. */
static long
hex4(const char *s, size_t n)
{
	long v = 0;
	size_t i;
	int d;

	if (n < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((d = st_hexval((unsigned char)s[i])) < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/* A JSON \uXXXX escape at s (after the backslash); bytes used or 0. */
static size_t
json_u(const char *s, size_t n, struct sbuf *out)
{
	long hi = hex4(s + 1, n - 1), lo;

	if (s[0] != 'u' || hi < 0)
		return 0;
	if (hi >= 0xd800 && hi <= 0xdbff && n >= 11 && s[5] == '\\' &&
	    s[6] == 'u' && (lo = hex4(s + 7, n - 7)) >= 0xdc00 && lo <= 0xdfff) {
		utf8_put(out, 0x10000 + (((uint32_t)hi - 0xd800) << 10) +
		    ((uint32_t)lo - 0xdc00));
		return 11;
	}
	/* nginx writes bytes below 0x20 as \u00XX: keep them bytes. */
	if (hi < 0x100)
		sb_addc(out, (char)hi);
	else
		utf8_put(out, (uint32_t)hi);
	return 5;
}

/* One escape at s (after the backslash); the bytes it used, or 0. */
static size_t
log_escape(const char *s, size_t n, enum st_logesc esc, struct sbuf *out)
{
	static const char from[] = "\"\\/nrtbf", to[] = "\"\\/\n\r\t\b\f";
	const char *k;
	int hi, lo;

	if (n == 0)
		return 0;
	if (esc == ST_LOGESC_DEFAULT && s[0] == 'x' && n >= 3 &&
	    (hi = st_hexval((unsigned char)s[1])) >= 0 &&
	    (lo = st_hexval((unsigned char)s[2])) >= 0) {
		sb_addc(out, (char)(hi << 4 | lo));
		return 3;
	}
	if (esc == ST_LOGESC_JSON && s[0] == 'u')
		return json_u(s, n, out);
	/* Apache's escapes, and JSON's single-character ones. */
	if ((k = strchr(from, s[0])) != NULL && s[0] != '\0' &&
	    (esc == ST_LOGESC_JSON || (s[0] != '/' && s[0] != 'b' &&
	    s[0] != 'f'))) {
		sb_addc(out, to[k - from]);
		return 1;
	}
	return 0;
}

size_t
st_log_unescape(const char *s, size_t n, enum st_logesc esc, struct sbuf *out)
{
	size_t i, used, bad = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '\\' || esc == ST_LOGESC_NONE) {
			sb_addc(out, s[i]);
			continue;
		}
		used = log_escape(s + i + 1, n - i - 1, esc, out);
		if (used == 0) {
			sb_addc(out, s[i]);
			bad++;
			continue;
		}
		i += used;
	}
	return bad;
}

size_t
st_url_decode(const char *s, size_t n, int plus, struct sbuf *out)
{
	size_t i, bad = 0;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '+' && plus)
			sb_addc(out, ' ');
		else if (s[i] != '%')
			sb_addc(out, s[i]);
		else if (i + 2 < n &&
		    (hi = st_hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = st_hexval((unsigned char)s[i + 2])) >= 0) {
			sb_addc(out, (char)(hi << 4 | lo));
			i += 2;
		} else {
			sb_addc(out, s[i]);
			bad++;
		}
	}
	return bad;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

int
st_base64_decode(const char *s, size_t n, struct sbuf *out)
{
	size_t i, before = out->len;
	uint32_t acc = 0;
	int bits = 0, v;

	while (n > 0 && s[n - 1] == '=')
		n--;
	if (n % 4 == 1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((v = b64val((unsigned char)s[i])) < 0) {
			out->len = before;
			if (out->s)
				out->s[before] = '\0';
			return -1;
		}
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			sb_addc(out, (char)(acc >> bits & 0xff));
		}
	}
	return 0;
}
