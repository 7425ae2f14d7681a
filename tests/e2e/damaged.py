"""Damaged input among good input: a garbage file, a truncated .gz and
an audit log whose last line was cut.  Each gets a clear message with
its file (and line), and everything else is still read."""

import gzip
import os
import re
import shutil
import tempfile
from stlib import check, done, equal, run, sample

tmp = tempfile.mkdtemp(prefix="shelltrail-damaged-")
try:
    good = os.path.join(tmp, "audit.log")
    shutil.copy(sample("seed-raw", "audit", "audit.log"), good)
    with open(os.path.join(tmp, "garbage.bin"), "wb") as f:
        f.write(bytes((i * 7919 + 13) % 256 for i in range(100000)))
    # The second rotated campaign log, gzipped and cut in the middle.
    with open(sample("campaign-enriched", "audit", "audit.log.1"), "rb") as f:
        packed = gzip.compress(f.read())
    with open(os.path.join(tmp, "audit.log.1.gz"), "wb") as f:
        f.write(packed[: len(packed) // 2])
    # The third one, cut in the middle of a line.
    with open(sample("campaign-enriched", "audit", "audit.log.2"), "rb") as f:
        data = f.read()
    cut = data.rfind(b"\n", 0, len(data) - 100) + 40
    with open(os.path.join(tmp, "audit.log.2"), "wb") as f:
        f.write(data[:cut])

    r = run("-f", "csv", tmp)
    equal(r.rc, 0, "warnings only: web-originated execs found")
    rows = r.csv()
    check(re.search(r"skipped \S*garbage\.bin: binary data", r.err), "garbage skipped, said why")
    check(re.search(r"audit\.log\.1\.gz: gzip stream ends early \(truncated file\) "
                    r"\(after line \d+\)", r.err), "truncated gzip named")
    check(re.search(r"audit\.log\.2:\d+: the file ends without a newline", r.err),
          "torn last line named with its line number")
    argvs = [row["argv"] for row in rows]
    check("sh -c 'cat /etc/passwd'" in argvs, "the good file still read")
    check("sh -c id" in argvs, "the torn file still read")
    check("sh -c 'cat /etc/passwd | grep -v nologin | cut -d: -f1'" in argvs,
          "the truncated gzip read up to the cut")
    equal(run("--strict", "-q", tmp).rc, 2, "--strict: any input problem is status 2")

    # Forced to be read as audit, garbage is reported line by line.
    r = run("-q", "--strict", "--audit", os.path.join(tmp, "garbage.bin"))
    equal(r.rc, 2, "garbage forced as audit under --strict")
    r = run("--audit", os.path.join(tmp, "garbage.bin"))
    equal(r.rc, 1, "garbage forced as audit: nothing found")
    check(re.search(r"garbage\.bin: [\d,]+ malformed lines skipped", r.err), "malformed count")
    check(re.search(r"garbage\.bin:\d+: ", r.err), "first malformed lines quoted")

    # An unreadable file among good ones is a warning.
    if os.geteuid() != 0:
        os.chmod(os.path.join(tmp, "audit.log.2"), 0)
        r = run("-q", tmp)
        equal(r.rc, 0, "unreadable file: a warning")
finally:
    shutil.rmtree(tmp)
done()
