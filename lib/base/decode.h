/* SPDX-License-Identifier: ISC */
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

#include "base/sbuf.h"

/*
 * Hex digits (either case) to bytes, added to out.  -1 on odd length or
 * a non-digit, and out is as it was.
 */
int	st_decode_hex(const char *hex, size_t n, struct sbuf *out);

/* Value of one hex digit, or -1. */
int	st_decode_hexdigit(int c);

/* How a web server escaped a value in its log. */
enum st_logesc {
	ST_LOGESC_DEFAULT,	/* nginx \xHH; Apache \" \\ \xhh \n \t */
	ST_LOGESC_JSON,		/* nginx escape=json */
	ST_LOGESC_NONE,		/* nginx escape=none */
};

/*
 * Every decoder below only shrinks its input: the _to forms write the
 * result into dst, which must hold n bytes, and return its length.
 */

/*
 * Undo a log's escaping.  Default mode decodes nginx's \xHH and
 * Apache's \" \\ \n \r \t in one left-to-right pass, so a decoded
 * backslash never starts another escape.  Malformed escapes are kept as
 * they are, and counted in *bad.
 */
size_t	st_decode_log_to(const char *s, size_t n, enum st_logesc esc,
	    char *dst, size_t *bad);
size_t	st_decode_log(const char *s, size_t n, enum st_logesc esc,
	    struct sbuf *out);

/*
 * Percent-decoding; with plus, '+' is a space (query strings).  A '%'
 * not followed by two hex digits is kept, and counted in *bad.
 */
size_t	st_decode_url_to(const char *s, size_t n, int plus, char *dst,
	    size_t *bad);
size_t	st_decode_url(const char *s, size_t n, int plus, struct sbuf *out);

/*
 * Base64, standard or URL-safe alphabet, padding optional.  -1 when s
 * is not base64 (nothing is appended then).
 */
long	st_decode_base64_to(const char *s, size_t n, char *dst);
int	st_decode_base64(const char *s, size_t n, struct sbuf *out);


/*
 * A SOCKADDR record's saddr (hex of a struct sockaddr) as a person
 * reads it: "127.0.0.1:4444", "[::1]:80", "unix:/run/php.sock".
 * -1 (nothing appended) for families other than inet, inet6 and unix,
 * or bytes too short for their family.
 */
int	st_decode_sockaddr(const char *hex, size_t n, struct sbuf *out);

#endif
