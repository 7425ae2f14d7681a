# SPDX-License-Identifier: ISC
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

    # The seed's access log with a TLS handshake, junk and a cut line.
    with open(sample("seed-raw", "nginx", "access.log"), "rb") as f:
        lines = f.read().splitlines(keepends=True)
    junk = [b'127.0.0.9 - - [27/Nov/2026:13:20:58 +0800] "\\x16\\x03\\x01\\x00" 400 157 "-" "-"\n',
            b"\x00\xff garbage \x1b[31m\n",
            b'127.0.0.9 - - [27/Nov/2026:13:20:58 +0800] "GET /index.php?pa\n']
    with open(os.path.join(tmp, "access.log"), "wb") as f:
        f.writelines(lines[:3] + junk + lines[3:])

    r = run("-f", "csv", tmp)
    equal(r.rc, 0, "warnings only: web-originated execs found")
    check(re.search(r"access\.log: 3 malformed lines skipped", r.err), "access junk counted")
    check(re.search(r"access\.log:4: request line is not METHOD URI PROTOCOL", r.err),
          "TLS handshake named with its line")
    check(re.search(r"access\.log:6: does not match the log format", r.err), "cut line named")
    check("\x1b" not in r.err, "no raw escape from the logs on the terminal")
    check(any(row["match"] == "command" for row in r.csv()), "requests still read around junk")
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
