/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "base/hash.h"

uint64_t
st_hash64(uint64_t x)
{
	/* splitmix64's finaliser: cheap and mixes every input bit. */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/*
 * Eight bytes at a time, one multiply each: every audit line is hashed,
 * so this is on the hot path.  Anyone who knows the key can make two
 * inputs meet, so where a meeting would lose evidence the caller picks
 * a secret key.
 */
uint64_t
st_hash_keyed(uint64_t key, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = st_hash64(key ^ 0x9e3779b97f4a7c15ULL) ^ n, w;

	for (; n >= 8; n -= 8, s += 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s, n);
	return st_hash64(h ^ w);
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
