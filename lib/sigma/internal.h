/* SPDX-License-Identifier: ISC */
/*
 * internal.h: a Sigma rule as the matcher holds it, shared by the
 * loader (load.c), the value compiler (value.c), the condition parser
 * (cond.c), the taxonomy (taxonomy.c) and the matcher (match.c).
 *
 * A rule is compiled once into plain data: search identifiers made of
 * field tests, and a condition tree over them.  Nothing here is
 * written to while rows are matched, so one compiled set can serve
 * every matcher at once.
 */
#ifndef ST_SIGMA_INTERNAL_H
#define ST_SIGMA_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "base/sbuf.h"

/* What a rule is matched against (its logsource). */
enum sg_kind {
	SG_PROC,			/* category process_creation */
	SG_FILE,			/* category file_event */
	SG_NET,				/* category network_connection */
	SG_AUDIT,			/* service auditd: one record */
	SG_NKINDS
};

/*
 * Field ids.  SG_F_A0 + n is the auditd record's argument n; a
 * record holds at most SG_NARGS of them as fields.
 */
enum {
	SG_F_IMAGE, SG_F_ORIGINAL_FILE_NAME, SG_F_COMMAND_LINE,
	SG_F_CURRENT_DIRECTORY, SG_F_USER, SG_F_LOGON_ID, SG_F_PROCESS_ID,
	SG_F_PARENT_PROCESS_ID, SG_F_PARENT_IMAGE, SG_F_PARENT_COMMAND_LINE,
	SG_F_PROCESS_CHAIN, SG_F_WEB_ORIGIN,
	SG_F_TARGET_FILENAME, SG_F_DESTINATION_IP, SG_F_DESTINATION_PORT,
	SG_F_DESTINATION_HOSTNAME, SG_F_DESTINATION_IS_IPV6,
	SG_F_INITIATED, SG_F_SOURCE_IP, SG_F_SOURCE_PORT, SG_F_PROTOCOL,
	/* auditd record fields */
	SG_F_TYPE, SG_F_SYSCALL_NAME, SG_F_EXE, SG_F_COMM, SG_F_KEY,
	SG_F_SUCCESS, SG_F_EXIT, SG_F_PID, SG_F_PPID, SG_F_UID, SG_F_AUID,
	SG_F_EUID, SG_F_SES, SG_F_TTY, SG_F_CWD, SG_F_NAME, SG_F_ARGC,
	SG_F_A0,
};
#define SG_NARGS	64
#define SG_NFIELDS	(SG_F_A0 + SG_NARGS)
#define SG_F_KEYWORDS	(-1)		/* a keyword: any field */

/* Fields as a set: bit f of word f / 64. */
#define SG_FWORDS	((SG_NFIELDS + 63) / 64)
struct sg_fields {
	uint64_t	 w[SG_FWORDS];
};

/* The audit record types rebuilt, as a set; SG_REC_ANY for the rest. */
enum {
	SG_REC_SYSCALL = 1 << 0, SG_REC_EXECVE = 1 << 1, SG_REC_CWD = 1 << 2,
	SG_REC_PATH = 1 << 3, SG_REC_OTHER = 1 << 4, SG_REC_ANY = 0x1f,
};
unsigned sg_rec_type(const char *lower_name, size_t len);

/* One event as the matcher sees it: each field's bytes, or absent. */
struct sg_view {
	const char	*p[SG_NFIELDS];	/* NULL: the event has no such
					 * field, or the evidence does not
					 * give it */
	size_t		 len[SG_NFIELDS];
	const char	*low[SG_NFIELDS]; /* ASCII lower-case copies, made
					 * when first needed */
	struct sbuf	*lowbuf;	/* where they are kept (the caller's) */
	struct sg_fields have;		/* the fields present (sg_view_ready) */
	unsigned	 rec;		/* SG_REC_* of an audit record */
	pcre2_match_context *mctx;	/* its limits (the caller's), or NULL */
	int		 gave_up;	/* the last rule's answer hung on a
					 * regex given up on (sg_rule_match) */
};

enum sg_op {
	SG_EQ, SG_PREFIX, SG_SUFFIX, SG_CONTAINS, /* on the bytes */
	SG_REGEX,			/* wildcards or re */
	SG_NULL,			/* absent or empty */
	SG_EXISTS,			/* present (s: "1") or not */
	SG_CIDR, SG_LT, SG_LTE, SG_GT, SG_GTE,
};

/* One value a field is tested with. */
struct sg_value {
	enum sg_op	 op;
	char		*s;		/* lower-case unless cased */
	size_t		 len;
	unsigned	 cased:1, neg:1;
	int		 ref;		/* fieldref: the other field, or -1 */
	pcre2_code	*re;
	double		 num;
	unsigned char	 net[16];	/* cidr */
	int		 family, bits;
};

/* field|modifiers: values, any (or all) of which must hold. */
struct sg_test {
	int		 field;		/* or SG_F_KEYWORDS */
	struct sg_value	*v;
	size_t		 n;
	unsigned	 all:1;
};

/* A map of tests, all of which must hold. */
struct sg_group {
	struct sg_test	*t;
	size_t		 n;
};

/* A search identifier: any of its groups. */
struct sg_search {
	char		*name;
	struct sg_group	*g;
	size_t		 n;
};

enum sg_cop { SG_C_SEARCH, SG_C_AND, SG_C_OR, SG_C_NOT, SG_C_OF };

struct sg_cond {
	enum sg_cop	 op;
	struct sg_cond	*a, *b;
	size_t		 search;	/* SG_C_SEARCH */
	size_t		*of;		/* SG_C_OF: the identifiers */
	size_t		 nof, need;	/* at least need of them */
};

struct sg_rule {
	char		*title, *id, *name, *level, *status, *file;
	char		*tags;		/* comma-separated, as given */
	char		*attack;	/* technique ids: T1505.003 */
	char		*skip;		/* why it is not used, or NULL */
	char		**refs;		/* filter: the rules it applies to */
	size_t		 nrefs;
	int		 severity;	/* enum st_severity */
	enum sg_kind	 kind;
	unsigned	 is_filter:1, has_kind:1;
	struct sg_search *s;
	size_t		 ns;
	struct sg_cond	*cond;
	const struct sg_rule **filters;	/* filter rules: none may hold */
	size_t		 nfilters;
	/*
	 * What any event it matches has (needs.c): these fields, and for
	 * auditd one of these record types.  The matcher skips a rule
	 * whose needs an event lacks, which changes nothing but the time.
	 */
	struct sg_fields needs;
	unsigned	 types;
};

/* A set of rules and filters, in the order they were loaded. */
struct st_sigma {
	struct sg_rule	**r;
	size_t		 n, cap;
	unsigned	 finished:1;
};

/* Error text: the first problem stops a rule's compiling. */
struct sg_err {
	char		 why[256];
};
void	sg_fail(struct sg_err *e, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* taxonomy.c */
int	sg_field_id(enum sg_kind k, const char *name);
const char *sg_kind_name(enum sg_kind k);

/* value.c: compile "field|mod|mod" and its values into t. */
struct yaml_document_s;
int	sg_test_compile(struct sg_test *t, enum sg_kind k, const char *key,
	    struct yaml_document_s *doc, int node, struct sg_err *e);
void	sg_test_release(struct sg_test *t);

/* cond.c: parse a condition over r's search identifiers. */
struct sg_cond *sg_cond_parse(const struct sg_rule *r, const char *text,
	    struct sg_err *e);
void	sg_cond_free(struct sg_cond *c);

/* load.c */
void	sg_rule_free(struct sg_rule *r);
/* r freed but for its names: a rule kept as skipped, for why. */
struct sg_rule *sg_rule_skipped(struct sg_rule *r, const char *why);

/* needs.c */
void	sg_rule_needs(struct sg_rule *r);
int	sg_view_may_match(const struct sg_rule *r, const struct sg_view *v);

/* match.c: 1 when r matches v; v->gave_up says whether a regex given up
 * on left it undecided (neither a match nor a miss). */
int	sg_rule_match(const struct sg_rule *r, struct sg_view *v,
	    pcre2_match_data *md);
void	sg_view_reset(struct sg_view *v);
void	sg_view_ready(struct sg_view *v);
/* Field f (present) lower-cased, made once per view. */
const char *sg_view_low(struct sg_view *v, int f);

/*
 * anchor.c: an index of rules (indices into set, all of one kind) by
 * the literal tests that let them match.  sg_anchors_mark sets
 * stamp[i] to gen for every anchored rule i that view v may match; a
 * rule that is not anchored (sg_anchors_anchored) may match any view.
 * v must be ready (sg_view_ready).  The index only reads the set,
 * which must outlive it.
 */
struct sg_anchors;
struct sg_anchors *sg_anchors_new(const struct st_sigma *set,
	    const size_t *rules, size_t n);
void	sg_anchors_free(struct sg_anchors *a);
int	sg_anchors_anchored(const struct sg_anchors *a, size_t i);
void	sg_anchors_mark(const struct sg_anchors *a, struct sg_view *v,
	    unsigned *stamp, unsigned gen);

#endif
