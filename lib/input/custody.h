/* SPDX-License-Identifier: ISC */
/*
 * custody.h: what shelltrail may touch, in one place.
 *
 * Every file read as evidence and every file written goes through
 * here: evidence is opened read-only, without a controlling terminal,
 * close-on-exec and without changing its access time where the kernel
 * lets us; outputs are created without ever following a symbolic link,
 * and are checked to lie off the evidence.  The manifest records each
 * input file's size, modification time and SHA-256 for chain of
 * custody.
 */
#ifndef ST_CUSTODY_H
#define ST_CUSTODY_H

#include <dirent.h>
#include <stdio.h>

#include "base/time.h"
#include "input/files.h"

/*
 * An evidence file to read ("-": a copy of standard input); -1 with
 * errno.  With nofollow, a symbolic link is not followed (ELOOP): a file
 * found inside a directory must still be that file when it is read.
 */
int	st_custody_open(const char *path, int nofollow);
/* An evidence directory to walk; NULL with errno. */
DIR	*st_custody_opendir(const char *path, int nofollow);

/* An output file, made or emptied, never through a link; NULL, errno. */
FILE	*st_custody_create(const char *path);
/* The same, only if no file has that name yet (EEXIST). */
FILE	*st_custody_create_new(const char *path);
/* An output directory and its parents (mkdir -p); -1 with errno. */
int	st_custody_mkdirs(const char *path);

/*
 * 0 when out may be written: it is none of the inputs (by path or by
 * inode), lies in none of the input directories (its path resolved as
 * it will be once made), and is no file with other names (a hard link
 * to evidence).  Else -1 and why.
 */
int	st_custody_check_output(const char *out, const char *const *inputs,
	    size_t n, char *err, size_t errlen);
/* Do two output paths name one file, once resolved? */
int	st_custody_same_output(const char *a, const char *b);

/*
 * One tab-separated line per input file: SHA-256, bytes, modification
 * time, kind, path.  Files not read in full while running are hashed
 * now.  A file that changed while shelltrail ran is said to have.
 * Returns the number of files that changed or could not be hashed.
 */
size_t	st_custody_manifest(FILE *fp, struct st_files *fl,
	    const struct st_tz *tz);

#endif
