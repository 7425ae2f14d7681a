/* SPDX-License-Identifier: ISC */
/*
 * ascii.h: ASCII case, a byte at a time.
 *
 * File extensions, Sigma's case-insensitive values and the like are
 * compared in ASCII only, whatever the locale, and on paths taken for
 * every request or row, where tolower() would be a call per byte.
 */
#ifndef ST_ASCII_H
#define ST_ASCII_H

static inline char
st_ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static inline char
st_ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

#endif
