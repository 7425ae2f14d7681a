/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "base/hash.h"
#include "base/u64map.h"
#include "correlate/hunt.h"
#include "correlate/internal.h"

/* Caps on what the first pass counts (see hunt.h). */
#define MAX_SCRIPTS	65536
#define MAX_PAIRS	262144
#define MAX_CLIENTS	65536
#define PAIR_UAS	8	/* user agents told apart per pair */
/* "Only one or two clients" means something on a site with more. */
#define RARE_CLIENTS	2
#define SITE_CLIENTS	5
#define BURST_MS	3000
/* An upload, then its script: this soon after. */
#define UPLOAD_MS	60000

enum level { L_NONE, L_LOW, L_MEDIUM, L_HIGH };

struct script {
	uint64_t	 client[RARE_CLIENTS + 1];
	unsigned	 nclients;	/* told apart up to RARE_CLIENTS + 1 */
	uint64_t	 post_ok;	/* POSTs answered 2xx */
};

/* One client of one script. */
struct pair {
	uint64_t	 ua[PAIR_UAS];
	unsigned	 nua;
	uint64_t	 requests;
	int64_t		 first_ms[3];	/* its first three requests */
	unsigned	 nfirst, first_posts;
};

/* A client that ran a script under a static directory: when first. */
struct client {
	int64_t		 first_ms;
	uint64_t	 path_hash;
	char		*path;		/* its first PATH_SHOWN bytes */
};
#define PATH_SHOWN	256

struct verdict {
	struct sbuf	 why, cmd, tmp;
	enum level	 level;
	unsigned	 mediums, own;	/* medium reasons, of them this
					 * client's own doing */
	/* A value that starts with a command, in a parameter not named
	 * for one: a command only on a script no one else requests. */
	const struct st_value *starts;
};

struct st_hunt {
	struct st_hunt_opts o;
	struct u64map	 scripts, pairs;
	/* Every client seen, to the shared 'seen' or its struct client. */
	struct u64map	 clients;
	struct client	 seen;
	struct st_hunt_stats stats;
	struct verdict	 v;
	struct st_row	 row;
};

/*
 * Parameter names web shells take their command in, and the commands
 * an operator's first requests run: a value that starts with one of
 * these in such a parameter, or follows a shell separator anywhere, is
 * a command.
 */
static const char *const shell_params[] = {
	"cmd", "c", "command", "exec", "execute", "run", "shell", "sh",
	"system", "passthru", "code", "payload", "x", "e",
};
static const char *const commands[] = {
	"id", "whoami", "uname", "cat", "ls", "pwd", "wget", "curl", "nc",
	"ncat", "bash", "sh", "python", "python3", "perl", "php", "ruby",
	"echo", "base64", "chmod", "rm", "find", "ps", "netstat", "ss",
	"ifconfig", "ip", "hostname", "env", "printenv", "head", "tail",
	"grep", "tar", "mkfifo", "telnet", "socat", "nohup", "sleep",
	"crontab", "useradd", "sudo", "su", "arp", "getent", "who", "w",
	"last", "df", "mount", "busybox", "dig", "nslookup", "ping",
	"printf", "awk", "sed", "cut", "wc", "which", "stat", "touch",
	"mkdir", "cp", "mv", "kill", "pkill", "lsof", "uptime", "systemctl",
	"openssl", "xxd", "dd", "tee", "cd", "export", "gzip", "unzip",
};
/* What a server runs rather than sends (a .py or .sh it sends). */
static const char *const script_exts[] = {
	"php", "php3", "php4", "php5", "php7", "php8", "phtml", "phar",
	"jsp", "jspx", "asp", "aspx", "ashx", "cgi",
};
static const char *const static_dirs[] = {
	"upload", "uploads", "cache", "image", "images", "img", "media",
	"assets", "static", "files", "tmp", "temp", "avatars",
	"attachments", "userfiles", "js", "css", "fonts",
};

/*
 * Is s (len bytes, NULs and all) a word of list?  Compared a byte at a
 * time: most words differ at the first, and a strlen of every word for
 * every value was 6% of the hunt's time.
 */
static int
listed(const char *const *list, size_t n, const char *s, size_t len)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < len && list[i][k] != '\0' && list[i][k] == s[k];
		    k++)
			;
		if (k == len && list[i][len] == '\0')
			return 1;
	}
	return 0;
}
#define LISTED(l, s, n)	listed(l, sizeof(l) / sizeof(*l), s, n)

/* A command word with its directory ("/usr/bin/id") is no longer. */
#define WORD_MAX	64

/*
 * s starts (after blanks) with a command word: "id", "/bin/cat x".
 * The word is looked at only so far, so that a value of a million
 * separators costs a million short looks, not a million long ones.
 */
static int
is_command(const char *s, size_t n)
{
	size_t i = 0, w, base;

	while (i < n && i < WORD_MAX && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (w = i, base = i; w < n && w - i < WORD_MAX &&
	    strchr(" \t;|&`)'\"\n", s[w]) == NULL; w++)
		if (s[w] == '/')
			base = w + 1;
	return w > base && w - i < WORD_MAX &&
	    LISTED(commands, s + base, w - base);
}

/* The separator a command follows in s, or NULL. */
static const char *
injected(const char *s, size_t n)
{
	static const char *const seps[] = { ";", "|", "&", "`", "$(", "\n" };
	size_t i, k, l;

	for (i = 0; i < n; i++)
		for (k = 0; k < sizeof(seps) / sizeof(*seps); k++) {
			l = strlen(seps[k]);
			if (i + l <= n && memcmp(s + i, seps[k], l) == 0 &&
			    is_command(s + i + l, n - i - l))
				return seps[k];
		}
	return NULL;
}

/*
 * A reason, at a level.  Two medium ones together make a high one only
 * when one is this client's own doing (its user agents, its POSTs to a
 * script no one else requested): what a script is like (where it lies,
 * how few requested it) says nothing of who else requested it, and a
 * bystander's request to it must not rise to high.
 */
static void
because(struct verdict *v, enum level l, int own, const char *fmt, ...)
{
	va_list ap;

	if (v->why.len)
		sb_adds(&v->why, "; ");
	va_start(ap, fmt);
	sb_vaddf(&v->why, fmt, ap);
	va_end(ap);
	if (l == L_MEDIUM) {
		v->mediums++;
		v->own += own;
		if (v->mediums >= 2 && v->own >= 1)
			l = L_HIGH;
	}
	if (l > v->level)
		v->level = l;
}

/* The parameter's name as a person may read it. */
static const char *
pname(struct verdict *v, const char *name)
{
	sb_clear(&v->tmp);
	st_escape(&v->tmp, name, strlen(name));
	return sb_str(&v->tmp);
}

static void
take_command(struct verdict *v, const struct st_value *x)
{
	if (v->cmd.len == 0)
		sb_add(&v->cmd, x->s, x->len);
}

/* What the request carries by itself: a command in a parameter. */
static void
judge_values(struct verdict *v, const struct st_request *q)
{
	const struct st_value *x;
	const char *sep;
	size_t i;

	for (i = 0; i < q->nvalues; i++) {
		x = &q->values[i];
		if (x->base64 && is_command(x->s, x->len)) {
			because(v, L_HIGH, 1, "parameter %s is base64 of a command",
			    pname(v, x->param));
			take_command(v, x);
		} else if (LISTED(shell_params, x->param, strlen(x->param)) &&
		    is_command(x->s, x->len)) {
			because(v, L_HIGH, 1, "parameter %s holds a command",
			    pname(v, x->param));
			take_command(v, x);
		} else if ((sep = injected(x->s, x->len)) != NULL) {
			because(v, L_HIGH, 1, "parameter %s carries a command after "
			    "'%s'", pname(v, x->param), sep[0] == '\n' ? "\\n" :
			    sep);
			take_command(v, x);
		} else if (is_command(x->s, x->len)) {
			if (v->starts == NULL)
				v->starts = x;
		} else if (strcmp(x->param, "feature") == 0 && x->len == 5 &&
		    memcmp(x->s, "shell", 5) == 0)
			because(v, L_MEDIUM, 1, "?feature=shell, as p0wny-shell "
			    "sends");
	}
}

/* The last component ends in a script's extension (".php"): a route
 * ("/image/42/thumb") is no file lying in a directory. */
static int
script_file(const char *path)
{
	const char *last = strrchr(path, '/'), *dot;
	char ext[8];
	size_t i, n;

	if (last == NULL || (dot = strrchr(last, '.')) == NULL ||
	    (n = strlen(++dot)) >= sizeof(ext))
		return 0;
	for (i = 0; i < n; i++)
		ext[i] = (char)(dot[i] >= 'A' && dot[i] <= 'Z' ? dot[i] + 32 :
		    dot[i]);
	return LISTED(script_exts, ext, n);
}

/* The static directory a script lies in, where none should run; or
 * NULL. */
static const char *
static_dir(const char *path, struct sbuf *out)
{
	const char *p = path, *e, *last = strrchr(path, '/');

	if (!script_file(path))
		return NULL;

	while (last && p < last) {
		while (*p == '/')
			p++;
		e = strchr(p, '/');
		if (e == NULL || e > last)
			break;
		if (LISTED(static_dirs, p, (size_t)(e - p))) {
			st_escape(out, p, (size_t)(e - p));
			return sb_str(out);
		}
		p = e;
	}
	return NULL;
}

static uint64_t
pair_key(const struct st_request *q)
{
	return st_hash64(q->path_hash ^ st_hash64(q->client_hash));
}

static int
ok_status(struct st_request *q)
{
	int s = st_request_status(q);

	return s >= 200 && s < 300;
}

static int
is_post(const struct st_request *q)
{
	return q->method && strcmp(q->method, "POST") == 0;
}

/* What the script's other requests say, as the first pass counted. */
static void
judge_script(struct st_hunt *h, struct verdict *v, struct st_request *q)
{
	const struct script *s = u64map_get(&h->scripts, q->path_hash);
	const struct pair *p = u64map_get(&h->pairs, pair_key(q));
	const char *dir;
	int rare;

	sb_clear(&v->tmp);
	if (ok_status(q) && (dir = static_dir(q->path, &v->tmp)) != NULL)
		because(v, is_post(q) ? L_HIGH : L_MEDIUM, is_post(q),
		    "a script under %s/ answered %s with %d", dir,
		    q->method ? q->method : "?", st_request_status(q));
	if (s && v->starts && s->nclients == 1 && h->clients.n >=
	    SITE_CLIENTS) {
		because(v, L_MEDIUM, 1, "parameter %s starts with a command, "
		    "and no other client requested this script",
		    pname(v, v->starts->param));
		take_command(v, v->starts);
	}
	if (s == NULL || !s->post_ok)
		return;
	rare = s->nclients <= RARE_CLIENTS && h->clients.n >= SITE_CLIENTS;
	if (rare)
		because(v, s->nclients == 1 ? L_MEDIUM : L_LOW,
		    s->nclients == 1 && is_post(q), "only %u of %zu%s clients "
		    "requested this script, and it answered POSTs",
		    s->nclients, h->clients.n, h->clients.n >= MAX_CLIENTS ?
		    "+" : "");
	/* A manager's habits, on a script hardly anyone else requests;
	 * on a busy one they are a proxy's or a crowd's. */
	if (rare && p && p->nua >= 3 && p->nua * 3 >= p->requests)
		because(v, L_MEDIUM, 1, "this client sent it %s%u user agents "
		    "in %llu requests, as web shell managers do",
		    p->nua == PAIR_UAS ? "at least " : "", p->nua,
		    (unsigned long long)p->requests);
	if (rare && p && p->nfirst == 3 && p->first_posts == 3 &&
	    p->first_ms[2] - p->first_ms[0] <= BURST_MS)
		because(v, L_LOW, 1, "this client opened with three POSTs "
		    "within %lld ms", (long long)(p->first_ms[2] -
		    p->first_ms[0]));
}

/*
 * A POST shortly before the same client's first request to a script
 * under a static directory: the upload of a shell, then the shell.
 */
static void
judge_upload(struct st_hunt *h, struct verdict *v, struct st_request *q)
{
	const struct client *c = u64map_get(&h->clients, q->client_hash);

	if (c == NULL || c == &h->seen || !is_post(q) || !ok_status(q) ||
	    q->path_hash == c->path_hash || c->first_ms < q->end_ms ||
	    c->first_ms - q->end_ms > UPLOAD_MS)
		return;
	sb_clear(&v->tmp);
	st_escape(&v->tmp, c->path, strlen(c->path));
	because(v, L_MEDIUM, 1, "%lld s later this client first ran %s, a "
	    "script under a static directory: an upload, then its shell?",
	    (long long)((c->first_ms - q->end_ms) / 1000), sb_str(&v->tmp));
}

static void *
counted(struct st_hunt *h, struct u64map *m, uint64_t key, size_t max,
    size_t size)
{
	void *x = u64map_get(m, key);

	if (x == NULL && m->n < max)
		u64map_put(m, key, x = st_calloc(1, size));
	else if (x == NULL)
		h->stats.capped = 1;
	return x;
}

static void
learn_pair(struct st_hunt *h, struct st_request *q)
{
	struct pair *p = counted(h, &h->pairs, pair_key(q), MAX_PAIRS,
	    sizeof(*p));
	const char *ua;
	uint64_t u;
	unsigned i;

	if (p == NULL)
		return;
	p->requests++;
	if (p->nfirst < 3) {
		p->first_ms[p->nfirst++] = q->end_ms;
		p->first_posts += is_post(q);
	}
	ua = st_request_text(q, ST_V_USER_AGENT);
	u = st_hash_bytes(ua, strlen(ua));
	for (i = 0; i < p->nua && p->ua[i] != u; i++)
		;
	if (i == p->nua && p->nua < PAIR_UAS)
		p->ua[p->nua++] = u;
}

/* The client, and when it first ran a script under a static dir. */
static void
learn_client(struct st_hunt *h, struct st_request *q)
{
	struct client *c = u64map_get(&h->clients, q->client_hash);

	if (c == NULL && h->clients.n >= MAX_CLIENTS) {
		h->stats.capped = 1;
		return;
	}
	if (c == NULL)
		u64map_put(&h->clients, q->client_hash, c = &h->seen);
	sb_clear(&h->v.tmp);
	if (c != &h->seen || !q->dynamic || !ok_status(q) ||
	    static_dir(q->path, &h->v.tmp) == NULL)
		return;
	c = st_calloc(1, sizeof(*c));
	c->first_ms = q->end_ms;
	c->path_hash = q->path_hash;
	c->path = st_memdup(q->path, strnlen(q->path, PATH_SHOWN));
	u64map_put(&h->clients, q->client_hash, c);
}

void
st_hunt_learn(struct st_hunt *h, struct st_request *q)
{
	struct script *s;
	unsigned i;

	if (q->end_ms < h->o.since_ms || q->end_ms > h->o.until_ms)
		return;
	h->stats.requests++;
	learn_client(h, q);
	if (!q->dynamic || (s = counted(h, &h->scripts, q->path_hash,
	    MAX_SCRIPTS, sizeof(*s))) == NULL)
		return;
	for (i = 0; i < s->nclients && s->client[i] != q->client_hash; i++)
		;
	if (i == s->nclients && s->nclients <= RARE_CLIENTS)
		s->client[s->nclients++] = q->client_hash;
	if (is_post(q) && ok_status(q))
		s->post_ok++;
	h->stats.scripts = h->scripts.n;
	learn_pair(h, q);
}

/*
 * A request the server did not answer with 2xx ran nothing it could
 * show: a probe for a shell that is not there (404, 400) says little,
 * other refusals and errors (403, 500) leave it medium at most.
 */
static void
answered(struct verdict *v, struct st_request *q)
{
	int s = st_request_status(q);
	enum level cap = s == 400 || s == 404 || s == 405 ? L_LOW : L_MEDIUM;

	if (v->level == L_NONE || ok_status(q) || v->level <= cap)
		return;
	v->level = cap;
	sb_addf(&v->why, "; but it was answered %d", s);
}

static const char *const level_names[] = { "", "low", "medium", "high" };

static void
emit(struct st_hunt *h, struct st_request *q, struct st_sink *w)
{
	struct st_row *r = &h->row;
	struct st_stamp id = { q->end_ms / 1000, (unsigned)(q->end_ms % 1000),
	    q->seq };

	st_row_clear(r);
	st_row_times(r, &id, &h->o.tz);
	sb_adds(&r->text[ST_COL_DESC], "Web Request");
	if (h->o.host)
		sb_adds(&r->text[ST_COL_HOST], h->o.host);
	corr_request_columns(r, q, &h->o.tz);
	r->web = 1;
	sb_adds(&r->text[ST_COL_MATCH], "hunt");
	sb_adds(&r->text[ST_COL_CONFIDENCE], level_names[h->v.level]);
	sb_add(&r->text[ST_COL_MATCH_REASON], h->v.why.s, h->v.why.len);
	sb_adds(&r->text[ST_COL_SCRIPT], q->path);
	sb_add(&r->text[ST_COL_OPERATOR_COMMAND], h->v.cmd.s, h->v.cmd.len);
	st_escape(&r->text[ST_COL_MESSAGE], q->client, strlen(q->client));
	sb_addf(&r->text[ST_COL_MESSAGE], " %s ", q->method ? q->method : "-");
	st_escape(&r->text[ST_COL_MESSAGE], st_request_uri(q),
	    strlen(st_request_uri(q)));
	sb_addf(&r->text[ST_COL_MESSAGE], " %d: %s (access logs alone)",
	    st_request_status(q), sb_str(&h->v.why));
	w->row(w, r);
	h->stats.rows++;
	h->stats.high += h->v.level == L_HIGH;
}

void
st_hunt_judge(struct st_hunt *h, struct st_request *q, struct st_sink *w)
{
	struct verdict *v = &h->v;

	if (q->end_ms < h->o.since_ms || q->end_ms > h->o.until_ms)
		return;
	sb_clear(&v->why);
	sb_clear(&v->cmd);
	v->level = L_NONE;
	v->mediums = v->own = 0;
	v->starts = NULL;
	judge_values(v, q);
	if (q->dynamic)
		judge_script(h, v, q);
	judge_upload(h, v, q);
	answered(v, q);
	/* Low reasons only add to others: alone they fit too much. */
	if (v->level >= L_MEDIUM)
		emit(h, q, w);
}

struct st_hunt *
st_hunt_new(const struct st_hunt_opts *o)
{
	struct st_hunt *h = st_calloc(1, sizeof(*h));

	h->o = *o;
	st_row_init(&h->row);
	return h;
}

const struct st_hunt_stats *
st_hunt_stats(const struct st_hunt *h)
{
	return &h->stats;
}

static void
free_client(void *p)
{
	struct client *c = p;

	if (c->path) {			/* not the shared 'seen' */
		free(c->path);
		free(c);
	}
}

void
st_hunt_free(struct st_hunt *h)
{
	if (h == NULL)
		return;
	u64map_release_all(&h->scripts, free);
	u64map_release_all(&h->pairs, free);
	u64map_release_all(&h->clients, free_client);
	sb_release(&h->v.why);
	sb_release(&h->v.cmd);
	sb_release(&h->v.tmp);
	st_row_release(&h->row);
	free(h);
}
