/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sigma/internal.h"

/*
 * The Sigma field names shelltrail gives, per logsource: Sysmon's for
 * the generic categories (the Sigma taxonomy appendix), auditd's own
 * record fields for service auditd.  A name listed here but not given
 * by the evidence (OriginalFileName: Linux has no such thing) is
 * absent on every row, so a rule needing it never matches; a name not
 * listed makes the rule skipped, so that it is never half-applied.
 * ProcessChain ("? php-fpm8.2[11316] > sh[13545] > curl[13546]") and
 * WebOrigin (why the process is web-originated; absent when it is not)
 * are shelltrail's own, for rules on what Sigma has no words for.
 */
struct fname {
	const char	*name;
	int		 id;
};

static const struct fname proc_fields[] = {
	{ "Image", SG_F_IMAGE }, { "OriginalFileName", SG_F_ORIGINAL_FILE_NAME },
	{ "CommandLine", SG_F_COMMAND_LINE },
	{ "CurrentDirectory", SG_F_CURRENT_DIRECTORY }, { "User", SG_F_USER },
	{ "LogonId", SG_F_LOGON_ID }, { "ProcessId", SG_F_PROCESS_ID },
	{ "ParentProcessId", SG_F_PARENT_PROCESS_ID },
	{ "ParentImage", SG_F_PARENT_IMAGE },
	{ "ParentCommandLine", SG_F_PARENT_COMMAND_LINE },
	{ "ProcessChain", SG_F_PROCESS_CHAIN }, { "WebOrigin", SG_F_WEB_ORIGIN },
	{ NULL, 0 },
};

static const struct fname file_fields[] = {
	{ "TargetFilename", SG_F_TARGET_FILENAME }, { "Image", SG_F_IMAGE },
	{ "ProcessId", SG_F_PROCESS_ID }, { "User", SG_F_USER },
	{ NULL, 0 },
};

static const struct fname net_fields[] = {
	{ "Image", SG_F_IMAGE }, { "ProcessId", SG_F_PROCESS_ID },
	{ "User", SG_F_USER }, { "DestinationIp", SG_F_DESTINATION_IP },
	{ "DestinationPort", SG_F_DESTINATION_PORT },
	{ "DestinationHostname", SG_F_DESTINATION_HOSTNAME },
	{ "DestinationIsIpv6", SG_F_DESTINATION_IS_IPV6 },
	{ "Initiated", SG_F_INITIATED }, { "SourceIp", SG_F_SOURCE_IP },
	{ "SourcePort", SG_F_SOURCE_PORT }, { "Protocol", SG_F_PROTOCOL },
	{ NULL, 0 },
};

/* SYSCALL is the interpreted name (execve), as ENRICHED logs spell it. */
static const struct fname audit_fields[] = {
	{ "type", SG_F_TYPE }, { "SYSCALL", SG_F_SYSCALL_NAME },
	{ "exe", SG_F_EXE }, { "comm", SG_F_COMM }, { "key", SG_F_KEY },
	{ "success", SG_F_SUCCESS }, { "exit", SG_F_EXIT }, { "pid", SG_F_PID },
	{ "ppid", SG_F_PPID }, { "uid", SG_F_UID }, { "auid", SG_F_AUID },
	{ "euid", SG_F_EUID }, { "ses", SG_F_SES }, { "tty", SG_F_TTY },
	{ "cwd", SG_F_CWD }, { "name", SG_F_NAME }, { "argc", SG_F_ARGC },
	{ NULL, 0 },
};

static const struct fname *const tables[SG_NKINDS] = {
	[SG_PROC] = proc_fields, [SG_FILE] = file_fields,
	[SG_NET] = net_fields, [SG_AUDIT] = audit_fields,
};

static int
arg_field(const char *name)
{
	char *end;
	long n;

	if (name[0] != 'a' || name[1] < '0' || name[1] > '9' ||
	    (name[1] == '0' && name[2]))
		return -1;
	n = strtol(name + 1, &end, 10);
	return *end || n >= SG_NARGS ? -1 : SG_F_A0 + (int)n;
}

int
sg_field_id(enum sg_kind k, const char *name)
{
	const struct fname *f;

	for (f = tables[k]; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f->id;
	return k == SG_AUDIT ? arg_field(name) : -1;
}

const char *
sg_kind_name(enum sg_kind k)
{
	static const char *const names[SG_NKINDS] = {
		[SG_PROC] = "process_creation", [SG_FILE] = "file_event",
		[SG_NET] = "network_connection", [SG_AUDIT] = "auditd",
	};

	return names[k];
}
