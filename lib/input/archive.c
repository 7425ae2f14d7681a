#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "input/archive.h"
#include "input/custody.h"

#define BLOCK	(64 * 1024)

struct st_archive {
	struct archive	*a;
	int		 fd;
};

struct st_archive *
st_archive_open(const char *path, int nofollow)
{
	struct st_archive *x;
	int fd;

	if ((fd = st_custody_open(path, nofollow)) < 0)
		return NULL;
	x = st_calloc(1, sizeof(*x));
	x->fd = fd;
	if ((x->a = archive_read_new()) == NULL)
		abort();
	archive_read_support_filter_all(x->a);
	archive_read_support_format_tar(x->a);
	archive_read_support_format_gnutar(x->a);
	archive_read_support_format_zip(x->a);
	if (archive_read_open_fd(x->a, fd, BLOCK) != ARCHIVE_OK) {
		st_archive_close(x);
		return NULL;
	}
	return x;
}

void
st_archive_close(struct st_archive *x)
{
	if (x == NULL)
		return;
	archive_read_free(x->a);
	close(x->fd);
	free(x);
}

long
st_archive_read(struct st_archive *x, void *dst, size_t room)
{
	la_ssize_t n = archive_read_data(x->a, dst, room);

	return n < 0 ? -1 : (long)n;
}

const char *
st_archive_error(struct st_archive *x)
{
	return archive_error_string(x->a) ? archive_error_string(x->a) :
	    "unreadable archive entry";
}

int
st_archive_next(struct st_archive *x, struct st_member *m, char *err,
    size_t errlen)
{
	struct archive_entry *e;
	int rc = archive_read_next_header(x->a, &e);

	if (rc == ARCHIVE_EOF)
		return 0;
	if (rc < ARCHIVE_WARN) {
		snprintf(err, errlen, "%s", archive_error_string(x->a) ?
		    archive_error_string(x->a) : "unreadable archive");
		return -1;
	}
	m->index = m->name ? m->index + 1 : 0;
	m->name = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
	m->regular = archive_entry_filetype(e) == AE_IFREG;
	m->dir = archive_entry_filetype(e) == AE_IFDIR;
	m->size = archive_entry_size_is_set(e) && archive_entry_size(e) > 0 ?
	    (uint64_t)archive_entry_size(e) : 0;
	m->mtime = archive_entry_mtime(e);
	m->uid = (long long)archive_entry_uid(e);
	m->uname = archive_entry_uname(e);
	return 1;
}

struct st_archive *
st_archive_seek(const char *path, int nofollow, uint64_t index, char *err,
    size_t errlen)
{
	struct st_archive *a = st_archive_open(path, nofollow);
	struct st_member m = { 0 };
	int rc;

	if (a == NULL) {
		snprintf(err, errlen, "cannot open the archive again");
		return NULL;
	}
	while ((rc = st_archive_next(a, &m, err, errlen)) == 1)
		if (m.index == index)
			return a;
	if (rc == 0)
		snprintf(err, errlen, "the archive has changed: entry %llu "
		    "is gone", (unsigned long long)index);
	st_archive_close(a);
	return NULL;
}
