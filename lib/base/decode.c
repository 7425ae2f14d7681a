/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <sys/socket.h>
#include <string.h>

#include "base/decode.h"

int
st_decode_hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Every fed exec's PROCTITLE is hex, and so are its long arguments
 * (the campaign's 9,000 bytes): the bytes go straight into room made
 * once, where an sb_addc() call per byte took two and a half times as
 * long.
 */
int
st_decode_hex(const char *hex, size_t n, struct sbuf *out)
{
	char *d;
	size_t i;
	int hi, lo;

	if (n % 2)
		return -1;
	d = sb_reserve(out, n / 2);
	for (i = 0; i < n; i += 2) {
		hi = st_decode_hexdigit((unsigned char)hex[i]);
		lo = st_decode_hexdigit((unsigned char)hex[i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		d[i / 2] = (char)(hi << 4 | lo);
	}
	sb_commit(out, n / 2);
	return 0;
}

/* Write code point cp as UTF-8 at d; the bytes written. */
static size_t
utf8_put(char *d, uint32_t cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | cp >> 6);
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | cp >> 12);
		d[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | cp >> 18);
	d[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	d[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
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
		if ((d = st_decode_hexdigit((unsigned char)s[i])) < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/*
 * A JSON \uXXXX escape at s (after the backslash): the input bytes it
 * used (0: not one), the output bytes in *w.
 */
static size_t
json_u(const char *s, size_t n, char *d, size_t *w)
{
	long hi = hex4(s + 1, n - 1), lo;

	if (s[0] != 'u' || hi < 0)
		return 0;
	if (hi >= 0xd800 && hi <= 0xdbff && n >= 11 && s[5] == '\\' &&
	    s[6] == 'u' && (lo = hex4(s + 7, n - 7)) >= 0xdc00 && lo <= 0xdfff) {
		*w = utf8_put(d, 0x10000 + (((uint32_t)hi - 0xd800) << 10) +
		    ((uint32_t)lo - 0xdc00));
		return 11;
	}
	/* nginx writes bytes below 0x20 as \u00XX: keep them bytes. */
	if (hi < 0x100) {
		d[0] = (char)hi;
		*w = 1;
	} else
		*w = utf8_put(d, (uint32_t)hi);
	return 5;
}

/* One escape at s (after the backslash): input used (0: none), *w out. */
static size_t
log_escape(const char *s, size_t n, enum st_logesc esc, char *d, size_t *w)
{
	static const char from[] = "\"\\/nrtbf", to[] = "\"\\/\n\r\t\b\f";
	const char *k;
	int hi, lo;

	*w = 1;
	if (n == 0)
		return 0;
	if (esc == ST_LOGESC_DEFAULT && s[0] == 'x' && n >= 3 &&
	    (hi = st_decode_hexdigit((unsigned char)s[1])) >= 0 &&
	    (lo = st_decode_hexdigit((unsigned char)s[2])) >= 0) {
		d[0] = (char)(hi << 4 | lo);
		return 3;
	}
	if (esc == ST_LOGESC_JSON && s[0] == 'u')
		return json_u(s, n, d, w);
	/* Apache's escapes, and JSON's single-character ones. */
	if (s[0] != '\0' && (k = strchr(from, s[0])) != NULL &&
	    (esc == ST_LOGESC_JSON || (s[0] != '/' && s[0] != 'b' &&
	    s[0] != 'f'))) {
		d[0] = to[k - from];
		return 1;
	}
	return 0;
}

size_t
st_decode_log_to(const char *s, size_t n, enum st_logesc esc, char *dst,
    size_t *bad)
{
	const char *p = s, *end = s + n, *bs;
	size_t out = 0, used, w;

	while (p < end) {
		bs = esc == ST_LOGESC_NONE ? NULL :
		    memchr(p, '\\', (size_t)(end - p));
		if (bs == NULL)
			bs = end;
		memcpy(dst + out, p, (size_t)(bs - p));
		out += (size_t)(bs - p);
		if (bs == end)
			break;
		used = log_escape(bs + 1, (size_t)(end - bs - 1), esc,
		    dst + out, &w);
		if (used == 0) {
			dst[out++] = '\\';
			(*bad)++;
			p = bs + 1;
		} else {
			out += w;
			p = bs + 1 + used;
		}
	}
	return out;
}

size_t
st_decode_log(const char *s, size_t n, enum st_logesc esc, struct sbuf *out)
{
	size_t bad = 0;

	sb_commit(out, st_decode_log_to(s, n, esc, sb_reserve(out, n), &bad));
	return bad;
}

size_t
st_decode_url_to(const char *s, size_t n, int plus, char *dst, size_t *bad)
{
	size_t i, out = 0;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '+' && plus)
			dst[out++] = ' ';
		else if (s[i] != '%')
			dst[out++] = s[i];
		else if (i + 2 < n &&
		    (hi = st_decode_hexdigit((unsigned char)s[i + 1])) >= 0 &&
		    (lo = st_decode_hexdigit((unsigned char)s[i + 2])) >= 0) {
			dst[out++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			dst[out++] = s[i];
			(*bad)++;
		}
	}
	return out;
}

size_t
st_decode_url(const char *s, size_t n, int plus, struct sbuf *out)
{
	size_t bad = 0;

	sb_commit(out, st_decode_url_to(s, n, plus, sb_reserve(out, n), &bad));
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

long
st_decode_base64_to(const char *s, size_t n, char *dst)
{
	size_t i, out = 0;
	uint32_t acc = 0;
	int bits = 0, v;

	while (n > 0 && s[n - 1] == '=')
		n--;
	if (n % 4 == 1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((v = b64val((unsigned char)s[i])) < 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			dst[out++] = (char)(acc >> bits & 0xff);
		}
	}
	return (long)out;
}

int
st_decode_base64(const char *s, size_t n, struct sbuf *out)
{
	long r = st_decode_base64_to(s, n, sb_reserve(out, n));

	if (r < 0)
		return -1;
	sb_commit(out, (size_t)r);
	return 0;
}

int
st_decode_sockaddr(const char *hex, size_t n, struct sbuf *out)
{
	struct sbuf b = SBUF_INIT;
	char addr[INET6_ADDRSTRLEN];
	const unsigned char *s;
	unsigned fam, port;
	size_t len;
	int rc = -1;

	if (st_decode_hex(hex, n, &b) < 0 || b.len < 2)
		goto done;
	s = (const unsigned char *)b.s;
	fam = s[0] | s[1] << 8;		/* sa_family is host order */
	port = b.len >= 4 ? (unsigned)(s[2] << 8 | s[3]) : 0;
	if (fam == AF_INET && b.len >= 8 &&
	    inet_ntop(AF_INET, s + 4, addr, sizeof(addr))) {
		sb_addf(out, "%s:%u", addr, port);
		rc = 0;
	} else if (fam == AF_INET6 && b.len >= 24 &&
	    inet_ntop(AF_INET6, s + 8, addr, sizeof(addr))) {
		sb_addf(out, "[%s]:%u", addr, port);
		rc = 0;
	} else if (fam == AF_UNIX) {
		/* An abstract socket starts with a NUL: shown as @. */
		len = strnlen(b.s + 2 + (b.len > 2 && s[2] == 0),
		    b.len - 2 - (b.len > 2 && s[2] == 0));
		sb_adds(out, b.len > 2 && s[2] == 0 ? "unix:@" : "unix:");
		sb_add(out, b.s + 2 + (b.len > 2 && s[2] == 0), len);
		rc = 0;
	}
done:
	sb_release(&b);
	return rc;
}
