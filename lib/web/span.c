/* SPDX-License-Identifier: ISC */
#include "config.h"

#include "web/span.h"

/* Microseconds to milliseconds, rounding down or up. */
static int64_t
ms_down(int64_t us)
{
	return us / 1000;
}

static int64_t
ms_up(int64_t us)
{
	return (us + 999) / 1000;
}

void
st_span_set(struct st_span *s, int64_t t_ms, int64_t res_ms, enum st_tmean m,
    int64_t dur_us, int64_t dur_res_us)
{
	int64_t last = t_ms + res_ms - 1;
	int64_t dmin = dur_us < 0 ? 0 : ms_down(dur_us);
	int64_t dmax = dur_us < 0 ? 0 : ms_up(dur_us + dur_res_us - 1);

	s->mean = m;
	switch (m) {
	case ST_TMEAN_END:
		s->end_ms = t_ms;
		s->end_max_ms = last;
		s->start_ms = dur_us < 0 ? ST_TIME_NONE : t_ms - dmax;
		s->start_max_ms = last - dmin;
		break;
	case ST_TMEAN_BEGIN:
		s->start_ms = t_ms;
		s->start_max_ms = last;
		s->end_ms = t_ms + dmin;
		s->end_max_ms = dur_us < 0 ? ST_TIME_NONE : last + dmax;
		break;
	case ST_TMEAN_SERVER:
		/* Begun no earlier than the stamp (Apache's meaning) and
		 * done within its resolution (nginx's). */
		s->start_ms = s->end_ms = t_ms;
		s->start_max_ms = s->end_max_ms = last;
		break;
	}
}

void
st_span_window(const struct st_span *s, int64_t longest_ms, int64_t *lo,
    int64_t *hi)
{
	*lo = s->start_ms != ST_TIME_NONE ? s->start_ms : s->end_ms - longest_ms;
	*hi = s->end_max_ms != ST_TIME_NONE ? s->end_max_ms :
	    s->start_max_ms + longest_ms;
}

int64_t
st_span_anchor(const struct st_span *s)
{
	if (s->mean == ST_TMEAN_BEGIN)
		return s->start_ms + (s->start_max_ms - s->start_ms) / 2;
	return s->end_ms + (s->end_max_ms - s->end_ms) / 2;
}
