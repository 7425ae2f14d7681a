/*
 * sysrole.h: what a system call does to the process tree.
 *
 * The event reader, the tree builder and the filter in front of
 * libauparse must agree on which calls start a program and which make
 * a process; one list keeps them agreeing.
 */
#ifndef ST_SYSROLE_H
#define ST_SYSROLE_H

enum st_sysrole {
	ST_SYS_UNKNOWN = -1,	/* an arch or number libaudit does not know */
	ST_SYS_OTHER = 0,
	ST_SYS_EXEC,		/* execve, execveat */
	ST_SYS_FORK,		/* fork, vfork, clone, clone3 */
};

/* By name, as libauparse interprets the syscall field. */
enum st_sysrole	st_sysrole(const char *name);
/* By the raw arch= (an AUDIT_ARCH_* value) and syscall= numbers. */
enum st_sysrole	st_sysrole_raw(unsigned long arch, long sc);

#endif
