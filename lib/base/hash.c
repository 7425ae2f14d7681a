/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "base/hash.h"

/* One step of a lane: a multiply and a shift, each a bijection. */
static uint64_t
lane(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0xff51afd7ed558ccdULL;
	return h ^ (h >> 29);
}

/*
 * 32 bytes at a time in four lanes that do not wait on each other's
 * multiplies; *s and *n are moved past them.
 */
static uint64_t
lanes(uint64_t h, const unsigned char **s, size_t *n)
{
	uint64_t h1 = h ^ 0x243f6a8885a308d3ULL, h2 = h ^ 0x13198a2e03707344ULL;
	uint64_t h3 = h ^ 0xa4093822299f31d0ULL, w[4];

	for (; *n >= 32; *n -= 32, *s += 32) {
		memcpy(w, *s, 32);
		h = lane(h, w[0]);
		h1 = lane(h1, w[1]);
		h2 = lane(h2, w[2]);
		h3 = lane(h3, w[3]);
	}
	return lane(lane(lane(h, h1), h2), h3);
}

/*
 * The last n < 8 bytes as one word, without a memcpy() call (a variable
 * length is not inlined: a call for nearly every hash).  For a given n
 * every byte lands somewhere: 4 to 7 bytes as two overlapping 4-byte
 * halves, 1 to 3 as the first, middle and last.  n is mixed in apart.
 */
static uint64_t
tail(const unsigned char *s, size_t n)
{
	uint32_t a, b;

	if (n >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		return (uint64_t)a | (uint64_t)b << 32;
	}
	if (n == 0)
		return 0;
	return (uint64_t)s[0] | (uint64_t)s[n / 2] << 8 |
	    (uint64_t)s[n - 1] << 16;
}

uint64_t
st_hash_seed(uint64_t key)
{
	return st_hash64(key ^ 0x9e3779b97f4a7c15ULL);
}

/*
 * Every audit line is hashed, and a request's path, client and values:
 * this is on the hot path.  Long input goes through the lanes, then
 * eight bytes at a time; short input (most of a request's) skips the
 * lanes and their joining.  Anyone who knows the key can make two
 * inputs meet, so where a meeting would lose evidence the caller picks
 * a secret key.
 */
uint64_t
st_hash_seeded(uint64_t seed, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = seed ^ n, w;

	if (n >= 32)
		h = lanes(h, &s, &n);
	for (; n >= 8; n -= 8, s += 8) {
		memcpy(&w, s, 8);
		h = lane(h, w);
	}
	return st_hash64(h ^ tail(s, n));
}

uint64_t
st_hash_keyed(uint64_t key, const void *p, size_t n)
{
	return st_hash_seeded(st_hash_seed(key), p, n);
}

uint64_t
st_hash_secret(void)
{
	uint64_t k;

	if (getrandom(&k, sizeof(k), 0) != sizeof(k))
		k = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32 ^
		    (uint64_t)(uintptr_t)&k;
	return k;
}

uint64_t
st_hash_bytes(const void *p, size_t n)
{
	return st_hash_keyed(0, p, n);
}
