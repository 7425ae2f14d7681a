/* SPDX-License-Identifier: ISC */
/*
 * json.h: JSON text for the writers that speak it (JSON lines, ECS).
 */
#ifndef ST_JSON_H
#define ST_JSON_H

#include <stddef.h>

#include "base/sbuf.h"

/* s as a JSON string, its exact bytes (invalid UTF-8 as \udcXX). */
void	st_json_str(struct sbuf *b, const char *s, size_t n);
/* "a,b" as ["a","b"]; empty names are left out. */
void	st_json_list(struct sbuf *b, const struct sbuf *list);

#endif
