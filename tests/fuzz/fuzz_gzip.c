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
	struct st_input *in = st_input_open_mem(data, size);
	struct st_line l;
	const char *head;
	char hex[65];
	size_t n = 0;

	st_input_hash(in);
	st_input_peek(in, 4096, &head);
	while (st_input_line(in, &l) > 0)
		n += l.len;
	st_input_sha256(in, hex);
	st_input_close(in);
	return n == (size_t)-1;
}
