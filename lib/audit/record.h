/* SPDX-License-Identifier: ISC */
/*
 * record.h: a cheap check of one audit log line before libauparse
 * sees it.
 *
 * libauparse drops a line it cannot date without a word, cuts a line
 * at its first NUL, and only looks for the timestamp in the first 80
 * bytes (340 with a node= prefix).  Checking the same rules here lets
 * every dropped line be reported with its file and line number, and
 * gives the event identity needed for provenance and de-duplication
 * without parsing the line twice.
 */
#ifndef ST_RECORD_H
#define ST_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "base/ascii.h"
#include "base/time.h"

struct st_record {
	size_t		 skip;		/* bytes of syslog header before it */
	const char	*node;		/* NULL when there is no node= */
	size_t		 nodelen;
	const char	*type;		/* e.g. "SYSCALL" */
	size_t		 typelen;
	struct st_stamp id;
};

/*
 * NULL when p[0..len) is a record libauparse will accept, else a short
 * reason for the report.  A record forwarded through syslog by
 * audisp-syslog or audispd ("<14>Jun 23 12:17:57 host
 * audisp-syslog[673]: type=...") is accepted too: the record itself
 * starts skip bytes in.
 */
const char	*st_record_scan(const char *p, size_t len,
		    struct st_record *out);


/*
 * True when type (typelen bytes) is the record type name t, in upper
 * case as libaudit names types, whatever the record's case ("cWD" is a
 * CWD record to libaudit).  A record is asked its type up to a dozen
 * times on the thread the run waits on: in line, not a call each.
 */
static inline int
st_record_is(const struct st_record *l, const char *t)
{
	size_t i;

	for (i = 0; i < l->typelen; i++)
		if (t[i] == '\0' || st_ascii_upper(l->type[i]) != t[i])
			return 0;
	return t[i] == '\0';
}

#endif
