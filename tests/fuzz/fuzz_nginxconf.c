/* SPDX-License-Identifier: ISC */
/*
 * Fuzz target: the nginx configuration reader, on a tree of files
 * held in the input (memconf.h), its main file /etc/nginx/nginx.conf.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "memconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mem_read(data, size, "/etc/nginx/nginx.conf");
	return 0;
}
