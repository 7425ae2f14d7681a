/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: an evidence file that may be an archive.  The bytes go
 * to a memory file, which is discovered like any input (archive
 * members listed and sniffed), split into hosts, and every member that
 * is a log is read to its end.
 */
#define _GNU_SOURCE
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "input/discover.h"
#include "input/hosts.h"
#include "input/reader.h"
#include "scan/sniff.h"
#include "tree/weborigin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct st_weborigin *web;	/* compiled once, kept */

/* Read every log file to its end. */
static void
read_all(const struct st_files *fl)
{
	struct st_reader *in;
	struct st_line l;
	char err[256];
	size_t i;

	for (i = 0; i < fl->n; i++) {
		if (fl->v[i]->kind == ST_KIND_OTHER || fl->v[i]->skipped ||
		    (in = st_file_open(fl->v[i], err, sizeof(err))) == NULL)
			continue;
		while (st_reader_line(in, &l) > 0)
			;
		st_reader_close(in);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_logformats fmts = { 0 };
	struct st_sniff *s;
	struct st_discover d;
	struct st_files fl = { 0 };
	struct st_hosts h;
	const char *root;
	char path[64], err[256];
	int fd = memfd_create("evidence", MFD_CLOEXEC);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	root = path;
	st_logformats_builtin(&fmts);
	if (web == NULL) {
		web = st_weborigin_new();
		st_weborigin_compile(web, err, sizeof(err));
	}
	s = st_sniff_new(&fmts, NULL, NULL, web);
	d.sniff = st_sniff_file;
	d.ctx = s;
	d.hash = 0;
	st_discover(&d, &fl, path, ST_KIND_OTHER);
	st_hosts_split(&fl, &root, 1, NULL, &h);
	read_all(&fl);
	st_hosts_release(&h);
	st_files_release(&fl);
	st_sniff_free(s);
	st_logformats_release(&fmts);
	close(fd);
	return 0;
}
