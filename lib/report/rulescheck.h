/* SPDX-License-Identifier: ISC */
/*
 * rulescheck.h: what an audit.rules file (or auditctl -l's output) will
 * leave out of the logs for a web shell investigation, and the rule
 * lines that would record it.
 */
#ifndef ST_RULESCHECK_H
#define ST_RULESCHECK_H

#include <stdio.h>

#include "tree/weborigin.h"

/*
 * Read rules from in (name for messages), write the verdict to out.
 * Returns how many needs are not met, or -1 when in cannot be read.
 */
int	st_rulescheck(FILE *in, const char *name, const struct st_weborigin *web,
	    FILE *out);

#endif
