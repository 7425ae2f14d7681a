#include "config.h"

#include <string.h>
#include <strings.h>

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

/*
 * Length of a syslog header written by the audit dispatcher plugins,
 * up to the record; 0 when the line does not start with one.
 */
static size_t
syslog_header(const char *p, size_t len)
{
	const char *tag, *rec, *end = p + (len < 512 ? len : 512);

	if (len >= 5 && (memcmp(p, "type=", 5) == 0 ||
	    memcmp(p, "node=", 5) == 0))
		return 0;
	tag = memmem(p, (size_t)(end - p), "audisp", 6);
	if (tag == NULL)
		return 0;
	rec = memmem(tag, (size_t)(end - tag), ": ", 2);
	if (rec == NULL || end - rec < 7 || (memcmp(rec + 2, "type=", 5) &&
	    memcmp(rec + 2, "node=", 5)))
		return 0;
	return (size_t)(rec + 2 - p);
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

int
st_record_is(const struct st_record *l, const char *t)
{
	size_t n = strlen(t);

	/* As libaudit looks types up: "cWD" is a CWD record to it. */
	return l->typelen == n && strncasecmp(l->type, t, n) == 0;
}
