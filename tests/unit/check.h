/* SPDX-License-Identifier: ISC */
/*
 * check.h: the few assertions the unit tests need.  A failed check
 * prints where and what, and the test goes on, so one run shows every
 * failure; the program's exit status says whether any check failed.
 */
#ifndef ST_CHECK_H
#define ST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: failed: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_INT(got, want) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ != w_) {							\
		fprintf(stderr, "%s:%d: %s is %lld, want %lld\n",	\
		    __FILE__, __LINE__, #got, g_, w_);			\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_MEM(got, gotlen, want, wantlen) do {			\
	size_t gl_ = (gotlen), wl_ = (wantlen);				\
	if (gl_ != wl_ || memcmp((got), (want), gl_) != 0) {		\
		fprintf(stderr, "%s:%d: %s is \"%.*s\" (%zu bytes), "	\
		    "want \"%.*s\" (%zu bytes)\n", __FILE__, __LINE__,	\
		    #got, (int)gl_, (const char *)(got), gl_,		\
		    (int)wl_, (const char *)(want), wl_);		\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	CHECK_MEM(g_, strlen(g_), w_, strlen(w_));			\
} while (0)

#define CHECK_DONE() (check_failures ? 1 : 0)

#endif
