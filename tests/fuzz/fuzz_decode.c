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
	st_argv_reset(&a);
	for (tok = strtok_r(s, " ", &save); tok; tok = strtok_r(NULL, " ",
	    &save)) {
		if ((eq = strchr(tok, '=')) == NULL)
			continue;
		*eq = '\0';
		st_argv_field(&a, tok, eq + 1);
	}
	sb_adds(&pt, "610062");
	st_argv_finish(&a, sb_str(&pt), a.n > 0);
	sb_free(&pt);
	st_argv_free(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct sbuf b = SBUF_INIT;
	struct st_auditline al;
	struct st_tz tz = { ST_TZ_UTC, 0 };
	char *s = malloc(size + 1);
	int64_t ms;
	int off;

	memcpy(s, data, size);
	s[size] = '\0';
	st_hex_decode(p, size, &b);
	st_audit_value(s, &b);
	st_log_unescape(p, size, ST_LOGESC_DEFAULT, &b);
	st_log_unescape(p, size, ST_LOGESC_JSON, &b);
	st_log_unescape(p, size, ST_LOGESC_NONE, &b);
	st_url_decode(p, size, 0, &b);
	st_url_decode(p, size, 1, &b);
	st_base64_decode(p, size, &b);
	st_shquote(&b, p, size);
	st_escape(&b, p, size);
	st_display_cut(b.s, b.len, size % 97);
	st_display_width(p, size);
	st_auditline_scan(p, size, &al);
	st_time_parse(s, &tz, &ms);
	st_tz_offset(s, &off);
	st_tz_parse(s, &tz);
	argv_fields(s);
	sb_free(&b);
	free(s);
	return 0;
}
