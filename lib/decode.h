/*
 * decode.h: exact decoders for the encodings found in the logs.
 *
 * Each decoder appends the decoded bytes to an sbuf and says whether
 * the input was well formed, so callers can flag damaged values
 * instead of guessing.  None of them stops at a NUL byte.
 */
#ifndef ST_DECODE_H
#define ST_DECODE_H

#include <stddef.h>

#include "strbuf.h"

/* Hex digits (either case) to bytes.  -1 on odd length or a non-digit. */
int	st_hex_decode(const char *hex, size_t n, struct sbuf *out);

/* Value of one hex digit, or -1. */
int	st_hexval(int c);

#endif
