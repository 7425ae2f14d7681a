# SPDX-License-Identifier: ISC
"""What shelltrail writes never lands on the evidence nor on another
host's output, and what it reads it leaves as it was: output names that
collide, paths that climb back into the evidence, hard links to it, two
options naming one file, directory access times, programs libarchive
would run."""

import os
import shutil
import subprocess
import sys
import tempfile
from stlib import SHELLTRAIL, SRCDIR, check, done, equal, run, sample

sys.path.insert(0, os.path.join(SRCDIR, "tests", "bad"))
import cases  # noqa: E402

SEED = sample("seed-raw")


def in_dir(cwd, *args):
    p = subprocess.run([SHELLTRAIL, *args], cwd=cwd, capture_output=True)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def tree(d):
    return sorted(os.path.relpath(os.path.join(r, f), d)
                  for r, ds, fs in os.walk(d) for f in ds + fs)


tmp = tempfile.mkdtemp(prefix="shelltrail-outputs-")
try:
    # Hosts named summary (node=), db_01 and "db 01", and 252 bytes long:
    # a file each, none over summary.csv; and never over a file there.
    share = cases.output_names(os.path.join(tmp, "names"))
    out = os.path.join(tmp, "out")
    r = run("-q", "-f", "csv", "--output-dir", out, share)
    equal(r.rc, 0, "four hosts scanned")
    names = sorted(os.listdir(out))
    equal(len(names), 5, f"a file per host and summary.csv ({names})")
    check("summary.csv" in names and "summary-2.csv" in names,
          "host 'summary' beside summary.csv")
    check("db_01.csv" in names and "db_01-2.csv" in names, "db_01 and 'db 01'")
    check(all(len(n) <= 255 for n in names), "names fit NAME_MAX")
    with open(os.path.join(out, "summary.csv")) as f:
        equal(len(f.read().splitlines()), 5, "summary.csv lists every host")
    for n in names:
        if n != "summary.csv":
            with open(os.path.join(out, n)) as f:
                check("sh -c 'cat /etc/passwd'" in f.read(), f"{n} is a timeline")
    r = run("-q", "-f", "csv", "--output-dir", out, share)
    equal(r.rc, 2, "an output directory holding those files: refused")
    # Hosts are written in parallel: whichever comes first is named.
    check(any(f"{n}: File exists" in r.err for n in names),
          f"says which file exists: {r.err[-300:]!r}")

    # A path that climbs back into the evidence once mkdir -p made it.
    work = os.path.join(tmp, "work")
    ev = os.path.join(work, "ev")
    shutil.copytree(SEED, ev)
    before = tree(work)
    rc, err = in_dir(work, "--output-dir", "nothere/../ev/out", "ev")
    equal(rc, 2, "nothere/../ev/out refused")
    check("inside the evidence directory" in err, f"says why ({err.strip()})")
    equal(tree(work), before, "nothing made, not even nothere")

    # A hard link to an evidence file, outside the evidence directory.
    audit = os.path.join(ev, "audit", "audit.log")
    with open(audit, "rb") as f:
        content = f.read()
    link = os.path.join(work, "link.csv")
    os.link(audit, link)
    rc, err = in_dir(work, "-f", "csv", "-o", "link.csv", "ev")
    equal(rc, 2, "-o onto a hard link of evidence refused")
    check("other names" in err, f"says why ({err.strip()})")
    with open(audit, "rb") as f:
        check(f.read() == content, "the evidence file is whole")
    os.unlink(link)

    # Two options naming one file by different paths.
    rc, err = in_dir(work, "-f", "csv", "-o", "x", "--manifest", "./x", "ev")
    equal(rc, 2, "-o x --manifest ./x refused")
    check("name the same file" in err, "says why")
    check(not os.path.exists(os.path.join(work, "x")), "x not made")

    # Empty and NaN values.
    equal(run("--output-dir", "", SEED).rc, 2, "--output-dir '' refused")
    equal(run("--skew", "nan", SEED).rc, 2, "--skew nan refused")
    equal(run("--skew", "inf", SEED).rc, 2, "--skew inf refused")

    # Reading a directory leaves its access time, as reading a file does.
    old = 978307200  # 2001-01-01
    dirs = [os.path.join(r, d) for r, ds, _ in os.walk(ev) for d in ds] + [ev]
    for d in dirs:
        os.utime(d, (old, old))
    equal(in_dir(work, "-q", "ev")[0], 0, "the evidence read")
    check(all(os.stat(d).st_atime == old for d in dirs),
          "directory access times unchanged")

    # libarchive would run lrzip, lzop or grzip from PATH on these.
    bin_dir = os.path.join(tmp, "bin")
    os.makedirs(bin_dir)
    marker = os.path.join(tmp, "ran")
    for prog in ("lrzip", "lzop", "grzip"):
        path = os.path.join(bin_dir, prog)
        with open(path, "w") as f:
            f.write(f"#!/bin/sh\ntouch {marker}\ncat\n")
        os.chmod(path, 0o755)
    evil = os.path.join(tmp, "evil")
    os.makedirs(evil)
    for name, magic in (("a.lrz", b"LRZI\x00\x06"), ("b.lzo", b"\x89LZO\x00\r\n\x1a\n"),
                        ("c.grz", b"GRZipII\x00\x02\x04:)")):
        with open(os.path.join(evil, name), "wb") as f:
            f.write(magic + bytes(4096))
    shutil.copy(audit, os.path.join(evil, "audit.log"))
    env = dict(os.environ, PATH=bin_dir + ":" + os.environ.get("PATH", ""))
    p = subprocess.run([SHELLTRAIL, "-q", evil], env=env, capture_output=True)
    equal(p.returncode, 0, "the audit log beside them read")
    check(not os.path.exists(marker), "no program run on the evidence")
finally:
    shutil.rmtree(tmp)
done()
