/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "output/ecs.h"
#include "output/json.h"
#include "output/writer.h"
#include "timeline/rules.h"

/*
 * One Elastic Common Schema document per row, for Elasticsearch and
 * OpenSearch data streams: @timestamp, event, process, user, host,
 * url, http, source, destination, file, threat and rule as ECS names
 * and types them (tests/e2e/ecs.py checks every field against ECS's
 * field list), and every column of the CSV under "shelltrail", the one
 * custom object.  A value the logs do not give is left out; a client
 * or destination address that is not an IP (an X-Forwarded-For value
 * is the client's to write) is kept under shelltrail only, since an ip
 * field that does not parse fails the whole document.
 */
#define ECS_VERSION	"9.5.0-dev"	/* the field list checked against */

struct ecsw {
	struct st_sink	 w;
	FILE		*out;
	struct sbuf	 line, tmp;
	int		 first[8];	/* per open object: no field yet */
	size_t		 at[8];		/* where its key began */
	int		 depth;
};

static void
key(struct ecsw *e, const char *name)
{
	if (!e->first[e->depth])
		sb_addc(&e->line, ',');
	e->first[e->depth] = 0;
	st_json_str(&e->line, name, strlen(name));
	sb_addc(&e->line, ':');
}

static void
open_obj(struct ecsw *e, const char *name)
{
	size_t at = e->line.len;
	int was_first = e->first[e->depth];

	key(e, name);
	sb_addc(&e->line, '{');
	e->depth++;
	e->first[e->depth] = 1;
	e->at[e->depth] = at | (size_t)was_first << (sizeof(size_t) * 8 - 1);
}

/* An object that got no field is taken back out: ECS has no use for {}. */
static void
close_obj(struct ecsw *e)
{
	size_t top = (size_t)1 << (sizeof(size_t) * 8 - 1);

	if (e->first[e->depth]) {
		e->line.len = e->at[e->depth] & ~top;
		e->line.s[e->line.len] = '\0';
		e->depth--;
		e->first[e->depth] = (e->at[e->depth + 1] & top) != 0;
		return;
	}
	sb_addc(&e->line, '}');
	e->depth--;
}

static void
str(struct ecsw *e, const char *name, const char *s, size_t n)
{
	if (n == 0)
		return;
	key(e, name);
	st_json_str(&e->line, s, n);
}

static void
col(struct ecsw *e, const char *name, const struct st_row *r, enum st_col c)
{
	str(e, name, r->text[c].s, r->text[c].len);
}

static void
num(struct ecsw *e, const char *name, long long v)
{
	if (v == ST_NUM_NONE)
		return;
	key(e, name);
	sb_addf(&e->line, "%lld", v);
}

/* A number column as ECS's keyword ids want it: "33". */
static void
id(struct ecsw *e, const char *name, long long v)
{
	char buf[24];

	if (v == ST_NUM_NONE)
		return;
	snprintf(buf, sizeof(buf), "%lld", v);
	str(e, name, buf, strlen(buf));
}

static int
is_ip(const char *s, size_t n)
{
	unsigned char a[16];
	char buf[64];

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(strchr(buf, ':') ? AF_INET6 : AF_INET, buf, a) == 1;
}

static const char *
desc(const struct st_row *r)
{
	return r->text[ST_COL_DESC].s ? r->text[ST_COL_DESC].s : "";
}

/* event.category and event.type, by what the row is. */
static void
kinds(struct ecsw *e, const struct st_row *r)
{
	static const struct { const char *prefix, *category, *type; } k[] = {
		{ "Process Execution", "process", "start" },
		{ "Network Connection", "network", "connection\",\"start" },
		{ "Network ", "network", "connection" },
		{ "File Delete", "file", "deletion" },
		{ "Directory Create", "file", "creation" },
		{ "File ", "file", "change" },
	};
	size_t i;

	if (r->note)
		return;
	for (i = 0; i < sizeof(k) / sizeof(*k); i++)
		if (strncmp(desc(r), k[i].prefix, strlen(k[i].prefix)) == 0) {
			key(e, "category");
			sb_addf(&e->line, "[\"%s\"]", k[i].category);
			key(e, "type");
			sb_addf(&e->line, "[\"%s\"]", k[i].type);
			return;
		}
}

/* event.severity: the severity column, 1 (info) to 5 (critical). */
static void
event(struct ecsw *e, const struct st_row *r)
{
	enum st_severity sev = st_severity_parse(sb_str(&r->text[ST_COL_SEVERITY]));
	const struct sbuf *ok = &r->text[ST_COL_SUCCESS];

	open_obj(e, "event");
	str(e, "kind", "event", 5);
	kinds(e, r);
	col(e, "action", r, ST_COL_DESC);
	if (ok->len && strcmp(ok->s, "yes") == 0)
		str(e, "outcome", "success", 7);
	else if (ok->len)
		str(e, "outcome", "failure", 7);
	str(e, "module", "shelltrail", 10);
	str(e, "dataset", "shelltrail.timeline", 19);
	num(e, "sequence", r->num[ST_COL_SERIAL]);
	if (sev != ST_SEV_NONE)
		num(e, "severity", (long long)sev);
	close_obj(e);
}

static void
args(struct ecsw *e, const struct st_row *r)
{
	size_t i;

	if (r->nargs == 0)
		return;
	key(e, "args");
	sb_addc(&e->line, '[');
	for (i = 0; i < r->nargs; i++) {
		if (i)
			sb_addc(&e->line, ',');
		if (r->args[i].p)
			st_json_str(&e->line, r->args[i].p, r->args[i].len);
		else
			sb_adds(&e->line, "null");
	}
	sb_addc(&e->line, ']');
	num(e, "args_count", r->num[ST_COL_ARGC]);
	st_row_joined(r, &e->tmp);
	str(e, "command_line", e->tmp.s, e->tmp.len);
}

static void
process(struct ecsw *e, const struct st_row *r)
{
	char entity[160];

	if (r->num[ST_COL_PID] == ST_NUM_NONE)
		return;
	open_obj(e, "process");
	num(e, "pid", r->num[ST_COL_PID]);
	col(e, "name", r, ST_COL_COMM);
	col(e, "executable", r, ST_COL_EXE);
	args(e, r);
	col(e, "working_directory", r, ST_COL_CWD);
	if (r->seq) {
		snprintf(entity, sizeof(entity), "%.120s:%llu",
		    sb_str(&r->text[ST_COL_HOST]), (unsigned long long)r->seq);
		str(e, "entity_id", entity, strlen(entity));
	}
	open_obj(e, "user");
	id(e, "id", r->num[ST_COL_UID]);
	col(e, "name", r, ST_COL_USER);
	close_obj(e);
	open_obj(e, "parent");
	num(e, "pid", r->num[ST_COL_PPID]);
	col(e, "executable", r, ST_COL_PARENT_EXE);
	col(e, "command_line", r, ST_COL_PARENT_COMMAND_LINE);
	close_obj(e);
	close_obj(e);
	if (r->num[ST_COL_UID] != ST_NUM_NONE || r->text[ST_COL_USER].len) {
		open_obj(e, "user");
		id(e, "id", r->num[ST_COL_UID]);
		col(e, "name", r, ST_COL_USER);
		close_obj(e);
	}
}

/* url.original, path and query; http; the client. */
static void
request(struct ecsw *e, const struct st_row *r)
{
	const struct sbuf *u = &r->text[ST_COL_URI], *ip = &r->text[ST_COL_CLIENT_IP];
	const char *q = u->len ? memchr(u->s, '?', u->len) : NULL;

	if (u->len) {
		open_obj(e, "url");
		str(e, "original", u->s, u->len);
		str(e, "path", u->s, q ? (size_t)(q - u->s) : u->len);
		if (q)
			str(e, "query", q + 1, u->len - (size_t)(q + 1 - u->s));
		close_obj(e);
	}
	if (r->text[ST_COL_METHOD].len || r->num[ST_COL_STATUS] != ST_NUM_NONE) {
		open_obj(e, "http");
		open_obj(e, "request");
		col(e, "method", r, ST_COL_METHOD);
		close_obj(e);
		open_obj(e, "response");
		num(e, "status_code", r->num[ST_COL_STATUS]);
		close_obj(e);
		close_obj(e);
	}
	if (ip->len) {
		open_obj(e, "source");
		str(e, "address", ip->s, ip->len);
		if (is_ip(ip->s, ip->len))
			str(e, "ip", ip->s, ip->len);
		close_obj(e);
	}
	if (r->text[ST_COL_USER_AGENT].len) {
		open_obj(e, "user_agent");
		col(e, "original", r, ST_COL_USER_AGENT);
		close_obj(e);
	}
}

/* "127.0.0.1:4444" or "[::1]:80" of a connection row. */
static void
destination(struct ecsw *e, const struct st_row *r)
{
	const struct sbuf *t = &r->text[ST_COL_TARGET];
	const char *colon = t->len ? memrchr(t->s, ':', t->len) : NULL;
	int v6 = t->len && t->s[0] == '[';
	size_t alen;
	char *end;
	long port;

	if (colon == NULL || strncmp(t->s, "unix:", 5) == 0)
		return;
	alen = (size_t)(colon - t->s) - (v6 ? 2 : 0);
	port = strtol(colon + 1, &end, 10);
	open_obj(e, "destination");
	str(e, "address", t->s + v6, alen);
	if (is_ip(t->s + v6, alen))
		str(e, "ip", t->s + v6, alen);
	if (*end == '\0' && end != colon + 1)
		num(e, "port", port);
	close_obj(e);
}

/* What the row did besides running: a connection or a file. */
static void
activity(struct ecsw *e, const struct st_row *r)
{
	if (strncmp(desc(r), "Network ", 8) == 0)
		destination(e, r);
	else if (r->text[ST_COL_TARGET].len && strcmp(desc(r), "File Rename")) {
		/* A rename's target is "old -> new", which a file name
		 * may hold too: it stays under shelltrail only. */
		open_obj(e, "file");
		col(e, "path", r, ST_COL_TARGET);
		close_obj(e);
	}
}

static void
array(struct ecsw *e, const char *name, const struct sbuf *list)
{
	if (list->len == 0)
		return;
	key(e, name);
	st_json_list(&e->line, list);
}

/* The sigma_title column's "a; b" as ["a","b"]. */
static void
titles(struct ecsw *e, const struct sbuf *t)
{
	const char *p = t->s, *end = p ? p + t->len : NULL, *sep;
	int n = 0;

	sb_addc(&e->line, '[');
	for (; p && p < end; p = sep + 2) {
		if ((sep = memmem(p, (size_t)(end - p), "; ", 2)) == NULL)
			sep = end;
		if (n++)
			sb_addc(&e->line, ',');
		st_json_str(&e->line, p, (size_t)(sep - p));
		if (sep == end)
			break;
	}
	sb_addc(&e->line, ']');
}

static void
threat_and_rule(struct ecsw *e, const struct st_row *r)
{
	if (r->text[ST_COL_ATTACK].len) {
		open_obj(e, "threat");
		str(e, "framework", "MITRE ATT&CK", 12);
		open_obj(e, "technique");
		array(e, "id", &r->text[ST_COL_ATTACK]);
		close_obj(e);
		close_obj(e);
	}
	if (r->text[ST_COL_SIGMA_ID].len) {
		open_obj(e, "rule");
		str(e, "ruleset", "sigma", 5);
		array(e, "id", &r->text[ST_COL_SIGMA_ID]);
		key(e, "name");
		titles(e, &r->text[ST_COL_SIGMA_TITLE]);
		close_obj(e);
	}
	array(e, "tags", &r->text[ST_COL_TAGS]);
}

/* Every column, under the names the CSV gives them. */
static void
custom(struct ecsw *e, const struct st_row *r)
{
	size_t c;

	open_obj(e, "shelltrail");
	for (c = 0; c < ST_NCOLS; c++) {
		if (c == ST_COL_MESSAGE)
			continue;
		if (st_columns[c].type == ST_CT_INT)
			num(e, st_columns[c].name, r->num[c]);
		else if (st_columns[c].type == ST_CT_LIST)
			array(e, st_columns[c].name, &r->text[c]);
		else
			col(e, st_columns[c].name, r, (enum st_col)c);
	}
	close_obj(e);
}

static void
ecs_row(struct st_sink *w, const struct st_row *r)
{
	struct ecsw *e = (struct ecsw *)w;
	struct tm tm;
	time_t t = (time_t)r->id.sec;

	sb_clear(&e->line);
	e->depth = 0;
	e->first[0] = 1;
	sb_addc(&e->line, '{');
	gmtime_r(&t, &tm);
	key(e, "@timestamp");
	sb_addf(&e->line, "\"%04d-%02d-%02dT%02d:%02d:%02d.%03uZ\"",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, r->id.ms);
	col(e, "message", r, ST_COL_MESSAGE);
	open_obj(e, "ecs");
	str(e, "version", ECS_VERSION, strlen(ECS_VERSION));
	close_obj(e);
	event(e, r);
	if (r->text[ST_COL_HOST].len) {
		open_obj(e, "host");
		col(e, "name", r, ST_COL_HOST);
		close_obj(e);
	}
	process(e, r);
	request(e, r);
	activity(e, r);
	threat_and_rule(e, r);
	custom(e, r);
	sb_adds(&e->line, "}\n");
	fwrite(e->line.s, 1, e->line.len, e->out);
}

static int
ecs_finish(struct st_sink *w)
{
	return st_writer_flush(((struct ecsw *)w)->out);
}

static void
ecs_free(struct st_sink *w)
{
	struct ecsw *e = (struct ecsw *)w;

	sb_release(&e->line);
	sb_release(&e->tmp);
	free(e);
}

struct st_sink *
st_ecs_new(FILE *out, const struct st_writer_opts *o)
{
	struct ecsw *e = st_calloc(1, sizeof(*e));

	(void)o;
	e->w.row = ecs_row;
	e->w.finish = ecs_finish;
	e->w.free = ecs_free;
	e->out = out;
	return &e->w;
}
