/*
 * Fuzz target: the input reader on plain or gzip bytes: peeking, every
 * line, cut lines, truncated and corrupt streams, and the SHA-256.
 */
#include "config.h"

#include <stdint.h>

#include "input/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_reader *in = st_reader_open_mem(data, size);
	struct st_line l;
	const char *head;
	char hex[65];
	size_t n = 0;

	st_reader_hash(in);
	st_reader_peek(in, 4096, &head);
	while (st_reader_line(in, &l) > 0)
		n += l.len;
	st_reader_sha256(in, hex);
	st_reader_close(in);
	return n == (size_t)-1;
}
