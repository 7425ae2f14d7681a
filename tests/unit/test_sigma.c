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
 */
#include "config.h"

#include <stdlib.h>

#include "base/sbuf.h"
#include "sigma/internal.h"
#include "sigma/sigma.h"
#include "check.h"

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

static void
expect(struct tcase *c, struct st_sigma **set, const char *line,
    unsigned lineno, pcre2_match_data *md)
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
	if (r == NULL || r->skip) {
		fprintf(stderr, "cases.txt:%u: %s: skipped: %s\n", lineno,
		    c->name, r && r->skip ? r->skip : "no rule");
		check_failures++;
	} else if (event(*set, line + 2, &v, &store) < 0) {
		fprintf(stderr, "cases.txt:%u: bad event\n", lineno);
		check_failures++;
	} else if ((got = sg_rule_match(r, &v, md)) != (line[0] == '+')) {
		fprintf(stderr, "cases.txt:%u: %s: %s %s\n", lineno, c->name,
		    got ? "matched" : "did not match", line + 2);
		check_failures++;
	}
	sb_release(&store);
	sb_release(&low);
}

int
main(void)
{
	const char *dir = getenv("srcdir") ? getenv("srcdir") : ".";
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
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
		} else if ((line[0] == '+' || line[0] == '-' || line[0] == '!') &&
		    line[1] == ' ') {
			expect(&c, &set, line, lineno, md);
			checks++;
		} else if (line[0] != '#' || c.yaml.len) {
			sb_adds(&c.yaml, line);
			sb_addc(&c.yaml, '\n');
		}
	}
	fclose(fp);
	st_sigma_free(set);
	sb_release(&c.yaml);
	pcre2_match_data_free(md);
	printf("%u cases, %u checks\n", cases, checks);
	CHECK(cases >= 40);
	return CHECK_DONE();
}
