/* SPDX-License-Identifier: ISC */
/*
 * The byte hashes: a seed worked out once hashes as the key does, and
 * no two inputs of up to 40 bytes that differ in one byte or in length
 * meet, which the word-by-word tail would break if a byte were left out.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "base/hash.h"
#include "check.h"

#define LONGEST	40

static void
seeded_is_keyed(void)
{
	static const uint64_t keys[] = { 0, 1, 0x123456789abcdefULL, ~0ULL };
	unsigned char b[LONGEST];
	size_t k, n;

	for (n = 0; n < LONGEST; n++)
		b[n] = (unsigned char)(n * 37 + 11);
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		for (n = 0; n <= LONGEST; n++)
			CHECK(st_hash_seeded(st_hash_seed(keys[k]), b, n) ==
			    st_hash_keyed(keys[k], b, n));
	CHECK(st_hash_bytes(b, 9) == st_hash_keyed(0, b, 9));
	CHECK(st_hash_keyed(1, b, 9) != st_hash_keyed(2, b, 9));
}

/* Every byte of every length counts: change one, the hash changes. */
static void
every_byte_counts(void)
{
	unsigned char b[LONGEST];
	uint64_t h;
	size_t n, i;

	memset(b, 'a', sizeof(b));
	for (n = 1; n <= LONGEST; n++) {
		h = st_hash_keyed(7, b, n);
		CHECK(h != st_hash_keyed(7, b, n - 1));
		for (i = 0; i < n; i++) {
			b[i] = 'b';
			CHECK(st_hash_keyed(7, b, n) != h);
			b[i] = 'a';
		}
		CHECK(st_hash_keyed(7, b, n) == h);
	}
}

int
main(void)
{
	seeded_is_keyed();
	every_byte_counts();
	return check_failures != 0;
}
