/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "base/alloc.h"
#include "output/html.h"
#include "output/json.h"
#include "output/writer.h"

/*
 * The report's style and script, from lib/output/report.css and
 * report.js, as C strings (Makefile.am makes these headers).
 */
static const char report_css[] =
#include "report_css.h"
    ;
static const char report_js[] =
#include "report_js.h"
    ;

/*
 * Every cell is written as the table shows it (raw bytes escaped by
 * base/escape.h, so no control or bidi character survives), inside a
 * JSON string, inside a data block the browser never runs.  The script
 * puts cells into the page with textContent only; and should anything
 * slip, the policy in the head lets no other script or style run: only
 * the two inline blocks whose SHA-256 it names.
 */
struct htmlw {
	struct st_sink w;
	FILE		*out;
	struct sbuf	 line, cell, json;
	size_t		 rows;
	int		 started;
};

/* The base64 SHA-256 of text and a closing quote: the rest of a CSP
 * source expression the caller began with "'sha256-". */
static void
csp_hash(struct sbuf *b, const char *text)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char *enc;

	/* Only out of memory makes this fail, and alloc.h aborts on that. */
	if (EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL) != 1) {
		fputs("shelltrail: out of memory (SHA-256)\n", stderr);
		abort();
	}
	enc = sb_reserve(b, 4 * ((n + 2) / 3) + 1);
	sb_commit(b, (size_t)EVP_EncodeBlock((unsigned char *)enc, md,
	    (int)n));
	sb_addc(b, '\'');
}

static void
head(struct htmlw *h)
{
	struct sbuf csp = SBUF_INIT;

	sb_adds(&csp, "default-src 'none'; img-src 'none'; base-uri 'none'; "
	    "form-action 'none'; style-src 'sha256-");
	csp_hash(&csp, report_css);
	sb_adds(&csp, "; script-src 'sha256-");
	csp_hash(&csp, report_js);
	fprintf(h->out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>shelltrail report</title>\n"
	    "<style>%s</style>\n</head>\n<body>\n"
	    "<header><h1>shelltrail report</h1>"
	    "<p class=\"st-meta\">written by shelltrail %s</p></header>\n"
	    "<noscript><p>This report is drawn by its own script: allow "
	    "scripts for this file, or read the rows as JSON in the page "
	    "source.</p></noscript>\n<main id=\"st-app\"></main>\n"
	    "<script type=\"application/json\" id=\"st-data\">[\n",
	    sb_str(&csp), report_css, PACKAGE_VERSION);
	sb_release(&csp);
}

static void
start(struct htmlw *h)
{
	if (!h->started)
		head(h);
	h->started = 1;
}

/*
 * s as a JSON string that cannot end the data block or open a comment:
 * '<', '>' and '&' as \u escapes, which JSON.parse reads back as they
 * were.
 */
static void
json_inert(struct htmlw *h, const char *s, size_t n)
{
	size_t i;

	sb_clear(&h->json);
	st_json_str(&h->json, s, n);
	for (i = 0; i < h->json.len; i++) {
		char c = h->json.s[i];

		if (c == '<' || c == '>' || c == '&')
			sb_addf(&h->line, "\\u%04x", (unsigned)c);
		else
			sb_addc(&h->line, c);
	}
}

static void
html_row(struct st_sink *w, const struct st_row *r)
{
	struct htmlw *h = (struct htmlw *)w;
	size_t c;

	start(h);
	sb_clear(&h->line);
	sb_addf(&h->line, "%s{\"group\":\"%llu\",\"note\":%d,\"web\":%d",
	    h->rows ? ",\n" : "", (unsigned long long)r->group, r->note,
	    r->web);
	for (c = 0; c < ST_NCOLS; c++) {
		if (st_columns[c].type == ST_CT_LIST)
			continue;
		sb_clear(&h->cell);
		st_row_display(&h->cell, r, (enum st_col)c);
		if (h->cell.len == 0)
			continue;
		sb_addf(&h->line, ",\"%s\":", st_columns[c].name);
		if (st_columns[c].type == ST_CT_INT)
			sb_add(&h->line, h->cell.s, h->cell.len);
		else
			json_inert(h, h->cell.s, h->cell.len);
	}
	sb_addc(&h->line, '}');
	fwrite(h->line.s, 1, h->line.len, h->out);
	h->rows++;
}

static int
html_finish(struct st_sink *w)
{
	struct htmlw *h = (struct htmlw *)w;

	start(h);
	fprintf(h->out, "\n]</script>\n<script>%s</script>\n</body>\n</html>\n",
	    report_js);
	return st_writer_flush(h->out);
}

static void
html_free(struct st_sink *w)
{
	struct htmlw *h = (struct htmlw *)w;

	sb_release(&h->line);
	sb_release(&h->cell);
	sb_release(&h->json);
	free(h);
}

struct st_sink *
st_html_new(FILE *out, const struct st_writer_opts *o)
{
	struct htmlw *h = st_calloc(1, sizeof(*h));

	(void)o;
	h->w.row = html_row;
	h->w.finish = html_finish;
	h->w.free = html_free;
	h->out = out;
	return &h->w;
}
