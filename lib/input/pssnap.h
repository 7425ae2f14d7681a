/* SPDX-License-Identifier: ISC */
/*
 * pssnap.h: the process lists a live-response collection holds (UAC's
 * live_response/process/ps_auxwwwf.txt, ps_-ef.txt, a responder's own
 * ps.txt): which processes were still running when it was taken.
 *
 * A file is one when its name says ps or process and its first line is
 * a ps header: "ps aux" (USER PID ... COMMAND), "ps -ef" (UID PID PPID
 * ... CMD), or an -o list of ps's columns with PID, the command last
 * (CatScale's processes-axwwSo.txt); "f"'s tree drawing before a
 * command is taken off.
 */
#ifndef ST_PSSNAP_H
#define ST_PSSNAP_H

#include <stddef.h>
#include <stdint.h>

#include "base/u64map.h"
#include "input/files.h"

struct st_psproc {
	long long	 pid;
	char		*command;	/* as ps shows it: arguments joined */
	/* When it started, in the host's local time of day, as ps shows
	 * it: START/STIME "20:22" (to the minute), lstart's "20:22:40";
	 * "" when ps showed a day or a year instead, or no such column. */
	char		 started[12];
	int		 start_sod;	/* its seconds of the day */
	int		 start_prec;	/* 60, 1, or 0: not known */
	const char	*file;		/* the snapshot's, for people */
	uint64_t	 line;
	struct st_psproc *next;		/* another snapshot's, same pid */
};

struct st_pssnap {
	struct u64map	 bypid;		/* pid -> struct st_psproc */
	size_t		 files, procs;
};

/* Might f be a process list, by its name? */
int	st_pssnap_candidate(const struct st_file *f);
/*
 * Read f into s when it is a process list: 1 when it was, 0 when not
 * (its first line is no ps header), -1 with err when it cannot be read.
 * At most ST_PSSNAP_MAX processes are kept in all.
 */
#define ST_PSSNAP_MAX	200000
int	st_pssnap_read(struct st_pssnap *s, const struct st_file *f,
	    char *err, size_t errlen);
/* The same from a reader (tests, fuzzing); name must outlive s. */
struct st_reader;
int	st_pssnap_lines(struct st_pssnap *s, struct st_reader *in,
	    const char *name, char *err, size_t errlen);
/*
 * The process with this pid whose command is the one given (or, when ps
 * cut it to its width, starts it), or NULL.
 */
const struct st_psproc *st_pssnap_running(const struct st_pssnap *s,
	    long long pid, const char *command, size_t len);
/*
 * Does x's start fit a process that exec'd at exec_sec (UTC seconds)?
 * ps shows local time and the zone is not known, so the start is
 * compared modulo 15 minutes (every zone's offset is a multiple of it):
 * 1 when it fits (up to 10 s before the exec, 2 s after, the minute
 * for "20:22"), 0 when it does not, -1 when the start is not known.
 */
int	st_pssnap_start_fits(const struct st_psproc *x, int64_t exec_sec);
void	st_pssnap_release(struct st_pssnap *s);

#endif
