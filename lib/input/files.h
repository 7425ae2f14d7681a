/* SPDX-License-Identifier: ISC */
/*
 * files.h: the evidence files of one run, and what reading them found.
 *
 * Every file met while walking the inputs gets an entry, including the
 * ones that are skipped, so the end-of-run report can say why a file
 * was not used.  Nothing is ever silently ignored.
 */
#ifndef ST_FILES_H
#define ST_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "base/time.h"
#include "input/archive.h"

enum st_kind {
	ST_KIND_OTHER,		/* not a log shelltrail reads: skipped */
	ST_KIND_AUDIT,
	ST_KIND_ACCESS,
};

#define ST_BAD_SHOWN	3	/* malformed lines quoted per file */

struct st_badline {
	uint64_t	 line;
	char		*why;
};

struct st_reader;

struct st_file {
	char		*path;		/* as given; "-" is standard input;
					 * "ARCHIVE!/NAME" for a member */
	char		*archive;	/* a member's archive, or NULL */
	const char	*disk;		/* and the file on disk it is in:
					 * the archive, or the one it lies
					 * in (another file's path) */
	struct st_archive_at at;	/* and where in it */
	char		*inner;		/* its name inside (at.name) */
	struct st_archive_index *aix;	/* an archive's: its index */
	unsigned	 root;		/* which input path it was found under */
	int		 nested;	/* found inside a directory: never read
					 * through a symbolic link */
	size_t		 rel;		/* path + rel: its path below the input */
	long long	 uid;		/* its owner, or -1 */
	char		*uname;		/* and the name an archive gives */
	int		 web_writable;	/* a web account owns it, or it lies
					 * under a web root (scan/sniff.h) */
	char		*node;		/* node= of its first audit record */
	int		 is_archive;	/* its members are files of their own */
	int		 host;		/* given to a host (hosts.h) */
	const char	*name;		/* for people: "(stdin)" for "-" */
	enum st_kind	 kind;
	int		 forced;	/* --audit: kind given, not sniffed */
	int		 gzip;
	int		 stream;	/* stdin or a FIFO: read only once */
	uint64_t	 size;		/* bytes on disk, 0 for a stream */
	int64_t		 mtime_sec;	/* when found */
	long		 mtime_nsec;
	char		 sha256[65];	/* "" until hashed */
	int		 changed;	/* differed after reading */
	struct st_reader	*held;		/* a stream, open since sniffing */
	struct st_stamp first;	/* first record, for ordering */
	int		 have_first;
	int		 fmt;		/* access log format, an index */
	/* Which web server wrote it (an access or error log): an enum
	 * st_server of web/logsyntax.h, 0 when not known; and why. */
	int		 server;
	char		*server_why;
	int		 errlog;	/* a web server's error log */
	int		 unknown_format;	/* an access log no format reads */
	char		*reading;	/* access: how its lines are read */
	char		*format;	/* and its format's name */
	int64_t		 first_ms;	/* first request's time (access) */
	char		*skipped;	/* why it is not read, or NULL */
	char		*aside;		/* read for what it says, not as a
					 * log (a web server configuration,
					 * a process list): what it gave */
	char		*error;		/* why reading failed or stopped */
	char		*warning;	/* what else is wrong with it */
	/* Filled while reading. */
	uint64_t	 lines, records, events, dups, malformed;
	struct st_stamp	 dup_first;	/* the first copy's time */
	uint64_t	 torn;		/* last line without a newline, or 0 */
	struct st_badline bad[ST_BAD_SHOWN];
	struct st_stamp tmin, tmax;
	int		 have_time;
	int		 read;		/* reading was attempted */
};

struct st_files {
	struct st_file	**v;
	size_t		 n, cap;
};

struct st_file	*st_files_add(struct st_files *fl, const char *path);
void		 st_files_release(struct st_files *fl);

/* Open f for reading, a file or an archive's member. */
struct st_reader	*st_file_open(const struct st_file *f, char *err,
		    size_t errlen);

/* Note a malformed line: counted, and quoted when among the first. */
void		 st_file_bad(struct st_file *f, uint64_t line,
		    const char *why);
void		 st_file_error(struct st_file *f, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 st_file_skip(struct st_file *f, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* Something about f a responder must hear of; the first one is kept. */
void		 st_file_warn(struct st_file *f, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* f's path below its input, never empty. */
const char	*st_file_rel(const struct st_file *f);
/*
 * Could f not be read at all (missing, unreadable, a damaged archive,
 * a stream broken before its first line)?  One whose reading stopped
 * after some lines is damaged, not unread.
 */
int		 st_file_unread(const struct st_file *f);
/*
 * Reading f through in has ended: keep its SHA-256 when hashing, and
 * the size of a stream, known only now.
 */
void		 st_file_done(struct st_file *f, struct st_reader *in, int hash);
/* Widen the file's time range to include id. */
void		 st_file_saw(struct st_file *f, const struct st_stamp *id);

/*
 * Audit files in the order to feed them: by their first record,
 * oldest first, so a rotated set is read as one stream whatever the
 * file names.
 */
void		 st_files_audit_order(const struct st_files *fl,
		    struct st_file ***out, size_t *n);

#endif
