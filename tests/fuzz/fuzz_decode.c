/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: every decoder and escaper on the same bytes: hex, audit
 * values, log escapes in each mode, URL, base64, shell quoting, display
 * escaping, audit line checks, argv assembly and time parsing.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit/fields.h"
#include "audit/record.h"
#include "base/decode.h"
#include "base/escape.h"
#include "base/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Treat the input as "name=value name=value ..." EXECVE fields. */
static void
argv_fields(char *s)
{
	struct st_argv a;
	struct sbuf pt = SBUF_INIT;
	char *tok, *save = NULL, *eq;

	memset(&a, 0, sizeof(a));
	st_event_argv_reset(&a);
	for (tok = strtok_r(s, " ", &save); tok; tok = strtok_r(NULL, " ",
	    &save)) {
		if ((eq = strchr(tok, '=')) == NULL)
			continue;
		*eq = '\0';
		st_fields_argv(&a, tok, eq + 1);
	}
	sb_adds(&pt, "610062");
	st_fields_argv_finish(&a, sb_str(&pt), a.n > 0);
	sb_release(&pt);
	st_event_argv_release(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct sbuf b = SBUF_INIT;
	struct st_record al;
	struct st_tz tz = { ST_TZ_UTC, 0 };
	char *s = malloc(size + 1);
	int64_t ms;
	int off;

	memcpy(s, data, size);
	s[size] = '\0';
	st_decode_hex(p, size, &b);
	st_fields_value(s, &b);
	st_decode_log(p, size, ST_LOGESC_DEFAULT, &b);
	st_decode_log(p, size, ST_LOGESC_JSON, &b);
	st_decode_log(p, size, ST_LOGESC_NONE, &b);
	st_decode_url(p, size, 0, &b);
	st_decode_url(p, size, 1, &b);
	st_decode_base64(p, size, &b);
	st_shquote(&b, p, size);
	st_escape(&b, p, size);
	st_display_cut(b.s, b.len, size % 97);
	st_display_width(p, size);
	st_record_scan(p, size, &al);
	st_time_parse(s, &tz, &ms);
	st_tz_offset(s, &off);
	st_tz_parse(s, &tz);
	argv_fields(s);
	sb_release(&b);
	free(s);
	return 0;
}
