/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "audit/prefilter.h"
#include "audit/sysrole.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/u64map.h"

/* A cache: past this many pids it starts again, losing only speed. */
#define MAX_PIDS	65536

#define KEPT	8	/* events whose PATH items are read, lately */

struct st_prefilter {
	unsigned	 want;
	struct st_stamp kept[KEPT];	/* connections and file changes */
	unsigned	 nkept;
	struct u64map	 exe;		/* node and pid -> hash of exe= */
	struct u64map	 roles;		/* arch and number -> role + 2 */
	uint64_t	 key;		/* secret: crafted exe= must not meet */
	uint64_t	 failed;	/* failed execs left out */
};

/*
 * Auxiliary records of a syscall event that no reader here uses.
 * Each is one of the kernel's per-syscall records, so leaving it out
 * cannot end an event early or late.
 */
static const char *const unused[] = {
	"BPRM_FCAPS", "CAPSET", "MMAP", "FD_PAIR", "OBJ_PID", "IPC",
	"SOCKETCALL", "MQ_OPEN", "MQ_SENDRECV", "MQ_NOTIFY",
	"MQ_GETSETATTR",
};

struct st_prefilter *
st_prefilter_new(unsigned want)
{
	struct st_prefilter *w = st_calloc(1, sizeof(*w));

	w->want = want;
	w->key = st_hash_secret();
	return w;
}

void
st_prefilter_free(struct st_prefilter *w)
{
	if (w == NULL)
		return;
	u64map_release(&w->exe);
	u64map_release(&w->roles);
	free(w);
}

static int
unused_aux(const struct st_prefilter *w, const struct st_record *al)
{
	size_t i;

	if (st_record_is(al, "PATH"))
		return !(w->want & ST_WANT_FAILED);
	for (i = 0; i < sizeof(unused) / sizeof(unused[0]); i++)
		if (st_record_is(al, unused[i]))
			return 1;
	return 0;
}

/* An auxiliary record of a connection or file change: it is read. */
static int
kept(const struct st_prefilter *w, const struct st_stamp *id)
{
	unsigned i;

	for (i = 0; i < KEPT && i < w->nkept; i++)
		if (st_stamp_cmp(&w->kept[i], id) == 0)
			return 1;
	return 0;
}

/* The value of " name=" in p[0..len), up to the next space. */
static const char *
field(const char *p, size_t len, const char *name, size_t *vlen)
{
	size_t n = strlen(name);
	const char *v = memmem(p, len, name, n), *e;

	if (v == NULL)
		return NULL;
	v += n;
	e = memchr(v, ' ', (size_t)(p + len - v));
	*vlen = (size_t)((e ? e : p + len) - v);
	return v;
}

/* An unsigned number in base; -1 when it is not one. */
static long long
number(const char *v, size_t n, int base)
{
	unsigned long long x = 0;
	unsigned d;
	size_t i;

	if (v == NULL || n == 0 || n > 16)
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i] >= '0' && v[i] <= '9')
			d = (unsigned)(v[i] - '0');
		else if (base == 16 && v[i] >= 'a' && v[i] <= 'f')
			d = (unsigned)(v[i] - 'a' + 10);
		else
			return -1;
		x = x * (unsigned)base + d;
	}
	return x > (1ULL << 62) ? -1 : (long long)x;
}

/* The fields of a SYSCALL record read here, in sysline's order. */
enum { F_ARCH, F_SYSCALL, F_SUCCESS, F_A1, F_A2, F_PID, F_EXE, NFIELDS };

/* Each field's value as field() would find it: NULL when absent. */
struct sysline {
	const char	*v[NFIELDS];
	size_t		 n[NFIELDS];
};

/*
 * The field of the word t[0..wlen) if it starts with the name w (through
 * '='), its name's length in *nlen; else -1.
 */
#define NAMED(w, field)	(wlen >= sizeof(w) - 1 && \
			    memcmp(t, (w), sizeof(w) - 1) == 0 ? \
			    (*nlen = sizeof(w) - 1, (field)) : -1)

/*
 * The field the word t[0..wlen) gives, or -1.  Each name is compared as
 * a constant, which the compiler does in line, not by a memcmp() call
 * through a table of names for every word that began like one.
 */
static int
word_field(const char *t, size_t wlen, size_t *nlen)
{
	int f;

	if (wlen == 0)
		return -1;
	switch (t[0]) {
	case 'a':
		if ((f = NAMED("arch=", F_ARCH)) < 0 &&
		    (f = NAMED("a1=", F_A1)) < 0)
			f = NAMED("a2=", F_A2);
		return f;
	case 's':
		if ((f = NAMED("syscall=", F_SYSCALL)) < 0)
			f = NAMED("success=", F_SUCCESS);
		return f;
	case 'p':
		return NAMED("pid=", F_PID);
	case 'e':
		return NAMED("exe=", F_EXE);
	default:
		return -1;
	}
}

/*
 * The first word from the space at sp that starts with "exe=": from
 * space to space, each looked at in line (memmem() took some 500
 * instructions a record for the ten words between pid= and exe=).
 */
static void
sysline_exe(const char *sp, const char *end, struct sysline *s)
{
	const char *q, *e;

	for (q = sp; q != NULL; q = memchr(q + 1, ' ', (size_t)(end - q - 1)))
		if (end - q >= 5 && memcmp(q, " exe=", 5) == 0)
			break;
	if (q == NULL)
		return;
	q += 5;
	e = memchr(q, ' ', (size_t)(end - q));
	s->v[F_EXE] = q;
	s->n[F_EXE] = (size_t)((e ? e : end) - q);
}

/*
 * One pass over the words of a SYSCALL record, for what a lookup per
 * field from the line's start found (the first " name=" and its value
 * up to the next space): every space starts a word, and each word is
 * looked at once, where the lookups read the line seven times.  The
 * words after the last found (subj, key, an enriched tail) are
 * not looked at.
 */
static void
sysline(const char *p, size_t len, struct sysline *s)
{
	const char *end = p + len, *t, *next;
	size_t wlen, nlen, found = 0;
	int f;

	memset(s, 0, sizeof(*s));
	for (t = memchr(p, ' ', len); t != NULL && found < NFIELDS; t = next) {
		/* Only exe= is left, some ten words on (past the ids,
		 * tty, comm): the first " exe=" is the word the walk
		 * would come to. */
		if (found == NFIELDS - 1 && s->v[F_EXE] == NULL) {
			sysline_exe(t, end, s);
			return;
		}
		t++;
		next = memchr(t, ' ', (size_t)(end - t));
		wlen = (size_t)((next ? next : end) - t);
		if ((f = word_field(t, wlen, &nlen)) >= 0 && s->v[f] == NULL) {
			s->v[f] = t + nlen;
			s->n[f] = wlen - nlen;
			found++;
		}
	}
}

/* Do the open flags in argument n (a1=, a2=) write? */
static int
writes(const struct sysline *l, int n)
{
	int k = n == 1 ? F_A1 : F_A2;
	long long flags = number(l->v[k], l->n[k], 16);

	return flags < 0 || (flags & ST_OPEN_WRITES);
}

/* The call's role; an open that only reads is like any other call. */
static enum st_sysrole
role(struct st_prefilter *w, const struct sysline *l)
{
	long long arch, sc;
	uint64_t k;
	void *v;

	enum st_sysrole r;
	int fa;

	arch = number(l->v[F_ARCH], l->n[F_ARCH], 16);
	sc = number(l->v[F_SYSCALL], l->n[F_SYSCALL], 10);
	if (arch < 0 || arch > 0xffffffffLL || sc < 0 || sc > 0xfffff)
		return ST_SYS_UNKNOWN;
	k = (uint64_t)arch << 20 | (uint64_t)sc;
	/* Cached as role + 2 and, above, the flags argument + 2. */
	if ((v = u64map_get(&w->roles, k)) == NULL) {
		r = st_sysrole_raw((unsigned long)arch, sc, &fa);
		v = (void *)(uintptr_t)((unsigned)(r + 2) |
		    (unsigned)(fa + 2) << 8);
		u64map_put(&w->roles, k, v);
	}
	r = (enum st_sysrole)(((uintptr_t)v & 0xff) - 2);
	fa = (int)((uintptr_t)v >> 8) - 2;
	return r == ST_SYS_FILE && fa > 0 && !writes(l, fa) ?
	    ST_SYS_OTHER : r;
}

/*
 * An exec that failed ran nothing: unless failed execs are written, it
 * teaches the tree what any other call of its pid would.  auditd
 * writes success=no, in RAW and ENRICHED logs alike.
 */
static int
failed_exec(const struct st_prefilter *w, enum st_sysrole r,
    const struct sysline *l)
{
	if (r != ST_SYS_EXEC || (w->want & ST_WANT_FAILED))
		return 0;
	return l->n[F_SUCCESS] == 2 && memcmp(l->v[F_SUCCESS], "no", 2) == 0;
}

/* When a pid cannot be read, what it ran cannot be trusted either. */
static void
forget_all(struct st_prefilter *w)
{
	u64map_release(&w->exe);
	memset(&w->exe, 0, sizeof(w->exe));
}

/*
 * A SYSCALL record that starts its event: skip the event when the
 * tree would learn nothing from it, and remember the pid's exe.
 */
static enum st_verdict
syscall_first(struct st_prefilter *w, uint32_t node,
    const struct st_stamp *id, const char *p, size_t len)
{
	struct sysline l;
	enum st_sysrole r;
	const char *exe;
	size_t elen;
	long long n;
	uint64_t k, h;
	void *old;
	int failed;

	sysline(p, len, &l);
	exe = l.v[F_EXE];
	elen = l.n[F_EXE];
	r = role(w, &l);
	if ((failed = failed_exec(w, r, &l)) != 0)
		r = ST_SYS_OTHER;
	if (r == ST_SYS_NET || r == ST_SYS_FILE)
		w->kept[w->nkept++ % KEPT] = *id;	/* rows are made of it */
	if ((n = number(l.v[F_PID], l.n[F_PID], 10)) < 0) {
		forget_all(w);
		return ST_FEED;
	}
	k = st_hash64((uint64_t)n ^ (uint64_t)node << 32);
	if (exe == NULL || elen == 0) {
		u64map_del(&w->exe, k);
		return ST_FEED;
	}
	/* Stored as a pointer: never NULL, which marks an empty slot. */
	h = st_hash_keyed(w->key, exe, elen) | 1;
	old = u64map_get(&w->exe, k);
	if (old == (void *)(uintptr_t)h && r == ST_SYS_OTHER) {
		w->failed += failed;
		return ST_SKIP_EVENT;
	}
	if (w->exe.n >= MAX_PIDS)
		forget_all(w);
	u64map_put(&w->exe, k, (void *)(uintptr_t)h);
	return ST_FEED;
}

uint64_t
st_prefilter_failed(const struct st_prefilter *w)
{
	return w->failed;
}

void
st_prefilter_forget(struct st_prefilter *w, uint32_t node, long long pid)
{
	u64map_del(&w->exe, st_hash64((uint64_t)pid ^ (uint64_t)node << 32));
}

/* A SYSCALL the tree may read in its own way: forget what its pid ran. */
static void
syscall_later(struct st_prefilter *w, uint32_t node, const char *p,
    size_t len)
{
	const char *pid;
	size_t plen = 0;
	long long n;

	pid = field(p, len, " pid=", &plen);
	if ((n = number(pid, plen, 10)) < 0)
		forget_all(w);
	else
		st_prefilter_forget(w, node, n);
}

enum st_verdict
st_prefilter_judge(struct st_prefilter *w, uint32_t node,
    const struct st_record *al, const char *line, size_t len, int first)
{
	if (w->want & ST_WANT_ALL)
		return ST_FEED;
	if (!st_record_is(al, "SYSCALL"))
		return !first && unused_aux(w, al) && !kept(w, &al->id) ?
		    ST_SKIP_RECORD : ST_FEED;
	if (first)
		return syscall_first(w, node, &al->id, line, len);
	syscall_later(w, node, line, len);
	return ST_FEED;
}
