/* SPDX-License-Identifier: ISC */
/* Unit tests: the process-tree builder and the web-origin rules. */
#include "config.h"

#include <stdlib.h>

#include "tree/proctree.h"
#include "tree/weborigin.h"
#include "check.h"

struct spec {
	enum st_evkind kind;
	long long pid, ppid, uid, auid;
	const char *user, *comm, *exe, *cwd, *args;
	int64_t sec;
};

static struct st_event ev;

static const struct st_event *
event(const struct spec *s)
{
	const char *a;
	struct st_arg *arg;
	size_t i = 0;

	st_event_reset(&ev);
	ev.kind = s->kind;
	ev.pid = s->pid;
	ev.ppid = s->ppid;
	ev.uid = s->uid;
	ev.auid = s->auid ? s->auid : ST_UID_UNSET;
	ev.id.sec = s->sec ? s->sec : 1795756858;
	ev.id.serial = (uint64_t)s->pid;
	sb_adds(&ev.user, s->user ? s->user : "");
	sb_adds(&ev.comm, s->comm ? s->comm : "");
	sb_adds(&ev.exe, s->exe ? s->exe : "");
	sb_adds(&ev.cwd, s->cwd ? s->cwd : "/");
	/* args: space-separated words, enough for these tests */
	for (a = s->args ? s->args : ""; *a; i++) {
		size_t n = strcspn(a, " ");

		arg = st_event_argv_slot(&ev.argv, i);
		sb_add(&arg->b, a, n);
		arg->present = 1;
		a += n + (a[n] == ' ');
	}
	return &ev;
}

static const struct st_proc *
exec(struct st_proctree *t, struct spec s)
{
	s.kind = ST_EV_EXEC;
	return st_proctree_exec(t, event(&s));
}

static void
learn(struct st_proctree *t, struct spec s)
{
	s.kind = ST_EV_SYSCALL;
	st_proctree_learn(t, event(&s));
}

static void
chain_is(const struct st_proc *p, const char *want)
{
	struct sbuf b = SBUF_INIT;

	st_proctree_chain(p, 12, &b);
	CHECK_STR(sb_str(&b), want);
	sb_release(&b);
}

/* The seed capture's shape: a php-fpm worker never seen, RAW log. */
static void
seed(struct st_weborigin *cfg)
{
	struct st_proctree *t = st_proctree_new(cfg);
	const struct st_proc *sh, *cat;

	sh = exec(t, (struct spec){ .pid = 17452, .ppid = 17431, .uid = 33,
	    .comm = "sh", .exe = "/usr/bin/dash", .cwd = "/opt/www/php" });
	CHECK(sh->web);
	CHECK_STR(sh->why_text, "user:uid33;webroot:/opt/www");
	CHECK_INT(sh->depth, 0);
	chain_is(sh, "? pid 17431 > sh[17452]");
	cat = exec(t, (struct spec){ .pid = 17453, .ppid = 17452, .uid = 33,
	    .comm = "cat", .exe = "/usr/bin/cat", .cwd = "/opt/www/php" });
	CHECK(cat->web);
	CHECK(cat->root == sh);
	CHECK_INT(cat->depth, 1);
	chain_is(cat, "? pid 17431 > sh[17452] > cat[17453]");
	/* root's own commands, auid unset too, are not web-originated */
	CHECK(!exec(t, (struct spec){ .pid = 17460, .ppid = 17375, .uid = 0,
	    .comm = "cat", .exe = "/usr/bin/cat", .cwd = "/root" })->web);
	st_proctree_free(t);
}

/* Parents named by any SYSCALL record, before or after the child. */
static void
learned(struct st_weborigin *cfg)
{
	struct st_proctree *t = st_proctree_new(cfg);
	const struct st_proc *sh;

	learn(t, (struct spec){ .pid = 500, .ppid = 400, .uid = 33,
	    .comm = "php-fpm8.2", .exe = "/usr/sbin/php-fpm8.2" });
	sh = exec(t, (struct spec){ .pid = 501, .ppid = 500, .uid = 33,
	    .comm = "sh", .exe = "/usr/bin/dash", .cwd = "/" });
	chain_is(sh, "? php-fpm8.2[500] > sh[501]");
	CHECK_STR(sh->why_text, "server:php-fpm8.2;user:uid33");

	sh = exec(t, (struct spec){ .pid = 601, .ppid = 600, .uid = 1000,
	    .comm = "sh", .exe = "/usr/bin/dash" });
	CHECK(!sh->web);
	learn(t, (struct spec){ .pid = 600, .ppid = 1, .uid = 1000,
	    .comm = "apache2", .exe = "/usr/sbin/apache2" });
	chain_is(sh, "? apache2[600] > sh[601]");
	st_proctree_free(t);
}

/* A reused pid must not join the wrong tree. */
static void
reuse(struct st_weborigin *cfg)
{
	struct st_proctree *t = st_proctree_new(cfg);
	const struct st_proc *p;

	exec(t, (struct spec){ .pid = 200, .ppid = 1, .uid = 0,
	    .comm = "bash", .exe = "/usr/bin/bash", .sec = 100 });
	p = exec(t, (struct spec){ .pid = 201, .ppid = 200, .uid = 0,
	    .comm = "ls", .exe = "/usr/bin/ls", .sec = 101 });
	chain_is(p, "? pid 1 > bash[200] > ls[201]");
	/* pid 200 comes back as a web shell's sh */
	exec(t, (struct spec){ .pid = 200, .ppid = 900, .uid = 33,
	    .comm = "sh", .exe = "/usr/bin/dash", .sec = 200 });
	p = exec(t, (struct spec){ .pid = 202, .ppid = 200, .uid = 33,
	    .comm = "id", .exe = "/usr/bin/id", .sec = 201 });
	chain_is(p, "? pid 900 > sh[200] > id[202]");
	CHECK(p->web);
	st_proctree_free(t);
}

/* "bash -c 'exec id'": the new image is the child of the old one. */
static void
reexec(struct st_weborigin *cfg)
{
	struct st_proctree *t = st_proctree_new(cfg);
	const struct st_proc *p;

	exec(t, (struct spec){ .pid = 300, .ppid = 50, .uid = 33,
	    .user = "www-data", .comm = "bash", .exe = "/usr/bin/bash" });
	p = exec(t, (struct spec){ .pid = 300, .ppid = 50, .uid = 33,
	    .user = "www-data", .comm = "id", .exe = "/usr/bin/id" });
	chain_is(p, "? pid 50 > bash[300] > id[300]");
	CHECK_INT(p->depth, 1);
	/* An hour later the pid is another child of the same parent. */
	p = exec(t, (struct spec){ .pid = 300, .ppid = 50, .uid = 33,
	    .user = "www-data", .comm = "ls", .exe = "/usr/bin/ls",
	    .sec = 1795756858 + 3600 });
	chain_is(p, "? pid 50 > ls[300]");
	st_proctree_free(t);
}

static void
rules(struct st_weborigin *cfg)
{
	struct st_proctree *t = st_proctree_new(cfg);
	const struct st_proc *p;

	/* A server is not web-originated by itself ... */
	p = exec(t, (struct spec){ .pid = 10, .ppid = 1, .uid = 0,
	    .comm = "nginx", .exe = "/usr/sbin/nginx" });
	CHECK(p->is_server);
	CHECK(!p->web);
	/* ... but a server a web shell starts is. */
	exec(t, (struct spec){ .pid = 11, .ppid = 77, .uid = 33,
	    .user = "www-data", .comm = "sh", .exe = "/usr/bin/dash" });
	p = exec(t, (struct spec){ .pid = 12, .ppid = 11, .uid = 33,
	    .user = "www-data", .comm = "node", .exe = "/usr/bin/node" });
	CHECK(p->is_server && p->web);
	p = exec(t, (struct spec){ .pid = 13, .ppid = 12, .uid = 33,
	    .user = "www-data", .comm = "sh", .exe = "/usr/bin/dash" });
	CHECK_INT(p->depth, 2);
	/* A named account not in the list: the default uid 33 is not used. */
	p = exec(t, (struct spec){ .pid = 20, .ppid = 1, .uid = 33,
	    .user = "tape", .comm = "tar", .exe = "/usr/bin/tar" });
	CHECK(!p->web);
	/* A web account with a login session is an administrator. */
	p = exec(t, (struct spec){ .pid = 21, .ppid = 1, .uid = 33,
	    .auid = 1000, .user = "www-data", .comm = "ls",
	    .exe = "/usr/bin/ls" });
	CHECK(!p->web);
	/* Web root globs stop at '/'. */
	p = exec(t, (struct spec){ .pid = 22, .ppid = 1, .uid = 1000,
	    .auid = 1000, .comm = "ls", .exe = "/usr/bin/ls",
	    .cwd = "/home/alice/public_html/blog" });
	CHECK_STR(p->why_text, "webroot:/home/alice/public_html");
	p = exec(t, (struct spec){ .pid = 23, .ppid = 1, .uid = 1000,
	    .auid = 1000, .comm = "ls", .exe = "/usr/bin/ls",
	    .cwd = "/var/wwwx" });
	CHECK(!p->web);
	/* java is a server only when it runs a servlet container */
	p = exec(t, (struct spec){ .pid = 30, .ppid = 1, .uid = 0,
	    .comm = "java", .exe = "/usr/lib/jvm/bin/java",
	    .args = "java -cp x org.apache.catalina.startup.Bootstrap start" });
	CHECK(p->is_server);
	p = exec(t, (struct spec){ .pid = 31, .ppid = 1, .uid = 0,
	    .comm = "java", .exe = "/usr/lib/jvm/bin/java",
	    .args = "java -jar build-tool.jar" });
	CHECK(!p->is_server);
	st_proctree_free(t);
}

static void
options(void)
{
	struct st_weborigin *cfg = st_weborigin_new();
	struct st_proctree *t;
	const struct st_proc *p;
	char err[128];

	CHECK_INT(st_weborigin_add_user(cfg, "1001", err, sizeof(err)), 0);
	CHECK_INT(st_weborigin_add_root(cfg, "/data/sites/", err, sizeof(err)),
	    0);
	CHECK_INT(st_weborigin_add_server(cfg, "myapp*", err, sizeof(err)), 0);
	CHECK_INT(st_weborigin_add_root(cfg, "relative", err, sizeof(err)), -1);
	CHECK_INT(st_weborigin_add_user(cfg, "99999999999", err, sizeof(err)),
	    -1);
	CHECK_INT(st_weborigin_compile(cfg, err, sizeof(err)), 0);
	t = st_proctree_new(cfg);
	p = exec(t, (struct spec){ .pid = 40, .ppid = 1, .uid = 1001,
	    .user = "deploy", .comm = "id", .exe = "/usr/bin/id" });
	CHECK_STR(p->why_text, "user:deploy");
	p = exec(t, (struct spec){ .pid = 41, .ppid = 1, .uid = 5,
	    .auid = 5, .comm = "id", .exe = "/usr/bin/id",
	    .cwd = "/data/sites/shop" });
	CHECK_STR(p->why_text, "webroot:/data/sites");
	learn(t, (struct spec){ .pid = 42, .ppid = 1, .uid = 5,
	    .comm = "myapp-worker", .exe = "/opt/myapp/bin/worker" });
	p = exec(t, (struct spec){ .pid = 43, .ppid = 42, .uid = 5, .auid = 5,
	    .comm = "sh", .exe = "/bin/sh" });
	CHECK_STR(p->why_text, "server:myapp-worker");
	st_proctree_free(t);
	st_weborigin_free(cfg);
}

/*
 * A chain 50,000 deep: building, naming and freeing it must not
 * recurse (AddressSanitizer would see the stack overflow).
 */
static void
deep(struct st_weborigin *cfg)
{
	struct st_proctree *t = st_proctree_new(cfg);
	const struct st_proc *p = NULL;
	struct sbuf b = SBUF_INIT;
	long long pid;

	for (pid = 2; pid < 50002; pid++)
		p = exec(t, (struct spec){ .pid = pid, .ppid = pid - 1,
		    .uid = 33, .comm = "sh", .exe = "/bin/sh" });
	CHECK_INT(p->depth, 49999);
	st_proctree_chain(p, 3, &b);
	CHECK_STR(sb_str(&b), "... > sh[49999] > sh[50000] > sh[50001]");
	CHECK_INT(st_proctree_size(t), 50001);
	sb_release(&b);
	st_proctree_free(t);
}

/*
 * "sh -c 'cmd &'": the outer sh exits, its child execs as an orphan
 * (ppid 1).  A clone record naming the child links it back; without
 * one, or long after, the orphan starts its own tree.
 */
static void
orphan(struct st_weborigin *cfg)
{
	struct st_proctree *t = st_proctree_new(cfg);
	const struct st_proc *p;
	struct spec clone = { .kind = ST_EV_SYSCALL, .pid = 800, .ppid = 700,
	    .uid = 33, .user = "www-data", .comm = "sh",
	    .exe = "/usr/bin/dash", .sec = 1000 };

	exec(t, (struct spec){ .pid = 800, .ppid = 700, .uid = 33,
	    .user = "www-data", .comm = "sh", .exe = "/usr/bin/dash",
	    .sec = 1000 });
	st_event_reset(&ev);
	event(&clone);
	sb_adds(&ev.syscall, "clone");
	ev.success = 1;
	ev.exit = 801;
	st_proctree_learn(t, &ev);
	p = exec(t, (struct spec){ .pid = 801, .ppid = 1, .uid = 33,
	    .user = "www-data", .comm = "sleep", .exe = "/usr/bin/sleep",
	    .sec = 1001 });
	chain_is(p, "? pid 700 > sh[800] > sleep[801]");
	CHECK_INT(p->depth, 1);
	/* pid 801 reused by an unrelated orphan much later */
	exec(t, (struct spec){ .pid = 801, .ppid = 1, .uid = 0,
	    .comm = "x", .exe = "/x", .sec = 5000 });
	st_event_reset(&ev);
	event(&clone);
	sb_adds(&ev.syscall, "clone");
	ev.success = 1;
	ev.exit = 802;
	st_proctree_learn(t, &ev);
	p = exec(t, (struct spec){ .pid = 802, .ppid = 1, .uid = 0,
	    .comm = "y", .exe = "/y", .sec = 9000 });
	chain_is(p, "? pid 1 > y[802]");
	st_proctree_free(t);
}

/* A parent link that would close a loop is not made. */
static void
loop(struct st_weborigin *cfg)
{
	struct st_proctree *t = st_proctree_new(cfg);
	const struct st_proc *a;

	/* 70 is a placeholder child of 71's exec ... */
	exec(t, (struct spec){ .pid = 71, .ppid = 70, .uid = 0,
	    .comm = "a", .exe = "/a" });
	/* ... and claims 71 as its own parent. */
	learn(t, (struct spec){ .pid = 70, .ppid = 71, .uid = 0,
	    .comm = "b", .exe = "/b" });
	a = exec(t, (struct spec){ .pid = 72, .ppid = 71, .uid = 0,
	    .comm = "c", .exe = "/c" });
	chain_is(a, "? b[70] > a[71] > c[72]");
	st_proctree_free(t);
}

static void
count_evicted(void *ctx, const char *node, long long pid)
{
	(void)node;
	*(long long *)ctx = pid;
}

/*
 * Past its limit the table lets go of the process unused the longest;
 * a process that stays in use stays, and a child keeps its chain.
 */
static void
limit(struct st_weborigin *cfg)
{
	struct st_proctree *t = st_proctree_new(cfg);
	const struct st_proc *p;
	long long last = 0;

	st_proctree_limit(t, 3, count_evicted, &last);
	exec(t, (struct spec){ .pid = 10, .ppid = 1, .comm = "fpm",
	    .exe = "/usr/sbin/php-fpm8.2" });
	exec(t, (struct spec){ .pid = 11, .ppid = 10, .comm = "a",
	    .exe = "/bin/a" });
	exec(t, (struct spec){ .pid = 12, .ppid = 10, .comm = "b",
	    .exe = "/bin/b" });
	/* pid 1, a placeholder, was used longest ago */
	CHECK_INT(last, 1);
	p = exec(t, (struct spec){ .pid = 13, .ppid = 10, .comm = "c",
	    .exe = "/bin/c" });
	CHECK_INT(last, 11);
	CHECK_INT(st_proctree_size(t), 3);
	chain_is(p, "? pid 1 > fpm[10] > c[13]");
	/* learning what is known already is not a use: 12 goes next */
	learn(t, (struct spec){ .pid = 12, .ppid = 10, .comm = "b",
	    .exe = "/bin/b" });
	exec(t, (struct spec){ .pid = 14, .ppid = 10, .comm = "d",
	    .exe = "/bin/d" });
	CHECK_INT(last, 12);
	st_proctree_free(t);
}

static void
count_gone(void *ctx, uint64_t seq)
{
	(void)seq;
	++*(int *)ctx;
}

/* A process is gone only when neither its pid nor a descendant holds it. */
static void
gone(struct st_weborigin *cfg)
{
	struct st_proctree *t = st_proctree_new(cfg);
	int n = 0;

	st_proctree_on_gone(t, count_gone, &n);
	exec(t, (struct spec){ .pid = 20, .ppid = 1, .comm = "sh",
	    .exe = "/bin/sh" });
	exec(t, (struct spec){ .pid = 21, .ppid = 20, .comm = "cat",
	    .exe = "/bin/cat" });
	/* pid 20 reused: sh[20] still holds cat[21] up */
	exec(t, (struct spec){ .pid = 20, .ppid = 5, .comm = "ls",
	    .exe = "/bin/ls" });
	CHECK_INT(n, 0);
	/* pid 21 reused: cat goes, and sh with it */
	exec(t, (struct spec){ .pid = 21, .ppid = 5, .comm = "id",
	    .exe = "/bin/id" });
	CHECK_INT(n, 2);
	st_proctree_free(t);
	CHECK_INT(n, 2);
}

int
main(void)
{
	struct st_weborigin *cfg = st_weborigin_new();
	char err[128];

	if (st_weborigin_compile(cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	st_event_init(&ev);
	seed(cfg);
	learned(cfg);
	reuse(cfg);
	reexec(cfg);
	limit(cfg);
	gone(cfg);
	rules(cfg);
	options();
	deep(cfg);
	orphan(cfg);
	loop(cfg);
	st_event_release(&ev);
	st_weborigin_free(cfg);
	return CHECK_DONE();
}
