/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "input/files.h"
#include "input/reader.h"

struct st_file *
st_files_add(struct st_files *fl, const char *path)
{
	struct st_file *f = st_calloc(1, sizeof(*f));

	f->path = st_strdup(path);
	f->uid = -1;
	f->name = strcmp(path, "-") == 0 ? "(stdin)" : f->path;
	fl->v = st_grow(fl->v, &fl->cap, fl->n + 1, sizeof(*fl->v));
	fl->v[fl->n++] = f;
	return f;
}

void
st_files_release(struct st_files *fl)
{
	size_t i, k;
	struct st_file *f;

	for (i = 0; i < fl->n; i++) {
		f = fl->v[i];
		for (k = 0; k < ST_BAD_SHOWN; k++)
			free(f->bad[k].why);
		st_reader_close(f->held);
		free(f->path);
		free(f->archive);
		free(f->inner);
		st_archive_index_free(f->aix);
		free(f->node);
		free(f->skipped);
		free(f->aside);
		free(f->error);
		free(f->warning);
		free(f->server_why);
		free(f->reading);
		free(f->format);
		free(f->uname);
		free(f);
	}
	free(fl->v);
	memset(fl, 0, sizeof(*fl));
}

struct st_reader *
st_file_open(const struct st_file *f, char *err, size_t errlen)
{
	if (f->archive)
		return st_reader_open_member(f->disk, f->nested, &f->at, err,
		    errlen);
	return st_reader_open(f->path, f->nested, err, errlen);
}

void
st_file_bad(struct st_file *f, uint64_t line, const char *why)
{
	if (f->malformed < ST_BAD_SHOWN) {
		f->bad[f->malformed].line = line;
		f->bad[f->malformed].why = st_strdup(why);
	}
	f->malformed++;
}

static char *
vformat(const char *fmt, va_list ap)
{
	struct sbuf b = SBUF_INIT;

	sb_vaddf(&b, fmt, ap);
	return sb_detach(&b);
}

void
st_file_error(struct st_file *f, const char *fmt, ...)
{
	va_list ap;

	if (f->error)
		return;		/* the first error is the one that matters */
	va_start(ap, fmt);
	f->error = vformat(fmt, ap);
	va_end(ap);
}

void
st_file_warn(struct st_file *f, const char *fmt, ...)
{
	va_list ap;

	if (f->warning)
		return;
	va_start(ap, fmt);
	f->warning = vformat(fmt, ap);
	va_end(ap);
}

const char *
st_file_rel(const struct st_file *f)
{
	const char *p = f->path + f->rel;

	while (*p == '/' || *p == '!')
		p++;
	return *p ? p : f->path;
}

void
st_file_skip(struct st_file *f, const char *fmt, ...)
{
	va_list ap;

	free(f->skipped);
	va_start(ap, fmt);
	f->skipped = vformat(fmt, ap);
	va_end(ap);
}

void
st_file_done(struct st_file *f, struct st_reader *in, int hash)
{
	if (hash && st_reader_sha256(in, f->sha256) < 0)
		f->sha256[0] = '\0';
	if (f->stream)
		f->size = st_reader_raw_offset(in);
}

void
st_file_saw(struct st_file *f, const struct st_stamp *id)
{
	if (!f->have_time || st_stamp_cmp(id, &f->tmin) < 0)
		f->tmin = *id;
	if (!f->have_time || st_stamp_cmp(id, &f->tmax) > 0)
		f->tmax = *id;
	f->have_time = 1;
}

static int
by_first(const void *a, const void *b)
{
	const struct st_file *x = *(struct st_file *const *)a;
	const struct st_file *y = *(struct st_file *const *)b;
	int c;

	if (x->have_first != y->have_first)
		return x->have_first ? -1 : 1;
	if (x->have_first && (c = st_stamp_cmp(&x->first, &y->first)))
		return c;
	return strcmp(x->path, y->path);
}

void
st_files_audit_order(const struct st_files *fl, struct st_file ***out,
    size_t *n)
{
	size_t i;

	*out = st_calloc(fl->n, sizeof(**out));
	*n = 0;
	for (i = 0; i < fl->n; i++)
		if (fl->v[i]->kind == ST_KIND_AUDIT && !fl->v[i]->skipped)
			(*out)[(*n)++] = fl->v[i];
	qsort(*out, *n, sizeof(**out), by_first);
}

int
st_file_unread(const struct st_file *f)
{
	return f->error != NULL && f->lines == 0;
}
