/*
 * archive.h: log files inside tar and zip archives, read in place.
 *
 * Collected evidence often arrives as one archive per host.  Members
 * are streamed through libarchive, never extracted to disk.  A member
 * is named by the archive's path, ARCHIVE_SEP and its name inside
 * ("web01.tar.gz!/var/log/audit/audit.log"), and found again by its
 * position: tar.gz cannot seek, so opening a member reads the archive
 * up to it.  Only tar (any compression libarchive knows) and zip are
 * recognised, never libarchive's "raw" or text formats, so that a log
 * file cannot be taken for an archive.
 */
#ifndef ST_ARCHIVE_H
#define ST_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#define ARCHIVE_SEP	"!/"

struct st_archive;

/*
 * Open path to read it as an archive, read-only and without touching
 * its access time; NULL when it cannot be opened.  Whether it is an
 * archive shows at the first st_archive_next.
 */
struct st_archive *st_archive_open(const char *path, int nofollow);
void		 st_archive_close(struct st_archive *a);

struct st_member {
	const char	*name;		/* inside the archive */
	uint64_t	 index;		/* 0 for the first entry */
	int		 regular;	/* a regular file, with data */
	int		 dir;		/* a directory: nothing to read */
	uint64_t	 size;
	int64_t		 mtime;
	long long	 uid;		/* as the archive says */
	const char	*uname;		/* or NULL */
};

/*
 * The next entry; its data is read through an input made with
 * st_reader_open_archive.  1: an entry, 0: the end, -1: an error (text
 * in err).
 */
int		 st_archive_next(struct st_archive *a, struct st_member *m,
		    char *err, size_t errlen);
/* The current entry's data: bytes read, 0 at its end, -1 (see err). */
long		 st_archive_read(struct st_archive *a, void *dst, size_t room);
const char	*st_archive_error(struct st_archive *a);

/* Open path and move to entry number index; NULL with err on failure. */
struct st_archive *st_archive_seek(const char *path, int nofollow,
		    uint64_t index,
		    char *err, size_t errlen);

#endif
