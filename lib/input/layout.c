/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <string.h>

#include "input/layout.h"

/* Does path hold the folder name as one whole component? */
static int
component(const char *path, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = path; (p = strstr(p, name)) != NULL; p += n)
		if ((p == path || p[-1] == '/' || p[-1] == '!') &&
		    (p[n] == '/' || p[n] == '\0'))
			return 1;
	return 0;
}

const char *
st_layout_of(const struct st_file *const *v, size_t n)
{
	size_t i, uac = 0, velo = 0, cat = 0, etc = 0, log = 0;

	for (i = 0; i < n; i++) {
		uac += component(v[i]->path, "[root]") ||
		    component(v[i]->path, "live_response");
		velo += strstr(v[i]->path, "uploads/auto/") != NULL;
		cat += component(v[i]->path, "catscale_out");
		etc += component(v[i]->path, "etc");
		log += strstr(v[i]->path, "var/log/") != NULL;
	}
	if (uac)
		return "UAC ([root]/, live_response/)";
	if (velo)
		return "Velociraptor offline collector (uploads/auto/)";
	if (cat)
		return "CatScale (catscale_out/, var/log and etc in tarballs "
		    "inside)";
	if (etc && log)
		return "a copy of etc/ and var/log/";
	return NULL;
}
