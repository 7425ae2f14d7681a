/* SPDX-License-Identifier: ISC */
/*
 * ecs.h: the timeline as Elastic Common Schema documents, one JSON
 * object per line, ready for Elasticsearch's or OpenSearch's _bulk API
 * or Filebeat.
 */
#ifndef ST_ECS_H
#define ST_ECS_H

#include <stdio.h>

#include "output/writer.h"

struct st_sink	*st_ecs_new(FILE *out, const struct st_writer_opts *o);

#endif
