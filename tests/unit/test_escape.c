/* SPDX-License-Identifier: ISC */
/* Unit tests: shell quoting and display escaping. */
#include "config.h"

#include "base/escape.h"
#include "check.h"

static void
quote(const char *in, size_t n, const char *want)
{
	struct sbuf b = SBUF_INIT;

	st_shquote(&b, in, n);
	CHECK_STR(sb_str(&b), want);
	sb_release(&b);
}

static void
esc(const char *in, size_t n, const char *want)
{
	struct sbuf b = SBUF_INIT;

	st_escape(&b, in, n);
	CHECK_STR(sb_str(&b), want);
	sb_release(&b);
}

#define Q(in, want)	quote((in), sizeof(in) - 1, (want))
#define E(in, want)	esc((in), sizeof(in) - 1, (want))

int
main(void)
{
	uint32_t cp;

	Q("cat", "cat");
	Q("/etc/passwd", "/etc/passwd");
	Q("", "''");
	Q("cat /etc/passwd", "'cat /etc/passwd'");
	Q("python3 -c 'import os'", "\"python3 -c 'import os'\"");
	Q("echo 'it''s \"quoted\"'", "$'echo \\'it\\'\\'s \"quoted\"\\''");
	Q("echo $HOME 'x'", "$'echo $HOME \\'x\\''");
	Q("\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87");
	Q("a\nb", "$'a\\nb'");
	/* A terminal title escape comes out inert. */
	Q("\033]0;pwned\a", "$'\\x1B]0;pwned\\x07'");
	/* Invalid UTF-8 and a bidi override, byte by byte. */
	Q("\xff", "$'\\xFF'");
	Q("a\xe2\x80\xae" "b", "$'a\\xE2\\x80\\xAEb'");

	E("/opt/www", "/opt/www");
	E("a\\b", "a\\\\b");
	E("x\ty\r\n", "x\\ty\\r\\n");
	E("\xc2\x9b" "1m", "\\xC2\\x9B1m");	/* C1 CSI */

	CHECK_INT(st_utf8_next("\xe4\xb8\xad", 3, &cp), 3);
	CHECK_INT(cp, 0x4e2d);
	CHECK_INT(st_utf8_next("\xc0\xaf", 2, &cp), 0);	/* overlong */
	CHECK_INT(st_utf8_next("\xed\xa0\x80", 3, &cp), 0);	/* surrogate */
	CHECK_INT(st_utf8_next("\xe4\xb8", 2, &cp), 0);	/* cut short */
	CHECK_INT(st_display_width("ab\xe4\xb8\xad", 5), 4);
	CHECK_INT(st_display_cut("ab\xe4\xb8\xad" "c", 6, 3), 2);
	return CHECK_DONE();
}
