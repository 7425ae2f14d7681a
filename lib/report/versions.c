/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <archive.h>
#include <stdint.h>
#include <csv.h>
#include <openssl/crypto.h>
#include <yaml.h>
#include <zlib.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "report/versions.h"

/*
 * Each library's own word for the version it runs as, where it has one;
 * libauparse and libcsv have none, so the version built against is
 * given, and said to be that.
 */
void
st_versions_print(FILE *fp)
{
	char pcre[64];
	uint32_t jit = 0;

	if (pcre2_config(PCRE2_CONFIG_VERSION, pcre) < 0)
		snprintf(pcre, sizeof(pcre), "?");
	(void)pcre2_config(PCRE2_CONFIG_JIT, &jit);
	fprintf(fp, "libauparse %s (built with)\n", AUPARSE_VERSION);
	fprintf(fp, "PCRE2 %s, JIT %s\n", pcre, jit ? "on" : "off");
	fprintf(fp, "%s\n", archive_version_details());
	fprintf(fp, "zlib %s\n", zlibVersion());
	fprintf(fp, "libyaml %s\n", yaml_get_version_string());
	fprintf(fp, "libcsv %d.%d.%d (built with)\n", CSV_MAJOR, CSV_MINOR,
	    CSV_RELEASE);
	fprintf(fp, "%s\n", OpenSSL_version(OPENSSL_VERSION));
}
