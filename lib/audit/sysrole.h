/* SPDX-License-Identifier: ISC */
/*
 * sysrole.h: what a system call does to the process tree.
 *
 * The event reader, the tree builder and the filter in front of
 * libauparse must agree on which calls start a program, which make a
 * process, and which leave traces worth a row (a connection, a file
 * written); one list keeps them agreeing.
 */
#ifndef ST_SYSROLE_H
#define ST_SYSROLE_H

enum st_sysrole {
	ST_SYS_UNKNOWN = -1,	/* an arch or number libaudit does not know */
	ST_SYS_OTHER = 0,
	ST_SYS_EXEC,		/* execve, execveat */
	ST_SYS_FORK,		/* fork, vfork, clone, clone3 */
	ST_SYS_NET,		/* connect, bind, listen */
	ST_SYS_FILE,		/* calls that make, change or remove files */
};

/* open flags that write: O_WRONLY, O_RDWR, O_CREAT, O_TRUNC. */
#define ST_OPEN_WRITES	(01 | 02 | 0100 | 01000)

/*
 * Which argument holds an open call's flags: 1 for open, 2 for openat,
 * -1 for other calls (an open that only reads changes nothing).
 */
int		st_sysrole_flags_arg(const char *name);

/* By name, as libauparse interprets the syscall field. */
enum st_sysrole	st_sysrole(const char *name);
/*
 * By the raw arch= (an AUDIT_ARCH_* value) and syscall= numbers; with
 * flags_arg, st_sysrole_flags_arg of the call too.
 */
enum st_sysrole	st_sysrole_raw(unsigned long arch, long sc, int *flags_arg);

#endif
