/* SPDX-License-Identifier: ISC */
/* Unit tests: rebuilding argv from EXECVE fields. */
#include "config.h"

#include "audit/fields.h"
#include "check.h"

struct field {
	const char *name, *value;
};

/* Apply fields as if from one or more EXECVE records, then finish;
 * the PROCTITLE bytes are given decoded and logged in hex. */
static void
build(struct st_argv *a, const struct field *f, const char *proctitle,
    size_t ptlen)
{
	struct sbuf hex = SBUF_INIT;
	size_t i;
	int had = 0;

	st_event_argv_reset(a);
	for (; f && f->name; f++, had = 1)
		st_fields_argv(a, f->name, f->value);
	for (i = 0; i < ptlen; i++)
		sb_addf(&hex, "%02X", (unsigned char)proctitle[i]);
	st_fields_argv_finish(a, sb_str(&hex), had);
	sb_release(&hex);
}

#define CHECK_ARG(a, i, want, n)	CHECK_MEM((a)->v[i].b.s, (a)->v[i].b.len, want, n)

static void
simple(struct st_argv *a)
{
	const struct field f[] = {
		{ "argc", "3" }, { "a0", "\"sh\"" }, { "a1", "\"-c\"" },
		{ "a2", "636174202F6574632F706173737764" }, { NULL, NULL }
	};

	build(a, f, NULL, 0);
	CHECK_INT(a->n, 3);
	CHECK_ARG(a, 2, "cat /etc/passwd", 15);
	CHECK_INT(a->flags, 0);
	CHECK_INT(a->v[2].flags, 0);
}

/* An argument split into pieces over two records, as the kernel does. */
static void
pieces(struct st_argv *a)
{
	const struct field f[] = {
		{ "argc", "3" }, { "a0", "\"sh\"" }, { "a1", "\"-c\"" },
		{ "a2_len", "12" }, { "a2[0]", "6563686F20" },
		/* the continuation record has no argc */
		{ "a2[1]", "41" }, { NULL, NULL }
	};
	const struct field quoted[] = {
		{ "argc", "2" }, { "a0", "\"echo\"" },
		{ "a1_len", "6" }, { "a1[0]", "\"abc\"" }, { "a1[1]", "\"def\"" },
		{ NULL, NULL }
	};

	build(a, f, NULL, 0);
	CHECK_ARG(a, 2, "echo A", 6);
	CHECK_INT(a->v[2].flags, 0);
	build(a, quoted, NULL, 0);
	CHECK_ARG(a, 1, "abcdef", 6);
	CHECK_INT(a->v[1].flags, 0);
}

static void
damaged(struct st_argv *a)
{
	const struct field gap[] = {
		{ "argc", "5" }, { "a0", "\"a\"" }, { "a1", "\"b\"" },
		{ "a3", "\"d\"" }, { "a4", "\"e\"" }, { NULL, NULL }
	};
	const struct field lies[] = {
		{ "argc", "2" }, { "a0", "\"x\"" }, { "a1_len", "100" },
		{ "a1[0]", "4142" }, { "a1[2]", "43" }, { NULL, NULL }
	};
	const struct field huge[] = {
		{ "argc", "100000" }, { "a0", "\"a\"" }, { "a1", "\"b\"" },
		{ "a2", "\"c\"" }, { NULL, NULL }
	};
	const struct field far[] = {
		{ "argc", "1" }, { "a0", "\"a\"" }, { "a999999999", "\"z\"" },
		{ NULL, NULL }
	};

	/* A missing position stays where it was: nothing shifts. */
	build(a, gap, NULL, 0);
	CHECK_INT(a->n, 5);
	CHECK(a->v[2].flags & ST_ARG_MISSING);
	CHECK_ARG(a, 3, "d", 1);
	CHECK_INT(a->flags, 0);

	build(a, lies, NULL, 0);
	CHECK(a->v[1].flags & ST_ARG_LENDIFF);
	CHECK(a->v[1].flags & ST_ARG_PIECEGAP);
	CHECK_ARG(a, 1, "ABC", 3);

	/* argc is only a claim: no 100,000 slots for three arguments. */
	build(a, huge, NULL, 0);
	CHECK_INT(a->n, 3);
	CHECK(a->flags & ST_ARGV_SHORT);

	build(a, far, NULL, 0);
	CHECK_INT(a->n, 1);
	CHECK(a->flags & ST_ARGV_DROPPED);
	CHECK(a->flags & ST_ARGV_LONG || a->n == 1);
}

static void
proctitle(struct st_argv *a)
{
	char cut[128];

	build(a, NULL, "ls\0-la\0/tmp", 11);
	CHECK_INT(a->n, 3);
	CHECK_ARG(a, 2, "/tmp", 4);
	CHECK(a->flags & ST_ARGV_PROCTITLE);
	CHECK(!(a->flags & ST_ARGV_CUT));

	/* 128 bytes: the kernel cut it. */
	memset(cut, 'x', sizeof(cut));
	cut[2] = '\0';
	build(a, NULL, cut, sizeof(cut));
	CHECK(a->flags & ST_ARGV_CUT);
	CHECK_INT(a->n, 2);
	CHECK_INT(a->v[1].b.len, 125);

	build(a, NULL, NULL, 0);
	CHECK(a->flags & ST_ARGV_NONE);
	CHECK_INT(a->n, 0);
}

int
main(void)
{
	struct st_argv a;

	memset(&a, 0, sizeof(a));
	simple(&a);
	pieces(&a);
	damaged(&a);
	proctitle(&a);
	st_event_argv_release(&a);
	return CHECK_DONE();
}
