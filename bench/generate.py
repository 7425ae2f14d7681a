# SPDX-License-Identifier: ISC
"""Make a large, realistic benchmark input from the campaign capture.

    python3 bench/generate.py OUTDIR COPIES

Writes OUTDIR/audit.log (the campaign's three rotated audit logs, oldest
first, repeated COPIES times) and OUTDIR/access.log (its nginx logs,
likewise), plus .gz copies of both.  Each copy is shifted 20 s later;
serials keep growing; pids move by a multiple of 20,000 that wraps
every 50 copies, as pids wrap on a real host.  Around the attack, each
copy adds ordinary traffic (about 1,150 requests a second) so that the
access log grows as fast as the audit log.  About 3.2 MB of each per
copy: 330 copies make 1 GB of each.
"""

import gzip
import os
import re
import shutil
import sys
from datetime import datetime, timedelta, timezone

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples",
                      "campaign-enriched")
SHIFT = 20          # seconds between copies
PID_STEP = 20000
PID_WRAP = 50

STAMP = re.compile(rb"msg=audit\((\d+)\.(\d{3}):(\d+)\)")
PIDS = re.compile(rb"\b(pid|ppid)=(\d+)")
WHEN = re.compile(rb"\[([^\]]+)\]")
ZONE = timezone(timedelta(hours=-5))


def read(*names):
    out = b""
    for n in names:
        opener = gzip.open if n.endswith(".gz") else open
        with opener(os.path.join(SAMPLE, n), "rb") as f:
            out += f.read()
    return out


def audit_copy(text, k):
    def stamp(m):
        return b"msg=audit(%d.%s:%d)" % (int(m.group(1)) + k * SHIFT, m.group(2),
                                          int(m.group(3)) + k * 100000)

    def pid(m):
        v = int(m.group(2))
        return b"%s=%d" % (m.group(1), v + (k % PID_WRAP) * PID_STEP if v > 1 else v)
    return PIDS.sub(pid, STAMP.sub(stamp, text))


def epoch(line):
    t = WHEN.search(line).group(1).decode()
    return int(datetime.strptime(t, "%d/%b/%Y:%H:%M:%S %z").timestamp())


def stamped(line, t):
    text = datetime.fromtimestamp(t, ZONE).strftime("%d/%b/%Y:%H:%M:%S -0500")
    return WHEN.sub(b"[" + text.encode() + b"]", line, count=1)


def access_copy(lines, benign, k, extra=23000):
    """The capture's lines shifted k copies on, merged by time with
    ordinary traffic spread over the copy's SHIFT seconds."""
    start = epoch(lines[0]) + k * SHIFT
    out = [(epoch(ln) + k * SHIFT, i, stamped(ln, epoch(ln) + k * SHIFT))
           for i, ln in enumerate(lines)]
    for i in range(extra):
        t = start + i * SHIFT // extra
        out.append((t, len(lines) + i, stamped(benign[i % len(benign)], t)))
    out.sort()
    return b"".join(ln for _, _, ln in out)


def main():
    outdir, copies = sys.argv[1], int(sys.argv[2])
    os.makedirs(outdir, exist_ok=True)
    audit = read("audit/audit.log.2", "audit/audit.log.1", "audit/audit.log")
    access = read("nginx/access.log.2.gz", "nginx/access.log.1", "nginx/access.log")
    lines = access.splitlines(keepends=True)
    benign = [ln for ln in lines if ln.startswith(b"127.0.0.")]
    with open(os.path.join(outdir, "audit.log"), "wb") as fa, \
            open(os.path.join(outdir, "access.log"), "wb") as fw:
        for k in range(copies):
            fa.write(audit_copy(audit, k))
            fw.write(access_copy(lines, benign, k))
    for name in ("audit.log", "access.log"):
        src = os.path.join(outdir, name)
        with open(src, "rb") as f, gzip.open(src + ".gz", "wb", compresslevel=6) as g:
            shutil.copyfileobj(f, g, 1 << 20)


if __name__ == "__main__":
    main()
