/* SPDX-License-Identifier: ISC */
/*
 * absent.h: the values that say a field was not in the logs.
 *
 * Logs are damaged and incomplete; every stage keeps "not known" apart
 * from any real value, with these two sentinels and no others.
 */
#ifndef ST_ABSENT_H
#define ST_ABSENT_H

#include <stdint.h>

#define ST_NUM_NONE	(-1LL)		/* a number: absent or unreadable */
#define ST_TIME_NONE	INT64_MIN	/* a time in ms: none known */

#endif
