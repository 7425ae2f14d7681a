/*
 * evidence.h: keeping the evidence untouched, and saying what it was.
 *
 * shelltrail never opens an input for writing; these checks keep its
 * own outputs off the evidence too, and the manifest records each input
 * file's size, modification time and SHA-256 for chain of custody.
 */
#ifndef ST_EVIDENCE_H
#define ST_EVIDENCE_H

#include <stdio.h>

#include "input/files.h"
#include "base/time.h"

/*
 * 0 when out may be written: it is none of the inputs (by path or by
 * inode) and lies in none of the input directories.  Else -1 and why.
 */
int	st_output_check(const char *out, const char *const *inputs, size_t n,
	    char *err, size_t errlen);

/*
 * One tab-separated line per input file: SHA-256, bytes, modification
 * time, kind, path.  Files not read in full while running are hashed
 * now.  A file that changed while shelltrail ran is said to have.
 * Returns the number of files that changed or could not be hashed.
 */
size_t	st_manifest_write(FILE *fp, struct st_files *fl, const struct st_tz *tz);

#endif
