/* SPDX-License-Identifier: ISC */
/*
 * feed.h: read audit logs through one libauparse state.
 *
 * Files are fed oldest first into a single parser, in the feed mode
 * (1 MiB at a time, so memory stays flat whatever the file size), so
 * an event whose records straddle a rotation comes out whole.  Each
 * line is checked before libauparse sees it: a line it would drop
 * silently is reported with its file and line number instead.
 *
 * Overlapping copies (audit.log.1 beside audit.log.1.gz, or logs
 * collected twice) are read once (dedup.h).  Reading, the line
 * checks and the copy check run ahead on a thread of their own
 * (framer.h); the feed takes their verdicts in order, and decides on
 * this thread which events libauparse assembles (prefilter.h).
 */
#ifndef ST_FEED_H
#define ST_FEED_H

#include <stdint.h>

#include "audit/event.h"
#include "base/stageclock.h"
#include "input/files.h"

/*
 * Seconds after which libauparse closes an event that has not seen its
 * last record.  auditd writes an event's records together, so this
 * only matters for damaged or reordered logs; longer keeps more events
 * open at once.
 */
#define ST_EOE_TIMEOUT	5

/* Records kept per event; more is a damaged or hostile log. */
#define ST_MAX_RECORDS	4096

typedef void	(*st_feed_event_fn)(void *ctx, struct st_event *ev);
typedef void	(*st_feed_progress_fn)(void *ctx, uint64_t bytes);

struct st_feed;

struct st_feed *st_feed_new(st_feed_event_fn fn, void *ctx);
void	 st_feed_free(struct st_feed *f);
/* Hash every file read, for a manifest (st_file's sha256). */
void	 st_feed_hashing(struct st_feed *f);
/* Records to feed libauparse after all: a set of ST_WANT_*. */
void	 st_feed_want(struct st_feed *f, unsigned want);
/* Called about every 4 MiB read, with the bytes read since the last. */
void	 st_feed_progress(struct st_feed *f, st_feed_progress_fn fn,
	    void *ctx);

/*
 * Charge the feed's time to c's stages: framing, libauparse, and the
 * event callback's (ST_STAGE_EVENTS).  c must outlive the feed.
 */
void	 st_feed_clock(struct st_feed *f, struct st_stageclock *c);

/* fn hears of every record read, once (duplicates left out). */
typedef void	(*st_feed_record_fn)(void *ctx, const struct st_record *al,
		    const struct st_file *f, uint64_t line);
void		 st_feed_records(struct st_feed *f, st_feed_record_fn fn,
		    void *ctx);

/*
 * Read files, in this order, a step at a time so that another stream
 * can keep pace.  Problems are recorded in each file's entry.
 */
void	 st_feed_begin(struct st_feed *f, struct st_file **files,
	    size_t n);
/*
 * Take about n more of the framing thread's items (framer.h: lines,
 * and a few notes on the files); 0 once everything has been handed out.
 */
int	 st_feed_step(struct st_feed *f, size_t n);
/* Once it has: seconds the framing thread worked, of those it ran. */
void	 st_feed_framing(const struct st_feed *f, double *busy,
	    double *life);
/* Every event older than this (ms) has been handed out. */
int64_t	 st_feed_watermark(const struct st_feed *f);

uint64_t st_feed_events(const struct st_feed *f);
/* Events libauparse assembled: the others were withheld whole. */
uint64_t st_feed_parsed(const struct st_feed *f);
/*
 * The process tree let go of pid on node: its next event must reach
 * libauparse even if the last one named the same executable.
 */
void	 st_feed_forget(struct st_feed *f, const char *node,
	    long long pid);
/* Records counted but kept from libauparse (see prefilter.h). */
uint64_t st_feed_withheld(const struct st_feed *f);
/* Failed execs among the events withheld whole. */
uint64_t st_feed_failed_withheld(const struct st_feed *f);

#endif
