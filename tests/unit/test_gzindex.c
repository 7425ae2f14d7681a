/* SPDX-License-Identifier: ISC */
/* Unit tests: reading a gzip file from the middle, by checkpoints. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "input/gzindex.h"

#define PLAIN	(6u << 20)

/* Text that compresses as logs do, with blocks every few hundred KB. */
static unsigned char *
make_plain(void)
{
	unsigned char *p = malloc(PLAIN);
	unsigned x = 12345;
	size_t i;

	for (i = 0; i < PLAIN; i++) {
		x = x * 1103515245 + 12345;
		p[i] = (unsigned char)(i % 80 == 79 ? '\n' :
		    "abcdefgh 0123456789=:\"/"[(x >> 16) % 24]);
	}
	return p;
}

/* gzip members of p[0..n) cut at each of cuts[], into a temp file. */
static int
write_gzip(const unsigned char *p, size_t n, const size_t *cuts, size_t ncuts)
{
	char path[] = "/tmp/test_gzindex.XXXXXX";
	int fd = mkstemp(path);
	size_t from = 0, i, to;
	unsigned char *out = malloc(compressBound(n) + 64);
	z_stream z;

	unlink(path);
	for (i = 0; i <= ncuts; i++) {
		to = i < ncuts ? cuts[i] : n;
		memset(&z, 0, sizeof(z));
		deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
		z.next_in = (unsigned char *)p + from;
		z.avail_in = (uInt)(to - from);
		z.next_out = out;
		z.avail_out = (uInt)(compressBound(n) + 64);
		deflate(&z, Z_FINISH);
		if (write(fd, out, z.total_out) != (ssize_t)z.total_out)
			abort();
		deflateEnd(&z);
		from = to;
	}
	free(out);
	return fd;
}

/* Read n bytes at offset at, through the index; compare with p. */
static int
same_at(int fd, struct st_gzindex *ix, const unsigned char *p, uint64_t at,
    size_t n)
{
	struct st_gzread *r = st_gzread_open(dup(fd), ix, at, 0);
	unsigned char *got = malloc(n);
	size_t have = 0;
	long k;
	int ok;

	while (r && have < n && (k = st_gzread(r, got + have, n - have)) > 0)
		have += (size_t)k;
	ok = r && have == n && memcmp(got, p + at, n) == 0;
	st_gzread_close(r);
	free(got);
	return ok;
}

static void
index_and_seek(const size_t *cuts, size_t ncuts)
{
	unsigned char *p = make_plain(), buf[65536];
	int fd = write_gzip(p, PLAIN, cuts, ncuts);
	struct st_gzindex *ix = st_gzindex_new();
	struct st_gzread *r = st_gzread_open(dup(fd), ix, 0, 1);
	uint64_t total = 0;
	long k;
	size_t i;

	CHECK(r != NULL);
	while (r && (k = st_gzread(r, buf, sizeof(buf))) > 0) {
		CHECK(memcmp(buf, p + total, (size_t)k) == 0);
		total += (uint64_t)k;
	}
	CHECK_INT(total, PLAIN);
	st_gzread_close(r);
	/* Offsets everywhere, also across a member's end. */
	for (i = 0; i < 40; i++)
		CHECK(same_at(fd, ix, p, (uint64_t)i * (PLAIN / 41) + i, 4096));
	CHECK(same_at(fd, ix, p, PLAIN - 100, 100));
	CHECK(same_at(fd, ix, p, 0, 1000));
	st_gzindex_free(ix);
	close(fd);
	free(p);
}

/* Not gzip, and damaged gzip. */
static void
bad(void)
{
	unsigned char *p = make_plain(), buf[4096];
	char path[] = "/tmp/test_gzindex.XXXXXX";
	int fd = mkstemp(path);
	struct st_gzread *r;
	long k = 1;

	unlink(path);
	CHECK(write(fd, "not gzip at all\n", 16) == 16);
	CHECK(!st_gzindex_is_gzip(fd));
	r = st_gzread_open(dup(fd), NULL, 0, 0);
	CHECK(r == NULL || st_gzread(r, buf, sizeof(buf)) < 0);
	st_gzread_close(r);
	close(fd);
	/* Cut short: an error, never a hang. */
	fd = write_gzip(p, 300000, NULL, 0);
	CHECK(ftruncate(fd, 2000) == 0);
	r = st_gzread_open(dup(fd), NULL, 0, 0);
	while (r && (k = st_gzread(r, buf, sizeof(buf))) > 0)
		;
	CHECK(k < 0);
	CHECK(r && strstr(st_gzread_error(r), "truncated") != NULL);
	st_gzread_close(r);
	close(fd);
	free(p);
}

int
main(void)
{
	const size_t cuts[] = { 1u << 20, (3u << 20) + 7 };

	index_and_seek(NULL, 0);
	index_and_seek(cuts, 2);
	bad();
	return CHECK_DONE();
}
