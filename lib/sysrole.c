#include "config.h"

#include <libaudit.h>
#include <string.h>

#include "sysrole.h"

enum st_sysrole
st_sysrole(const char *name)
{
	if (strcmp(name, "execve") == 0 || strcmp(name, "execveat") == 0)
		return ST_SYS_EXEC;
	if (strcmp(name, "clone") == 0 || strcmp(name, "clone3") == 0 ||
	    strcmp(name, "fork") == 0 || strcmp(name, "vfork") == 0)
		return ST_SYS_FORK;
	return ST_SYS_OTHER;
}

/* libaudit's own tables: the ones libauparse interprets with. */
enum st_sysrole
st_sysrole_raw(unsigned long arch, long sc)
{
	const char *name;
	int mach;

	if (arch > 0xffffffffUL || sc < 0 || sc > 0xffff)
		return ST_SYS_UNKNOWN;
	if ((mach = audit_elf_to_machine((unsigned)arch)) < 0 ||
	    (name = audit_syscall_to_name((int)sc, mach)) == NULL)
		return ST_SYS_UNKNOWN;
	return st_sysrole(name);
}
