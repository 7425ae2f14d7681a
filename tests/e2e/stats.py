# SPDX-License-Identifier: ISC
"""--stats says where the time went, in figures that agree with the rest
of the run: the events framed are the report's events, libauparse
assembles fewer of them unless --parse-all, the records are the lines of
the audit logs, and the stages are there for each thread.  It prints
with -q too, and changes nothing written."""

import os
import re
from stlib import SAMPLES, check, done, equal, run

campaign = os.path.join(SAMPLES, "campaign-enriched")


def stats(r):
    m = re.search(r"audit events: (\d+) framed, (\d+) \(", r.err)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


plain = run("-f", "csv", campaign)
r = run("--stats", "-f", "csv", campaign)
check(r.rc == plain.rc, "same exit status")
check(r.out == plain.out, "the same timeline with --stats")
framed, parsed = stats(r)
m = re.search(r"shelltrail: ([\d,]+) events,", r.err)
check(m is not None and framed == int(m.group(1).replace(",", "")),
      "the events framed are the report's")
check(parsed is not None and 0 < parsed < framed,
      "libauparse assembles only some of them")
records = sum(int(x) for x in re.findall(r"audit logs: [\d.]+ MB, (\d+) records", r.err))
lines = 0
for d, _, names in os.walk(campaign):
    for n in names:
        if n.startswith("audit.log") and not n.endswith(".gz"):
            with open(os.path.join(d, n), "rb") as f:
                lines += sum(1 for l in f if l.strip())
check(records >= lines > 0, f"records counted: {records}, plain audit lines {lines}")
check(re.search(r"access logs: [\d.]+ MB, 174 requests", r.err) is not None,
      "the access log's requests")
for stage in ("taking framed audit records", "libauparse",
              "process trees and rows", "requests and ties", "writing"):
    check(re.search(stage + r" \d+\.\d\d s", r.err) is not None, f"stage {stage}")
check(re.search(r"framing thread: reading, framing and checking for copies "
                r"\d+\.\d\d s, waiting for the main thread \d+\.\d\d s", r.err)
      is not None, "the framing thread's time")
check("access thread: parsing" in r.err, "the access thread's time")

q = run("-q", "--stats", "--parse-all", "-f", "csv", campaign)
equal(stats(q), (framed, framed), "--parse-all: every event through libauparse")
check(q.err.startswith("shelltrail: stats:"), "with -q, only the stats")
check("stats" not in run("-q", "-f", "csv", campaign).err, "no stats unless asked")
done()
