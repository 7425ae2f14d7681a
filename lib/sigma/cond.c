/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "sigma/internal.h"

/*
 * A condition, by recursive descent with the specification's
 * precedence (least binding first): or, and, not, "x of", brackets.
 * Nesting and the number of operators are bounded, since a rule file
 * is input too and the tree is walked recursively.
 */
#define MAX_DEPTH	64
#define MAX_OPS		1024

struct parser {
	const struct sg_rule *r;
	const char	*p;
	char		 tok[128];
	size_t		 len;
	unsigned	 depth, ops;
	struct sg_err	*e;
};

/* The next token into ps->tok, without taking it; "" at the end. */
static const char *
peek(struct parser *ps)
{
	const char *p = ps->p, *q;

	while (isspace((unsigned char)*p))
		p++;
	q = p;
	if (*q == '(' || *q == ')' || *q == '|')
		q++;
	else
		while (*q && !isspace((unsigned char)*q) && !strchr("()|", *q))
			q++;
	ps->len = (size_t)(q - p);
	if (ps->len >= sizeof(ps->tok)) {
		sg_fail(ps->e, "condition: a word longer than %zu bytes",
		    sizeof(ps->tok) - 1);
		ps->len = 0;
	}
	memcpy(ps->tok, p, ps->len);
	ps->tok[ps->len] = '\0';
	return ps->tok;
}

static void
take(struct parser *ps)
{
	while (isspace((unsigned char)*ps->p))
		ps->p++;
	ps->p += ps->len;
}

static int
is_word(struct parser *ps, const char *w)
{
	return strcasecmp(peek(ps), w) == 0;
}

static struct sg_cond *
node(enum sg_cop op, struct sg_cond *a, struct sg_cond *b)
{
	struct sg_cond *c = st_calloc(1, sizeof(*c));

	c->op = op;
	c->a = a;
	c->b = b;
	return c;
}

static struct sg_cond *parse_or(struct parser *ps);

/* "1 of selection_*", "all of them". */
static struct sg_cond *
parse_of(struct parser *ps, size_t need_all, size_t need)
{
	struct sg_cond *c = node(SG_C_OF, NULL, NULL);
	const struct sg_rule *r = ps->r;
	int them;
	size_t i;

	take(ps);			/* "of" */
	peek(ps);
	them = strcasecmp(ps->tok, "them") == 0;
	c->of = st_calloc(r->ns ? r->ns : 1, sizeof(*c->of));
	for (i = 0; i < r->ns; i++)
		if (them ? r->s[i].name[0] != '_' :
		    fnmatch(ps->tok, r->s[i].name, 0) == 0)
			c->of[c->nof++] = i;
	if (c->nof == 0)
		sg_fail(ps->e, "condition: \"%s\" names no search identifier",
		    ps->tok);
	take(ps);
	c->need = need_all ? c->nof : need;
	return c;
}

static struct sg_cond *
parse_atom(struct parser *ps)
{
	struct sg_cond *c;
	size_t i;
	char *end;
	long n;

	peek(ps);
	if (strcmp(ps->tok, "(") == 0) {
		take(ps);
		c = parse_or(ps);
		if (!is_word(ps, ")"))
			sg_fail(ps->e, "condition: ( without )");
		take(ps);
		return c;
	}
	if (strcmp(ps->tok, "|") == 0) {
		sg_fail(ps->e, "condition: aggregations (| count() ...) are "
		    "not supported");
		return node(SG_C_SEARCH, NULL, NULL);
	}
	if (strcasecmp(ps->tok, "all") == 0 || isdigit((unsigned char)ps->tok[0])) {
		i = strcasecmp(ps->tok, "all") == 0;
		n = strtol(ps->tok, &end, 10);
		if (!i && (*end || n < 1))
			n = 0;
		take(ps);
		if (!is_word(ps, "of") || (!i && n == 0)) {
			sg_fail(ps->e, "condition: expected \"N of\" or \"all of\"");
			return node(SG_C_SEARCH, NULL, NULL);
		}
		return parse_of(ps, i, i ? 0 : (size_t)n);
	}
	c = node(SG_C_SEARCH, NULL, NULL);
	for (i = 0; i < ps->r->ns; i++)
		if (strcmp(ps->r->s[i].name, ps->tok) == 0)
			break;
	if (i == ps->r->ns)
		sg_fail(ps->e, "condition names \"%s\", which the detection does "
		    "not define", ps->tok);
	c->search = i;
	take(ps);
	return c;
}

static struct sg_cond *
parse_not(struct parser *ps)
{
	struct sg_cond *c;

	if (++ps->depth > MAX_DEPTH) {
		sg_fail(ps->e, "condition nested deeper than %d", MAX_DEPTH);
		ps->p += strlen(ps->p);
		c = node(SG_C_SEARCH, NULL, NULL);
	} else if (is_word(ps, "not")) {
		take(ps);
		c = node(SG_C_NOT, parse_not(ps), NULL);
	} else
		c = parse_atom(ps);
	ps->depth--;
	return c;
}

static struct sg_cond *
parse_and(struct parser *ps)
{
	struct sg_cond *c = parse_not(ps);

	while (!ps->e->why[0] && is_word(ps, "and")) {
		take(ps);
		if (++ps->ops > MAX_OPS)
			sg_fail(ps->e, "condition: more than %d operators",
			    MAX_OPS);
		c = node(SG_C_AND, c, parse_not(ps));
	}
	return c;
}

static struct sg_cond *
parse_or(struct parser *ps)
{
	struct sg_cond *c = parse_and(ps);

	while (!ps->e->why[0] && is_word(ps, "or")) {
		take(ps);
		if (++ps->ops > MAX_OPS)
			sg_fail(ps->e, "condition: more than %d operators",
			    MAX_OPS);
		c = node(SG_C_OR, c, parse_and(ps));
	}
	return c;
}

struct sg_cond *
sg_cond_parse(const struct sg_rule *r, const char *text, struct sg_err *e)
{
	struct parser ps;
	struct sg_cond *c;

	memset(&ps, 0, sizeof(ps));
	ps.r = r;
	ps.p = text;
	ps.e = e;
	c = parse_or(&ps);
	if (!e->why[0] && strcmp(peek(&ps), "|") == 0)
		sg_fail(e, "condition: aggregations (| count() ...) are not "
		    "supported");
	if (!e->why[0] && *ps.tok)
		sg_fail(e, "condition: unexpected \"%s\"", ps.tok);
	if (e->why[0]) {
		sg_cond_free(c);
		return NULL;
	}
	return c;
}

void
sg_cond_free(struct sg_cond *c)
{
	if (c == NULL)
		return;
	sg_cond_free(c->a);
	sg_cond_free(c->b);
	free(c->of);
	free(c);
}
