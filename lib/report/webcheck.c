/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>

#include "base/escape.h"
#include "base/sbuf.h"
#include "report/webcheck.h"
#include "web/logformat.h"
#include "web/logtime.h"
#include "web/webconf.h"

/* What a join needs, and how each server's format gives it. */
enum need { N_SPAN, N_WORKER, N_CLIENT, N_SIZE, NNEEDS };

static const char *const need_names[NNEEDS] = {
	"request spans (when a request began and ended)",
	"the serving process (exact worker ties)",
	"the client behind a proxy",
	"the size of a request's body (POST shells)",
};

/* Per server, what to add for each need, or NULL when it cannot. */
static const char *const additions[][NNEEDS] = {
	[ST_SERVER_NGINX] = { "$msec $request_time", NULL,
	    "\"$http_x_forwarded_for\"", "$request_length" },
	[ST_SERVER_APACHE] = { "%D", "%P", "\"%{X-Forwarded-For}i\"", "%I" },
	[ST_SERVER_FPM] = { "%{mili}d", "%p", "%{HTTP_X_FORWARDED_FOR}e",
	    "%l" },
	[ST_SERVER_GUNICORN] = { "%(L)s", "%(p)s",
	    "\"%({x-forwarded-for}i)s\"", NULL },
	[ST_SERVER_UWSGI] = { "%(msecs)", "%(pid)", NULL, "%(cl)" },
};

static int
has_size(const struct st_logformat *f, enum st_server server)
{
	const char *t = f->text;

	switch (server) {
	case ST_SERVER_NGINX:
		return strstr(t, "$request_length") != NULL;
	case ST_SERVER_APACHE:
		return strstr(t, "%I") != NULL || strstr(t, "%S") != NULL;
	case ST_SERVER_FPM:
		return strstr(t, "%l") != NULL;
	case ST_SERVER_UWSGI:
		return strstr(t, "%(cl)") != NULL;
	default:
		return 0;
	}
}

static int
has(const struct st_logformat *f, enum st_server server, enum need n)
{
	const struct st_logvar *t = st_logformat_var(f, ST_V_TIME);

	switch (n) {
	case N_SPAN:
		return st_logformat_var(f, ST_V_DURATION) != NULL ||
		    (t && (t->clock == ST_CLOCK_EPOCH_MS ||
		    t->clock == ST_CLOCK_EPOCH_US));
	case N_WORKER:
		return st_logformat_var(f, ST_V_PID) != NULL;
	case N_CLIENT:
		/* php-fpm's %{HTTP_X_FORWARDED_FOR}e is not a field it reads. */
		return st_logformat_var(f, ST_V_XFF) != NULL ||
		    strcasestr(f->text, "forwarded") != NULL;
	default:
		return has_size(f, server);
	}
}

/* The format's own text, without the "nginx:" a predefined one has. */
static const char *
own_text(const struct st_logformat *f)
{
	const char *colon = strchr(f->text, ':');

	if (colon && (size_t)(colon - f->text) < 9 &&
	    strspn(f->text, "abcdefghijklmnopqrstuvwxyz-") ==
	    (size_t)(colon - f->text))
		return colon + 1;
	return f->text;
}

/* The format's name, without where it was defined: "main (x.conf:9)". */
static void
bare_name(const struct st_logformat *f, struct sbuf *out)
{
	const char *paren = strstr(f->name, " (");

	st_escape(out, f->name, paren ? (size_t)(paren - f->name) :
	    strlen(f->name));
}

/* The text safe to show, with quote written as the directive needs. */
static void
quoted(struct sbuf *out, const char *text, char quote)
{
	struct sbuf b = SBUF_INIT;
	size_t i;

	st_escape(&b, text, strlen(text));
	for (i = 0; i < b.len; i++) {
		if (b.s[i] == quote)
			sb_addc(out, '\\');
		sb_addc(out, b.s[i]);
	}
	sb_release(&b);
}

/* The directive that would give the format the fields missing. */
static void
directive(FILE *out, const struct st_logformat *f, enum st_server server,
    const struct sbuf *more)
{
	struct sbuf b = SBUF_INIT, name = SBUF_INIT, add = SBUF_INIT;

	bare_name(f, &name);
	if (*own_text(f) == '{') {
		fprintf(out, "    (a JSON format: add them to %s as fields, "
		    "e.g. \"request_length\":\"$request_length\")\n",
		    sb_str(&name));
		sb_release(&name);
		return;
	}
	quoted(&b, own_text(f), server == ST_SERVER_NGINX ? '\'' : '"');
	quoted(&add, sb_str(more), server == ST_SERVER_NGINX ? '\'' : '"');
	switch (server) {
	case ST_SERVER_NGINX:
		fprintf(out, "    log_format %s '%s %s';\n", sb_str(&name),
		    sb_str(&b), sb_str(&add));
		break;
	case ST_SERVER_APACHE:
		fprintf(out, "    LogFormat \"%s %s\" %s\n", sb_str(&b),
		    sb_str(&add), sb_str(&name));
		break;
	case ST_SERVER_FPM:
		fprintf(out, "    access.format = \"%s %s\"\n", sb_str(&b),
		    sb_str(&add));
		break;
	default:
		fprintf(out, "    %s %s\n", sb_str(&b), sb_str(&add));
	}
	sb_release(&b);
	sb_release(&add);
	sb_release(&name);
}

/* nginx cannot log PHP's process: php-fpm's own pool log can. */
static const char fpm_log[] = "nginx's $pid is its own worker, never "
    "PHP's; give php-fpm's pool an access log with %p:\n"
    "    access.log = /var/log/php-fpm/access.log\n"
    "    access.format = \"%R - %u %t \\\"%m %r%Q%q\\\" %s %p "
    "%{mili}d\"";

/* One need of a log: said, and its addition to more; 1 when missing. */
static int
advise(FILE *out, const struct st_logformat *f, enum st_server server,
    enum need n, struct sbuf *more)
{
	const char *a = server < sizeof(additions) / sizeof(*additions) ?
	    additions[server][n] : NULL;

	if (has(f, server, n)) {
		fprintf(out, "  has %s\n", need_names[n]);
		return 0;
	}
	if (n == N_WORKER && server == ST_SERVER_NGINX) {
		fprintf(out, "  lacks %s: %s\n", need_names[n], fpm_log);
		return 1;
	}
	if (a == NULL) {
		fprintf(out, "  lacks %s (this server cannot log it)\n",
		    need_names[n]);
		return 0;
	}
	fprintf(out, "  lacks %s: add %s\n", need_names[n], a);
	sb_addf(more, "%s%s", more->len ? " " : "", a);
	return 1;
}

/* One log: what its format gives, what to add; the additions' count. */
static int
one_log(FILE *out, const struct st_logbind *b, const struct st_logformat *f)
{
	enum st_server server = b->server ? b->server : f->server;
	struct sbuf more = SBUF_INIT, name = SBUF_INIT;
	int n, missing = 0;

	st_escape(&name, b->dir, strlen(b->dir));
	sb_addf(&name, "%s", *b->dir ? "/" : "");
	st_escape(&name, b->stem, strlen(b->stem));
	sb_adds(&name, " (");
	st_escape(&name, b->where, strlen(b->where));
	sb_adds(&name, "), format ");
	bare_name(f, &name);
	fprintf(out, "%s, %s:\n", sb_str(&name),
	    st_logsyntax_server_name(server));
	for (n = 0; n < NNEEDS; n++)
		missing += advise(out, f, server, (enum need)n, &more);
	if (more.len)
		directive(out, f, server, &more);
	sb_release(&more);
	sb_release(&name);
	return missing;
}

int
st_webcheck(const char *path, FILE *out, char *err, size_t errlen)
{
	struct st_logformats l = { NULL, 0, 0 };
	struct st_webconf c;
	size_t i;
	int missing = 0, logs = 0;

	memset(&c, 0, sizeof(c));
	if (st_webconf_read(&c, &l, path, err, errlen) < 0) {
		st_webconf_release(&c);
		st_logformats_release(&l);
		return -1;
	}
	for (i = 0; i < c.n; i++) {
		if (c.v[i].fmt < 0 || (size_t)c.v[i].fmt >= l.n)
			continue;	/* an error log */
		missing += one_log(out, &c.v[i], l.v[c.v[i].fmt]);
		logs++;
	}
	if (logs == 0)
		snprintf(err, errlen, "no access log in it");
	st_webconf_release(&c);
	st_logformats_release(&l);
	return logs ? missing : -1;
}
