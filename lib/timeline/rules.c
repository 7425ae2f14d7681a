/* SPDX-License-Identifier: ISC */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/decode.h"
#include "base/escape.h"
#include "input/reader.h"
#include "timeline/rules.h"

enum field { F_ARGV, F_EXE, F_PARENT, F_CWD, NFIELDS };

static const char *const field_names[NFIELDS] = { "argv", "exe", "parent",
	"cwd" };

static const char *const sev_names[] = { "", "info", "low", "medium",
	"high", "critical" };

/* The built-in rules: rules/default.rules, made into a string. */
static const char default_rules[] =
#include "rules_default.h"
;

struct rule {
	char		*id, *title, *category, *attack;
	enum st_severity severity;
	char		*pattern[NFIELDS];
	pcre2_code	*re[NFIELDS];
	int		 disabled;
	/* A wrapper rule: what a web-shell manager wraps around the
	 * operator's command, with groups cmd, and cwd and tag if known. */
	char		*tool, *wrapper;
	pcre2_code	*wre;
	int		 g_cmd, g_cwd, g_tag;
};

/* Wrappers inside wrappers (a manager's sh in PHP's sh): this deep. */
#define UNWRAP_DEPTH	4
/* Capture groups a wrapper pattern may have. */
#define WRAP_GROUPS	16

/*
 * Command lines are the attacker's: patterns see at most their first
 * MATCH_TEXT bytes, and each match gives up after MATCH_LIMIT steps, so
 * no line can make a pattern backtrack for long.
 */
#define MATCH_TEXT	65536
#define MATCH_LIMIT	1000000

struct st_rules {
	struct rule	*v;
	size_t		 n, cap;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_code	*b64;		/* echo BASE64 | base64 -d */
};

static void
rule_clear(struct rule *x)
{
	size_t f;

	free(x->id);
	free(x->title);
	free(x->category);
	free(x->attack);
	free(x->tool);
	free(x->wrapper);
	pcre2_code_free(x->wre);
	for (f = 0; f < NFIELDS; f++) {
		free(x->pattern[f]);
		pcre2_code_free(x->re[f]);
	}
	memset(x, 0, sizeof(*x));
}

struct st_rules *
st_rules_new(void)
{
	struct st_rules *r = st_calloc(1, sizeof(*r));
	char err[256];

	if (st_rules_add(r, default_rules, sizeof(default_rules) - 1,
	    "default.rules", err, sizeof(err)) < 0)
		abort();	/* built in, and tested */
	return r;
}

void
st_rules_free(struct st_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		rule_clear(&r->v[i]);
	free(r->v);
	pcre2_match_data_free(r->md);
	pcre2_match_context_free(r->mc);
	pcre2_code_free(r->b64);
	free(r);
}

/* The rule named id, made when new; an old one of that id is reset. */
static struct rule *
rule_for(struct st_rules *r, const char *id, size_t n)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strlen(r->v[i].id) == n && memcmp(r->v[i].id, id, n) == 0)
			break;
	if (i < r->n)
		rule_clear(&r->v[i]);
	else {
		r->v = st_grow(r->v, &r->cap, r->n + 1, sizeof(*r->v));
		memset(&r->v[r->n++], 0, sizeof(r->v[0]));
	}
	r->v[i].id = st_memdup(id, n);
	return &r->v[i];
}

static char *
dup_trim(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return st_memdup(p, n);
}

const char *
st_severity_name(enum st_severity s)
{
	return sev_names[s];
}

enum st_severity
st_severity_parse(const char *v)
{
	size_t s;

	for (s = ST_SEV_INFO; s <= ST_SEV_CRITICAL; s++)
		if (strcmp(v, sev_names[s]) == 0)
			return (enum st_severity)s;
	return ST_SEV_NONE;
}

static int
set_severity(struct rule *x, const char *v)
{
	x->severity = st_severity_parse(v);
	return x->severity == ST_SEV_NONE ? -1 : 0;
}

/* key = value in rule x; NULL, or why it is wrong. */
static const char *
set_key(struct rule *x, const char *key, char *val)
{
	char **slot = NULL;
	size_t f;

	if (strcmp(key, "title") == 0)
		slot = &x->title;
	else if (strcmp(key, "category") == 0)
		slot = &x->category;
	else if (strcmp(key, "attack") == 0)
		slot = &x->attack;
	else if (strcmp(key, "tool") == 0)
		slot = &x->tool;
	else if (strcmp(key, "wrapper") == 0)
		slot = &x->wrapper;
	else if (strcmp(key, "severity") == 0) {
		f = set_severity(x, val) < 0;
		free(val);
		return f ? "severity: info, low, medium, high or critical" :
		    NULL;
	} else if (strcmp(key, "disabled") == 0) {
		x->disabled = strcmp(val, "yes") == 0;
		free(val);
		return NULL;
	}
	for (f = 0; slot == NULL && f < NFIELDS; f++)
		if (strcmp(key, field_names[f]) == 0)
			slot = &x->pattern[f];
	if (slot == NULL) {
		free(val);
		return "unknown key";
	}
	free(*slot);
	*slot = val;
	return NULL;
}

/* One line of a rules file. */
static const char *
line(struct st_rules *r, struct rule **cur, const char *p, size_t n)
{
	const char *eq;
	char *key;
	const char *why;

	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	if (n && p[n - 1] == '\r')
		n--;
	if (n == 0 || *p == '#')
		return NULL;
	if (*p == '[') {
		if (n < 3 || p[n - 1] != ']')
			return "a section is [id]";
		*cur = rule_for(r, p + 1, n - 2);
		return NULL;
	}
	if ((eq = memchr(p, '=', n)) == NULL)
		return "not key = value";
	if (*cur == NULL)
		return "key = value before any [id]";
	key = dup_trim(p, (size_t)(eq - p));
	why = set_key(*cur, key, dup_trim(eq + 1, n - (size_t)(eq - p) - 1));
	free(key);
	return why;
}

int
st_rules_add(struct st_rules *r, const char *text, size_t len,
    const char *name, char *err, size_t errlen)
{
	const char *p = text, *end = text + len, *nl, *why;
	struct rule *cur = NULL;
	unsigned no = 0;

	for (; p < end; p = nl + 1) {
		no++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((why = line(r, &cur, p, (size_t)(nl - p))) != NULL) {
			snprintf(err, errlen, "%s:%u: %s", name, no, why);
			return -1;
		}
	}
	return 0;
}

/* A rules file is small: the built-in one is some KB. */
#define RULES_MAX	(8u << 20)

int
st_rules_add_file(struct st_rules *r, const char *path, char *err,
    size_t errlen)
{
	struct sbuf text = SBUF_INIT, name = SBUF_INIT;
	char why[256];
	int rc;

	st_escape(&name, path, strlen(path));
	if ((rc = st_reader_slurp(path, RULES_MAX, &text, why,
	    sizeof(why))) < 0)
		snprintf(err, errlen, "%s: %s", sb_str(&name), why);
	else
		rc = st_rules_add(r, sb_str(&text), text.len, sb_str(&name),
		    err, errlen);
	sb_release(&text);
	sb_release(&name);
	return rc;
}

static pcre2_code *
compile(const char *pat, char *msg, size_t msglen)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);

	if (re == NULL) {
		pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, msglen);
		return NULL;
	}
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* A group's number, or -1 when the pattern has none of that name. */
static int
group(const pcre2_code *re, const char *name)
{
	int n = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);

	return n > 0 ? n : -1;
}

static int
compile_wrapper(struct rule *x, char *err, size_t errlen)
{
	char msg[128];
	uint32_t groups;

	if (x->tool == NULL) {
		snprintf(err, errlen, "rule %s: a wrapper needs a tool", x->id);
		return -1;
	}
	if (x->wre == NULL && (x->wre = compile(x->wrapper, msg,
	    sizeof(msg))) == NULL) {
		snprintf(err, errlen, "rule %s, wrapper: %s", x->id, msg);
		return -1;
	}
	(void)pcre2_pattern_info(x->wre, PCRE2_INFO_CAPTURECOUNT, &groups);
	x->g_cmd = group(x->wre, "cmd");
	x->g_cwd = group(x->wre, "cwd");
	x->g_tag = group(x->wre, "tag");
	if (x->g_cmd < 0 || groups >= WRAP_GROUPS) {
		snprintf(err, errlen, "rule %s, wrapper: needs a group "
		    "(?<cmd>...), and fewer than %d groups", x->id,
		    WRAP_GROUPS);
		return -1;
	}
	return 0;
}

int
st_rules_compile(struct st_rules *r, char *err, size_t errlen)
{
	char msg[128];
	struct rule *x;
	size_t i, f;

	for (i = 0; i < r->n; i++) {
		x = &r->v[i];
		if (x->disabled)
			continue;
		if (x->wrapper) {
			if (compile_wrapper(x, err, errlen) < 0)
				return -1;
			continue;
		}
		if (x->pattern[F_ARGV] == NULL && x->pattern[F_EXE] == NULL) {
			snprintf(err, errlen, "rule %s: no argv, exe or wrapper "
			    "pattern", x->id);
			return -1;
		}
		for (f = 0; f < NFIELDS; f++)
			if (x->pattern[f] && x->re[f] == NULL &&
			    (x->re[f] = compile(x->pattern[f], msg,
			    sizeof(msg))) == NULL) {
				snprintf(err, errlen, "rule %s, %s: %s", x->id,
				    field_names[f], msg);
				return -1;
			}
	}
	r->b64 = compile("(?:^|[;&|(`]\\s*|\\s)(?:echo|printf)\\s+(?:-n\\s+)?"
	    "['\"]?([A-Za-z0-9+/]{8,}={0,2})['\"]?\\s*\\|\\s*base64\\s+"
	    "(?:-d|--decode|-D)\\b", msg, sizeof(msg));
	r->md = pcre2_match_data_create(WRAP_GROUPS, NULL);
	r->mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(r->mc, MATCH_LIMIT);
	return 0;
}

void
st_rules_list(const struct st_rules *r, FILE *fp)
{
	const struct rule *x;
	size_t i;

	for (i = 0; i < r->n; i++) {
		x = &r->v[i];
		if (!x->disabled && x->wrapper)
			fprintf(fp, "%-20s %-8s %-20s %-22s %s\n", x->id, "",
			    "wrapper", x->tool, x->title ? x->title : "");
		else if (!x->disabled)
			fprintf(fp, "%-20s %-8s %-20s %-22s %s\n", x->id,
			    sev_names[x->severity], x->category ? x->category :
			    "", x->attack ? x->attack : "", x->title ? x->title :
			    "");
	}
}

static int
matches(struct st_rules *r, const pcre2_code *re, const char *s, size_t n)
{
	return re == NULL || pcre2_match(re, (PCRE2_SPTR)s, n < MATCH_TEXT ?
	    n : MATCH_TEXT, 0, 0, r->md, r->mc) >= 0;
}

/* Add each id of list (comma-separated) to out, ",a,b," meanwhile. */
static void
add_ids(struct sbuf *out, const char *list)
{
	const char *p = list, *e;
	char id[64];
	size_t n;

	for (; p && *p; p = *e ? e + 1 : e) {
		while (*p == ' ')
			p++;
		e = p + strcspn(p, ",");
		for (n = (size_t)(e - p); n && p[n - 1] == ' '; n--)
			;
		if (n == 0 || n + 3 > sizeof(id))
			continue;
		snprintf(id, sizeof(id), ",%.*s,", (int)n, p);
		if (out->len == 0)
			sb_addc(out, ',');
		if (strstr(sb_str(out), id) == NULL)
			sb_adds(out, id + 1);
	}
}

/* ",a,b," to "a,b". */
static void
trim_commas(struct sbuf *b)
{
	if (b->len < 2)
		return;
	memmove(b->s, b->s + 1, b->len - 2);
	b->len -= 2;
	b->s[b->len] = '\0';
}

void
st_rules_match(struct st_rules *r, const char *argv, size_t argvlen,
    const char *exe, const char *parent, const char *cwd,
    struct st_classes *v)
{
	const char *text[NFIELDS] = { argv, exe, parent, cwd };
	size_t len[NFIELDS] = { argvlen, strlen(exe), strlen(parent),
	    strlen(cwd) };
	const struct rule *x;
	size_t i, f;

	sb_clear(&v->tags);
	sb_clear(&v->attack);
	v->severity = ST_SEV_NONE;
	for (i = 0; i < r->n; i++) {
		x = &r->v[i];
		for (f = 0; f < NFIELDS && !x->disabled && !x->wrapper; f++)
			if (!matches(r, x->re[f], text[f], len[f]))
				break;
		if (x->disabled || x->wrapper || f < NFIELDS)
			continue;
		if (v->tags.len)
			sb_addc(&v->tags, ',');
		sb_adds(&v->tags, x->id);
		add_ids(&v->attack, x->attack);
		if (x->severity > v->severity)
			v->severity = x->severity;
	}
	trim_commas(&v->attack);
}

/* The first wrapper whose pattern matches all of s; the match in md. */
static const struct rule *
wrapper_of(struct st_rules *r, const char *s, size_t n)
{
	const struct rule *x;
	size_t i;

	for (i = 0; i < r->n && n <= MATCH_TEXT; i++) {
		x = &r->v[i];
		if (!x->disabled && x->wre && pcre2_match(x->wre, (PCRE2_SPTR)s,
		    n, 0, 0, r->md, r->mc) >= 0)
			return x;
	}
	return NULL;
}

/* Group g of the last match on s into out, unless out has one. */
static void
take(struct st_rules *r, int g, const char *s, struct sbuf *out)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);

	if (g < 0 || out->len || ov[2 * g] == PCRE2_UNSET)
		return;
	sb_add(out, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
}

int
st_rules_unwrap(struct st_rules *r, const char *cmd, size_t len,
    struct st_unwrap *u)
{
	const struct rule *x;
	struct sbuf swap;
	unsigned level;

	sb_clear(&u->tool);
	sb_clear(&u->cwd);
	sb_clear(&u->tag);
	sb_clear(&u->command);
	sb_add(&u->command, cmd, len);
	u->rule = NULL;
	for (level = 0; level < UNWRAP_DEPTH; level++) {
		if ((x = wrapper_of(r, u->command.s, u->command.len)) == NULL)
			break;
		if (u->tool.len == 0 || strcmp(u->tool.s, "generic") == 0) {
			sb_clear(&u->tool);
			sb_adds(&u->tool, x->tool);
		}
		u->rule = x->id;
		take(r, x->g_cwd, u->command.s, &u->cwd);
		take(r, x->g_tag, u->command.s, &u->tag);
		sb_clear(&u->work);
		take(r, x->g_cmd, u->command.s, &u->work);
		swap = u->command;
		u->command = u->work;
		u->work = swap;
	}
	if (level == 0)
		sb_clear(&u->command);
	return (int)level;
}

void
st_unwrap_release(struct st_unwrap *u)
{
	sb_release(&u->tool);
	sb_release(&u->command);
	sb_release(&u->cwd);
	sb_release(&u->tag);
	sb_release(&u->work);
}

/* ---- the writer stage ---- */

struct classw {
	struct st_sink w;
	struct st_sink *next;
	struct st_rules	*rules;
	struct st_row	 row;
	struct st_classes v, op;
	struct sbuf	 argv, parent, tmp;
};

/* "? php-fpm8.2[11316] > sh[13545] > cat[13546]" -> "php-fpm8.2 > sh". */
static void
parent_chain(struct sbuf *out, const struct sbuf *chain)
{
	const char *p = sb_str(chain), *e, *br;
	size_t n;

	sb_clear(out);
	/* Each element but the last (the process itself). */
	for (; (e = strstr(p, " > ")) != NULL; p = e + 3) {
		if (strncmp(p, "? ", 2) == 0)
			p += 2;
		if (strncmp(p, "...", 3) == 0)
			continue;	/* a chain cut short */
		br = memchr(p, '[', (size_t)(e - p));
		n = (size_t)((br ? br : e) - p);
		if (out->len)
			sb_adds(out, " > ");
		sb_add(out, p, n);
	}
}

/* Say what "echo BASE64 | base64 -d" decodes to, when it is text. */
static void
preview(struct classw *cw, struct st_row *r)
{
	struct st_rules *rl = cw->rules;
	PCRE2_SIZE *ov;
	size_t i;

	if (rl->b64 == NULL || pcre2_match(rl->b64, (PCRE2_SPTR)sb_str(&cw->argv),
	    cw->argv.len < MATCH_TEXT ? cw->argv.len : MATCH_TEXT, 0, 0,
	    rl->md, rl->mc) < 2)
		return;
	ov = pcre2_get_ovector_pointer(rl->md);
	sb_clear(&cw->tmp);
	if (st_decode_base64(cw->argv.s + ov[2], ov[3] - ov[2], &cw->tmp) < 0)
		return;
	for (i = 0; i < cw->tmp.len; i++)
		if ((unsigned char)cw->tmp.s[i] < 0x20 && cw->tmp.s[i] != '\n' &&
		    cw->tmp.s[i] != '\t')
			return;		/* not text */
	sb_adds(&r->text[ST_COL_MESSAGE], "; base64 decodes to: ");
	st_escape(&r->text[ST_COL_MESSAGE], cw->tmp.s, cw->tmp.len);
}

void
st_ids_merge(struct sbuf *list, const char *more, struct sbuf *tmp)
{
	sb_clear(tmp);
	if (list->len)
		sb_addf(tmp, ",%s,", sb_str(list));
	add_ids(tmp, more);
	trim_commas(tmp);
	sb_clear(list);
	sb_adds(list, sb_str(tmp));
}

/*
 * The operator's command inside a manager's wrapper, classified as if
 * run by itself (rules anchored at a command's start see it there), on
 * the row that wraps it: its classes join the row's.  A request's row
 * (no process: access logs alone) has only the command it carried.
 */
static void
operator_classes(struct classw *cw, const struct st_row *r)
{
	const struct sbuf *op = &r->text[ST_COL_OPERATOR_COMMAND];

	if (op->len == 0 || (r->nargs && memmem(cw->argv.s, cw->argv.len,
	    op->s, op->len) == NULL))
		return;
	st_rules_match(cw->rules, op->s, op->len, sb_str(&r->text[ST_COL_EXE]),
	    sb_str(&cw->parent), sb_str(&r->text[ST_COL_CWD]), &cw->op);
	if (cw->op.tags.len == 0)
		return;
	st_ids_merge(&cw->v.tags, sb_str(&cw->op.tags), &cw->tmp);
	st_ids_merge(&cw->v.attack, sb_str(&cw->op.attack), &cw->tmp);
	if (cw->op.severity > cw->v.severity)
		cw->v.severity = cw->op.severity;
}

static void
classw_row(struct st_sink *w, const struct st_row *r)
{
	struct classw *cw = (struct classw *)w;

	if (r->note) {
		cw->next->row(cw->next, r);
		return;
	}
	st_row_copy(&cw->row, r);
	st_row_joined(r, &cw->argv);
	parent_chain(&cw->parent, &r->text[ST_COL_CHAIN]);
	st_rules_match(cw->rules, sb_str(&cw->argv), cw->argv.len,
	    sb_str(&r->text[ST_COL_EXE]), sb_str(&cw->parent),
	    sb_str(&r->text[ST_COL_CWD]), &cw->v);
	operator_classes(cw, r);
	sb_adds(&cw->row.text[ST_COL_TAGS], sb_str(&cw->v.tags));
	st_row_tag(&cw->row);
	sb_adds(&cw->row.text[ST_COL_SEVERITY], sev_names[cw->v.severity]);
	sb_adds(&cw->row.text[ST_COL_ATTACK], sb_str(&cw->v.attack));
	preview(cw, &cw->row);
	cw->next->row(cw->next, &cw->row);
}

static int
classw_finish(struct st_sink *w)
{
	struct classw *cw = (struct classw *)w;

	return cw->next->finish(cw->next);
}

static void
classw_free(struct st_sink *w)
{
	struct classw *cw = (struct classw *)w;

	cw->next->free(cw->next);
	st_row_release(&cw->row);
	sb_release(&cw->v.tags);
	sb_release(&cw->v.attack);
	sb_release(&cw->op.tags);
	sb_release(&cw->op.attack);
	sb_release(&cw->argv);
	sb_release(&cw->parent);
	sb_release(&cw->tmp);
	free(cw);
}

struct st_sink *
st_rules_sink(struct st_sink *next, struct st_rules *rules)
{
	struct classw *cw = st_calloc(1, sizeof(*cw));

	cw->w.row = classw_row;
	cw->w.finish = classw_finish;
	cw->w.free = classw_free;
	cw->next = next;
	cw->rules = rules;
	st_row_init(&cw->row);
	return &cw->w;
}
