/* SPDX-License-Identifier: ISC */
/* Unit tests: the check of an audit line before libauparse sees it. */
#include "config.h"

#include "audit/record.h"
#include "check.h"

static const char *
scan(const char *line, struct st_record *al)
{
	return st_record_scan(line, strlen(line), al);
}

static void
good(void)
{
	struct st_record al;

	CHECK(scan("type=SYSCALL msg=audit(1795756858.163:10452): arch=c000003e",
	    &al) == NULL);
	CHECK(st_record_is(&al, "SYSCALL"));
	CHECK_INT(al.id.sec, 1795756858);
	CHECK_INT(al.id.ms, 163);
	CHECK_INT(al.id.serial, 10452);
	CHECK(al.node == NULL);

	CHECK(scan("node=web01.example type=EXECVE msg=audit(1.001:7): argc=1",
	    &al) == NULL);
	CHECK_MEM(al.node, al.nodelen, "web01.example", 13);
	CHECK(st_record_is(&al, "EXECVE"));

	/* auditd writes unknown types as UNKNOWN[n]. */
	CHECK(scan("type=UNKNOWN[1334] msg=audit(1615150974.493:1): x=1", &al)
	    == NULL);
	/* forwarded through syslog by audisp-syslog */
	CHECK(scan("<14><192.168.100.201>Jun 23 12:17:57 ROCKY2 "
	    "audisp-syslog[673]: type=EXECVE msg=audit(1750695477.185:127784): "
	    "argc=1 a0=\"ls\"", &al) == NULL);
	CHECK_INT(al.skip, 64);
	CHECK(st_record_is(&al, "EXECVE"));
	CHECK_INT(al.id.serial, 127784);
	CHECK(scan("Jun 23 12:17:57 host sshd[1]: type=X msg=audit(1.001:1): x",
	    &al) != NULL);
	/* go-libaudit's DAEMON_CONFIG has no ": " after the timestamp. */
	CHECK(scan("type=DAEMON_CONFIG msg=audit(1490989371.123:1234) op=x",
	    &al) == NULL);
}

static void
bad(void)
{
	struct st_record al;
	char nul[] = "type=SYSCALL msg=audit(1.001:1): a=\0b";
	char far[200];

	CHECK(scan("", &al) != NULL);
	CHECK(scan("# a comment", &al) != NULL);
	CHECK(scan("type=SYSCALL", &al) != NULL);
	CHECK(scan("type=SYSCALL msg=audit(abc.123:1):", &al) != NULL);
	CHECK(scan("type=SYSCALL msg=audit(1795756858.16:1):", &al) != NULL);
	CHECK(scan("type=SYSCALL msg=audit(1795756858.163):", &al) != NULL);
	CHECK(scan("type=SYSCALL msg=audit(1795756858.163:1", &al) != NULL);
	/* Numbers that overflow are refused, not wrapped. */
	CHECK(scan("type=SYSCALL msg=audit(99999999999999999999.163:1):", &al)
	    != NULL);
	CHECK(scan("type=SYSCALL msg=audit(1.163:99999999999999999999999):",
	    &al) != NULL);
	/* libauparse would cut this at the NUL: refuse it whole. */
	CHECK(st_record_scan(nul, sizeof(nul) - 1, &al) != NULL);
	/* libauparse gives up looking for the timestamp after 80 bytes. */
	memset(far, 'A', sizeof(far));
	memcpy(far, "type=", 5);
	snprintf(far + 45, sizeof(far) - 45,
	    " msg=audit(1795756858.163:1234567890123456789): x");
	CHECK(scan(far, &al) != NULL);
	far[40] = ' ';
	memmove(far + 41, far + 46, strlen(far + 46) + 1);
	CHECK(scan(far, &al) != NULL);
	snprintf(far + 5, sizeof(far) - 5,
	    "AAAAAAAAAAAAAAAAAAAA msg=audit(1795756858.163:1234567890123): x");
	CHECK(scan(far, &al) == NULL);
	/* libauparse would leak one of two cwd fields */
	CHECK(scan("type=CWD msg=audit(1.001:1): cwd=\"/a\" cwd=\"/b\"", &al)
	    != NULL);
	/* libauparse splits on spaces even inside quotes; the kernel
	 * writes a cwd with a space in hex. */
	CHECK(scan("type=CWD msg=audit(1.001:1): cwd=\"/a cwd=\"", &al) != NULL);
	CHECK(scan("type=CWD msg=audit(1.001:1): cwd=2F6120637764", &al) == NULL);
	/* ... and wants more than 18 bytes in the msg= token. */
	CHECK(scan("type=X msg=audit(1.001:1)", &al) != NULL);
	CHECK(scan("type=X msg=audit(1.001:1):", &al) == NULL);
}

/* Only a dispatcher's syslog header, at the start of the line, is one. */
static void
syslog_shapes(void)
{
	struct st_record al;

	CHECK(scan("Nov 27 05:20:58 web01 audispd: type=SYSCALL "
	    "msg=audit(1795756858.163:1): x=1", &al) == NULL);
	CHECK_INT(al.skip, 31);
	CHECK(scan("<14>Nov  7 05:20:58 web01 audisp-syslog[9]: node=a "
	    "type=SYSCALL msg=audit(1795756858.163:1): x=1", &al) == NULL);
	CHECK_MEM(al.node, al.nodelen, "a", 1);
	CHECK(scan("2026-11-27T05:20:58.123456+00:00 web01 audisp-remote: "
	    "type=SYSCALL msg=audit(1795756858.163:1): x=1", &al) == NULL);
	CHECK(scan("2026-11-27T05:20:58Z web01 audispd[12]: type=SYSCALL "
	    "msg=audit(1795756858.163:1): x=1", &al) == NULL);
	/* A client's User-Agent in an access log is no syslog header. */
	CHECK(scan("127.9.9.9 - - [27/Nov/2026:13:20:50 +0800] \"GET /x.png "
	    "HTTP/1.1\" 404 0 \"-\" \"audisp: type=SYSCALL "
	    "msg=audit(1795756870.300:90000): arch=c000003e\"", &al) != NULL);
	CHECK(scan("audisp: type=SYSCALL msg=audit(1795756870.300:1): x=1",
	    &al) != NULL);
	/* The shape must hold to its end: a tag, then ": type=". */
	CHECK(scan("Nov 27 05:20:58 web01 audispd type=SYSCALL "
	    "msg=audit(1795756858.163:1): x=1", &al) != NULL);
	CHECK(scan("Nov 27 05:20:58 web01 nginx: type=SYSCALL "
	    "msg=audit(1795756858.163:1): x=1", &al) != NULL);
	CHECK(scan("Foo 27 05:20:58 web01 audispd: type=SYSCALL "
	    "msg=audit(1795756858.163:1): x=1", &al) != NULL);
	CHECK(scan("<14x>Nov 27 05:20:58 web01 audispd: type=SYSCALL "
	    "msg=audit(1795756858.163:1): x=1", &al) != NULL);
	CHECK(scan("2026-11-27T05:20:58+0000 web01 audispd: type=SYSCALL "
	    "msg=audit(1795756858.163:1): x=1", &al) != NULL);
	CHECK(scan("Nov 27 05:20:58 web01 audispd[x]: type=SYSCALL "
	    "msg=audit(1795756858.163:1): x=1", &al) != NULL);
}

static void
order(void)
{
	struct st_stamp a = { 10, 5, 3 }, b = { 10, 5, 4 }, c = { 10, 6, 1 };

	CHECK(st_stamp_cmp(&a, &b) < 0);
	CHECK(st_stamp_cmp(&b, &c) < 0);
	CHECK(st_stamp_cmp(&c, &a) > 0);
	CHECK(st_stamp_cmp(&a, &a) == 0);
}

int
main(void)
{
	good();
	bad();
	syslog_shapes();
	order();
	return CHECK_DONE();
}
