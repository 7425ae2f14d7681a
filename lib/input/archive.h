/* SPDX-License-Identifier: ISC */
/*
 * archive.h: log files inside tar and zip archives, read in place.
 *
 * Collected evidence often arrives as one archive per host.  Members
 * are streamed through libarchive, never extracted to disk.  A member
 * is named by the archive's path, ARCHIVE_SEP and its name inside
 * ("web01.tar.gz!/var/log/audit/audit.log").
 *
 * Members are read when their time comes, not in the archive's order,
 * so each is found again without walking the archive from its start
 * (which made n members cost n times the archive): a plain tar or a zip
 * at its header's offset in the file; a tar.gz at that offset in the
 * inflated stream, reached from the nearest checkpoint the first pass
 * kept (gzindex.h).  Only other compressions (xz, zstd, bzip2) are
 * walked from the start.
 *
 * An archive may hold archives (CatScale keeps /var/log and /etc as
 * tarballs inside its own): one inside is read from its parent's
 * stream, so its members are found again by walking it from its start;
 * at most ST_ARCHIVE_DEPTH deep, and no further than ST_ARCHIVE_INNER_MAX
 * bytes of entries, so a small member cannot inflate without end.
 *
 * Only tar and zip are recognised, never libarchive's "raw" or text
 * formats, so that a log file cannot be taken for an archive; and only
 * decompressors libarchive has built in: it would run lrzip, lzop or
 * grzip from PATH on the evidence's bytes for the others.
 */
#ifndef ST_ARCHIVE_H
#define ST_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#define ARCHIVE_SEP	"!/"

#define ST_ARCHIVE_DEPTH	2	/* archives inside the one on disk */
#define ST_ARCHIVE_INNER_MAX	(64ULL << 30)	/* bytes of entries */

struct st_archive;

/* How an archive's members are found again; made by the first pass. */
struct st_archive_index;

/*
 * Open path to read it as an archive, read-only and without touching
 * its access time; NULL when it cannot be opened.  Whether it is an
 * archive shows at the first st_archive_next.  The pass fills ix (when
 * not NULL), which must outlive every st_archive_at that names it.
 */
struct st_archive *st_archive_open(const char *path, int nofollow,
		    struct st_archive_index *ix);
/*
 * The archive that outer's current entry holds, read from it (outer
 * must stay open and on that entry); NULL when it cannot be read.
 */
struct st_archive *st_archive_open_inner(struct st_archive *outer);
void		 st_archive_close(struct st_archive *a);

struct st_member {
	const char	*name;		/* inside the archive */
	uint64_t	 index;		/* 0 for the first entry */
	uint64_t	 offset;	/* of its header: see st_archive_at */
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

struct st_archive_index *st_archive_index_new(void);
void		 st_archive_index_free(struct st_archive_index *ix);

/* Where a member is: all st_archive_seek needs. */
struct st_archive_at {
	const struct st_archive_index *ix;	/* NULL: walk to it */
	uint64_t	 index, offset;
	const char	*name;		/* checked on arrival */
	/* The archive itself is this member of another, or NULL. */
	const struct st_archive_at *in;
};

/*
 * The length of the archive extension name ends with (".tar.gz",
 * ".tgz", ".zip", ...: any case), or 0.
 */
size_t		 st_archive_ext(const char *name, size_t n);

/*
 * Open path at the member at (path is the archive on disk, however
 * deep at lies); NULL with err on failure.
 */
struct st_archive *st_archive_seek(const char *path, int nofollow,
		    const struct st_archive_at *at, char *err, size_t errlen);

#endif
