/* SPDX-License-Identifier: ISC */
/*
 * layout.h: which collector's layout a host's files were found in, for
 * the report: UAC's ([root]/ for the host's files, live_response/ for
 * command outputs), Velociraptor's offline collector (uploads/auto/
 * and the original path), CatScale's (catscale_out/, with /var/log and
 * /etc as tarballs inside), or a plain copy of etc/ and var/log/.
 */
#ifndef ST_LAYOUT_H
#define ST_LAYOUT_H

#include "input/files.h"

/* The layout's name, or NULL when the files are in none of these. */
const char	*st_layout_of(const struct st_file *const *v, size_t n);

#endif
