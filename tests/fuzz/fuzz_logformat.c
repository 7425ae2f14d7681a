/*
 * Fuzz target: the log_format compiler and the nginx config reader.
 * The input is a format, a newline, and a line to parse with it; the
 * whole input is also read as an nginx configuration.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "config.h"

#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/logformat.h"
#include "web/request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_logformats l = { NULL, 0, 0 };
	struct st_logformat *f;
	struct st_request r = { 0 };
	pcre2_match_data *md;
	const char *nl = memchr(data, '\n', size);
	size_t flen = nl ? (size_t)(nl - (const char *)data) : size;
	char *fmt = malloc(flen + 1), err[256];

	memcpy(fmt, data, flen);
	fmt[flen] = '\0';
	f = st_logformat_compile("fuzz", fmt, (enum st_logesc)(size % 3), err,
	    sizeof(err));
	if (f && nl) {
		md = pcre2_match_data_create((uint32_t)f->nvars + 1, NULL);
		st_request_parse(f, md, nl + 1, size - flen - 1, 0, 0, &r);
		st_request_release(&r);
		st_request_time(f, md, nl + 1, size - flen - 1);
		pcre2_match_data_free(md);
	}
	st_logformat_free(f);
	free(fmt);
	st_logformats_conf(&l, (const char *)data, size, err, sizeof(err));
	st_logformats_release(&l);
	return 0;
}
