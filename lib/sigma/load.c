/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/alloc.h"
#include "sigma/sigma.h"
#include "sigma/internal.h"
#include "timeline/rules.h"

/*
 * Sigma rule files through libyaml's document loader.  Only the
 * shapes the specification gives are walked (a detection's maps and
 * lists, a field's scalars), never the document's graph as a whole, so
 * an alias that points back at its own node cannot loop; the number of
 * values a rule may hold is bounded all the same.
 */
#define MAX_VALUES	65536
/* A list of conditions becomes a chain of or: bounded, as the matcher recurses. */
#define MAX_CONDITIONS	64

typedef yaml_document_t doc_t;

static yaml_node_t *
get(doc_t *d, int i)
{
	return i ? yaml_document_get_node(d, i) : NULL;
}

static const char *
scalar(doc_t *d, int i)
{
	yaml_node_t *n = get(d, i);

	return n && n->type == YAML_SCALAR_NODE ?
	    (const char *)n->data.scalar.value : NULL;
}

/* The value of key in mapping node m, or 0. */
static int
lookup(doc_t *d, int m, const char *key)
{
	yaml_node_t *n = get(d, m);
	yaml_node_pair_t *p;
	const char *k;

	if (n == NULL || n->type != YAML_MAPPING_NODE)
		return 0;
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++)
		if ((k = scalar(d, p->key)) && strcmp(k, key) == 0)
			return p->value;
	return 0;
}

static char *
dup_scalar(doc_t *d, int m, const char *key)
{
	const char *s = scalar(d, lookup(d, m, key));

	return s ? st_strdup(s) : NULL;
}

static int
severity_of(const char *level)
{
	static const char *const names[] = {
		"", "informational", "low", "medium", "high", "critical",
	};
	size_t i;

	for (i = 1; level && i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(level, names[i]) == 0)
			return (int)i;
	return ST_SEV_NONE;
}

/* attack.t1505.003 into attack ("T1505.003"), the rest into tags. */
static void
read_tags(doc_t *d, int m, struct sg_rule *r)
{
	yaml_node_t *n = get(d, lookup(d, m, "tags"));
	struct sbuf tags = SBUF_INIT, attack = SBUF_INIT;
	yaml_node_item_t *it;
	const char *t;

	if (n && n->type == YAML_SEQUENCE_NODE)
		for (it = n->data.sequence.items.start;
		    it < n->data.sequence.items.top; it++) {
			if ((t = scalar(d, *it)) == NULL)
				continue;
			if (strncmp(t, "attack.t", 8) == 0 &&
			    t[8] >= '0' && t[8] <= '9') {
				if (attack.len)
					sb_addc(&attack, ',');
				sb_addc(&attack, 'T');
				sb_adds(&attack, t + 8);
				continue;
			}
			if (tags.len)
				sb_addc(&tags, ',');
			sb_adds(&tags, t);
		}
	r->tags = st_strdup(sb_str(&tags));
	r->attack = st_strdup(sb_str(&attack));
	sb_release(&tags);
	sb_release(&attack);
}

static int
logsource(doc_t *d, int m, struct sg_rule *r, struct sg_err *e)
{
	static const struct { const char *cat; enum sg_kind k; } cats[] = {
		{ "process_creation", SG_PROC }, { "file_event", SG_FILE },
		{ "network_connection", SG_NET },
	};
	int ls = lookup(d, m, "logsource");
	const char *product = scalar(d, lookup(d, ls, "product"));
	const char *cat = scalar(d, lookup(d, ls, "category"));
	const char *svc = scalar(d, lookup(d, ls, "service"));
	size_t i;

	if (product && strcmp(product, "linux") != 0) {
		sg_fail(e, "logsource product %s: shelltrail reads Linux logs",
		    product);
		return -1;
	}
	for (i = 0; cat && i < sizeof(cats) / sizeof(*cats); i++)
		if (strcmp(cat, cats[i].cat) == 0) {
			r->kind = cats[i].k;
			r->has_kind = 1;
			return 0;
		}
	if (cat)
		sg_fail(e, "logsource category %s: shelltrail has no such "
		    "events", cat);
	else if (svc && strcmp(svc, "auditd") == 0) {
		r->kind = SG_AUDIT;
		r->has_kind = 1;
		return 0;
	} else if (svc)
		sg_fail(e, "logsource service %s: shelltrail reads no such logs",
		    svc);
	else
		sg_fail(e, "logsource is the system's own logs (syslog ...), "
		    "which shelltrail does not read");
	return -1;
}

struct budget {
	size_t		 values;
};

static int
add_test(struct sg_group *g, enum sg_kind k, const char *key, doc_t *d,
    int val, struct budget *b, struct sg_err *e)
{
	struct sg_test *t;

	g->t = st_realloc(g->t, (g->n + 1) * sizeof(*g->t));
	t = &g->t[g->n];
	if (sg_test_compile(t, k, key, d, val, e) < 0) {
		sg_test_release(t);
		return -1;
	}
	g->n++;
	if ((b->values += t->n) > MAX_VALUES) {
		sg_fail(e, "more than %d values", MAX_VALUES);
		return -1;
	}
	return 0;
}

static struct sg_group *
new_group(struct sg_search *s)
{
	s->g = st_realloc(s->g, (s->n + 1) * sizeof(*s->g));
	memset(&s->g[s->n], 0, sizeof(s->g[s->n]));
	return &s->g[s->n++];
}

/* A map of field tests: one group. */
static int
map_group(struct sg_search *s, enum sg_kind k, doc_t *d, yaml_node_t *n,
    struct budget *b, struct sg_err *e)
{
	struct sg_group *g = new_group(s);
	yaml_node_pair_t *p;
	const char *key;

	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		if ((key = scalar(d, p->key)) == NULL) {
			sg_fail(e, "a field name that is not a string");
			return -1;
		}
		if (add_test(g, k, key, d, p->value, b, e) < 0)
			return -1;
	}
	return 0;
}

/* A list: of maps (any of them), or of keywords (any of them). */
static int
list_groups(struct sg_search *s, enum sg_kind k, doc_t *d, int node,
    struct budget *b, struct sg_err *e)
{
	yaml_node_t *n = get(d, node), *c;
	yaml_node_item_t *it;
	size_t maps = 0, all;

	all = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++)
		if ((c = get(d, *it)) && c->type == YAML_MAPPING_NODE)
			maps++;
	if (maps == 0)
		return add_test(new_group(s), k, "", d, node, b, e);
	if (maps != all) {
		sg_fail(e, "a list mixing maps with keywords or lists");
		return -1;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++)
		if (map_group(s, k, d, get(d, *it), b, e) < 0)
			return -1;
	return 0;
}

static int
search(struct sg_rule *r, const char *name, doc_t *d, int node,
    struct budget *b, struct sg_err *e)
{
	yaml_node_t *n = get(d, node);
	struct sg_search *s;

	r->s = st_realloc(r->s, (r->ns + 1) * sizeof(*r->s));
	s = &r->s[r->ns++];
	memset(s, 0, sizeof(*s));
	s->name = st_strdup(name);
	if (n && n->type == YAML_MAPPING_NODE)
		return map_group(s, r->kind, d, n, b, e);
	if (n && n->type == YAML_SEQUENCE_NODE)
		return list_groups(s, r->kind, d, node, b, e);
	if (n && n->type == YAML_SCALAR_NODE)
		return add_test(new_group(s), r->kind, "", d, node, b, e);
	sg_fail(e, "search identifier %s is empty", name);
	return -1;
}

/* The condition, or a list of them (any may hold). */
static int
condition(struct sg_rule *r, doc_t *d, int node, struct sg_cond **out,
    struct sg_err *e)
{
	yaml_node_t *n = get(d, node);
	yaml_node_item_t *it;
	struct sg_cond *c, *or;
	const char *text;

	*out = NULL;
	if (n && n->type == YAML_SCALAR_NODE) {
		*out = sg_cond_parse(r, (const char *)n->data.scalar.value, e);
		return *out ? 0 : -1;
	}
	if (n == NULL || n->type != YAML_SEQUENCE_NODE) {
		sg_fail(e, "no condition");
		return -1;
	}
	if (n->data.sequence.items.top - n->data.sequence.items.start >
	    MAX_CONDITIONS) {
		sg_fail(e, "more than %d conditions", MAX_CONDITIONS);
		return -1;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if ((text = scalar(d, *it)) == NULL ||
		    (c = sg_cond_parse(r, text, e)) == NULL) {
			sg_fail(e, "a condition that is not a string");
			return -1;
		}
		if (*out == NULL)
			*out = c;
		else {
			or = st_calloc(1, sizeof(*or));
			or->op = SG_C_OR;
			or->a = *out;
			or->b = c;
			*out = or;
		}
	}
	if (*out == NULL)
		sg_fail(e, "no condition");
	return *out ? 0 : -1;
}

/* detection (or a filter's filter): its search identifiers, then the condition. */
static int
detection(struct sg_rule *r, doc_t *d, int det, struct sg_err *e)
{
	yaml_node_t *n = get(d, det);
	yaml_node_pair_t *p;
	struct budget b = { 0 };
	const char *key;
	int cond = 0;

	if (n == NULL || n->type != YAML_MAPPING_NODE) {
		sg_fail(e, "no detection");
		return -1;
	}
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		if ((key = scalar(d, p->key)) == NULL)
			continue;
		if (strcmp(key, "condition") == 0)
			cond = p->value;
		else if (strcmp(key, "timeframe") == 0) {
			sg_fail(e, "timeframe: aggregations are not supported");
			return -1;
		} else if (!(r->is_filter && strcmp(key, "rules") == 0) &&
		    search(r, key, d, p->value, &b, e) < 0)
			return -1;
	}
	return condition(r, d, cond, &r->cond, e);
}

/* A filter's rules: ids or names, one or a list. */
static void
filter_refs(struct sg_rule *r, doc_t *d, int node)
{
	yaml_node_t *n = get(d, node);
	yaml_node_item_t *it;
	const char *s;

	if (n && n->type == YAML_SCALAR_NODE) {
		r->refs = st_calloc(1, sizeof(*r->refs));
		r->refs[r->nrefs++] = st_strdup((char *)n->data.scalar.value);
		return;
	}
	if (n == NULL || n->type != YAML_SEQUENCE_NODE)
		return;
	r->refs = st_calloc((size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start) + 1, sizeof(*r->refs));
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++)
		if ((s = scalar(d, *it)) != NULL)
			r->refs[r->nrefs++] = st_strdup(s);
}

void
sg_rule_free(struct sg_rule *r)
{
	size_t i, g, t;

	if (r == NULL)
		return;
	for (i = 0; i < r->ns; i++) {
		for (g = 0; g < r->s[i].n; g++) {
			for (t = 0; t < r->s[i].g[g].n; t++)
				sg_test_release(&r->s[i].g[g].t[t]);
			free(r->s[i].g[g].t);
		}
		free(r->s[i].g);
		free(r->s[i].name);
	}
	free(r->s);
	sg_cond_free(r->cond);
	for (i = 0; i < r->nrefs; i++)
		free(r->refs[i]);
	free(r->refs);
	free(r->filters);
	free(r->title);
	free(r->id);
	free(r->name);
	free(r->level);
	free(r->status);
	free(r->file);
	free(r->tags);
	free(r->attack);
	free(r->skip);
	free(r);
}

/* What is compiled goes; what names the rule, and the reason, stay. */
struct sg_rule *
sg_rule_skipped(struct sg_rule *r, const char *why)
{
	struct sg_rule *keep = st_calloc(1, sizeof(*keep));

	keep->title = r->title;
	keep->id = r->id;
	keep->name = r->name;
	keep->file = r->file;
	keep->level = r->level;
	keep->is_filter = r->is_filter;
	keep->kind = r->kind;
	keep->has_kind = r->has_kind;
	keep->skip = st_strdup(why);
	r->title = r->id = r->name = r->file = r->level = NULL;
	sg_rule_free(r);
	return keep;
}

/*
 * An auditd rule only on record types shelltrail never rebuilds (the
 * records of events other than exec, file and connection) could never
 * match: it is skipped, so that nobody takes its silence for a clean
 * bill.
 */
static void
record_types(const struct sg_rule *r, struct sg_err *e)
{
	if (!(r->types & ~SG_REC_OTHER))
		sg_fail(e, "only on audit record types shelltrail does not "
		    "rebuild (it has the SYSCALL, EXECVE, CWD and PATH records "
		    "of exec, file and connection events)");
}

static void
compile(struct sg_rule *r, doc_t *d, int root, struct sg_err *e)
{
	int f = lookup(d, root, "filter");

	if (lookup(d, root, "correlation")) {
		sg_fail(e, "correlation rules are not supported");
		return;
	}
	if (scalar(d, lookup(d, root, "action"))) {
		sg_fail(e, "rule collections (action:) are not supported");
		return;
	}
	if (logsource(d, root, r, e) < 0)
		return;
	if (f) {
		r->is_filter = 1;
		filter_refs(r, d, lookup(d, f, "rules"));
		if (r->nrefs == 0)
			sg_fail(e, "a filter that names no rule");
		else
			detection(r, d, f, e);
		sg_rule_needs(r);
		return;
	}
	if (detection(r, d, lookup(d, root, "detection"), e) < 0)
		return;
	sg_rule_needs(r);
	if (r->kind == SG_AUDIT)
		record_types(r, e);
}

static void
add_rule(struct st_sigma *s, struct sg_rule *r)
{
	s->r = st_grow(s->r, &s->cap, s->n + 1, sizeof(*s->r));
	s->r[s->n++] = r;
}

static void
add_document(struct st_sigma *s, doc_t *d, const char *name)
{
	struct sg_rule *r = st_calloc(1, sizeof(*r));
	struct sg_err e;
	int root = 1;

	memset(&e, 0, sizeof(e));
	r->file = st_strdup(name);
	r->title = dup_scalar(d, root, "title");
	r->id = dup_scalar(d, root, "id");
	r->name = dup_scalar(d, root, "name");
	r->level = dup_scalar(d, root, "level");
	r->status = dup_scalar(d, root, "status");
	r->severity = severity_of(r->level);
	read_tags(d, root, r);
	if (get(d, root) == NULL || get(d, root)->type != YAML_MAPPING_NODE)
		sg_fail(&e, "not a YAML mapping");
	else if (r->title == NULL)
		sg_fail(&e, "no title");
	else
		compile(r, d, root, &e);
	add_rule(s, e.why[0] ? sg_rule_skipped(r, e.why) : r);
}

void
st_sigma_add_text(struct st_sigma *s, const char *text, size_t len,
    const char *name)
{
	yaml_parser_t p;
	yaml_document_t d;
	struct sg_rule *r;
	char why[256];

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	for (;;) {
		if (!yaml_parser_load(&p, &d)) {
			r = st_calloc(1, sizeof(*r));
			r->file = st_strdup(name);
			snprintf(why, sizeof(why), "YAML: %s at line %zu",
			    p.problem ? p.problem : "unreadable",
			    p.problem_mark.line + 1);
			r->skip = st_strdup(why);
			add_rule(s, r);
			break;
		}
		if (get(&d, 1) == NULL) {
			yaml_document_delete(&d);
			break;
		}
		add_document(s, &d, name);
		yaml_document_delete(&d);
	}
	yaml_parser_delete(&p);
}
