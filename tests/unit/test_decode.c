/* SPDX-License-Identifier: ISC */
/* Unit tests: the hex decoder and the audit value decoder. */
#include "config.h"

#include "audit/fields.h"
#include "base/decode.h"
#include "check.h"

static void
hex(void)
{
	struct sbuf b = SBUF_INIT;

	CHECK_INT(st_decode_hex("636174202F6574632F706173737764", 30, &b), 0);
	CHECK_STR(sb_str(&b), "cat /etc/passwd");
	sb_clear(&b);
	CHECK_INT(st_decode_hex("e4b8ad", 6, &b), 0);	/* lower case */
	CHECK_STR(sb_str(&b), "\xe4\xb8\xad");
	sb_clear(&b);
	CHECK_INT(st_decode_hex("610062", 6, &b), 0);	/* keeps a NUL */
	CHECK_MEM(b.s, b.len, "a\0b", 3);
	sb_clear(&b);
	CHECK_INT(st_decode_hex("ABC", 3, &b), -1);	/* odd length */
	CHECK_INT(st_decode_hex("4G", 2, &b), -1);	/* not a digit */
	sb_adds(&b, "x");
	CHECK_INT(st_decode_hex("61624", 5, &b), -1);
	CHECK_INT(st_decode_hex("61626G", 6, &b), -1);	/* bad at the end */
	CHECK_MEM(b.s, b.len, "x", 1);			/* nothing added */
	CHECK_INT(st_decode_hex("6162", 4, &b), 0);	/* added after */
	CHECK_STR(sb_str(&b), "xab");
	sb_clear(&b);
	CHECK_INT(st_decode_hex("", 0, &b), 0);
	sb_release(&b);
}

static void
value(const char *raw, enum st_avkind kind, const char *want, size_t wlen)
{
	struct sbuf b = SBUF_INIT;

	CHECK_INT(st_fields_value(raw, &b), kind);
	CHECK_MEM(b.s ? b.s : "", b.len, want, wlen);
	sb_release(&b);
}

static void
audit_values(void)
{
	value("\"/usr/bin/cat\"", ST_AV_QUOTED, "/usr/bin/cat", 12);
	value("\"\"", ST_AV_QUOTED, "", 0);
	value("2F746D702F6D79207265706F72742E747874", ST_AV_HEX,
	    "/tmp/my report.txt", 18);
	value("(null)", ST_AV_NONE, "", 0);
	value("(none)", ST_AV_NONE, "", 0);
	/* Damage is kept as it is and flagged, never guessed at. */
	value("\"unterminated", ST_AV_BAD, "\"unterminated", 13);
	value("ABC", ST_AV_BAD, "ABC", 3);
	value("x86_64", ST_AV_BAD, "x86_64", 6);
}

static void
unescape(const char *in, enum st_logesc esc, const char *want, size_t wlen,
    size_t wbad)
{
	struct sbuf b = SBUF_INIT;

	CHECK_INT(st_decode_log(in, strlen(in), esc, &b), wbad);
	CHECK_MEM(b.s ? b.s : "", b.len, want, wlen);
	sb_release(&b);
}

#define UNESC(in, esc, want, bad) unescape(in, esc, want, sizeof(want) - 1, bad)

static void
log_escapes(void)
{
	/* nginx default: UTF-8 and quotes arrive as \xHH. */
	UNESC("\\xE4\\xB8\\xAD", ST_LOGESC_DEFAULT, "\xe4\xb8\xad", 0);
	UNESC("a\\x22b\\x5Cx41", ST_LOGESC_DEFAULT, "a\"b\\x41", 0);
	UNESC("\\x16\\x03\\x01", ST_LOGESC_DEFAULT, "\x16\x03\x01", 0);
	/* Apache: \" and \\ and C escapes. */
	UNESC("say \\\"hi\\\" \\\\ \\n", ST_LOGESC_DEFAULT, "say \"hi\" \\ \n", 0);
	UNESC("bad \\q \\x4", ST_LOGESC_DEFAULT, "bad \\q \\x4", 2);
	/* escape=json: \uXXXX, pairs, and control bytes. */
	UNESC("\\u4e2d\\\"\\/\\u0001", ST_LOGESC_JSON, "\xe4\xb8\xad\"/\x01", 0);
	UNESC("\\ud83d\\ude00", ST_LOGESC_JSON, "\xf0\x9f\x98\x80", 0);
	UNESC("raw \xe4\xb8\xad", ST_LOGESC_JSON, "raw \xe4\xb8\xad", 0);
	/* escape=none: nothing. */
	UNESC("a\\x22", ST_LOGESC_NONE, "a\\x22", 0);
}

static void
url(const char *in, int plus, const char *want, size_t wlen, size_t wbad)
{
	struct sbuf b = SBUF_INIT;

	CHECK_INT(st_decode_url(in, strlen(in), plus, &b), wbad);
	CHECK_MEM(b.s ? b.s : "", b.len, want, wlen);
	sb_release(&b);
}

static void
b64(const char *in, int rc, const char *want, size_t wlen)
{
	struct sbuf b = SBUF_INIT;

	CHECK_INT(st_decode_base64(in, strlen(in), &b), rc);
	CHECK_MEM(b.s ? b.s : "", b.len, want, wlen);
	sb_release(&b);
}

static void
url_b64(void)
{
	url("cat%20%2Fetc%2Fpasswd", 1, "cat /etc/passwd", 15, 0);
	url("a+b%2Bc", 1, "a b+c", 5, 0);
	url("a+b", 0, "a+b", 3, 0);		/* paths keep '+' */
	url("100%", 1, "100%", 4, 1);
	url("%zz%4", 1, "%zz%4", 5, 2);
	url("%00x", 1, "\0x", 2, 0);
	b64("aWQ=", 0, "id", 2);
	b64("aWQ", 0, "id", 2);			/* padding optional */
	b64("Y2F0IC9ldGMvaG9zdG5hbWU=", 0, "cat /etc/hostname", 17);
	b64("-_8", 0, "\xfb\xff", 2);		/* URL-safe alphabet */
	b64("a", -1, "", 0);
	b64("aW Q=", -1, "", 0);
}

/* SOCKADDR records' saddr, as the kernel writes them. */
static void
sockaddrs(void)
{
	struct sbuf b = SBUF_INIT;
	static const char *const hexes[][2] = {
		{ "0200115C7F0000010000000000000000", "127.0.0.1:4444" },
		{ "0A000050000000000000000000000000000000000000000100000000",
		    "[::1]:80" },
		{ "01002F72756E2F7068702E736F636B00", "unix:/run/php.sock" },
		{ "0100006162737472616374", "unix:@abstract" },
	};
	size_t i;

	for (i = 0; i < sizeof(hexes) / sizeof(*hexes); i++) {
		sb_clear(&b);
		CHECK_INT(st_decode_sockaddr(hexes[i][0], strlen(hexes[i][0]),
		    &b), 0);
		CHECK_STR(sb_str(&b), hexes[i][1]);
	}
	sb_clear(&b);
	CHECK_INT(st_decode_sockaddr("0200115C7F00", 12, &b), -1);  /* short */
	CHECK_INT(st_decode_sockaddr("1000AABB", 8, &b), -1);  /* netlink */
	CHECK_INT(st_decode_sockaddr("zz", 2, &b), -1);
	CHECK_INT((long long)b.len, 0);
	sb_release(&b);
}

int
main(void)
{
	sockaddrs();
	hex();
	audit_values();
	log_escapes();
	url_b64();
	return CHECK_DONE();
}
