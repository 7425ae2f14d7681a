/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/escape.h"
#include "base/sbuf.h"
#include "input/reader.h"
#include "web/errlog.h"

/*
 * What one server writes when a worker starts, ends, ends badly;
 * php-fpm's codes are read apart (fpm_bad).
 */
struct phrases {
	const char	*start[2], *end[2], *bad[4];
};

static const struct phrases nginx = {
	{ "start worker process ", NULL },
	{ " exited with code ", " exited on signal " },
	{ " exited on signal ", " exited with fatal code ", NULL, NULL },
};
static const struct phrases apache = {
	{ NULL, NULL },
	{ " exited with status ", NULL },
	{ " exit signal ", "AH00051", "AH00052", NULL },
};
static const struct phrases fpm = {
	{ " started", NULL },
	{ " exited with code ", " exited on signal " },
	{ NULL, NULL, NULL, NULL },
};
static const struct phrases gunicorn = {
	{ "Booting worker with pid", NULL },
	{ "Worker exiting", "exited with code" },
	{ "WORKER TIMEOUT", "was sent SIGKILL", "was sent SIGTERM", NULL },
};

static int
has(const char *s, size_t n, const char *const *v, size_t k)
{
	size_t i;

	for (i = 0; i < k && v[i]; i++)
		if (memmem(s, n, v[i], strlen(v[i])))
			return 1;
	return 0;
}

/* php-fpm's "exited with code 0" is a normal end; other codes are not. */
static int
fpm_bad(const char *s, size_t n)
{
	const char *c = memmem(s, n, " exited with code ", 18);

	if (memmem(s, n, " exited on signal ", 18) ||
	    memmem(s, n, "execution timed out", 19))
		return 1;
	return c && (size_t)(c - s) + 18 < n && c[18] != '0';
}

void
st_errlog_line(enum st_server server, const char *s, size_t n,
    struct st_errlog *e)
{
	const struct phrases *p = server == ST_SERVER_NGINX ? &nginx :
	    server == ST_SERVER_APACHE ? &apache : server == ST_SERVER_FPM ?
	    &fpm : server == ST_SERVER_GUNICORN ? &gunicorn : NULL;
	int bad;

	if (p == NULL)
		return;
	if (server == ST_SERVER_FPM && !memmem(s, n, "] child ", 8))
		return;		/* the master's own lines */
	bad = server == ST_SERVER_FPM ? fpm_bad(s, n) : has(s, n, p->bad, 4);
	if (has(s, n, p->start, 2) && !has(s, n, p->end, 2))
		e->started++;
	else if (bad || has(s, n, p->end, 2)) {
		e->ended++;
		e->abnormal += bad;
	}
}

static void
summary(struct st_file *f, const struct st_errlog *e)
{
	struct sbuf b = SBUF_INIT;

	if (e->started + e->ended == 0)
		sb_addf(&b, "%s; no worker logged starting or ending",
		    f->skipped);
	else
		sb_addf(&b, "%s: workers %llu started, %llu ended", f->skipped,
		    (unsigned long long)e->started,
		    (unsigned long long)e->ended);
	if (e->abnormal) {
		sb_addf(&b, ", %llu killed or timed out (line %llu: ",
		    (unsigned long long)e->abnormal,
		    (unsigned long long)e->first_line);
		st_escape(&b, e->first, strlen(e->first));
		sb_adds(&b, ")");
	}
	st_file_skip(f, "%s", sb_str(&b));
	sb_release(&b);
}

void
st_errlog_read(struct st_file *f, int hash)
{
	struct st_errlog e = { 0, 0, 0, 0, "" };
	struct st_reader *in;
	struct st_line l;
	char err[256];
	uint64_t bad;

	if ((in = f->held) == NULL && (in = st_file_open(f, err,
	    sizeof(err))) == NULL) {
		st_file_warn(f, "%s", err);
		return;
	}
	f->held = NULL;
	if (hash)
		st_reader_hash(in);
	while (st_reader_line(in, &l) > 0) {
		bad = e.abnormal;
		st_errlog_line((enum st_server)f->server, l.p, l.len, &e);
		if (bad == 0 && e.abnormal) {
			e.first_line = l.no;
			snprintf(e.first, sizeof(e.first), "%.*s",
			    (int)(l.len < sizeof(e.first) ? l.len :
			    sizeof(e.first) - 1), l.p);
		}
	}
	st_file_done(f, in, hash);
	st_reader_close(in);
	if (f->skipped)
		summary(f, &e);
}
