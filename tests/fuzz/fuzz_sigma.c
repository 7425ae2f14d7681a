/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: Sigma rules and the rows they are matched on.  The input
 * is a rule file (YAML, any number of documents), then a line "@@@",
 * then rows, one per line: the first byte picks the kind (e exec,
 * f file change, n connection, else a failed exec) and tab-separated
 * fields fill exe, user, cwd, target, parent exe and parent command
 * line; the rest of the line is the arguments, split at spaces.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sigma/sigma.h"
#include "timeline/row.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
null_row(struct st_sink *s, const struct st_row *r)
{
	(void)s;
	(void)r;
}

static int
null_finish(struct st_sink *s)
{
	(void)s;
	return 0;
}

static void
null_free(struct st_sink *s)
{
	(void)s;
}

static const char *const descs[] = {
	"Process Execution", "File Write", "Network Connection",
	"Process Execution Failed",
};

static const enum st_col fields[] = {
	ST_COL_EXE, ST_COL_USER, ST_COL_CWD, ST_COL_TARGET, ST_COL_PARENT_EXE,
	ST_COL_PARENT_COMMAND_LINE,
};

static void
one_row(struct st_sink *w, struct st_row *r, const char *p, size_t n)
{
	const char *tab, *end = p + n, *sp;
	size_t f;

	st_row_clear(r);
	sb_adds(&r->text[ST_COL_DESC], descs[n ? (strchr("efn", *p) ?
	    strchr("efn", *p) - "efn" : 3) : 0]);
	r->num[ST_COL_PID] = (long long)n;
	r->num[ST_COL_PPID] = 1;
	sb_adds(&r->text[ST_COL_AUID], n & 1 ? "unset" : "1000");
	if (n)
		p++;
	for (f = 0; f < sizeof(fields) / sizeof(*fields); f++) {
		if ((tab = memchr(p, '\t', (size_t)(end - p))) == NULL)
			break;
		sb_add(&r->text[fields[f]], p, (size_t)(tab - p));
		p = tab + 1;
	}
	while (p < end) {
		sp = memchr(p, ' ', (size_t)(end - p));
		if (sp == NULL)
			sp = end;
		st_row_arg(r, sp - p == 1 && *p == '~' ? NULL : p, (size_t)(sp - p));
		p = sp + 1;
	}
	w->row(w, r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_sink null = { null_row, null_finish, null_free };
	const char *s = (const char *)data, *sep, *p, *nl, *end = s + size;
	struct st_sigma *set = st_sigma_new();
	struct st_sink *w;
	struct st_row r;
	uint64_t *counts;
	size_t rule_len;
	FILE *dn;

	sep = memmem(s, size, "\n@@@\n", 5);
	rule_len = sep ? (size_t)(sep - s) : size;
	st_sigma_add_text(set, s, rule_len, "fuzz.yml");
	st_sigma_finish(set);
	counts = calloc(st_sigma_slots(set) + 1, sizeof(*counts));
	w = st_sigma_sink(&null, set, counts);
	st_row_init(&r);
	for (p = sep ? sep + 5 : end; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		one_row(w, &r, p, (size_t)(nl - p));
	}
	w->finish(w);
	w->free(w);
	if ((dn = fopen("/dev/null", "w")) != NULL) {
		st_sigma_list(set, dn);
		st_sigma_summary(set, counts, dn);
		fclose(dn);
	}
	st_row_release(&r);
	free(counts);
	st_sigma_free(set);
	return 0;
}
