/* Unit tests: the hex decoder and the audit value decoder. */
#include "config.h"

#include "auditevent.h"
#include "check.h"
#include "decode.h"

static void
hex(void)
{
	struct sbuf b = SBUF_INIT;

	CHECK_INT(st_hex_decode("636174202F6574632F706173737764", 30, &b), 0);
	CHECK_STR(sb_str(&b), "cat /etc/passwd");
	sb_clear(&b);
	CHECK_INT(st_hex_decode("e4b8ad", 6, &b), 0);	/* lower case */
	CHECK_STR(sb_str(&b), "\xe4\xb8\xad");
	sb_clear(&b);
	CHECK_INT(st_hex_decode("610062", 6, &b), 0);	/* keeps a NUL */
	CHECK_MEM(b.s, b.len, "a\0b", 3);
	sb_clear(&b);
	CHECK_INT(st_hex_decode("ABC", 3, &b), -1);	/* odd length */
	CHECK_INT(st_hex_decode("4G", 2, &b), -1);	/* not a digit */
	CHECK_INT(st_hex_decode("", 0, &b), 0);
	sb_free(&b);
}

static void
value(const char *raw, enum st_avkind kind, const char *want, size_t wlen)
{
	struct sbuf b = SBUF_INIT;

	CHECK_INT(st_audit_value(raw, &b), kind);
	CHECK_MEM(b.s ? b.s : "", b.len, want, wlen);
	sb_free(&b);
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

int
main(void)
{
	hex();
	audit_values();
	return CHECK_DONE();
}
