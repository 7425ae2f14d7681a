/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/sbuf.h"

static void
reserve(struct sbuf *b, size_t extra)
{
	b->s = st_grow(b->s, &b->cap, b->len + extra + 1, 1);
}

void
sb_add(struct sbuf *b, const void *p, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sb_addc(struct sbuf *b, char c)
{
	reserve(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void
sb_adds(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* Room tried first: a row's numbers, times and names fit in it. */
#define FMT_ROOM	64

void
sb_vaddf(struct sbuf *b, const char *fmt, va_list ap)
{
	size_t room;
	va_list ap2;
	int n;

	/*
	 * Written straight into the room there is, and again only when it
	 * did not fit: measuring first made every call format twice, 2%
	 * of the main thread's instructions (rows' times and numbers).
	 */
	reserve(b, FMT_ROOM);
	room = b->cap - b->len;
	va_copy(ap2, ap);
	n = vsnprintf(b->s + b->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->s[b->len] = '\0';	/* whatever it wrote is dropped */
		return;
	}
	if ((size_t)n >= room) {
		reserve(b, (size_t)n);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
sb_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(b, fmt, ap);
	va_end(ap);
}

char *
sb_reserve(struct sbuf *b, size_t n)
{
	reserve(b, n);
	return b->s + b->len;
}

void
sb_commit(struct sbuf *b, size_t n)
{
	b->len += n;
	b->s[b->len] = '\0';
}

void
sb_clear(struct sbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void
sb_release(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *
sb_detach(struct sbuf *b)
{
	char *s = b->s ? b->s : st_strdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

const char *
sb_str(const struct sbuf *b)
{
	return b->s ? b->s : "";
}
