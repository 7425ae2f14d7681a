/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "base/hash.h"
#include "base/sbuf.h"
#include "base/strset.h"
#include "base/u64map.h"
#include "correlate/summary.h"

#define SHOW_MAX	160	/* bytes of a command a summary shows */
#define MAX_CLIENTS	200000	/* clients whose requests are counted */
#define MAX_LISTED	20	/* commands listed per script or client */
#define MAX_AGENTS	8

struct script {
	char		*name;
	struct st_strset	 clients, commands;
	int64_t		 first_ms, last_ms;
	unsigned	 ncommands;
	int		 best;		/* 2 high, 1 medium, 0 low */
	unsigned	 ninject, napp;	/* injected; the page's own work */
	struct st_strset	 injectors;	/* clients that injected */
};

struct client {
	char		*ip;
	uint64_t	 requests;
	struct st_strset	 agents, commands, evidence;
	unsigned	 ncommands;
	int		 via_xff;
};

/* A script a web server wrote under a web root: how a shell arrives. */
struct written {
	char		*path, *by, *during;
	int64_t		 ms;
};

#define MAX_WRITTEN	200

struct st_summary {
	struct written	 written[MAX_WRITTEN];
	size_t		 nwritten;
	struct u64map	 clients;	/* hash of ip -> client */
	struct u64map	 scripts;	/* hash of name -> script */
	uint64_t	 by_time;	/* trees tied by time alone */
	struct client	**clist;
	size_t		 nclients, capclients;
	struct script	**slist;
	size_t		 nscripts, capscripts;
	uint64_t	 key;		/* the run's, as in the requests */
};

struct st_summary *
st_summary_new(uint64_t key)
{
	struct st_summary *s = st_calloc(1, sizeof(*s));

	s->key = key;
	return s;
}

void
st_summary_free(struct st_summary *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nclients; i++) {
		free(s->clist[i]->ip);
		st_strset_release(&s->clist[i]->agents);
		st_strset_release(&s->clist[i]->commands);
		st_strset_release(&s->clist[i]->evidence);
		free(s->clist[i]);
	}
	for (i = 0; i < s->nscripts; i++) {
		free(s->slist[i]->name);
		st_strset_release(&s->slist[i]->clients);
		st_strset_release(&s->slist[i]->commands);
		st_strset_release(&s->slist[i]->injectors);
		free(s->slist[i]);
	}
	for (i = 0; i < s->nwritten; i++) {
		free(s->written[i].path);
		free(s->written[i].by);
		free(s->written[i].during);
	}
	u64map_release(&s->clients);
	u64map_release(&s->scripts);
	free(s->clist);
	free(s->slist);
	free(s);
}

static struct client *
client_for(struct st_summary *s, const struct st_request *q, int create)
{
	const char *ip = q->client;
	uint64_t h = q->client_hash;
	struct client *c = u64map_get(&s->clients, h);

	if (c || !create || s->nclients >= MAX_CLIENTS)
		return c;
	c = st_calloc(1, sizeof(*c));
	c->ip = st_strdup(ip);
	u64map_put(&s->clients, h, c);
	s->clist = st_grow(s->clist, &s->capclients, s->nclients + 1,
	    sizeof(*s->clist));
	s->clist[s->nclients++] = c;
	return c;
}

int
st_summary_count(struct st_summary *s, uint64_t client_hash)
{
	struct client *c = u64map_get(&s->clients, client_hash);

	if (c)
		c->requests++;
	/* A full table counts no new client either way. */
	return c != NULL || s->nclients >= MAX_CLIENTS;
}

void
st_summary_request(struct st_summary *s, const struct st_request *q)
{
	struct client *c = client_for(s, q, 1);

	if (c)
		c->requests++;
}

static int
level(const char *confidence)
{
	return strcmp(confidence, "high") == 0 ? 2 :
	    strcmp(confidence, "medium") == 0;
}

/* The summary's entry for a script, made when new. */
static struct script *
script_for(struct st_summary *s, const char *name)
{
	uint64_t h = st_hash_keyed(s->key, name, strlen(name));
	struct script *sc = u64map_get(&s->scripts, h);

	if (sc)
		return sc;
	sc = st_calloc(1, sizeof(*sc));
	sc->name = st_strdup(name);
	sc->first_ms = INT64_MAX;
	u64map_put(&s->scripts, h, sc);
	s->slist = st_grow(s->slist, &s->capscripts, s->nscripts + 1,
	    sizeof(*s->slist));
	s->slist[s->nscripts++] = sc;
	return sc;
}

void
st_summary_tree(struct st_summary *s, struct st_request *q,
    const char *script, const char *command, const char *confidence,
    const char *evidence, enum st_sumrole role)
{
	struct script *sc = script_for(s, *script ? script : q->path);
	struct client *c;

	if (role == ST_SUM_APP) {
		sc->napp++;
		return;
	}
	if (role == ST_SUM_TIME)
		s->by_time++;
	if (q->end_ms < sc->first_ms)
		sc->first_ms = q->end_ms;
	if (q->end_ms > sc->last_ms)
		sc->last_ms = q->end_ms;
	sc->ncommands++;
	if (level(confidence) > sc->best)
		sc->best = level(confidence);
	if (role == ST_SUM_INJECT) {
		sc->ninject++;
		st_strset_add(&sc->injectors, q->client, MAX_LISTED);
	}
	st_strset_add(&sc->commands, command, MAX_LISTED);
	if (role == ST_SUM_TIME)
		return;
	st_strset_add(&sc->clients, q->client, MAX_LISTED);
	if ((c = client_for(s, q, 1)) != NULL) {
		c->ncommands++;
		c->via_xff |= q->client_from_xff;
		if (*st_request_text(q, ST_V_USER_AGENT))
			st_strset_add(&c->agents, st_request_text(q, ST_V_USER_AGENT),
			    MAX_AGENTS);
		st_strset_add(&c->commands, command, MAX_LISTED);
		st_strset_add(&c->evidence, evidence, 8);
	}
}

static void
commands(FILE *fp, const struct st_strset *set, unsigned total)
{
	size_t i;

	fputs("    commands:", fp);
	for (i = 0; i < set->n; i++) {
		fputs("\n      ", fp);
		st_fputs_cut(fp, SHOW_MAX, set->v[i]);
	}
	if (total > set->n)
		fprintf(fp, "\n      ... %u in all", total);
	fputc('\n', fp);
}

static void	written_line(FILE *, const struct written *,
		    const struct st_tz *);

static const struct written *
written_as(const struct st_summary *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->nwritten; i++)
		if (strcmp(s->written[i].path, path) == 0)
			return &s->written[i];
	return NULL;
}

static int
ran_commands(const struct st_summary *s, const char *path)
{
	size_t i;

	for (i = 0; i < s->nscripts; i++)
		if (s->slist[i]->ncommands && strcmp(s->slist[i]->name,
		    path) == 0)
			return 1;
	return 0;
}

/* Scripts the web server wrote that no command was seen run through. */
static void
written_unused(const struct st_summary *s, FILE *fp, const struct st_tz *tz)
{
	size_t i, shown = 0;

	for (i = 0; i < s->nwritten; i++) {
		if (ran_commands(s, s->written[i].path))
			continue;
		if (shown++ == 0)
			fputs("\nScripts a web server wrote under a web root "
			    "(no command seen through them):\n", fp);
		fputs("  ", fp);
		st_fputs_escaped(fp, s->written[i].path);
		fputc('\n', fp);
		written_line(fp, &s->written[i], tz);
	}
}

/* A script's line: its name, tie, when and how many commands. */
static void
script_head(FILE *fp, const struct script *sc, unsigned n,
    const struct st_tz *tz)
{
	static const char *const conf[] = { "low", "medium", "high" };
	struct sbuf a = SBUF_INIT;

	st_time_iso(&a, sc->first_ms / 1000, sc->first_ms % 1000, tz);
	sb_adds(&a, " to ");
	st_time_iso(&a, sc->last_ms / 1000, sc->last_ms % 1000, tz);
	fputs("  ", fp);
	st_fputs_escaped(fp, sc->name);
	fprintf(fp, "  (tie %s)\n    requests: %s, %u command%s\n",
	    conf[sc->best], sb_str(&a), n, n == 1 ? "" : "s");
	sb_release(&a);
}

static void
shells(const struct st_summary *s, FILE *fp, const struct st_tz *tz)
{
	const struct written *w;
	size_t i, k, shown = 0;

	for (i = 0; i < s->nscripts; i++) {
		const struct script *sc = s->slist[i];

		if (sc->ncommands == sc->ninject)
			continue;
		if (shown++ == 0)
			fputs("\nWeb shells (scripts that ran commands):\n", fp);
		script_head(fp, sc, sc->ncommands - sc->ninject, tz);
		if ((w = written_as(s, sc->name)) != NULL)
			written_line(fp, w, tz);
		for (k = 0; k < sc->clients.n; k++) {
			fputs("    client ", fp);
			st_fputs_escaped(fp, sc->clients.v[k]);
			fputc('\n', fp);
		}
		if (sc->clients.n == 0)
			fputs("    client: none named (tied by time alone)\n", fp);
		commands(fp, &sc->commands, sc->ncommands);
	}
}

/* Pages whose own command a parameter broke out of. */
static void
injections(const struct st_summary *s, FILE *fp, const struct st_tz *tz)
{
	size_t i, k, shown = 0;

	for (i = 0; i < s->nscripts; i++) {
		const struct script *sc = s->slist[i];

		if (sc->ninject == 0)
			continue;
		if (shown++ == 0)
			fputs("\nCommand injection (a parameter broke out of a "
			    "page's own command):\n", fp);
		script_head(fp, sc, sc->ninject, tz);
		fprintf(fp, "    injectable: used %u time%s by", sc->ninject,
		    sc->ninject == 1 ? "" : "s");
		for (k = 0; k < sc->injectors.n; k++) {
			fputs(k ? ", " : " ", fp);
			st_fputs_escaped(fp, sc->injectors.v[k]);
		}
		if (sc->napp)
			fprintf(fp, "; %u other command%s of the page fit its "
			    "parameters", sc->napp, sc->napp == 1 ? "" : "s");
		fputc('\n', fp);
		commands(fp, &sc->commands, sc->ninject);
	}
}

static void
clients(const struct st_summary *s, FILE *fp)
{
	size_t i, k, shown = 0;

	for (i = 0; i < s->nclients; i++) {
		const struct client *c = s->clist[i];

		if (c->ncommands == 0)
			continue;
		if (shown++ == 0)
			fputs("\nClients that ran commands:\n", fp);
		fputs("  ", fp);
		st_fputs_escaped(fp, c->ip);
		fprintf(fp, "%s: %llu request%s, %u command%s, on",
		    c->via_xff ? " (from X-Forwarded-For, which a client can "
		    "forge)" : "", (unsigned long long)c->requests,
		    c->requests == 1 ? "" : "s", c->ncommands,
		    c->ncommands == 1 ? "" : "s");
		for (k = 0; k < c->evidence.n; k++)
			fprintf(fp, "%s%s", k ? ", " : " ", c->evidence.v[k]);
		fputs(" evidence\n", fp);
		for (k = 0; k < c->agents.n; k++) {
			fputs("    user agent: ", fp);
			st_fputs_escaped(fp, c->agents.v[k]);
			fputc('\n', fp);
		}
		commands(fp, &c->commands, c->ncommands);
	}
}

void
st_summary_print(const struct st_summary *s, FILE *fp, const struct st_tz *tz)
{
	written_unused(s, fp, tz);
	shells(s, fp, tz);
	injections(s, fp, tz);
	clients(s, fp);
	if (s->by_time)
		fprintf(fp, "\n%llu tree%s tied by time alone: not evidence "
		    "enough to name a client\n", (unsigned long long)s->by_time,
		    s->by_time == 1 ? "" : "s");
}

size_t
st_summary_scripts(const struct st_summary *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nscripts; i++)
		n += s->slist[i]->ncommands > 0;
	return n;
}

void
st_summary_written(struct st_summary *s, const char *path, int64_t ms,
    const char *by, const struct st_request *q, const char *confidence)
{
	struct written *w;
	struct sbuf b = SBUF_INIT;
	size_t i;

	for (i = 0; i < s->nwritten; i++)
		if (strcmp(s->written[i].path, path) == 0)
			return;		/* the first write made it */
	if (s->nwritten == MAX_WRITTEN)
		return;
	w = &s->written[s->nwritten++];
	w->path = st_strdup(path);
	w->by = st_strdup(by);
	w->ms = ms;
	if (q) {
		sb_addf(&b, "%s ", q->method);
		sb_adds(&b, q->path);
		sb_addf(&b, " from %s (tie %s)", q->client, confidence);
	}
	w->during = sb_detach(&b);
	if (w->during == NULL)
		w->during = st_strdup("");
}

static void
written_line(FILE *fp, const struct written *w, const struct st_tz *tz)
{
	struct sbuf a = SBUF_INIT;

	st_time_iso(&a, w->ms / 1000, (unsigned)(w->ms % 1000), tz);
	fprintf(fp, "    written %s by ", sb_str(&a));
	st_fputs_escaped(fp, w->by);
	if (*w->during) {
		fputs(", during ", fp);
		st_fputs_escaped(fp, w->during);
	}
	fputc('\n', fp);
	sb_release(&a);
}
