#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/sbuf.h"
#include "input/reader.h"
#include "web/logformat.h"

/*
 * Steps a line may cost a format's pattern, and how deep it may nest:
 * far over what any line of a sane format needs (a few hundred), far
 * under what a pattern that backtracks would spend.
 */
#define MATCH_LIMIT	200000
#define DEPTH_LIMIT	10000

static const struct {
	const char	*name;
	enum st_var	 id;
	const char	*re;		/* NULL: decided by what follows */
} known[] = {
	{ "remote_addr", ST_V_REMOTE_ADDR, NULL },
	{ "http_x_forwarded_for", ST_V_XFF, NULL },
	{ "remote_user", ST_V_REMOTE_USER, NULL },
	{ "time_local", ST_V_TIME_LOCAL,
	    "\\d{1,2}/[A-Za-z]{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}" },
	{ "time_iso8601", ST_V_TIME_ISO8601,
	    "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:[+-]\\d{2}:?\\d{2}|Z)" },
	{ "msec", ST_V_MSEC, "\\d++(?:\\.\\d++)?+" },
	{ "request", ST_V_REQUEST, NULL },
	{ "request_method", ST_V_METHOD, NULL },
	{ "request_uri", ST_V_REQUEST_URI, NULL },
	{ "uri", ST_V_URI, NULL },
	{ "args", ST_V_ARGS, NULL },
	{ "query_string", ST_V_ARGS, NULL },
	{ "status", ST_V_STATUS, "\\d{3}|-" },
	{ "body_bytes_sent", ST_V_BODY_BYTES, "\\d++|-" },
	{ "bytes_sent", ST_V_BYTES_SENT, "\\d++|-" },
	{ "request_time", ST_V_REQUEST_TIME, "\\d++(?:\\.\\d++)?+|-" },
	{ "http_referer", ST_V_REFERER, NULL },
	{ "http_user_agent", ST_V_USER_AGENT, NULL },
	{ "host", ST_V_HOST, NULL },
};

static const struct {
	const char *name, *text;
} builtin[] = {
	{ "main", "$remote_addr - $remote_user [$time_local] \"$request\" "
	    "$status $body_bytes_sent \"$http_referer\" \"$http_user_agent\" "
	    "\"$http_x_forwarded_for\"" },
	{ "combined", "$remote_addr - $remote_user [$time_local] \"$request\" "
	    "$status $body_bytes_sent \"$http_referer\" \"$http_user_agent\"" },
	{ "vhost_combined", "$host:$server_port $remote_addr - $remote_user "
	    "[$time_local] \"$request\" $status $body_bytes_sent "
	    "\"$http_referer\" \"$http_user_agent\"" },
	{ "common", "$remote_addr - $remote_user [$time_local] \"$request\" "
	    "$status $body_bytes_sent" },
};

static int
var_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

/* The pattern for a variable's value, given the literal after it. */
static void
value_re(struct sbuf *re, const char *fixed, int next)
{
	if (fixed)
		sb_addf(re, "(%s)", fixed);
	else if (next == '"')
		/* Apache writes \" inside quotes; nginx never a raw quote. */
		sb_adds(re, "((?:[^\"\\\\]++|\\\\.)*+)");
	else if (next == '\0')
		sb_adds(re, "(.*+)");
	else if (next == ' ')
		sb_adds(re, "([^ ]*+)");
	else
		sb_addf(re, "([^\\x%02x]*+)", (unsigned char)next);
}

static void
literal_re(struct sbuf *re, char c)
{
	if (strchr("\\^$.|?*+()[]{}", c))
		sb_addc(re, '\\');
	sb_addc(re, c);
}

static void
add_var(struct st_logformat *f, struct sbuf *re, const char *name,
    size_t len, int next)
{
	const char *fixed = NULL;
	size_t i, k = f->nvars;
	enum st_var id = ST_V_OTHER;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i].name) == len &&
		    memcmp(known[i].name, name, len) == 0) {
			id = known[i].id;
			fixed = known[i].re;
		}
	f->vars = st_realloc(f->vars, (k + 1) * sizeof(*f->vars));
	f->vars[k].id = id;
	f->vars[k].name = st_memdup(name, len);
	f->nvars++;
	if (id != ST_V_OTHER && f->at[id] == 0)
		f->at[id] = (int)k + 1;
	value_re(re, fixed, next);
}

/* Turn the format text into a pattern; -1 on a bad variable. */
static int
build(struct st_logformat *f, struct sbuf *re, char *err, size_t errlen)
{
	const char *p = f->text, *name;
	size_t len;
	int braced;

	sb_addc(re, '^');
	while (*p) {
		if (*p != '$') {
			literal_re(re, *p++);
			continue;
		}
		braced = p[1] == '{';
		name = p + 1 + braced;
		for (len = 0; var_char((unsigned char)name[len]); len++)
			;
		if (len == 0 || (braced && name[len] != '}')) {
			snprintf(err, errlen, "log format %s: bad variable at "
			    "\"%.20s\"", f->name, p);
			return -1;
		}
		p = name + len + braced;
		add_var(f, re, name, len, (unsigned char)*p);
	}
	sb_addc(re, '$');
	return 0;
}

struct st_logformat *
st_logformat_compile(const char *name, const char *text, enum st_logesc esc,
    char *err, size_t errlen)
{
	struct st_logformat *f = st_calloc(1, sizeof(*f));
	struct sbuf re = SBUF_INIT;
	PCRE2_UCHAR msg[128];
	PCRE2_SIZE off;
	int code;

	f->name = st_strdup(name);
	f->text = st_strdup(text);
	f->esc = esc;
	if (build(f, &re, err, errlen) < 0)
		goto fail;
	f->re = pcre2_compile((PCRE2_SPTR)re.s, re.len, 0, &code, &off, NULL);
	if (f->re == NULL) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		snprintf(err, errlen, "log format %s: %s", name, (char *)msg);
		goto fail;
	}
	(void)pcre2_jit_compile(f->re, PCRE2_JIT_COMPLETE);
	if ((f->mc = pcre2_match_context_create(NULL)) == NULL)
		abort();
	pcre2_set_match_limit(f->mc, MATCH_LIMIT);
	pcre2_set_depth_limit(f->mc, DEPTH_LIMIT);
	sb_release(&re);
	return f;
fail:
	sb_release(&re);
	st_logformat_free(f);
	return NULL;
}

void
st_logformat_free(struct st_logformat *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nvars; i++)
		free(f->vars[i].name);
	free(f->vars);
	pcre2_code_free(f->re);
	pcre2_match_context_free(f->mc);
	free(f->name);
	free(f->text);
	free(f);
}

int
st_logformats_add(struct st_logformats *l, const char *name, const char *text,
    enum st_logesc esc, char *err, size_t errlen)
{
	struct st_logformat *f = st_logformat_compile(name, text, esc, err,
	    errlen);

	if (f == NULL)
		return -1;
	l->v = st_grow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = f;
	return 0;
}

void
st_logformats_builtin(struct st_logformats *l)
{
	char err[128];
	size_t i;

	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (st_logformats_add(l, builtin[i].name, builtin[i].text,
		    ST_LOGESC_DEFAULT, err, sizeof(err)) < 0)
			abort();	/* constant formats cannot fail */
}

void
st_logformats_release(struct st_logformats *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		st_logformat_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void *
st_logformats_match_data(const struct st_logformats *l)
{
	uint32_t most = 1;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i]->nvars + 1 > most)
			most = (uint32_t)l->v[i]->nvars + 1;
	return pcre2_match_data_create(most, NULL);
}

/*
 * A tiny reader of nginx's configuration syntax: words, quoted strings
 * (with \" \' \\ \n \t escapes), ';', '{', '}', and # comments.
 */
struct conf {
	const char	*p, *end;
	size_t		 line;
};

enum { TOK_END, TOK_WORD, TOK_STRING, TOK_PUNCT };

static void
conf_skip(struct conf *c)
{
	while (c->p < c->end) {
		if (*c->p == '\n')
			c->line++;
		if (*c->p == '#') {
			while (c->p < c->end && *c->p != '\n')
				c->p++;
		} else if (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' ||
		    *c->p == '\n')
			c->p++;
		else
			return;
	}
}

static int
conf_quoted(struct conf *c, struct sbuf *tok)
{
	char q = *c->p++;

	while (c->p < c->end && *c->p != q) {
		if (*c->p == '\n')
			c->line++;
		if (*c->p == '\\' && c->p + 1 < c->end) {
			c->p++;
			sb_addc(tok, *c->p == 'n' ? '\n' : *c->p == 't' ?
			    '\t' : *c->p == 'r' ? '\r' : *c->p);
		} else
			sb_addc(tok, *c->p);
		c->p++;
	}
	if (c->p >= c->end)
		return -1;
	c->p++;
	return TOK_STRING;
}

/* The next token into tok; TOK_END at the end, -1 on an open quote. */
static int
conf_token(struct conf *c, struct sbuf *tok)
{
	sb_clear(tok);
	conf_skip(c);
	if (c->p >= c->end)
		return TOK_END;
	if (*c->p == ';' || *c->p == '{' || *c->p == '}') {
		sb_addc(tok, *c->p++);
		return TOK_PUNCT;
	}
	if (*c->p == '"' || *c->p == '\'')
		return conf_quoted(c, tok);
	/* A NUL is part of a word: strchr would take it for a delimiter
	 * and the reader would stop without moving on. */
	while (c->p < c->end && (*c->p == '\0' || !strchr(" \t\r\n;{}", *c->p)))
		sb_addc(tok, *c->p++);
	return TOK_WORD;
}

static int
escape_mode(const char *s, enum st_logesc *esc)
{
	if (strcmp(s, "escape=default") == 0)
		*esc = ST_LOGESC_DEFAULT;
	else if (strcmp(s, "escape=json") == 0)
		*esc = ST_LOGESC_JSON;
	else if (strcmp(s, "escape=none") == 0)
		*esc = ST_LOGESC_NONE;
	else
		return -1;
	return 0;
}

/* The rest of a log_format directive, after its keyword. */
static int
directive(struct st_logformats *l, struct conf *c, char *err, size_t errlen)
{
	struct sbuf tok = SBUF_INIT, name = SBUF_INIT, text = SBUF_INIT;
	enum st_logesc esc = ST_LOGESC_DEFAULT;
	size_t start = c->line;
	int t, n = 0, rc = -1;

	while ((t = conf_token(c, &tok)) == TOK_WORD || t == TOK_STRING) {
		if (n++ == 0)
			sb_add(&name, tok.s, tok.len);
		else if (n == 2 && t == TOK_WORD &&
		    escape_mode(sb_str(&tok), &esc) == 0)
			;
		else
			sb_add(&text, tok.s, tok.len);
	}
	if (t != TOK_PUNCT || tok.s[0] != ';' || n < 2)
		snprintf(err, errlen, "line %zu: log_format without a name "
		    "and a format ending in ';'", start);
	else
		rc = st_logformats_add(l, sb_str(&name), sb_str(&text), esc,
		    err, errlen);
	sb_release(&tok);
	sb_release(&name);
	sb_release(&text);
	return rc;
}

int
st_logformats_conf(struct st_logformats *l, const char *conf, size_t n,
    char *err, size_t errlen)
{
	struct conf c = { conf, conf + n, 1 };
	struct sbuf tok = SBUF_INIT;
	int t, added = 0, first = 1;

	while ((t = conf_token(&c, &tok)) != TOK_END) {
		if (t < 0) {
			snprintf(err, errlen, "line %zu: quote not closed",
			    c.line);
			added = -1;
			break;
		}
		if (first && t == TOK_WORD && strcmp(tok.s, "log_format") == 0) {
			if (directive(l, &c, err, errlen) < 0) {
				added = -1;
				break;
			}
			added++;
			continue;	/* it ended with its ';' */
		}
		/* A directive starts after ';', '{' or '}'. */
		first = t == TOK_PUNCT;
	}
	sb_release(&tok);
	return added;
}

/* Configurations are small: nginx's largest are some hundreds of KB. */
#define CONF_MAX	(8u << 20)

int
st_logformats_conf_file(struct st_logformats *l, const char *path, char *err,
    size_t errlen)
{
	struct sbuf text = SBUF_INIT;
	int rc = st_reader_slurp(path, CONF_MAX, &text, err, errlen);

	if (rc == 0)
		rc = st_logformats_conf(l, sb_str(&text), text.len, err,
		    errlen);
	sb_release(&text);
	return rc;
}
