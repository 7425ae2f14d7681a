#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "input/pssnap.h"
#include "input/reader.h"

/* A cut command this short says too little to be matched. */
#define CUT_MIN		8

enum layout { PS_NONE, PS_AUX, PS_EF };

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
word_is(const char *p, const char *end, unsigned n, const char *w)
{
	const char *e, *f = field(p, end, n, &e);

	return f && (size_t)(e - f) == strlen(w) && memcmp(f, w, strlen(w)) == 0;
}

static enum layout
header(const char *p, size_t n)
{
	const char *end = p + n;

	if (word_is(p, end, 0, "USER") && word_is(p, end, 1, "PID") &&
	    word_is(p, end, 10, "COMMAND"))
		return PS_AUX;
	if (word_is(p, end, 0, "UID") && word_is(p, end, 1, "PID") &&
	    word_is(p, end, 2, "PPID") && word_is(p, end, 7, "CMD"))
		return PS_EF;
	return PS_NONE;
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

static void
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
}

static void
one_line(struct st_pssnap *s, enum layout l, const struct st_line *ln,
    const char *file)
{
	const char *end = ln->p + ln->len, *e, *pid, *cmd;
	char num[24];

	cmd = field(ln->p, end, l == PS_AUX ? 10 : 7, &e);
	pid = field(ln->p, end, 1, &e);
	if (pid == NULL || cmd == NULL || (size_t)(e - pid) >= sizeof(num))
		return;
	memcpy(num, pid, (size_t)(e - pid));
	num[e - pid] = '\0';
	if (strspn(num, "0123456789") != strlen(num) || atoll(num) <= 0)
		return;
	cmd = untree(cmd, end);
	add(s, atoll(num), cmd, (size_t)(end - cmd), file, ln->no);
}

int
st_pssnap_lines(struct st_pssnap *s, struct st_reader *in, const char *name,
    char *err, size_t errlen)
{
	struct st_line ln;
	enum layout l = PS_NONE;
	int rc;

	while ((rc = st_reader_line(in, &ln)) == 1) {
		if (l == PS_NONE && (l = header(ln.p, ln.len)) == PS_NONE)
			break;
		if (ln.no > 1 && s->procs < ST_PSSNAP_MAX)
			one_line(s, l, &ln, name);
	}
	if (rc < 0) {
		snprintf(err, errlen, "%s", st_reader_error(in));
		return -1;
	}
	s->files += l != PS_NONE;
	return l != PS_NONE;
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
