/* SPDX-License-Identifier: ISC */
/*
 * Unit tests: Sigma values, modifiers and conditions, driven by
 * tests/sigma/cases.txt.
 *
 * Each case is "=== name", a rule's YAML (a title and a process_creation
 * logsource are added unless it gives its own), then events it must
 * match ("+ Field=value<TAB>Field=value") or must not ("- ..."), or
 * "! text" when the rule must be skipped with a reason holding text.
 * Values take \xHH for any byte and \t for a tab.
 *
 * Each event is also put to the rule index (anchor.c): a rule that
 * matches must be among those it lets be tried.  With
 * SHELLTRAIL_SHARED set, so is every SigmaHQ Linux rule, on events
 * made of each rule's own values.
 */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "base/sbuf.h"
#include "sigma/internal.h"
#include "sigma/sigma.h"
#include "check.h"

/* How often the index was asked, and let a rule go untried. */
static unsigned anchored_checks, anchored_skips;

struct tcase {
	char		 name[128];
	struct sbuf	 yaml;
	unsigned	 line;
};

static void
unescape(const char *s, size_t n, struct sbuf *out)
{
	size_t i;
	unsigned v;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 3 < n + 1 && s[i + 1] == 'x' &&
		    sscanf(s + i + 2, "%2x", &v) == 1) {
			sb_addc(out, (char)v);
			i += 3;
		} else if (s[i] == '\\' && i + 1 < n && s[i + 1] == 't') {
			sb_addc(out, '\t');
			i++;
		} else
			sb_addc(out, s[i]);
	}
}

/* "Image=/usr/bin/cat<TAB>CommandLine=cat x" into v, values in store. */
static int
event(const struct st_sigma *set, const char *spec, struct sg_view *v,
    struct sbuf *store)
{
	const char *p = spec, *tab, *eq;
	size_t offs[SG_NFIELDS], lens[SG_NFIELDS];
	int ids[SG_NFIELDS], n = 0, i, kind = set->r[0]->kind;
	char name[64];

	sg_view_reset(v);
	sb_clear(store);
	sb_reserve(store, strlen(spec) + 1);
	while (*p) {
		tab = strchr(p, '\t');
		if (tab == NULL)
			tab = p + strlen(p);
		eq = memchr(p, '=', (size_t)(tab - p));
		if (eq == NULL || (size_t)(eq - p) >= sizeof(name))
			return -1;
		snprintf(name, sizeof(name), "%.*s", (int)(eq - p), p);
		if ((ids[n] = sg_field_id((enum sg_kind)kind, name)) < 0)
			return -1;
		offs[n] = store->len;
		unescape(eq + 1, (size_t)(tab - eq - 1), store);
		lens[n] = store->len - offs[n];
		if (++n == SG_NFIELDS)
			return -1;
		p = *tab ? tab + 1 : tab;
	}
	for (i = 0; i < n; i++) {
		v->p[ids[i]] = store->s + offs[i];
		v->len[ids[i]] = lens[i];
	}
	sg_view_ready(v);
	return 0;
}

static struct st_sigma *
load(const struct tcase *c)
{
	struct st_sigma *s = st_sigma_new();
	struct sbuf doc = SBUF_INIT;

	if (strstr(sb_str(&c->yaml), "title:") == NULL)
		sb_adds(&doc, "title: t\n");
	if (strstr(sb_str(&c->yaml), "logsource:") == NULL)
		sb_adds(&doc, "logsource:\n  category: process_creation\n");
	sb_add(&doc, c->yaml.s, c->yaml.len);
	st_sigma_add_text(s, doc.s, doc.len, c->name);
	st_sigma_finish(s);
	sb_release(&doc);
	return s;
}

/*
 * Is rule ri of set let through by the index for v (ready), which it
 * matched or not (got)?  A match must be.
 */
static void
check_anchors(const struct st_sigma *set, size_t ri, struct sg_view *v,
    int got, const char *what)
{
	struct sg_anchors *a = sg_anchors_new(set, &ri, 1);
	unsigned *stamp = calloc(set->n, sizeof(*stamp));

	sg_anchors_mark(a, v, stamp, 1);
	if (sg_anchors_anchored(a, ri)) {
		anchored_checks++;
		anchored_skips += stamp[ri] != 1;
		if (got && stamp[ri] != 1) {
			fprintf(stderr, "%s: matched, but the index would not "
			    "have tried it\n", what);
			check_failures++;
		}
	}
	free(stamp);
	sg_anchors_free(a);
}

/*
 * A case line: "+ event" matches, "- event" does not, "? event" is
 * left undecided by an expression given up on under mc's limit.
 */
static void
expect(struct tcase *c, struct st_sigma **set, const char *line,
    unsigned lineno, pcre2_match_data *md, pcre2_match_context *mc)
{
	struct sbuf store = SBUF_INIT, low = SBUF_INIT;
	struct sg_view v;
	const struct sg_rule *r;
	size_t i;
	int got = 0;

	if (*set == NULL)
		*set = load(c);
	r = NULL;
	for (i = 0; i < (*set)->n; i++)
		if (!(*set)->r[i]->is_filter)
			r = r ? r : (*set)->r[i];
	if (line[0] == '!') {
		if (r == NULL || r->skip == NULL || strstr(r->skip, line + 2) == NULL) {
			fprintf(stderr, "cases.txt:%u: %s: want skipped with "
			    "\"%s\", got %s\n", lineno, c->name, line + 2,
			    r && r->skip ? r->skip : "loaded");
			check_failures++;
		}
		return;
	}
	memset(&v, 0, sizeof(v));
	v.lowbuf = &low;
	v.mctx = mc;
	if (r == NULL || r->skip) {
		fprintf(stderr, "cases.txt:%u: %s: skipped: %s\n", lineno,
		    c->name, r && r->skip ? r->skip : "no rule");
		check_failures++;
	} else if (event(*set, line + 2, &v, &store) < 0) {
		fprintf(stderr, "cases.txt:%u: bad event\n", lineno);
		check_failures++;
	} else {
		if ((got = sg_rule_match(r, &v, md)) != (line[0] == '+')) {
			fprintf(stderr, "cases.txt:%u: %s: %s %s\n", lineno,
			    c->name, got ? "matched" : "did not match",
			    line + 2);
			check_failures++;
		}
		if (v.gave_up != (line[0] == '?')) {
			fprintf(stderr, "cases.txt:%u: %s: %s %s\n", lineno,
			    c->name, v.gave_up ? "undecided" : "decided",
			    line + 2);
			check_failures++;
		}
		for (i = 0; (*set)->r[i] != r; i++)
			;
		check_anchors(*set, i, &v, got, c->name);
	}
	sb_release(&store);
	sb_release(&low);
}

/* Bytes of a field on which x holds: "x /nc" for endswith "/nc". */
static void
sample_of(const struct sg_value *x, struct sbuf *out)
{
	if (x->op == SG_SUFFIX || x->op == SG_CONTAINS)
		sb_adds(out, "x ");
	sb_add(out, x->s, x->len);
	if (x->op == SG_PREFIX || x->op == SG_CONTAINS)
		sb_adds(out, " x");
}

/*
 * An event made for group g: each test's field holds its value number
 * j (all of them, for a test of all values).  0 if no test gave one.
 */
static int
group_event(const struct sg_group *g, size_t j, struct sg_view *v,
    struct sbuf *store)
{
	size_t offs[SG_NFIELDS], i, k;
	int seen[SG_NFIELDS] = { 0 }, f, any = 0;
	const struct sg_test *t;

	sg_view_reset(v);
	sb_clear(store);
	for (i = 0; i < g->n; i++) {
		t = &g->t[i];
		if (t->field < 0 || t->n == 0 || t->v[0].s == NULL)
			continue;
		offs[t->field] = store->len;
		for (k = 0; k < t->n; k++)
			if (t->all ? t->v[k].s != NULL : k == j % t->n)
				sample_of(&t->v[k], store);
		sb_addc(store, '\0');
		seen[t->field] = 1;
		any = 1;
	}
	for (f = 0; f < SG_NFIELDS; f++)
		if (seen[f]) {
			v->p[f] = store->s + offs[f];
			v->len[f] = strlen(v->p[f]);
		}
	sg_view_ready(v);
	return any;
}

/* Every rule of kind k tried on v, the index asked for each. */
static void
try_all(const struct st_sigma *set, const size_t *rules, size_t n,
    const struct sg_anchors *a, struct sg_view *v, pcre2_match_data *md,
    unsigned *stamp, unsigned gen, unsigned *matched)
{
	size_t i;

	sg_anchors_mark(a, v, stamp, gen);
	for (i = 0; i < n; i++) {
		if (!sg_rule_match(set->r[rules[i]], v, md))
			continue;
		(*matched)++;
		if (sg_anchors_anchored(a, rules[i]) && stamp[rules[i]] != gen) {
			fprintf(stderr, "%s: matched, but the index would not "
			    "have tried it\n", set->r[rules[i]]->file);
			check_failures++;
		}
	}
}

static void
sigmahq_kind(const struct st_sigma *set, enum sg_kind k,
    pcre2_match_data *md, unsigned *matched)
{
	struct sbuf store = SBUF_INIT, low = SBUF_INIT;
	size_t *rules = calloc(set->n, sizeof(*rules)), n = 0, i, s, g, j;
	unsigned *stamp = calloc(set->n, sizeof(*stamp)), gen = 0;
	const struct sg_rule *r;
	struct sg_anchors *a;
	struct sg_view v;

	for (i = 0; i < set->n; i++)
		if (!set->r[i]->skip && !set->r[i]->is_filter &&
		    set->r[i]->kind == k)
			rules[n++] = i;
	a = sg_anchors_new(set, rules, n);
	memset(&v, 0, sizeof(v));
	v.lowbuf = &low;
	for (i = 0; i < n; i++) {
		r = set->r[rules[i]];
		for (s = 0; s < r->ns; s++)
			for (g = 0; g < r->s[s].n; g++)
				for (j = 0; j < 4; j++)
					if (group_event(&r->s[s].g[g], j, &v,
					    &store))
						try_all(set, rules, n, a, &v, md,
						    stamp, ++gen, matched);
	}
	sg_anchors_free(a);
	free(rules);
	free(stamp);
	sb_release(&store);
	sb_release(&low);
}

/* The index on every SigmaHQ Linux rule, when ../shared is at hand. */
static void
sigmahq(pcre2_match_data *md)
{
	const char *shared = getenv("SHELLTRAIL_SHARED");
	struct st_sigma *set;
	char path[4096], err[512];
	unsigned matched = 0;
	int k;

	if (shared == NULL)
		return;
	snprintf(path, sizeof(path), "%s/sigma/rules/linux", shared);
	/* make distcheck's copy of the tree has no ../shared beside it */
	if (access(path, R_OK) != 0) {
		printf("SigmaHQ: no %s, not checked\n", path);
		return;
	}
	set = st_sigma_new();
	CHECK(st_sigma_add_path(set, path, err, sizeof(err)) == 0);
	st_sigma_finish(set);
	for (k = 0; k < SG_NKINDS; k++)
		sigmahq_kind(set, (enum sg_kind)k, md, &matched);
	printf("SigmaHQ: %zu rules, %u matches checked against the index\n",
	    set->n, matched);
	CHECK(matched >= 100);
	st_sigma_free(set);
}

int
main(void)
{
	const char *dir = getenv("srcdir") ? getenv("srcdir") : ".";
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	struct st_sigma *set = NULL;
	struct tcase c;
	char line[4096];
	unsigned lineno = 0, cases = 0, checks = 0;
	size_t n;
	FILE *fp;

	snprintf(line, sizeof(line), "%s/tests/sigma/cases.txt", dir);
	fp = fopen(line, "r");
	CHECK(fp != NULL);
	if (fp == NULL)
		return 1;
	/* Far below the sink's limit: the cases' backtracking gives up
	 * at once, and no other case's expression comes near it. */
	pcre2_set_match_limit(mc, 100000);
	memset(&c, 0, sizeof(c));
	while (fgets(line, sizeof(line), fp)) {
		lineno++;
		n = strlen(line);
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (strncmp(line, "=== ", 4) == 0) {
			st_sigma_free(set);
			set = NULL;
			sb_clear(&c.yaml);
			snprintf(c.name, sizeof(c.name), "%.120s", line + 4);
			c.line = lineno;
			cases++;
		} else if (strchr("+-?!", line[0]) && line[0] && line[1] == ' ') {
			expect(&c, &set, line, lineno, md, mc);
			checks++;
		} else if (line[0] != '#' || c.yaml.len) {
			sb_adds(&c.yaml, line);
			sb_addc(&c.yaml, '\n');
		}
	}
	fclose(fp);
	st_sigma_free(set);
	sb_release(&c.yaml);
	sigmahq(md);
	pcre2_match_data_free(md);
	pcre2_match_context_free(mc);
	printf("%u cases, %u checks; the index asked %u times, %u let go\n",
	    cases, checks, anchored_checks, anchored_skips);
	CHECK(cases >= 40);
	/* The index is used: about half the cases' events go through it
	 * (those of expressions given up on cannot: their rules start
	 * with one), and an event the rule does not match is often not
	 * tried. */
	CHECK(anchored_checks >= 90);
	CHECK(anchored_skips >= 20);
	return CHECK_DONE();
}
