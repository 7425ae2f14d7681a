/* SPDX-License-Identifier: ISC */
/*
 * hash.h: 64-bit hashes of numbers and bytes.
 *
 * Most of what is hashed was written by the attacker (command lines,
 * clients, paths): where two inputs meeting would lose evidence, the
 * caller keys the hash with a secret.
 */
#ifndef ST_HASH_H
#define ST_HASH_H

#include <stddef.h>
#include <stdint.h>

/*
 * splitmix64's finaliser: cheap, and mixes every input bit.  Inline:
 * every map lookup hashes its key with it, and making it a call cost
 * the main thread 2% of its instructions.
 */
static inline uint64_t
st_hash64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

uint64_t st_hash_bytes(const void *p, size_t n);
/* The same with a key: a secret one keeps crafted inputs from meeting. */
uint64_t st_hash_keyed(uint64_t key, const void *p, size_t n);
/*
 * The key's share of st_hash_keyed, worked out once for many hashes:
 * st_hash_seeded(st_hash_seed(key), p, n) is st_hash_keyed(key, p, n).
 */
uint64_t st_hash_seed(uint64_t key);
uint64_t st_hash_seeded(uint64_t seed, const void *p, size_t n);
/* A key no input can know: random, different on every call. */
uint64_t st_hash_secret(void);

#endif
