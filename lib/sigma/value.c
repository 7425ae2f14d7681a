/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/alloc.h"
#include "base/ascii.h"
#include "sigma/internal.h"

/*
 * A field's values through their modifiers (the Sigma modifiers
 * appendix).  Until the last step a value stays in Sigma's own escaped
 * form, where * and ? are wildcards and \*, \? and \\ the plain
 * characters: transformations (base64, utf16, windash, contains ...)
 * then compose in the order the rule gives, as the specification
 * says, and a transformation that needs plain bytes (base64) can tell
 * a wildcard from a star.
 */

/* At most this many variants of one value (windash, base64offset). */
#define MAX_VARIANTS	1024

struct vlist {
	struct sbuf	*v;
	size_t		 n, cap;
};

/* What the modifiers asked for, besides transforming the values. */
struct mods {
	enum sg_op	 op;		/* SG_EQ unless a type modifier */
	unsigned	 lead:1, trail:1; /* contains, endswith, startswith */
	unsigned	 cased:1, neg:1, all:1, fieldref:1, expand:1;
	unsigned	 re_i:1, re_m:1, re_s:1, is_re:1;
};

void
sg_fail(struct sg_err *e, const char *fmt, ...)
{
	va_list ap;

	if (e->why[0])
		return;
	va_start(ap, fmt);
	vsnprintf(e->why, sizeof(e->why), fmt, ap);
	va_end(ap);
}

static void
vl_add(struct vlist *l, const char *s, size_t n)
{
	struct sbuf nb = SBUF_INIT;

	l->v = st_grow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	sb_add(&nb, s, n);
	sb_addc(&nb, '\0');
	nb.len--;
	l->v[l->n++] = nb;
}

static void
vl_release(struct vlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		sb_release(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Plain bytes of an escaped value; -1 when it holds a wildcard. */
static int
unescape(const struct sbuf *in, struct sbuf *out)
{
	size_t i;

	sb_clear(out);
	for (i = 0; i < in->len; i++) {
		char c = in->s[i];

		if (c == '*' || c == '?')
			return -1;
		if (c == '\\' && i + 1 < in->len && strchr("*?\\",
		    in->s[i + 1]))
			c = in->s[++i];
		sb_addc(out, c);
	}
	return 0;
}

static void
escape(struct sbuf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '*' || s[i] == '?' || s[i] == '\\')
			sb_addc(out, '\\');
		sb_addc(out, s[i]);
	}
}

static void
b64(struct sbuf *out, const unsigned char *p, size_t n)
{
	char *dst = sb_reserve(out, 4 * ((n + 2) / 3) + 1);

	sb_commit(out, (size_t)EVP_EncodeBlock((unsigned char *)dst, p, (int)n));
}

/* Each value replaced by what fn makes of its plain bytes. */
typedef int (*plainfn)(struct vlist *out, const struct sbuf *plain,
    struct sg_err *e);

static int
each_plain(struct vlist *l, plainfn fn, const char *mod, struct sg_err *e)
{
	struct vlist out = { NULL, 0, 0 };
	struct sbuf plain = SBUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < l->n && rc == 0; i++) {
		if (unescape(&l->v[i], &plain) < 0) {
			sg_fail(e, "%s of a value with wildcards", mod);
			rc = -1;
		} else
			rc = fn(&out, &plain, e);
	}
	sb_release(&plain);
	vl_release(l);
	*l = out;
	return rc;
}

static int
do_base64(struct vlist *out, const struct sbuf *plain, struct sg_err *e)
{
	struct sbuf b = SBUF_INIT;

	(void)e;
	b64(&b, (const unsigned char *)plain->s, plain->len);
	vl_add(out, b.s ? b.s : "", b.len);
	sb_release(&b);
	return 0;
}

/*
 * The value somewhere inside base64 text: its encoding at each of the
 * three offsets, less the characters that depend on its neighbours.
 */
static int
do_base64offset(struct vlist *out, const struct sbuf *plain,
    struct sg_err *e)
{
	static const size_t lead[3] = { 0, 2, 3 };
	static const size_t cut[3] = { 0, 3, 2 };
	struct sbuf in = SBUF_INIT, b = SBUF_INIT;
	size_t i, end;

	(void)e;
	for (i = 0; i < 3; i++) {
		sb_clear(&in);
		sb_clear(&b);
		sb_add(&in, "  ", i);
		sb_add(&in, plain->s, plain->len);
		b64(&b, (const unsigned char *)in.s, in.len);
		end = b.len - cut[(plain->len + i) % 3];
		if (end > lead[i])
			vl_add(out, b.s + lead[i], end - lead[i]);
	}
	sb_release(&in);
	sb_release(&b);
	return 0;
}

/* UTF-8 to UTF-16: be for big-endian, bom to start with FF FE. */
static int
utf16(struct vlist *out, const struct sbuf *plain, int be, int bom,
    struct sg_err *e)
{
	struct sbuf u = SBUF_INIT, esc = SBUF_INIT;
	const unsigned char *s = (const unsigned char *)plain->s;
	size_t i = 0;
	uint32_t cp;
	int k;

	if (bom)
		sb_add(&u, "\xff\xfe", 2);
	while (i < plain->len) {
		for (k = 0; s[i] >= 0x80 && (s[i] << k) & 0x80 && k < 4; k++)
			;
		cp = k ? s[i] & (0x7f >> k) : s[i];
		if (k == 1 || i + (k ? k : 1) > plain->len) {
			sg_fail(e, "utf16 of a value that is not UTF-8");
			sb_release(&u);
			return -1;
		}
		for (i++; k > 1; k--)
			cp = cp << 6 | (s[i++] & 0x3f);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			sb_addc(&u, (char)(be ? 0xd8 | cp >> 18 : cp >> 10 & 0xff));
			sb_addc(&u, (char)(be ? cp >> 10 & 0xff : 0xd8 | cp >> 18));
			cp = 0xdc00 | (cp & 0x3ff);
		}
		sb_addc(&u, (char)(be ? cp >> 8 : cp & 0xff));
		sb_addc(&u, (char)(be ? cp & 0xff : cp >> 8));
	}
	escape(&esc, u.s, u.len);
	vl_add(out, esc.s ? esc.s : "", esc.len);
	sb_release(&u);
	sb_release(&esc);
	return 0;
}

static int
do_utf16le(struct vlist *out, const struct sbuf *p, struct sg_err *e)
{
	return utf16(out, p, 0, 0, e);
}

static int
do_utf16be(struct vlist *out, const struct sbuf *p, struct sg_err *e)
{
	return utf16(out, p, 1, 0, e);
}

static int
do_utf16(struct vlist *out, const struct sbuf *p, struct sg_err *e)
{
	return utf16(out, p, 0, 1, e);
}

/* A dash of windash at s: its length in bytes, or 0. */
static size_t
dash_at(const char *s, size_t n)
{
	if (*s == '-' || *s == '/')
		return 1;
	if (n >= 3 && memcmp(s, "\xe2\x80", 2) == 0 &&
	    (s[2] == '\x93' || s[2] == '\x94' || s[2] == '\x95'))
		return 3;
	return 0;
}

static const char *const dashes[] = {
	"-", "/", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\x95",
};
#define NDASHES	(sizeof(dashes) / sizeof(*dashes))

/* Every spelling of the dashes in s, into out. */
static int
windash_one(struct vlist *out, const struct sbuf *s, struct sg_err *e)
{
	size_t at[8], dl[8], nd = 0, i, total = 1, v, k, d;
	struct sbuf b = SBUF_INIT;

	for (i = 0; i < s->len; i += d ? d : 1) {
		if ((d = dash_at(s->s + i, s->len - i)) == 0)
			continue;
		if (nd == 4) {
			sg_fail(e, "windash on a value with more than 4 dashes");
			return -1;
		}
		at[nd] = i;
		dl[nd++] = d;
		total *= NDASHES;
	}
	for (v = 0; v < total; v++) {
		sb_clear(&b);
		for (i = 0, k = 0, d = v; i < s->len; ) {
			if (k < nd && i == at[k]) {
				sb_adds(&b, dashes[d % NDASHES]);
				d /= NDASHES;
				i += dl[k++];
			} else
				sb_addc(&b, s->s[i++]);
		}
		vl_add(out, b.s ? b.s : "", b.len);
	}
	sb_release(&b);
	return 0;
}

static int
do_windash(struct vlist *l, struct sg_err *e)
{
	struct vlist out = { NULL, 0, 0 };
	size_t i;
	int rc = 0;

	for (i = 0; i < l->n && rc == 0; i++)
		rc = windash_one(&out, &l->v[i], e);
	vl_release(l);
	*l = out;
	return rc;
}

/* Where the wildcards of v are: bit 1 leading, 2 trailing, 4 inside. */
static unsigned
wild_shape(const struct sbuf *v)
{
	unsigned shape = 0;
	size_t i;

	for (i = 0; i < v->len; i++) {
		if (v->s[i] == '\\' && i + 1 < v->len &&
		    strchr("*?\\", v->s[i + 1])) {
			i++;
			continue;
		}
		if (v->s[i] == '?')
			shape |= 4;
		else if (v->s[i] == '*')
			shape |= i == 0 ? 1 : i + 1 == v->len ? 2 : 4;
	}
	return shape;
}

/* contains, startswith, endswith: wildcards at the ends. */
static void
wrap(struct vlist *l, int lead, int trail)
{
	struct sbuf b = SBUF_INIT;
	unsigned shape;
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct sbuf *v = &l->v[i];

		shape = wild_shape(v);
		sb_clear(&b);
		if (lead && !(shape & 1))
			sb_addc(&b, '*');
		sb_add(&b, v->s, v->len);
		if (trail && !(shape & 2) && !(v->len == 1 && shape & 1))
			sb_addc(&b, '*');
		sb_clear(v);
		sb_add(v, b.s, b.len);
		sb_addc(v, '\0');
		v->len--;
	}
	sb_release(&b);
}

static int
apply_mod(const char *m, struct vlist *l, struct mods *md, struct sg_err *e)
{
	if (md->is_re && strlen(m) == 1 && strchr("ims", *m)) {
		md->re_i |= *m == 'i';
		md->re_m |= *m == 'm';
		md->re_s |= *m == 's';
		return 0;
	}
	if (strcmp(m, "contains") == 0) {
		md->lead = md->trail = 1;
		wrap(l, 1, 1);
	} else if (strcmp(m, "startswith") == 0) {
		md->trail = 1;
		wrap(l, 0, 1);
	} else if (strcmp(m, "endswith") == 0) {
		md->lead = 1;
		wrap(l, 1, 0);
	} else if (strcmp(m, "all") == 0)
		md->all = 1;
	else if (strcmp(m, "cased") == 0)
		md->cased = 1;
	else if (strcmp(m, "neq") == 0)
		md->neg = md->all = 1;
	else if (strcmp(m, "base64") == 0)
		return each_plain(l, do_base64, m, e);
	else if (strcmp(m, "base64offset") == 0)
		return each_plain(l, do_base64offset, m, e);
	else if (strcmp(m, "utf16le") == 0 || strcmp(m, "wide") == 0)
		return each_plain(l, do_utf16le, m, e);
	else if (strcmp(m, "utf16be") == 0)
		return each_plain(l, do_utf16be, m, e);
	else if (strcmp(m, "utf16") == 0)
		return each_plain(l, do_utf16, m, e);
	else if (strcmp(m, "windash") == 0)
		return do_windash(l, e);
	else if (strcmp(m, "re") == 0) {
		md->is_re = 1;
		md->op = SG_REGEX;
	} else if (strcmp(m, "cidr") == 0)
		md->op = SG_CIDR;
	else if (strcmp(m, "exists") == 0)
		md->op = SG_EXISTS;
	else if (strcmp(m, "lt") == 0)
		md->op = SG_LT;
	else if (strcmp(m, "lte") == 0)
		md->op = SG_LTE;
	else if (strcmp(m, "gt") == 0)
		md->op = SG_GT;
	else if (strcmp(m, "gte") == 0)
		md->op = SG_GTE;
	else if (strcmp(m, "fieldref") == 0)
		md->fieldref = 1;
	else if (strcmp(m, "expand") == 0)
		md->expand = 1;
	else if (strstr("minute hour day week month year", m))
		sg_fail(e, "modifier %s: no field of shelltrail's is a date", m);
	else
		sg_fail(e, "modifier %s is not in the specification", m);
	if (l->n > MAX_VARIANTS)
		sg_fail(e, "more than %d values after %s", MAX_VARIANTS, m);
	return e->why[0] ? -1 : 0;
}

static void
lower(char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		s[i] = st_ascii_lower(s[i]);
}

static pcre2_code *
compile_re(const char *pat, size_t len, uint32_t flags, struct sg_err *e)
{
	PCRE2_UCHAR msg[128];
	PCRE2_SIZE off;
	pcre2_code *re;
	int rc;

	re = pcre2_compile((PCRE2_SPTR)pat, len, flags, &rc, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(rc, msg, sizeof(msg));
		sg_fail(e, "regular expression: %s at offset %zu", msg,
		    (size_t)off);
		return NULL;
	}
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* A wildcard value as an anchored PCRE2 pattern. */
static pcre2_code *
glob_re(const struct sbuf *v, int cased, struct sg_err *e)
{
	struct sbuf p = SBUF_INIT;
	pcre2_code *re;
	size_t i;

	sb_addc(&p, '^');
	for (i = 0; i < v->len; i++) {
		unsigned char c = (unsigned char)v->s[i];

		if (c == '*')
			sb_adds(&p, ".*");
		else if (c == '?')
			sb_addc(&p, '.');
		else {
			if (c == '\\' && i + 1 < v->len &&
			    strchr("*?\\", v->s[i + 1]))
				c = (unsigned char)v->s[++i];
			sb_addf(&p, "\\x%02x", c);
		}
	}
	sb_addc(&p, '$');
	re = compile_re(p.s, p.len, PCRE2_DOTALL | PCRE2_NO_AUTO_CAPTURE |
	    (cased ? 0 : PCRE2_CASELESS), e);
	sb_release(&p);
	return re;
}

static int
plain_value(struct sg_value *x, const struct sbuf *v, int cased,
    struct sg_err *e)
{
	static const enum sg_op by_shape[] = {
		SG_EQ, SG_SUFFIX, SG_PREFIX, SG_CONTAINS,
	};
	unsigned shape = wild_shape(v);
	struct sbuf lit = SBUF_INIT, core = SBUF_INIT;

	x->cased = cased;
	if (shape & 4) {
		x->op = SG_REGEX;
		x->re = glob_re(v, cased, e);
		return x->re ? 0 : -1;
	}
	x->op = by_shape[shape];
	sb_add(&core, v->s + (shape & 1), v->len - (shape & 1) -
	    (shape & 2 ? 1 : 0));
	unescape(&core, &lit);
	if (!cased)
		lower(lit.s, lit.len);
	x->len = lit.len;
	x->s = st_memdup(lit.s ? lit.s : "", lit.len);
	sb_release(&lit);
	sb_release(&core);
	return 0;
}

static int
cidr_value(struct sg_value *x, const struct sbuf *v, struct sg_err *e)
{
	char addr[64];
	const char *slash = memchr(v->s, '/', v->len);
	size_t alen = slash ? (size_t)(slash - v->s) : v->len;
	char *end;
	long bits;

	x->op = SG_CIDR;
	if (alen >= sizeof(addr))
		goto bad;
	memcpy(addr, v->s, alen);
	addr[alen] = '\0';
	x->family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(x->family, addr, x->net) != 1)
		goto bad;
	bits = x->family == AF_INET ? 32 : 128;
	if (slash) {
		bits = strtol(slash + 1, &end, 10);
		if (end != v->s + v->len || bits < 0 ||
		    bits > (x->family == AF_INET ? 32 : 128))
			goto bad;
	}
	x->bits = (int)bits;
	return 0;
bad:
	sg_fail(e, "cidr: not a network: %.*s", (int)v->len, v->s);
	return -1;
}

/* The %name% placeholders of expand: none is ever given a value. */
static int
placeholder(const struct sbuf *v, struct sg_err *e)
{
	const char *p = v->s, *q;

	while ((p = memchr(p, '%', v->len - (size_t)(p - v->s))) != NULL) {
		if (p > v->s && p[-1] == '\\') {
			p++;
			continue;
		}
		q = memchr(p + 1, '%', v->len - (size_t)(p + 1 - v->s));
		if (q == NULL)
			break;
		sg_fail(e, "placeholder %.*s has no value", (int)(q - p + 1), p);
		return -1;
	}
	return 0;
}

static int
final_value(struct sg_value *x, const struct sbuf *v, const struct mods *md,
    enum sg_kind k, struct sg_err *e)
{
	char *end;

	x->neg = md->neg;
	x->ref = -1;
	if (md->fieldref) {
		static const enum sg_op by_wrap[] = {
			SG_EQ, SG_PREFIX, SG_SUFFIX, SG_CONTAINS,
		};
		struct sbuf name = SBUF_INIT, core = SBUF_INIT;

		/* the other field's name, without contains' wildcards */
		sb_add(&core, v->s + md->lead, v->len - md->lead - md->trail);
		unescape(&core, &name);
		sb_release(&core);
		x->ref = sg_field_id(k, sb_str(&name));
		if (x->ref < 0)
			sg_fail(e, "fieldref: no field %s in %s", sb_str(&name),
			    sg_kind_name(k));
		sb_release(&name);
		x->op = by_wrap[md->trail | md->lead << 1];
		x->cased = md->cased;
		return x->ref < 0 ? -1 : 0;
	}
	if (md->expand && placeholder(v, e) < 0)
		return -1;
	switch (md->op) {
	case SG_REGEX:
		x->op = SG_REGEX;
		x->re = compile_re(v->s, v->len, PCRE2_NO_AUTO_CAPTURE |
		    (md->re_i ? PCRE2_CASELESS : 0) |
		    (md->re_m ? PCRE2_MULTILINE : 0) |
		    (md->re_s ? PCRE2_DOTALL : 0), e);
		return x->re ? 0 : -1;
	case SG_CIDR:
		return cidr_value(x, v, e);
	case SG_LT: case SG_LTE: case SG_GT: case SG_GTE:
		x->op = md->op;
		x->num = strtod(v->s, &end);
		if (v->len == 0 || end != v->s + v->len) {
			sg_fail(e, "not a number: %s", v->s);
			return -1;
		}
		return 0;
	default:
		return plain_value(x, v, md->cased, e);
	}
}

/*
 * Can value x join the others in one pattern?  Only contains: a
 * pattern for endswith would be tried at every position of the field,
 * where comparing the field's tail with each value is a few bytes each.
 */
static int
combinable(const struct sg_value *x)
{
	return x->op == SG_CONTAINS && !x->cased && !x->neg && x->ref < 0;
}

/* The combinable values as one alternation, "(?:a|b)", into p. */
static void
alternation(struct sbuf *p, const struct sg_test *t)
{
	size_t i, k, n = 0;

	sb_adds(p, "(?:");
	for (i = 0; i < t->n; i++) {
		if (!combinable(&t->v[i]))
			continue;
		if (n++)
			sb_addc(p, '|');
		for (k = 0; k < t->v[i].len; k++)
			sb_addf(p, "\\x%02x", (unsigned char)t->v[i].s[k]);
	}
	sb_addc(p, ')');
}

/*
 * Many contains values of a field (any of which may hold) as one JIT
 * pattern, so that a field is scanned once rather than once a value: a
 * rule listing fifty command-line fragments is otherwise fifty memmem
 * calls on every row.
 */
#define COMBINE_MIN	4

static int
combine(struct sg_test *t, struct sg_err *e)
{
	struct sbuf p = SBUF_INIT;
	struct sg_value one;
	size_t i, n = 0;

	for (i = 0; i < t->n; i++)
		n += (size_t)combinable(&t->v[i]);
	if (n < COMBINE_MIN)
		return 0;
	alternation(&p, t);
	memset(&one, 0, sizeof(one));
	one.op = SG_REGEX;
	one.ref = -1;
	one.re = compile_re(p.s, p.len, PCRE2_CASELESS | PCRE2_NO_AUTO_CAPTURE, e);
	sb_release(&p);
	if (one.re == NULL)
		return -1;
	for (i = n = 0; i < t->n; i++) {
		if (combinable(&t->v[i]))
			free(t->v[i].s);
		else
			t->v[n++] = t->v[i];
	}
	t->v[n++] = one;
	t->n = n;
	return 0;
}

/* The scalars of node (one, or a list of them) into l. */
static int
scalars(yaml_document_t *doc, int node, struct vlist *l, int *null,
    struct sg_err *e)
{
	yaml_node_t *n = yaml_document_get_node(doc, node);
	yaml_node_item_t *it;

	if (n && n->type == YAML_SCALAR_NODE) {
		const char *s = (const char *)n->data.scalar.value;
		size_t len = n->data.scalar.length;

		*null = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		    (len == 0 || strcmp(s, "null") == 0 ||
		    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0 ||
		    strcmp(s, "~") == 0);
		vl_add(l, s, len);
		return 0;
	}
	if (n == NULL || n->type != YAML_SEQUENCE_NODE) {
		sg_fail(e, "a field's value is neither a string nor a list");
		return -1;
	}
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		yaml_node_t *c = yaml_document_get_node(doc, *it);

		if (c == NULL || c->type != YAML_SCALAR_NODE) {
			sg_fail(e, "a list of values holds a list or a map");
			return -1;
		}
		vl_add(l, (const char *)c->data.scalar.value,
		    c->data.scalar.length);
	}
	return 0;
}

/* exists: true / false. */
static int
exists_value(struct sg_test *t, const struct vlist *l, struct sg_err *e)
{
	const char *s = l->n == 1 ? l->v[0].s : "";

	t->v = st_calloc(1, sizeof(*t->v));
	t->n = 1;
	t->v[0].op = SG_EXISTS;
	t->v[0].ref = -1;
	if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)
		t->v[0].neg = 0;
	else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0)
		t->v[0].neg = 1;
	else {
		sg_fail(e, "exists takes true or false");
		return -1;
	}
	return 0;
}

static int
field_of(struct sg_test *t, enum sg_kind k, const char *name, size_t len,
    struct sg_err *e)
{
	char buf[128];

	if (len == 0) {
		t->field = SG_F_KEYWORDS;
		return 0;
	}
	if (len >= sizeof(buf)) {
		sg_fail(e, "field name longer than %zu bytes", sizeof(buf) - 1);
		return -1;
	}
	memcpy(buf, name, len);
	buf[len] = '\0';
	if ((t->field = sg_field_id(k, buf)) < 0) {
		sg_fail(e, "field %s is not one shelltrail gives in %s", buf,
		    sg_kind_name(k));
		return -1;
	}
	return 0;
}

static int
apply_mods(const char *m, struct vlist *l, struct mods *md, struct sg_err *e)
{
	char buf[64];
	const char *bar;
	size_t len;

	while (m && *m) {
		bar = strchr(m, '|');
		len = bar ? (size_t)(bar - m) : strlen(m);
		if (len == 0 || len >= sizeof(buf)) {
			sg_fail(e, "empty or overlong modifier");
			return -1;
		}
		memcpy(buf, m, len);
		buf[len] = '\0';
		if (apply_mod(buf, l, md, e) < 0)
			return -1;
		m = bar ? bar + 1 : NULL;
	}
	return 0;
}

int
sg_test_compile(struct sg_test *t, enum sg_kind k, const char *key,
    yaml_document_t *doc, int node, struct sg_err *e)
{
	struct vlist l = { NULL, 0, 0 };
	struct mods md;
	const char *bar = strchr(key, '|');
	size_t i;
	int null = 0, rc = -1;

	memset(t, 0, sizeof(*t));
	memset(&md, 0, sizeof(md));
	md.op = SG_EQ;
	if (field_of(t, k, key, bar ? (size_t)(bar - key) : strlen(key), e) < 0 ||
	    scalars(doc, node, &l, &null, e) < 0)
		goto out;
	if (t->field == SG_F_KEYWORDS && !null)
		wrap(&l, 1, 1);
	if (apply_mods(bar ? bar + 1 : NULL, &l, &md, e) < 0)
		goto out;
	t->all = md.all;
	if (md.op == SG_EXISTS) {
		rc = exists_value(t, &l, e);
		goto out;
	}
	t->v = st_calloc(l.n ? l.n : 1, sizeof(*t->v));
	for (i = 0; i < l.n; i++, t->n++) {
		t->v[i].ref = -1;
		if (null && md.op == SG_EQ && !md.lead && !md.trail)
			t->v[i].op = SG_NULL, t->v[i].neg = md.neg;
		else if (final_value(&t->v[i], &l.v[i], &md, k, e) < 0)
			goto out;
	}
	rc = t->all ? 0 : combine(t, e);
out:
	vl_release(&l);
	return rc;
}

void
sg_test_release(struct sg_test *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].s);
		pcre2_code_free(t->v[i].re);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}
