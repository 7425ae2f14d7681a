/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "base/sbuf.h"
#include "report/rulescheck.h"

/* What the investigation needs recorded, and the rule that records it. */
enum need {
	N_EXEC64, N_EXEC32, N_EXECAT, N_CONNECT, N_WEBROOT, N_FORK, NNEEDS
};

static const struct {
	const char *what, *why, *rule;
} needs[NNEEDS] = {
	{ "execve (64-bit)", "every command a web shell runs",
	    "-a always,exit -F arch=b64 -S execve -k exec" },
	{ "execve (32-bit)", "commands of 32-bit programs an attacker drops",
	    "-a always,exit -F arch=b32 -S execve -k exec" },
	{ "execveat", "programs started through a file descriptor (fexecve, "
	    "memfd payloads)", "-a always,exit -F arch=b64 -S execveat -k exec" },
	{ "connect", "where reverse shells and downloads connect to",
	    "-a always,exit -F arch=b64 -S connect,bind,listen -k net" },
	{ "writes under the web root", "how a web shell file arrives",
	    "-w /var/www -p wa -k webroot" },
	{ "fork and clone", "the parent of a process that exec'd after its "
	    "parent exited (noisy: consider a filter on auid=-1 or uid)",
	    "-a always,exit -F arch=b64 -S clone,fork,vfork -F auid=-1 -k fork" },
};

struct rule {
	int		 always, never, exit;	/* action and list */
	int		 b32, b64, anyarch;
	struct sbuf	 syscalls;		/* ",execve,connect," */
	struct sbuf	 watch;			/* -w PATH or dir= / path= */
	int		 writes;		/* -p or perm= has w */
};

static int
has_call(const struct rule *r, const char *name)
{
	char key[64];

	snprintf(key, sizeof(key), ",%s,", name);
	return strstr(sb_str(&r->syscalls), key) != NULL ||
	    strstr(sb_str(&r->syscalls), ",all,") != NULL;
}

/* -F field=value */
static void
field(struct rule *r, const char *f)
{
	if (strcmp(f, "arch=b64") == 0 || strcmp(f, "arch=x86_64") == 0)
		r->b64 = 1;
	else if (strcmp(f, "arch=b32") == 0 || strcmp(f, "arch=i386") == 0)
		r->b32 = 1;
	else if (strncmp(f, "dir=", 4) == 0 || strncmp(f, "path=", 5) == 0) {
		sb_clear(&r->watch);
		sb_adds(&r->watch, strchr(f, '=') + 1);
	} else if (strncmp(f, "perm=", 5) == 0)
		r->writes = strchr(f + 5, 'w') != NULL;
}

/* One line of rules, already cut into words. */
static void
parse(struct rule *r, char **w, size_t n)
{
	size_t i;

	r->anyarch = 1;
	for (i = 0; i + 1 < n; i++) {
		if (strcmp(w[i], "-a") == 0 || strcmp(w[i], "-A") == 0) {
			r->always = strstr(w[i + 1], "always") != NULL;
			r->never = strstr(w[i + 1], "never") != NULL;
			r->exit = strstr(w[i + 1], "exit") != NULL;
		} else if (strcmp(w[i], "-S") == 0) {
			if (r->syscalls.len == 0)
				sb_addc(&r->syscalls, ',');
			sb_addf(&r->syscalls, "%s,", w[i + 1]);
		} else if (strcmp(w[i], "-F") == 0)
			field(r, w[i + 1]);
		else if (strcmp(w[i], "-w") == 0) {
			sb_clear(&r->watch);
			sb_adds(&r->watch, w[i + 1]);
			r->always = r->exit = 1;
		} else if (strcmp(w[i], "-p") == 0)
			r->writes = strchr(w[i + 1], 'w') != NULL;
	}
	if (r->b32 || r->b64)
		r->anyarch = 0;
}

/* Which needs the rule meets (always) or takes away (never). */
static void
judge(const struct rule *r, struct st_weborigin_match *m, int met[NNEEDS])
{
	char root[256];
	int v = r->never ? -1 : 1, hit[NNEEDS] = { 0 };
	size_t i;

	if (!r->exit || (!r->always && !r->never))
		return;
	hit[N_EXEC64] = has_call(r, "execve") && (r->b64 || r->anyarch);
	hit[N_EXEC32] = has_call(r, "execve") && (r->b32 || r->anyarch);
	hit[N_EXECAT] = has_call(r, "execveat");
	hit[N_CONNECT] = has_call(r, "connect");
	hit[N_FORK] = has_call(r, "clone") || has_call(r, "fork");
	hit[N_WEBROOT] = r->watch.len && r->writes &&
	    st_weborigin_root(m, sb_str(&r->watch), root, sizeof(root));
	/* The kernel stops at the first rule that matches. */
	for (i = 0; i < NNEEDS; i++)
		if (hit[i] && met[i] == 0)
			met[i] = v;
}

/* Cut line into words, in place; comments end it. */
static size_t
words(char *line, char **w, size_t max)
{
	size_t n = 0;
	char *p = strtok(line, " \t\r\n");

	for (; p && *p != '#' && n < max; p = strtok(NULL, " \t\r\n"))
		w[n++] = p;
	return n;
}

int
st_rulescheck(FILE *in, const char *name, const struct st_weborigin *web,
    FILE *out)
{
	struct st_weborigin_match *m = st_weborigin_match_new(web);
	int met[NNEEDS] = { 0 }, missing = 0;
	struct sbuf b = SBUF_INIT;
	char line[8192], *w[256];
	struct rule r;
	size_t i, n, nrules = 0;

	while (fgets(line, sizeof(line), in)) {
		if ((n = words(line, w, 256)) == 0)
			continue;
		memset(&r, 0, sizeof(r));
		parse(&r, w, n);
		judge(&r, m, met);
		nrules++;
		sb_release(&r.syscalls);
		sb_release(&r.watch);
	}
	st_weborigin_match_free(m);
	if (ferror(in))
		return -1;
	st_escape(&b, name, strlen(name));
	fprintf(out, "%s: %zu rules\n", sb_str(&b), nrules);
	sb_release(&b);
	for (i = 0; i < NNEEDS; i++) {
		fprintf(out, "  %-26s %s: %s\n", needs[i].what, met[i] > 0 ?
		    "recorded" : met[i] < 0 ? "EXCLUDED by a never rule first" :
		    "MISSING", needs[i].why);
		missing += met[i] <= 0;
	}
	if (missing)
		fputs("\nRules to add (to /etc/audit/rules.d/, then "
		    "augenrules --load):\n", out);
	for (i = 0; i < NNEEDS; i++)
		if (met[i] == 0)
			fprintf(out, "%s\n", needs[i].rule);
		else if (met[i] < 0)	/* -A: ahead of the never rule */
			fprintf(out, "-A%s\n", needs[i].rule + 2);
	if (met[N_WEBROOT] <= 0)
		fputs("# one -w line per web root the server uses: /srv/www, "
		    "/usr/share/nginx/html ...\n", out);
	return missing;
}
