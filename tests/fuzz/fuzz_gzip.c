/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the input reader on plain or gzip bytes: peeking, every
 * line, cut lines, truncated and corrupt streams, and the SHA-256; and
 * the gzip index (input/gzindex.h): the same bytes read through while
 * checkpoints are kept, then read again from offsets inside them.
 */
#define _GNU_SOURCE
#include "config.h"

#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "input/gzindex.h"
#include "input/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
lines(const uint8_t *data, size_t size)
{
	struct st_reader *in = st_reader_open_mem(data, size);
	struct st_line l;
	const char *head;
	char hex[65];

	st_reader_hash(in);
	st_reader_peek(in, 4096, &head);
	while (st_reader_line(in, &l) > 0)
		;
	st_reader_sha256(in, hex);
	st_reader_close(in);
}

/* All of r, in chunks; how many bytes. */
static uint64_t
drain(struct st_gzread *r)
{
	unsigned char buf[4096];
	uint64_t total = 0;
	long n;

	while (r && (n = st_gzread(r, buf, sizeof(buf))) > 0)
		total += (uint64_t)n;
	st_gzread_close(r);
	return total;
}

static void
index_and_seek(const uint8_t *data, size_t size)
{
	int fd = memfd_create("gz", MFD_CLOEXEC);
	struct st_gzindex *ix = st_gzindex_new();
	uint64_t total, at;
	int k;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		st_gzindex_free(ix);
		return;
	}
	total = drain(st_gzread_open(dup(fd), ix, 0, 1));
	for (k = 1; k <= 4 && total; k++) {
		at = total * (uint64_t)k / 5;
		drain(st_gzread_open(dup(fd), ix, at, 0));
	}
	st_gzindex_free(ix);
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lines(data, size);
	index_and_seek(data, size);
	return 0;
}
