/* SPDX-License-Identifier: ISC */
/*
 * pager.c: the table through a pager when it goes to a terminal, as git
 * does: $PAGER, else less with -F (leave when it fits the screen), -R
 * (colours), -S (no folding: the table fits already) and -X (the text
 * stays on the screen), unless LESS says otherwise.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

FILE *
cli_pager_start(struct cli *c)
{
	const char *pager = getenv("PAGER");

	if (c->no_pager || c->output || c->o.outdir ||
	    c->o.format != ST_FMT_TABLE || !isatty(STDOUT_FILENO))
		return NULL;
	if (pager == NULL)
		pager = "less";
	if (*pager == '\0' || strcmp(pager, "cat") == 0)
		return NULL;
	setenv("LESS", "FRSX", 0);
	setenv("LV", "-c", 0);
	fflush(stdout);
	if ((c->pager = popen(pager, "w")) == NULL)
		return NULL;
	c->paged = 1;
	/* A reader who quits early closes the pipe: that is no error. */
	signal(SIGPIPE, SIG_IGN);
	return c->pager;
}

/* Wait for the reader to be done. */
void
cli_pager_end(struct cli *c)
{
	if (c->pager == NULL)
		return;
	fflush(c->pager);
	pclose(c->pager);
	c->pager = NULL;
}
