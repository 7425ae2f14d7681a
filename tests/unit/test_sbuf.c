/* SPDX-License-Identifier: ISC */
/*
 * sb_addf writes into the room its buffer has and writes again when
 * the string did not fit: every length around that room, after every
 * length already there, must come out as snprintf makes it, with the
 * terminator after it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/sbuf.h"
#include "check.h"

#define LONGEST	300

static void
around_the_room(void)
{
	char text[LONGEST + 1], want[2 * LONGEST + 32];
	struct sbuf b = SBUF_INIT;
	size_t before, n;

	memset(text, 'x', LONGEST);
	for (before = 0; before < 140; before += 7)
		for (n = 0; n <= LONGEST; n++) {
			sb_clear(&b);
			text[before] = '\0';
			sb_adds(&b, text);
			text[before] = 'x';
			text[n] = '\0';
			sb_addf(&b, "%s[%zu]", text, n);
			memset(want, 'x', before);
			snprintf(want + before, sizeof(want) - before,
			    "%s[%zu]", text, n);
			text[n] = 'x';
			CHECK_MEM(b.s, b.len, want, strlen(want));
			CHECK(b.s[b.len] == '\0');
		}
	sb_release(&b);
}

int
main(void)
{
	struct sbuf b = SBUF_INIT;

	around_the_room();
	/* Many calls in a row add up, each after the last. */
	sb_addf(&b, "%d", 1);
	sb_addf(&b, "-%s-", "two");
	sb_addf(&b, "%05lld", -42LL);
	CHECK_MEM(b.s, b.len, "1-two--0042", 11);
	sb_release(&b);
	return CHECK_DONE();
}
