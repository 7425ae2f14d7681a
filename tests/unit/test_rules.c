/* SPDX-License-Identifier: ISC */
/* Unit tests: the command rules, driven by tests/rules/cases.tsv. */
#include "config.h"

#include <stdlib.h>

#include "base/sbuf.h"
#include "timeline/rules.h"
#include "check.h"

#define MAX_SEEN	256

struct seen {
	char	 id[64];
	int	 match, miss;
};

static struct seen seen[MAX_SEEN];
static size_t nseen;

static struct seen *
seen_for(const char *id)
{
	size_t i;

	for (i = 0; i < nseen; i++)
		if (strcmp(seen[i].id, id) == 0)
			return &seen[i];
	if (nseen == MAX_SEEN)
		abort();
	snprintf(seen[nseen].id, sizeof(seen[0].id), "%s", id);
	return &seen[nseen++];
}

/* Is id among the comma-separated tags? */
static int
tagged(const struct sbuf *tags, const char *id)
{
	const char *p = sb_str(tags);
	size_t n = strlen(id);

	for (; (p = strstr(p, id)) != NULL; p += n)
		if ((p == sb_str(tags) || p[-1] == ',') &&
		    (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

static const char *
dash(const char *s)
{
	return s && strcmp(s, "-") ? s : "";
}

/*
 * A wrapper rule's case: rule, unwrap, command, tool, operator's
 * command, cwd, tag ("-" for none); or rule, miss, command: that rule
 * is not the one that unwraps it.
 */
static void
unwrap_case(struct st_rules *r, char **f, unsigned no)
{
	struct st_unwrap u;
	int want = strcmp(f[1], "unwrap") == 0, got;

	memset(&u, 0, sizeof(u));
	st_rules_unwrap(r, f[2], strlen(f[2]), &u);
	got = u.rule && strcmp(u.rule, f[0]) == 0;
	if (got != want || (want && (strcmp(sb_str(&u.tool), dash(f[3])) ||
	    strcmp(sb_str(&u.command), dash(f[4])) ||
	    strcmp(sb_str(&u.cwd), dash(f[5])) ||
	    strcmp(sb_str(&u.tag), dash(f[6]))))) {
		fprintf(stderr, "cases.tsv:%u: %s: got rule %s, tool '%s', "
		    "command '%s', cwd '%s', tag '%s'\n", no, f[0],
		    u.rule ? u.rule : "none", sb_str(&u.tool),
		    sb_str(&u.command), sb_str(&u.cwd), sb_str(&u.tag));
		check_failures++;
	}
	if (want)
		seen_for(f[0])->match++;
	else
		seen_for(f[0])->miss++;
	st_unwrap_release(&u);
}

/* rule, match|miss, argv[, exe, parent, cwd]; or a wrapper's case */
static void
one_case(struct st_rules *r, char *line, unsigned no)
{
	char *f[7] = { 0 };
	struct st_classes v = { SBUF_INIT, SBUF_INIT, ST_SEV_NONE };
	size_t n = 0;
	int want;

	for (f[n++] = strtok(line, "\t"); n < 7 && f[n - 1]; n++)
		f[n] = strtok(NULL, "\t");
	if (f[0] == NULL || f[1] == NULL || f[2] == NULL) {
		fprintf(stderr, "cases.tsv:%u: malformed\n", no);
		check_failures++;
		return;
	}
	if (strncmp(f[0], "wrap-", 5) == 0) {
		unwrap_case(r, f, no);
		return;
	}
	want = strcmp(f[1], "match") == 0;
	st_rules_match(r, f[2], strlen(f[2]), f[3] ? f[3] : "",
	    f[4] ? f[4] : "", f[5] ? f[5] : "", &v);
	if (tagged(&v.tags, f[0]) != want) {
		fprintf(stderr, "cases.tsv:%u: %s should %s '%s' (tags: %s)\n",
		    no, f[0], want ? "match" : "not match", f[2], sb_str(&v.tags));
		check_failures++;
	}
	if (want)
		seen_for(f[0])->match++;
	else
		seen_for(f[0])->miss++;
	sb_release(&v.tags);
	sb_release(&v.attack);
}

static void
cases(struct st_rules *r)
{
	const char *dir = getenv("srcdir") ? getenv("srcdir") : ".";
	char path[4096], line[8192];
	unsigned no = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/tests/rules/cases.tsv", dir);
	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		check_failures++;
		return;
	}
	while (fgets(line, sizeof(line), fp)) {
		no++;
		line[strcspn(line, "\n")] = '\0';
		if (*line && *line != '#')
			one_case(r, line, no);
	}
	fclose(fp);
}

/* Every rule shipped has a case it must match and one it must not. */
static void
coverage(struct st_rules *r)
{
	char *text = NULL, *p, *q;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct seen *s;

	st_rules_list(r, fp);
	fclose(fp);
	for (p = text; p && *p; p = q + 1) {
		q = strchr(p, '\n');
		*strchr(p, ' ') = '\0';
		s = seen_for(p);
		if (!s->match || !s->miss) {
			fprintf(stderr, "rule %s: %d matching, %d missing "
			    "cases\n", p, s->match, s->miss);
			check_failures++;
		}
		if (q == NULL)
			break;
	}
	free(text);
}

/* --rules: replace a rule, disable one, add one; errors name the line. */
static void
overrides(void)
{
	struct st_rules *r = st_rules_new();
	struct st_classes v = { SBUF_INIT, SBUF_INIT, ST_SEV_NONE };
	char err[256];
	static const char more[] =
	    "[recon-user]\ntitle = t\ncategory = recon\nseverity = info\n"
	    "argv = ^whoami$\n"
	    "[cred-passwd]\ndisabled = yes\n"
	    "[mine]\ncategory = recon\nseverity = high\nattack = T1\n"
	    "exe = /usr/bin/id$\nparent = ^cron\n";

	CHECK(st_rules_add(r, more, sizeof(more) - 1, "more.rules", err,
	    sizeof(err)) == 0);
	CHECK(st_rules_compile(r, err, sizeof(err)) == 0);
	st_rules_match(r, "id", 2, "/usr/bin/id", "cron > sh", "/", &v);
	CHECK(strcmp(sb_str(&v.tags), "mine") == 0);
	CHECK_INT(v.severity, ST_SEV_HIGH);
	st_rules_match(r, "cat /etc/passwd", 15, "/usr/bin/cat", "", "/", &v);
	CHECK(v.tags.len == 0);
	st_rules_match(r, "whoami", 6, "/usr/bin/whoami", "", "/", &v);
	CHECK(strcmp(sb_str(&v.tags), "recon-user") == 0);
	CHECK_INT(v.severity, ST_SEV_INFO);
	CHECK(st_rules_add(r, "[x]\nseverity = dire\n", 20, "bad.rules", err,
	    sizeof(err)) < 0);
	CHECK(strncmp(err, "bad.rules:2: severity", 21) == 0);
	sb_release(&v.tags);
	sb_release(&v.attack);
	st_rules_free(r);
	r = st_rules_new();
	CHECK(st_rules_add(r, "[y]\nargv = (\n", 13, "re.rules", err,
	    sizeof(err)) == 0);
	CHECK(st_rules_compile(r, err, sizeof(err)) < 0);
	CHECK(strncmp(err, "rule y, argv:", 13) == 0);
	st_rules_free(r);
}

int
main(void)
{
	struct st_rules *r = st_rules_new();
	char err[256];

	if (st_rules_compile(r, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	cases(r);
	coverage(r);
	st_rules_free(r);
	overrides();
	return check_failures != 0;
}
