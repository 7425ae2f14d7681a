/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <libaudit.h>
#include <string.h>

#include "audit/sysrole.h"

/* open and openat count only when their flags write: see fields.c. */
static const char *const file_calls[] = { "open", "openat", "openat2",
	"creat", "truncate", "ftruncate", "rename", "renameat", "renameat2",
	"unlink", "unlinkat", "chmod", "fchmod", "fchmodat", "fchmodat2",
	"chown", "fchown", "lchown", "fchownat", "link", "linkat", "symlink",
	"symlinkat", "mkdir", "mkdirat" };

enum st_sysrole
st_sysrole(const char *name)
{
	size_t i;

	if (strcmp(name, "execve") == 0 || strcmp(name, "execveat") == 0)
		return ST_SYS_EXEC;
	if (strcmp(name, "clone") == 0 || strcmp(name, "clone3") == 0 ||
	    strcmp(name, "fork") == 0 || strcmp(name, "vfork") == 0)
		return ST_SYS_FORK;
	if (strcmp(name, "connect") == 0 || strcmp(name, "bind") == 0 ||
	    strcmp(name, "listen") == 0)
		return ST_SYS_NET;
	for (i = 0; i < sizeof(file_calls) / sizeof(*file_calls); i++)
		if (strcmp(name, file_calls[i]) == 0)
			return ST_SYS_FILE;
	return ST_SYS_OTHER;
}

int
st_sysrole_flags_arg(const char *name)
{
	if (strcmp(name, "open") == 0)
		return 1;
	return strcmp(name, "openat") == 0 ? 2 : -1;
}

/* libaudit's own tables: the ones libauparse interprets with. */
enum st_sysrole
st_sysrole_raw(unsigned long arch, long sc, int *flags_arg)
{
	const char *name;
	int mach;

	*flags_arg = -1;
	if (arch > 0xffffffffUL || sc < 0 || sc > 0xffff)
		return ST_SYS_UNKNOWN;
	if ((mach = audit_elf_to_machine((unsigned)arch)) < 0 ||
	    (name = audit_syscall_to_name((int)sc, mach)) == NULL)
		return ST_SYS_UNKNOWN;
	*flags_arg = st_sysrole_flags_arg(name);
	return st_sysrole(name);
}
