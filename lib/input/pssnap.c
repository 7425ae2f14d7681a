/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "input/pssnap.h"
#include "input/reader.h"

/* A cut command this short says too little to be matched. */
#define CUT_MIN		8

/* Where the pid and the command are, by the header's words. */
struct layout {
	unsigned	 pid, cmd;	/* fields, 0-based; cmd 0: none */
	int		 lstart;	/* STARTED's field, or -1 */
	int		 start;		/* START's or STIME's, or -1 */
};

int
st_pssnap_candidate(const struct st_file *f)
{
	const char *base = strrchr(f->path, '/');

	base = base ? base + 1 : f->path;
	return !f->is_archive && (strncmp(base, "ps", 2) == 0 ||
	    strstr(base, "process") != NULL);
}

/* The n-th field of p (0-based), white-space separated; NULL if none. */
static const char *
field(const char *p, const char *end, unsigned n, const char **fend)
{
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			return NULL;
		*fend = p;
		while (*fend < end && **fend != ' ' && **fend != '\t')
			(*fend)++;
		if (n-- == 0)
			return p;
		p = *fend;
	}
}

static int
one_of(const char *p, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (n == strlen(*words) && memcmp(p, *words, n) == 0)
			return 1;
	return 0;
}

/*
 * A ps header: "USER PID ... COMMAND" (aux), "UID PID PPID ... CMD"
 * (-ef, -eF), or any -o list of known columns ending in the command
 * (CatScale's "user,pid,ppid,vsz,rss,tname,stat,stime,time,args").
 * Every column before the command is one word on each line, but
 * STARTED (lstart), which may be five.
 */
static int
header(const char *p, size_t n, struct layout *l)
{
	static const char *const cols[] = { "USER", "UID", "RUSER", "RUID",
	    "EUSER", "EUID", "GROUP", "PPID", "PGID", "SID", "%CPU", "%MEM",
	    "VSZ", "RSS", "SZ", "TTY", "TT", "STAT", "S", "TIME", "ELAPSED",
	    "C", "PSR", "NI", "PRI", "F", "WCHAN", "ADDR", "LWP", "NLWP",
	    NULL };
	static const char *const cmds[] = { "COMMAND", "CMD", "ARGS", NULL };
	static const char *const pids[] = { "PID", NULL };
	static const char *const starts[] = { "START", "STIME", NULL };
	static const char *const lstarts[] = { "STARTED", NULL };
	const char *end = p + n, *f, *e;
	unsigned i;
	int pid = -1;

	l->lstart = l->start = -1;
	for (i = 0; (f = field(p, end, i, &e)) != NULL; i++) {
		if (one_of(f, (size_t)(e - f), cmds))
			break;
		if (one_of(f, (size_t)(e - f), pids))
			pid = (int)i;
		else if (one_of(f, (size_t)(e - f), starts))
			l->start = (int)i;
		else if (one_of(f, (size_t)(e - f), lstarts))
			l->lstart = (int)i;
		else if (!one_of(f, (size_t)(e - f), cols))
			return 0;
	}
	if (f == NULL || pid < 0 || field(p, end, i + 1, &e) != NULL)
		return 0;
	l->pid = (unsigned)pid;
	l->cmd = i;
	return 1;
}

/* "f" draws the tree before a command: " \_ ", "|". */
static const char *
untree(const char *p, const char *end)
{
	for (;;) {
		while (p < end && (*p == ' ' || *p == '|'))
			p++;
		if (end - p >= 2 && p[0] == '\\' && p[1] == '_')
			p += 2;
		else
			return p;
	}
}

static struct st_psproc *
add(struct st_pssnap *s, long long pid, const char *cmd, size_t n,
    const char *file, uint64_t line)
{
	struct st_psproc *x = st_calloc(1, sizeof(*x));

	x->pid = pid;
	while (n && (cmd[n - 1] == ' ' || cmd[n - 1] == '\r'))
		n--;
	x->command = st_memdup(cmd, n);
	x->file = file;
	x->line = line;
	x->next = u64map_get(&s->bypid, (uint64_t)pid);
	u64map_put(&s->bypid, (uint64_t)pid, x);
	s->procs++;
	return x;
}

/* A time of day "HH:MM" or "HH:MM:SS" from p to e; other forms say
 * only the day, and are left unknown. */
static void
started(struct st_psproc *x, const char *p, const char *e)
{
	size_t n = p ? (size_t)(e - p) : 0;
	int h, m, sec = 0;

	if ((n != 5 && n != 8) || !isdigit((unsigned char)p[0]) ||
	    !isdigit((unsigned char)p[1]) || p[2] != ':' ||
	    !isdigit((unsigned char)p[3]) || !isdigit((unsigned char)p[4]) ||
	    (n == 8 && (p[5] != ':' || !isdigit((unsigned char)p[6]) ||
	    !isdigit((unsigned char)p[7]))))
		return;
	h = (p[0] - '0') * 10 + p[1] - '0';
	m = (p[3] - '0') * 10 + p[4] - '0';
	if (n == 8)
		sec = (p[6] - '0') * 10 + p[7] - '0';
	if (h > 23 || m > 59 || sec > 60)
		return;
	memcpy(x->started, p, n);
	x->started[n] = '\0';
	x->start_sod = h * 3600 + m * 60 + sec;
	x->start_prec = n == 8 ? 1 : 60;
}

/* lstart's "Tue Dec  1 20:22:40 2026" is five words. */
static unsigned
started_words(const char *p, const char *end, const struct layout *l)
{
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri",
	    "Sat", "Sun", NULL };
	const char *f, *e;

	if (l->lstart < 0 || (unsigned)l->lstart > l->cmd ||
	    (f = field(p, end, (unsigned)l->lstart, &e)) == NULL)
		return 0;
	return one_of(f, (size_t)(e - f), days) ? 4 : 0;
}

static void
one_line(struct st_pssnap *s, const struct layout *l, const struct st_line *ln,
    const char *file)
{
	const char *end = ln->p + ln->len, *e, *pid, *cmd, *f;
	unsigned more = started_words(ln->p, end, l);
	struct st_psproc *x;
	char num[24];

	cmd = field(ln->p, end, l->cmd + more, &e);
	pid = field(ln->p, end, l->pid + ((int)l->pid > l->lstart &&
	    l->lstart >= 0 ? more : 0), &e);
	if (pid == NULL || cmd == NULL || (size_t)(e - pid) >= sizeof(num))
		return;
	memcpy(num, pid, (size_t)(e - pid));
	num[e - pid] = '\0';
	if (strspn(num, "0123456789") != strlen(num) || atoll(num) <= 0)
		return;
	cmd = untree(cmd, end);
	x = add(s, atoll(num), cmd, (size_t)(end - cmd), file, ln->no);
	f = NULL;
	if (more)	/* lstart: "Tue Dec  1 20:22:40 2026" */
		f = field(ln->p, end, (unsigned)l->lstart + 3, &e);
	else if (l->start >= 0 && (unsigned)l->start < l->cmd)
		f = field(ln->p, end, (unsigned)l->start, &e);
	if (f)
		started(x, f, e);
}

int
st_pssnap_lines(struct st_pssnap *s, struct st_reader *in, const char *name,
    char *err, size_t errlen)
{
	struct st_line ln;
	struct layout l;
	int rc, seen = 0;

	while ((rc = st_reader_line(in, &ln)) == 1) {
		if (!seen && !(seen = header(ln.p, ln.len, &l)))
			break;
		if (ln.no > 1 && s->procs < ST_PSSNAP_MAX)
			one_line(s, &l, &ln, name);
	}
	if (rc < 0) {
		snprintf(err, errlen, "%s", st_reader_error(in));
		return -1;
	}
	s->files += seen;
	return seen;
}

int
st_pssnap_read(struct st_pssnap *s, const struct st_file *f, char *err,
    size_t errlen)
{
	struct st_reader *in = st_file_open(f, err, errlen);
	int rc;

	if (in == NULL)
		return -1;
	rc = st_pssnap_lines(s, in, f->name, err, errlen);
	st_reader_close(in);
	return rc;
}

const struct st_psproc *
st_pssnap_running(const struct st_pssnap *s, long long pid,
    const char *command, size_t len)
{
	const struct st_psproc *x = u64map_get(&s->bypid, (uint64_t)pid);
	size_t n;

	for (; x; x = x->next) {
		n = strlen(x->command);
		if ((n == len || n >= CUT_MIN) && n <= len &&
		    memcmp(x->command, command, n) == 0)
			return x;
	}
	return NULL;
}

int
st_pssnap_start_fits(const struct st_psproc *x, int64_t exec_sec)
{
	int64_t r;

	if (x->start_prec == 0)
		return -1;
	/* The start less the exec, modulo 15 minutes, in [-450, 450). */
	r = ((x->start_sod - exec_sec) % 900 + 900 + 450) % 900 - 450;
	return r >= -10 - (x->start_prec - 1) && r <= 2;
}

void
st_pssnap_release(struct st_pssnap *s)
{
	struct st_psproc *x, *next;
	size_t i;

	for (i = 0; i < s->bypid.cap; i++)
		for (x = s->bypid.slot[i].val; x; x = next) {
			next = x->next;
			free(x->command);
			free(x);
		}
	u64map_release(&s->bypid);
	memset(s, 0, sizeof(*s));
}
