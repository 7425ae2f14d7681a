/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>

#include "audit/record.h"

/*
 * libauparse's own limit on the time, LONG_MAX minus its end-of-event
 * timeout; anything near it is junk anyway.  Year 9999 is plenty.
 */
#define MAX_SEC		253402300799LL
#define MAX_NODE	256
#define MAX_TYPE	48

static int
digits(const char **pp, const char *end, int max, uint64_t *v)
{
	const char *p = *pp;
	uint64_t n = 0;
	int k = 0;

	while (p < end && *p >= '0' && *p <= '9') {
		if (++k > max)
			return -1;
		n = n * 10 + (uint64_t)(*p - '0');
		p++;
	}
	if (k == 0)
		return -1;
	*pp = p;
	*v = n;
	return k;
}

static int
token_char(int c, int type)
{
	if (c == ' ' || c == '\t' || c < 0x21 || c == 0x7f)
		return 0;
	if (!type)
		return 1;
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '[' || c == ']';
}

/* Parse "NAME=TOKEN " at *pp; TOKEN's bounds go to *v, *vlen. */
static int
field(const char **pp, const char *end, const char *name, size_t max,
    int type, const char **v, size_t *vlen)
{
	const char *p = *pp;
	size_t n = strlen(name);

	if ((size_t)(end - p) < n || memcmp(p, name, n) != 0)
		return -1;
	p += n;
	*v = p;
	while (p < end && token_char((unsigned char)*p, type))
		p++;
	*vlen = (size_t)(p - *v);
	if (*vlen == 0 || *vlen > max || p >= end || *p != ' ')
		return -1;
	*pp = p + 1;
	return 0;
}

static const char *
scan_id(const char **pp, const char *end, struct st_stamp *id)
{
	const char *p = *pp;
	uint64_t v;

	if ((size_t)(end - p) < 10 || memcmp(p, "msg=audit(", 10) != 0)
		return "no msg=audit( timestamp";
	p += 10;
	if (digits(&p, end, 12, &v) < 0 || (int64_t)v > MAX_SEC)
		return "bad seconds in timestamp";
	id->sec = (int64_t)v;
	if (p >= end || *p++ != '.' || digits(&p, end, 3, &v) != 3)
		return "bad milliseconds in timestamp";
	id->ms = (unsigned)v;
	if (p >= end || *p++ != ':' || digits(&p, end, 19, &v) < 0)
		return "bad serial in timestamp";
	id->serial = v;
	if (p >= end || *p != ')')
		return "timestamp not closed";
	*pp = p;
	return NULL;
}

/* ---- a syslog header, as audisp-syslog and audispd write it ---- */

/* A cursor over a header: every step checks what is left. */
struct hcur {
	const char	*p, *end;
};

static int
lit(struct hcur *c, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n) != 0)
		return 0;
	c->p += n;
	return 1;
}

/* Between min and max characters of class cls ("d" digits, "t" a host
 * or address token); 1 when so. */
static int
run(struct hcur *c, char cls, size_t min, size_t max)
{
	size_t n = 0;
	int ch;

	while (c->p + n < c->end && n < max) {
		ch = (unsigned char)c->p[n];
		if (cls == 'd' ? !(ch >= '0' && ch <= '9') :
		    (ch <= ' ' || ch >= 0x7f || ch == '<' || ch == '>'))
			break;
		n++;
	}
	if (n < min)
		return 0;
	c->p += n;
	return 1;
}

/* "Jun 23 12:17:57", the day space-padded or not. */
static int
rfc3164(struct hcur *c)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	size_t i;

	for (i = 0; i < 36; i += 3)
		if (c->end - c->p >= 4 && memcmp(c->p, months + i, 3) == 0 &&
		    c->p[3] == ' ')
			break;
	if (i == 36)
		return 0;
	c->p += 4;
	lit(c, " ");
	return run(c, 'd', 1, 2) && lit(c, " ") && run(c, 'd', 2, 2) &&
	    lit(c, ":") && run(c, 'd', 2, 2) && lit(c, ":") &&
	    run(c, 'd', 2, 2);
}

/* "2026-11-27T05:20:58.123456+00:00" */
static int
rfc3339(struct hcur *c)
{
	if (!(run(c, 'd', 4, 4) && lit(c, "-") && run(c, 'd', 2, 2) &&
	    lit(c, "-") && run(c, 'd', 2, 2) && lit(c, "T") &&
	    run(c, 'd', 2, 2) && lit(c, ":") && run(c, 'd', 2, 2) &&
	    lit(c, ":") && run(c, 'd', 2, 2)))
		return 0;
	if (lit(c, ".") && !run(c, 'd', 1, 9))
		return 0;
	if (lit(c, "Z"))
		return 1;
	return (lit(c, "+") || lit(c, "-")) && run(c, 'd', 2, 2) &&
	    lit(c, ":") && run(c, 'd', 2, 2);
}

/* The dispatcher's own tag, with its pid or not, and the colon. */
static int
tag(struct hcur *c)
{
	static const char *const tags[] = { "audisp-syslog", "audisp-remote",
	    "audispd", "audisp", NULL };
	size_t i;

	for (i = 0; tags[i] && !lit(c, tags[i]); i++)
		;
	if (tags[i] == NULL)
		return 0;
	if (lit(c, "[") && !(run(c, 'd', 1, 10) && lit(c, "]")))
		return 0;
	return lit(c, ": ");
}

/*
 * Length of the syslog header that audisp-syslog or audispd put before
 * a record ("<14>Jun 23 12:17:57 host audisp-syslog[673]: type=..."),
 * 0 when the line does not start with exactly that shape.  Only the
 * start of a line counts: an "audisp: type=..." a client sent as its
 * User-Agent sits in the middle of an access log line.
 */
static size_t
syslog_header(const char *p, size_t len)
{
	struct hcur c = { p, p + (len < 512 ? len : 512) }, at;

	if (lit(&c, "<") && !(run(&c, 'd', 1, 3) && lit(&c, ">")))
		return 0;
	/* A relay may add the sender's address: "<192.168.100.201>". */
	if (lit(&c, "<") && !(run(&c, 't', 1, 64) && lit(&c, ">")))
		return 0;
	at = c;
	if (!rfc3164(&c)) {
		c = at;
		if (!rfc3339(&c))
			return 0;
	}
	if (!lit(&c, " ") ||
	    !run(&c, 't', 1, 255) || !lit(&c, " ") || !tag(&c))
		return 0;
	if (c.end - c.p < 5 || (memcmp(c.p, "type=", 5) &&
	    memcmp(c.p, "node=", 5)))
		return 0;
	return (size_t)(c.p - p);
}

const char *
st_record_scan(const char *p, size_t len, struct st_record *out)
{
	const char *start, *end = p + len, *why, *msg, *close;
	size_t skip;

	if (memchr(p, '\0', len))
		return "NUL byte in line";
	memset(out, 0, sizeof(*out));
	skip = syslog_header(p, len);
	p += skip;
	start = p;
	out->skip = skip;
	if (len >= 5 && memcmp(p, "node=", 5) == 0 &&
	    field(&p, end, "node=", MAX_NODE, 0, &out->node,
	    &out->nodelen) < 0)
		return "bad node= prefix";
	if (field(&p, end, "type=", MAX_TYPE, 1, &out->type,
	    &out->typelen) < 0)
		return "no record type";
	msg = p;
	if ((why = scan_id(&p, end, &out->id)) != NULL)
		return why;
	close = p;
	/* libauparse wants more than 18 bytes in the msg= token. */
	while (p < end && *p != ' ')
		p++;
	if (p - msg <= 18)
		return "timestamp token too short";
	/* libauparse only looks this far for the closing parenthesis. */
	if (close - start >= (out->node ? 340 : 80))
		return "timestamp too far into the line";
	/*
	 * libauparse keeps a CWD record's cwd with strdup and leaks all
	 * but the last of several; the kernel writes one.
	 */
	if (st_record_is(out, "CWD") && (msg = memmem(close, (size_t)(end -
	    close), " cwd=", 5)) != NULL && memmem(msg + 5, (size_t)(end -
	    msg - 5), " cwd=", 5) != NULL)
		return "two cwd= fields in one CWD record";
	return NULL;
}
