/* SPDX-License-Identifier: ISC */
/*
 * The floor for any tool built on libauparse: feed audit files to one
 * parser state in 1 MiB chunks and count the events it hands back,
 * doing nothing else.  shelltrail's speed is measured against this.
 *
 *   floor FILE...
 */
#include <auparse.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void
count(auparse_state_t *au, auparse_cb_event_t type, void *arg)
{
	(void)au;
	if (type == AUPARSE_CB_EVENT_READY)
		(*(unsigned long *)arg)++;
}

int
main(int argc, char **argv)
{
	static char buf[1 << 20];
	unsigned long events = 0;
	auparse_state_t *au;
	ssize_t n;
	int i, fd;

	if ((au = auparse_init(AUSOURCE_FEED, NULL)) == NULL)
		return 2;
	auparse_set_eoe_timeout(5);
	auparse_add_callback(au, count, &events, NULL);
	for (i = 1; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY)) < 0) {
			perror(argv[i]);
			return 2;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			auparse_feed(au, buf, (size_t)n);
		close(fd);
	}
	auparse_flush_feed(au);
	auparse_destroy(au);
	printf("%lu events\n", events);
	return 0;
}
