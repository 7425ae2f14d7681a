/* SPDX-License-Identifier: ISC */
/*
 * gzindex.h: read a gzip file from the middle.
 *
 * A .tar.gz holds many log files, and each is read when its time comes,
 * not in the archive's order: inflating from the start for each member
 * made a thousand members cost a thousand times the archive.  While the
 * archive is first read (to list its members), the inflater's state is
 * kept at block boundaries every SPAN bytes of output (a checkpoint: the
 * input position and the last 32 KiB of output), so that reading can
 * later start at the checkpoint before any offset.  At most MAX_POINTS
 * are kept: past that, every other one is dropped and the span doubles,
 * so the index stays under 9 MB however large the archive.
 */
#ifndef ST_GZINDEX_H
#define ST_GZINDEX_H

#include <stddef.h>
#include <stdint.h>

struct st_gzindex;
struct st_gzread;

struct st_gzindex *st_gzindex_new(void);
void		 st_gzindex_free(struct st_gzindex *ix);

/*
 * Read the gzip file open on fd (which the reader owns from now on)
 * from uncompressed offset at; with build, checkpoints are added to ix
 * as it goes (at must be 0 then).  NULL when fd does not start a gzip
 * stream where it must.
 */
struct st_gzread *st_gzread_open(int fd, struct st_gzindex *ix, uint64_t at,
		    int build);
/* Uncompressed bytes into dst: how many, 0 at the end, -1 on damage. */
long		 st_gzread(struct st_gzread *r, void *dst, size_t n);
const char	*st_gzread_error(const struct st_gzread *r);
void		 st_gzread_close(struct st_gzread *r);

/* Is fd's file a gzip stream (its first bytes)?  fd is left at 0. */
int		 st_gzindex_is_gzip(int fd);

#endif
