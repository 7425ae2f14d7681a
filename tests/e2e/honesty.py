# SPDX-License-Identifier: ISC
"""What could not be read is never silent: an input that cannot be read
makes the status 2 as grep's does, the others' timeline written all the
same; and in a batch scan each host's lines say which files were not
read and why, and warn when a host's web-originated execs have no
access log to be tied to."""

import gzip
import os
import shutil
import tempfile

from stlib import SAMPLES, check, done, equal, run

SEED = os.path.join(SAMPLES, "seed-raw")


def missing_among_good():
    r = run("-f", "csv", SEED, "/nonexistent/audit.log")
    equal(r.rc, 2, "a missing file among good ones: status 2")
    check(len(r.csv()) >= 2, "the good ones' timeline is written")
    check("could not be read" in r.err and "/nonexistent/audit.log" in r.err,
          "stderr names the file and says so")
    r = run("-f", "csv", SEED)
    equal(r.rc, 0, "the same without it: status 0")


def broken_gzips(d):
    """One broken at its first block (nothing can be read), one cut
    after a few lines (damaged: read up to the cut)."""
    with open(os.path.join(SEED, "audit", "audit.log"), "rb") as f:
        packed = gzip.compress(f.read())
    dead = os.path.join(d, "audit.log.2.gz")
    with open(dead, "wb") as f:
        f.write(packed[:10] + bytes(range(7, 250)))
    cut = os.path.join(d, "audit.log.1.gz")
    with open(cut, "wb") as f:
        f.write(packed[:200])
    r = run("-f", "csv", SEED, dead)
    equal(r.rc, 2, "a .gz that cannot be read at all among good logs: status 2")
    check(r.csv(), "rows still written")
    r = run("-f", "csv", SEED, cut)
    equal(r.rc, 0, "a .gz read up to a cut: a warning, status 0")
    equal(run("-q", "--strict", SEED, cut).rc, 2, "... and 2 with --strict")
    return dead, cut


def share(d, dead, cut):
    top = os.path.join(d, "share")
    web01 = os.path.join(top, "web01")
    shutil.copytree(SEED, web01)
    shutil.copy(dead, os.path.join(web01, "audit", "audit.log.2.gz"))
    shutil.copy(cut, os.path.join(web01, "audit", "audit.log.1.gz"))
    web02 = os.path.join(top, "web02")
    shutil.copytree(os.path.join(SAMPLES, "upload-revshell", "audit"),
                    os.path.join(web02, "audit"))
    web03 = os.path.join(top, "web03")
    shutil.copytree(os.path.join(SAMPLES, "nginx-fpm-pool"), web03)
    return top


def batch(d, dead, cut):
    top = share(d, dead, cut)
    r = run("-f", "csv", "-o", os.path.join(d, "all.csv"), top)
    equal(r.rc, 2, "a host with an unreadable file: status 2")
    err = r.err
    lines = {}
    host = None
    for line in err.splitlines():
        if line.startswith("  ") and not line.startswith("    "):
            host = line.strip().split(":")[0]
        elif host and line.startswith("    "):
            lines.setdefault(host, []).append(line.strip())
    web01 = lines.get("web01", [])
    check(any("audit.log.2.gz not read: " in x for x in web01),
          f"web01 says which .gz was not read, and why: {web01}")
    check(any("audit.log.1.gz: reading stopped: gzip stream ends early" in x
              for x in web01), "and which one was read up to a cut")
    check("1 file could not be read (below)" in web01, "web01 counts the one")
    # web02/ holds upload-revshell's audit log alone (node=web04);
    # web03/ nginx-fpm-pool whole (node=web07).
    check(any(x.startswith("warning:") and "no access log read" in x
              for x in lines.get("web04", [])),
          f"the host without access log is warned of: {lines}")
    check(lines.get("web07") and not any("no access log read" in x
                                         for x in lines["web07"]),
          "not the host with one")
    check(any("not read: in a format no configuration names" in x
              for x in lines.get("web07", [])),
          "an access log no format reads is said without -v")
    summary = os.path.join(d, "out")
    r = run("-f", "csv", "--output-dir", summary, top)
    with open(os.path.join(summary, "summary.csv"), encoding="utf-8") as f:
        head = f.readline()
    check("unreadable_files" in head, "summary.csv has unreadable_files")


with tempfile.TemporaryDirectory() as tmp:
    missing_among_good()
    dead, cut = broken_gzips(tmp)
    batch(tmp, dead, cut)
done()
