/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "base/hash.h"
#include "base/strset.h"
#include "base/u64map.h"
#include "correlate/session.h"

#define SHOW_MAX	120	/* bytes of a command a story shows */
#define MAX_LISTED	20	/* commands listed per session */
#define MAX_SESSIONS	10000	/* sessions told; more are counted */
/* Script and client pairs whose requests are counted: an attacker's
 * flood of new ones fills this, and then only the counts suffer. */
#define MAX_PAIRS	100000
/* Requests of a session kept to tell which ran nothing, and of a pair
 * waiting for its session. */
#define MAX_SEEN	64
#define MAX_PENDING	32
/* Pending requests kept in all: past that, only counted. */
#define PENDING_TOTAL	(1u << 18)

/* A request: its place in the logs, its time, whether a tree was its. */
struct seen {
	uint64_t	 seq;
	int64_t		 ms;
	int		 ran;
};

struct session {
	unsigned	 id;
	char		*tool, *script, *tag;
	struct st_strset clients, commands, cwds, endpoints;
	int64_t		 first_ms, last_ms;
	uint64_t	 ncommands, requests;
	struct seen	 seen[MAX_SEEN];
	size_t		 nseen;
};

/*
 * A script and a client: its requests not yet in a session.  Most
 * pairs are a benign client's page, never in one: the first pending
 * requests are kept only once the pair has some.
 */
struct pair {
	uint64_t	 pending;
	int64_t		 first_ms, last_ms;	/* of the pending ones */
	unsigned	 session;	/* its latest, or 0 */
	struct seen	*v;		/* up to MAX_PENDING */
	size_t		 cap;
};

struct st_sessions {
	struct session	**v;
	size_t		 n, cap;
	uint64_t	 untold;	/* past MAX_SESSIONS */
	struct u64map	 bykey;		/* session key -> id */
	struct u64map	 pairs;		/* pair key -> struct pair */
	size_t		 kept;		/* pending requests kept, in all */
	uint64_t	 key;
};

struct st_sessions *
st_sessions_new(uint64_t key)
{
	struct st_sessions *s = st_calloc(1, sizeof(*s));

	s->key = key;
	return s;
}

static void
session_free(struct session *x)
{
	free(x->tool);
	free(x->script);
	free(x->tag);
	st_strset_release(&x->clients);
	st_strset_release(&x->commands);
	st_strset_release(&x->cwds);
	st_strset_release(&x->endpoints);
	free(x);
}

void
st_sessions_free(struct st_sessions *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		session_free(s->v[i]);
	for (i = 0; i < s->pairs.cap; i++)
		if (s->pairs.slot[i].val) {
			free(((struct pair *)s->pairs.slot[i].val)->v);
			free(s->pairs.slot[i].val);
		}
	free(s->v);
	u64map_release(&s->bykey);
	u64map_release(&s->pairs);
	free(s);
}

static uint64_t
pair_key(uint64_t path_hash, uint64_t client_hash)
{
	return path_hash ^ (client_hash * 0x9e3779b97f4a7c15ULL);
}

static struct session *
by_id(const struct st_sessions *s, unsigned id)
{
	return id > 0 && id <= s->n ? s->v[id - 1] : NULL;
}

static void
seen_add(struct seen *v, size_t *n, size_t max, uint64_t seq, int64_t ms)
{
	if (*n >= max)
		return;
	v[*n].seq = seq;
	v[*n].ms = ms;
	v[*n].ran = 0;
	(*n)++;
}

/* Keep a pending request's time, while the budget allows. */
static void
keep(struct st_sessions *s, struct pair *p, uint64_t seq, int64_t ms)
{
	size_t n = p->pending < p->cap ? p->pending : p->cap;

	if (p->pending >= MAX_PENDING)
		return;
	if (n == p->cap) {
		if (s->kept >= PENDING_TOTAL)
			return;
		s->kept -= p->cap;
		p->v = st_grow(p->v, &p->cap, n + 1, sizeof(*p->v));
		s->kept += p->cap;
	}
	seen_add(p->v, &n, p->cap, seq, ms);
}

void
st_sessions_request(struct st_sessions *s, uint64_t path_hash,
    uint64_t client_hash, uint64_t seq, int64_t ms)
{
	uint64_t k = pair_key(path_hash, client_hash);
	struct pair *p = u64map_get(&s->pairs, k);
	struct session *x;

	if (p == NULL) {
		if (s->pairs.n >= MAX_PAIRS)
			return;
		p = st_calloc(1, sizeof(*p));
		u64map_put(&s->pairs, k, p);
	}
	x = by_id(s, p->session);
	if (x && ms <= x->last_ms + ST_SESSION_GAP_MS) {
		x->requests++;
		seen_add(x->seen, &x->nseen, MAX_SEEN, seq, ms);
		if (ms > x->last_ms)
			x->last_ms = ms;
	} else {
		/* Requests long before a session's first are not its. */
		if (p->pending == 0 || ms > p->last_ms + ST_SESSION_GAP_MS) {
			p->pending = 0;
			p->first_ms = ms;
		}
		keep(s, p, seq, ms);
		p->pending++;
	}
	p->last_ms = ms;
}

/* A tag makes the session, whoever sends it; else script and client. */
static uint64_t
session_key(const struct st_sessions *s, const struct st_sesstree *t)
{
	uint64_t k = t->q->path_hash * 0x9e3779b97f4a7c15ULL;

	if (*t->tag)
		return k ^ st_hash_keyed(s->key, t->tag, strlen(t->tag)) ^ 1;
	return k ^ t->q->client_hash;
}

static struct session *
session_new(struct st_sessions *s, const struct st_sesstree *t, uint64_t k)
{
	struct session *x;

	if (s->n >= MAX_SESSIONS) {
		s->untold++;
		return NULL;
	}
	x = st_calloc(1, sizeof(*x));
	x->id = (unsigned)s->n + 1;
	x->tool = st_strdup(t->tool);
	x->script = st_strdup(t->script);
	x->tag = st_strdup(t->tag);
	x->first_ms = x->last_ms = t->ms;
	s->v = st_grow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = x;
	u64map_put(&s->bykey, k, (void *)(uintptr_t)x->id);
	return x;
}

/* The session t joins: its key's latest, unless a pause ended that. */
static struct session *
session_for(struct st_sessions *s, const struct st_sesstree *t)
{
	uint64_t k = session_key(s, t);
	struct session *x = by_id(s, (unsigned)(uintptr_t)u64map_get(
	    &s->bykey, k));

	if (x && (*t->tag || t->ms <= x->last_ms + ST_SESSION_GAP_MS))
		return x;
	return session_new(s, t, k);
}

unsigned
st_sessions_tree(struct st_sessions *s, const struct st_sesstree *t)
{
	struct session *x = session_for(s, t);
	struct pair *p = u64map_get(&s->pairs, pair_key(t->q->path_hash,
	    t->q->client_hash));
	size_t i;

	if (x == NULL)
		return 0;
	if (p) {
		if (p->pending && p->first_ms < x->first_ms)
			x->first_ms = p->first_ms;
		x->requests += p->pending;
		for (i = 0; i < p->pending && i < p->cap; i++)
			seen_add(x->seen, &x->nseen, MAX_SEEN, p->v[i].seq,
			    p->v[i].ms);
		s->kept -= p->cap;
		free(p->v);
		p->v = NULL;
		p->cap = 0;
		p->pending = 0;
		p->session = x->id;
	}
	for (i = 0; i < x->nseen; i++)
		if (x->seen[i].seq == t->q->seq)
			x->seen[i].ran = 1;
	if (t->ms < x->first_ms)
		x->first_ms = t->ms;
	if (t->ms > x->last_ms)
		x->last_ms = t->ms;
	if (*x->tool == '\0' && *t->tool) {
		free(x->tool);
		x->tool = st_strdup(t->tool);
	}
	x->ncommands++;
	st_strset_add(&x->clients, t->q->client, 8);
	st_strset_add(&x->commands, t->command, MAX_LISTED);
	if (*t->cwd)
		st_strset_add(&x->cwds, t->cwd, 4);
	return x->id;
}

void
st_sessions_endpoint(struct st_sessions *s, unsigned id, const char *target)
{
	struct session *x = by_id(s, id);

	if (x)
		st_strset_add(&x->endpoints, target, 16);
}

static void
list(FILE *fp, const struct st_strset *set, const char *sep, int cut)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		if (i)
			fputs(sep, fp);
		if (cut)
			st_fputs_cut(fp, SHOW_MAX, set->v[i]);
		else
			st_fputs_escaped(fp, set->v[i]);
	}
}

/* When its requests that ran nothing came: "ran nothing at 17:47:33.000". */
static void
idle_times(FILE *fp, const struct session *x, const struct st_tz *tz)
{
	struct sbuf b = SBUF_INIT;
	size_t i, n = 0;

	for (i = 0; i < x->nseen; i++) {
		if (x->seen[i].ran)
			continue;
		sb_clear(&b);
		st_time_iso(&b, x->seen[i].ms / 1000,
		    (unsigned)(x->seen[i].ms % 1000), tz);
		fprintf(fp, "%s%s", n++ ? ", " : "\n     ran nothing at ",
		    b.len > 11 ? b.s + 11 : sb_str(&b));
	}
	sb_release(&b);
}

static void
story(FILE *fp, const struct session *x, const struct st_tz *tz)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT;
	uint64_t idle = x->requests > x->ncommands ?
	    x->requests - x->ncommands : 0;

	st_time_iso(&a, x->first_ms / 1000, (unsigned)(x->first_ms % 1000), tz);
	st_time_iso(&b, x->last_ms / 1000, (unsigned)(x->last_ms % 1000), tz);
	fprintf(fp, "  %u  %s session on ", x->id, *x->tool ? x->tool :
	    "web shell");
	st_fputs_escaped(fp, x->script);
	fputs(" from ", fp);
	list(fp, &x->clients, ", ", 0);
	fprintf(fp, ": %llu command%s", (unsigned long long)x->ncommands,
	    x->ncommands == 1 ? "" : "s");
	if (idle)
		fprintf(fp, " and %llu request%s that ran nothing",
		    (unsigned long long)idle, idle == 1 ? "" : "s");
	fprintf(fp, " from %s to %s", sb_str(&a), sb_str(&b));
	if (x->cwds.n) {
		fputs(" in ", fp);
		list(fp, &x->cwds, ", ", 0);
	}
	fputs(":\n     ", fp);
	list(fp, &x->commands, "\n     ", 1);
	if (x->ncommands > x->commands.n)
		fprintf(fp, "\n     ... %llu in all",
		    (unsigned long long)x->ncommands);
	idle_times(fp, x, tz);
	if (x->endpoints.n) {
		fputs("\n     reached ", fp);
		list(fp, &x->endpoints, ", ", 0);
	}
	fputc('\n', fp);
	sb_release(&a);
	sb_release(&b);
}

void
st_sessions_print(const struct st_sessions *s, FILE *fp,
    const struct st_tz *tz)
{
	size_t i;

	if (s->n == 0)
		return;
	fputs("\nSessions (a web shell's commands from one operator):\n", fp);
	for (i = 0; i < s->n; i++)
		story(fp, s->v[i], tz);
	if (s->untold)
		fprintf(fp, "  ... and %llu more\n",
		    (unsigned long long)s->untold);
}
