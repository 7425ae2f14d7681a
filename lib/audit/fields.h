/* SPDX-License-Identifier: ISC */
/*
 * fields.h: turn the event libauparse has assembled into an
 * st_event.
 *
 * libauparse finds the records of an event and splits their fields;
 * decoding the values is done here, because libauparse's interpreter
 * silently truncates bad hex, never joins aN[k] pieces, and resolves
 * uids through the passwd file of the machine running the analysis.
 */
#ifndef ST_FIELDS_H
#define ST_FIELDS_H

#include <auparse.h>

#include "audit/event.h"
#include "base/sbuf.h"

enum st_avkind {
	ST_AV_QUOTED,		/* "text" */
	ST_AV_HEX,		/* 636174 */
	ST_AV_NONE,		/* (null) or (none) */
	ST_AV_BAD,		/* none of these: out holds the raw text */
};

/* Decode one field value as the kernel writes it; appends to out. */
enum st_avkind	st_fields_value(const char *raw, struct sbuf *out);

/*
 * Fill ev, already reset, from the current libauparse event; its node,
 * id and src are left for the caller.  scratch is working space.
 */
void		st_fields_read(auparse_state_t *au, struct st_event *ev,
		    struct sbuf *scratch);

/* Apply one EXECVE field (name=value) to argv; for the tests too. */
void		st_fields_argv(struct st_argv *a, const char *name,
		    const char *value);
/*
 * Check what was gathered against argc; without an EXECVE record, fill
 * from proctitle, the PROCTITLE value as logged.
 */
void		st_fields_argv_finish(struct st_argv *a, const char *proctitle,
		    int had_execve);

#endif
