/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/passwd.h"
#include "input/reader.h"

int
st_passwd_candidate(const struct st_file *f)
{
	const char *rel = st_file_rel(f);
	size_t n = strlen(rel);

	return !f->is_archive && f->kind == ST_KIND_OTHER && n >= 10 &&
	    strcmp(rel + n - 10, "etc/passwd") == 0 &&
	    (n == 10 || rel[n - 11] == '/');
}

int
st_passwd_read(const struct st_file *f, struct sbuf *out, char *err,
    size_t errlen)
{
	struct st_reader *in = st_file_open(f, err, errlen);
	struct st_line ln;
	int rc;

	if (in == NULL)
		return -1;
	while ((rc = st_reader_line(in, &ln)) == 1 &&
	    out->len + ln.len < ST_PASSWD_MAX) {
		sb_add(out, ln.p, ln.len);
		sb_addc(out, '\n');
	}
	if (rc < 0)
		snprintf(err, errlen, "%s", st_reader_error(in));
	st_reader_close(in);
	return rc < 0 ? -1 : 0;
}

/* "name:x:uid:...": the uid field of the line p..end, or -1. */
static long long
uid_field(const char *p, const char *end)
{
	const char *c;
	char num[16];
	size_t k;
	int i;

	for (i = 0; i < 2; i++) {
		if ((c = memchr(p, ':', (size_t)(end - p))) == NULL)
			return -1;
		p = c + 1;
	}
	k = strspn(p, "0123456789");
	if (k == 0 || k >= sizeof(num) || p + k >= end || p[k] != ':')
		return -1;
	memcpy(num, p, k);
	num[k] = '\0';
	return atoll(num);
}

long long
st_passwd_uid(const char *text, size_t n, const char *name)
{
	const char *p = text, *end = text + n, *nl;
	size_t k = strlen(name);

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((size_t)(nl - p) > k && memcmp(p, name, k) == 0 &&
		    p[k] == ':')
			return uid_field(p, nl);
	}
	return -1;
}
