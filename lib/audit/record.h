/*
 * auditline.h: a cheap check of one audit log line before libauparse
 * sees it.
 *
 * libauparse drops a line it cannot date without a word, cuts a line
 * at its first NUL, and only looks for the timestamp in the first 80
 * bytes (340 with a node= prefix).  Checking the same rules here lets
 * every dropped line be reported with its file and line number, and
 * gives the event identity needed for provenance and de-duplication
 * without parsing the line twice.
 */
#ifndef ST_AUDITLINE_H
#define ST_AUDITLINE_H

#include <stddef.h>
#include <stdint.h>

/* Event identity, as written in msg=audit(SEC.MS:SERIAL). */
struct st_auditid {
	int64_t		 sec;
	unsigned	 ms;
	uint64_t	 serial;
};

struct st_auditline {
	size_t		 skip;		/* bytes of syslog header before it */
	const char	*node;		/* NULL when there is no node= */
	size_t		 nodelen;
	const char	*type;		/* e.g. "SYSCALL" */
	size_t		 typelen;
	struct st_auditid id;
};

/*
 * NULL when p[0..len) is a record libauparse will accept, else a short
 * reason for the report.  A record forwarded through syslog by
 * audisp-syslog or audispd ("<14>Jun 23 12:17:57 host
 * audisp-syslog[673]: type=...") is accepted too: the record itself
 * starts skip bytes in.
 */
const char	*st_auditline_scan(const char *p, size_t len,
		    struct st_auditline *out);

/* <0, 0, >0 like strcmp, ordering by time and then serial. */
int		 st_auditid_cmp(const struct st_auditid *a,
		    const struct st_auditid *b);

/* True when type (typelen bytes) is the record type name t. */
int		 st_auditline_is(const struct st_auditline *l, const char *t);

#endif
