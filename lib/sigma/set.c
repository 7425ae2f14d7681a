/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "sigma/internal.h"
#include "sigma/sigma.h"

/* A rule file larger than this is not a rule file. */
#define MAX_FILE	(1 << 20)
#define MAX_DEPTH	16

struct st_sigma *
st_sigma_new(void)
{
	return st_calloc(1, sizeof(struct st_sigma));
}

void
st_sigma_free(struct st_sigma *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		sg_rule_free(s->r[i]);
	free(s->r);
	free(s);
}

static int
read_file(int fd, struct sbuf *b)
{
	ssize_t got;

	for (;;) {
		got = read(fd, sb_reserve(b, 65536), 65536);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return got < 0 ? -1 : 0;
		sb_commit(b, (size_t)got);
		if (b->len > MAX_FILE) {
			errno = EFBIG;
			return -1;
		}
	}
}

static int
add_file(struct st_sigma *s, const char *path, char *err, size_t errlen)
{
	struct sbuf b = SBUF_INIT;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = read_file(fd, &b);
	if (rc < 0)
		snprintf(err, errlen, "%s: %s", path, errno == EFBIG ?
		    "larger than 1 MiB: not a rule file" : strerror(errno));
	else
		st_sigma_add_text(s, b.s ? b.s : "", b.len, path);
	close(fd);
	sb_release(&b);
	return rc;
}

static int
yaml_name(const char *n)
{
	size_t len = strlen(n);

	return n[0] != '.' && ((len > 4 && strcmp(n + len - 4, ".yml") == 0) ||
	    (len > 5 && strcmp(n + len - 5, ".yaml") == 0));
}

/* A directory's rule files and folders, in name order, so the list is stable. */
static int
add_dir(struct st_sigma *s, const char *path, unsigned depth, char *err,
    size_t errlen)
{
	struct dirent **ents;
	struct sbuf sub = SBUF_INIT;
	struct stat st;
	int n, i, rc = 0;

	if ((n = scandir(path, &ents, NULL, alphasort)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;

		sb_clear(&sub);
		sb_addf(&sub, "%s/%s", path, name);
		if (rc == 0 && name[0] != '.' && stat(sb_str(&sub), &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH)
				rc = add_dir(s, sb_str(&sub), depth + 1, err,
				    errlen);
			else if (S_ISREG(st.st_mode) && yaml_name(name))
				rc = add_file(s, sb_str(&sub), err, errlen);
		}
		free(ents[i]);
	}
	free(ents);
	sb_release(&sub);
	return rc;
}

int
st_sigma_add_path(struct st_sigma *s, const char *path, char *err,
    size_t errlen)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return add_dir(s, path, 0, err, errlen);
	return add_file(s, path, err, errlen);
}

static int
names(const struct sg_rule *r, const char *ref)
{
	return (r->id && strcmp(r->id, ref) == 0) ||
	    (r->name && strcmp(r->name, ref) == 0);
}

static void
attach(struct st_sigma *s, const struct sg_rule *f)
{
	struct sg_rule *r;
	size_t i, k;

	for (i = 0; i < s->n; i++) {
		r = s->r[i];
		if (r->skip || r->is_filter || r->kind != f->kind)
			continue;
		for (k = 0; k < f->nrefs; k++)
			if (names(r, f->refs[k]))
				break;
		if (k == f->nrefs)
			continue;
		r->filters = st_realloc(r->filters, (r->nfilters + 1) *
		    sizeof(*r->filters));
		r->filters[r->nfilters++] = f;
	}
}

/*
 * A second rule of an id already loaded is skipped: loading a folder
 * twice must not count every match twice.
 */
static void
duplicates(struct st_sigma *s)
{
	size_t i, k;
	char why[256];

	for (i = 0; i < s->n; i++) {
		if (s->r[i]->skip || s->r[i]->id == NULL)
			continue;
		for (k = 0; k < i; k++)
			if (!s->r[k]->skip && s->r[k]->id &&
			    strcmp(s->r[k]->id, s->r[i]->id) == 0)
				break;
		if (k == i)
			continue;
		snprintf(why, sizeof(why), "the same id as %s", s->r[k]->file);
		s->r[i] = sg_rule_skipped(s->r[i], why);
	}
}

void
st_sigma_finish(struct st_sigma *s)
{
	size_t i;

	duplicates(s);
	for (i = 0; i < s->n; i++)
		if (s->r[i]->is_filter && !s->r[i]->skip)
			attach(s, s->r[i]);
	s->finished = 1;
}

size_t
st_sigma_loaded(const struct st_sigma *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += !s->r[i]->skip && !s->r[i]->is_filter;
	return n;
}

size_t
st_sigma_skipped(const struct st_sigma *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += s->r[i]->skip != NULL;
	return n;
}

static void
put(FILE *fp, const char *s)
{
	st_fputs_escaped(fp, s ? s : "-");
}

/* How many rules filter f applies to. */
static size_t
filtered(const struct st_sigma *s, const struct sg_rule *f)
{
	size_t i, k, n = 0;

	for (i = 0; i < s->n; i++)
		for (k = 0; k < s->r[i]->nfilters; k++)
			n += s->r[i]->filters[k] == f;
	return n;
}

/* loaded|filter|skipped, level, logsource, id, title, then file and why. */
void
st_sigma_list(const struct st_sigma *s, FILE *fp)
{
	const struct sg_rule *r;
	size_t i;

	for (i = 0; i < s->n; i++) {
		r = s->r[i];
		fputs(r->skip ? "skipped" : r->is_filter ? "filter" : "loaded",
		    fp);
		fputc('\t', fp);
		put(fp, r->is_filter ? "-" : r->level);
		fputc('\t', fp);
		put(fp, r->has_kind ? sg_kind_name(r->kind) : "-");
		fputc('\t', fp);
		put(fp, r->id);
		fputc('\t', fp);
		put(fp, r->title);
		fputc('\t', fp);
		put(fp, r->file);
		if (r->skip) {
			fputc('\t', fp);
			put(fp, r->skip);
		} else if (r->is_filter)
			fprintf(fp, "\tapplies to %zu rule(s)", filtered(s, r));
		fputc('\n', fp);
	}
	fprintf(fp, "%zu rules loaded, %zu skipped\n", st_sigma_loaded(s),
	    st_sigma_skipped(s));
}

/* Two counters a rule: the rows it matched, and those given up on. */
size_t
st_sigma_slots(const struct st_sigma *s)
{
	return 2 * s->n;
}

/* "  12  high  Linux Webshell Indicators (818f7b24-...)" per rule that matched. */
void
st_sigma_summary(const struct st_sigma *s, const uint64_t *counts, FILE *fp)
{
	size_t i, any = 0;

	for (i = 0; i < s->n; i++) {
		if (counts[i] == 0)
			continue;
		if (any++ == 0)
			fputs("\nSigma rules that matched (rows):\n", fp);
		fprintf(fp, "  %6llu  %-13s ", (unsigned long long)counts[i],
		    s->r[i]->level ? s->r[i]->level : "-");
		put(fp, s->r[i]->title);
		fputs(" (", fp);
		put(fp, s->r[i]->id);
		fputs(")\n", fp);
	}
	for (i = 0; i < s->n; i++) {
		if (counts[s->n + i] == 0)
			continue;
		fprintf(fp, "  Sigma: %llu rows not decided for ",
		    (unsigned long long)counts[s->n + i]);
		put(fp, s->r[i]->title);
		fputs(": its regular expression backtracked past PCRE2's "
		    "match limit on them\n", fp);
	}
}
