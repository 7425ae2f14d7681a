/* SPDX-License-Identifier: ISC */
/*
 * The prefilter's judge on SYSCALL records that start their events,
 * after a node= or syslog prefix as the feed hands them: a known
 * process's call that starts nothing is left out whole; an exec, a
 * new executable, a record without exe=, an open for writing and the
 * same pid on another node are fed.  Each field is the first word of
 * its name, wherever it stands.
 */
#include "config.h"

#include <string.h>

#include "audit/prefilter.h"
#include "audit/record.h"
#include "check.h"

static const char *const lines[] = {
	/* php-fpm opens a file: the first of its pid is fed */
	"node=web1 type=SYSCALL msg=audit(1795756858.100:10): arch=c000003e "
	    "syscall=257 success=yes exit=3 a0=1 a1=2 a2=0 a3=4 items=1 "
	    "ppid=1 pid=100 auid=4294967295 uid=33 tty=(none) "
	    "ses=4294967295 comm=\"php-fpm8.2\" exe=\"/usr/sbin/php-fpm8.2\" "
	    "key=\"k\"",
	/* the same again: left out whole */
	"node=web1 type=SYSCALL msg=audit(1795756858.200:11): arch=c000003e "
	    "syscall=257 success=yes exit=3 a0=1 a1=2 a2=0 a3=4 items=1 "
	    "ppid=1 pid=100 auid=4294967295 uid=33 tty=(none) "
	    "ses=4294967295 comm=\"php-fpm8.2\" exe=\"/usr/sbin/php-fpm8.2\" "
	    "key=\"k\"",
	/* forwarded by syslog, an exec: fed */
	"<14>Nov 27 13:20:58 web1 audisp-syslog[673]: type=SYSCALL "
	    "msg=audit(1795756858.300:12): arch=c000003e syscall=59 "
	    "success=yes exit=0 a0=1 a1=2 a2=0 a3=4 items=2 ppid=1 pid=100 "
	    "auid=4294967295 uid=33 tty=(none) ses=4294967295 comm=\"sh\" "
	    "exe=\"/usr/bin/dash\" key=\"exec\"",
	/* the pid runs another program now: fed */
	"type=SYSCALL msg=audit(1795756858.400:13): arch=c000003e "
	    "syscall=257 success=yes exit=3 a0=1 a1=2 a2=0 a3=4 items=1 "
	    "ppid=1 pid=100 auid=4294967295 uid=33 tty=(none) "
	    "ses=4294967295 comm=\"x\" exe=\"/tmp/x\" key=\"k\"",
	/* no exe= at all: fed */
	"type=SYSCALL msg=audit(1795756858.500:14): arch=c000003e "
	    "syscall=257 success=yes exit=3 a0=1 a1=2 a2=0 a3=4 items=1 "
	    "ppid=1 pid=100 auid=4294967295 uid=33 comm=\"x\"",
	/* openat for writing (a2=O_WRONLY|O_CREAT|O_TRUNC): a file change,
	 * fed however often */
	"type=SYSCALL msg=audit(1795756858.600:15): arch=c000003e "
	    "syscall=257 success=yes exit=3 a0=ffffff9c a1=55 a2=241 a3=1b6 "
	    "items=2 ppid=1 pid=200 auid=4294967295 uid=33 comm=\"php\" "
	    "exe=\"/usr/bin/php\"",
	"type=SYSCALL msg=audit(1795756858.700:16): arch=c000003e "
	    "syscall=257 success=yes exit=3 a0=ffffff9c a1=55 a2=241 a3=1b6 "
	    "items=2 ppid=1 pid=200 auid=4294967295 uid=33 comm=\"php\" "
	    "exe=\"/usr/bin/php\"",
	/* the same for reading: left out */
	"type=SYSCALL msg=audit(1795756858.800:17): arch=c000003e "
	    "syscall=257 success=yes exit=3 a0=ffffff9c a1=55 a2=0 a3=0 "
	    "items=1 ppid=1 pid=200 auid=4294967295 uid=33 comm=\"php\" "
	    "exe=\"/usr/bin/php\"",
	/* the words in another order read the same */
	"type=SYSCALL msg=audit(1795756858.900:18): pid=200 "
	    "exe=\"/usr/bin/php\" a2=0 success=yes syscall=257 "
	    "arch=c000003e",
	/* the first a2= counts, not one planted after exe= */
	"type=SYSCALL msg=audit(1795756859.000:19): arch=c000003e "
	    "syscall=257 success=yes exit=3 a0=ffffff9c a1=55 a2=241 a3=1b6 "
	    "items=2 ppid=1 pid=200 auid=4294967295 uid=33 comm=\"php\" "
	    "exe=\"/usr/bin/php\" a2=0",
};

static const enum st_verdict want[] = {
	ST_FEED, ST_SKIP_EVENT, ST_FEED, ST_FEED, ST_FEED,
	ST_FEED, ST_FEED, ST_SKIP_EVENT, ST_SKIP_EVENT, ST_FEED,
};

int
main(void)
{
	struct st_prefilter *w = st_prefilter_new(0);
	struct st_prefilter *all = st_prefilter_new(ST_WANT_ALL);
	struct st_record rec;
	const char *l, *p;
	size_t i, len;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		l = lines[i];
		CHECK(st_record_scan(l, strlen(l), &rec) == NULL);
		p = l + rec.skip;
		len = strlen(l) - rec.skip;
		CHECK_INT(st_prefilter_judge(w, 1, &rec, p, len, 1), want[i]);
		CHECK_INT(st_prefilter_judge(all, 1, &rec, p, len, 1), ST_FEED);
	}
	/*
	 * The record without exe= made pid 100 unknown: /tmp/x's call is
	 * fed again, then left out; once the tree lets go of the pid, fed.
	 */
	l = lines[3];
	CHECK(st_record_scan(l, strlen(l), &rec) == NULL);
	CHECK_INT(st_prefilter_judge(w, 1, &rec, l, strlen(l), 1), ST_FEED);
	CHECK_INT(st_prefilter_judge(w, 1, &rec, l, strlen(l), 1),
	    ST_SKIP_EVENT);
	CHECK_INT(st_prefilter_judge(w, 2, &rec, l, strlen(l), 1), ST_FEED);
	st_prefilter_forget(w, 1, 100);
	CHECK_INT(st_prefilter_judge(w, 1, &rec, l, strlen(l), 1), ST_FEED);
	st_prefilter_free(w);
	st_prefilter_free(all);
	return CHECK_DONE();
}
