# SPDX-License-Identifier: ISC
"""A batch scan of an evidence share of three hosts, built from the samples:
web01.tar.gz (the campaign, with 401 events cut out of its audit log),
web02.zip (the seed capture, its audit log gzipped inside the zip) and
web03/ (the custom-format capture as a plain directory, its older audit
log gzipped).  The combined timeline, the per-host files, the summary,
the reported gap, and that nothing but the output is written."""

import calendar
import csv
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import zipfile

from stlib import SHELLTRAIL, check, done, equal, sample, truth

GAP = (11300, 11700)    # serials cut out of web01's audit.log.1


def cut_serials(path, lo, hi):
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    keep = [ln for ln in lines
            if not (m := re.search(rb"msg=audit\(\d+\.\d+:(\d+)\)", ln))
            or not lo <= int(m.group(1)) <= hi]
    check(len(keep) < len(lines), "the gap removes records")
    with open(path, "wb") as f:
        f.write(b"\n".join(keep))


def gzip_file(path):
    with open(path, "rb") as f, gzip.open(path + ".gz", "wb") as g:
        g.write(f.read())
    os.remove(path)


def build(share, work):
    os.makedirs(share)
    web01 = os.path.join(work, "web01")
    shutil.copytree(sample("campaign-enriched"), web01)
    cut_serials(os.path.join(web01, "audit", "audit.log.1"), *GAP)
    with tarfile.open(os.path.join(share, "web01.tar.gz"), "w:gz") as t:
        t.add(web01, arcname="web01")
    web02 = os.path.join(work, "web02")
    shutil.copytree(sample("seed-raw"), web02)
    gzip_file(os.path.join(web02, "audit", "audit.log"))
    with zipfile.ZipFile(os.path.join(share, "web02.zip"), "w") as z:
        for root, _, files in os.walk(web02):
            for name in files:
                full = os.path.join(root, name)
                z.write(full, os.path.relpath(full, work))
    web03 = os.path.join(share, "web03", "var", "log")
    shutil.copytree(sample("custom-json"), web03)
    gzip_file(os.path.join(web03, "audit", "audit.log.1"))


def snapshot(top):
    """Every path under top; for files, size, times and hash, read without
    touching their access time."""
    seen = {}
    for root, dirs, files in os.walk(top):
        for name in dirs:
            seen[os.path.join(root, name)] = "dir"
        for name in files:
            full = os.path.join(root, name)
            st = os.lstat(full)
            fd = os.open(full, os.O_RDONLY | os.O_NOATIME)
            with os.fdopen(fd, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            seen[full] = (st.st_size, st.st_mtime_ns, st.st_atime_ns, digest)
    return seen


def scan(*args, env):
    p = subprocess.run([SHELLTRAIL, *args], capture_output=True, env=env,
                       timeout=600)
    return p.returncode, p.stdout.decode("utf-8", "surrogateescape"), \
        p.stderr.decode("utf-8", "replace")


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def commands(rows, host):
    """The command lines of the host's web-originated roots."""
    return {r["argv"] for r in rows if r["host"] == host and r["depth"] in (0, "0")}


def ran(rows, host):
    """What each root ran: CMD of sh -c CMD, exactly (JSON lines)."""
    return {" ".join(r["args"][2:3]) if r["args"][:2] == ["sh", "-c"] else
            " ".join(r["args"]) for r in rows if r["host"] == host and r["depth"] == 0}


def iso(text):
    m = re.match(r"(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)\.(\d+)\+00:00", text)
    y, mo, d, h, mi, sec, ms = map(int, m.groups())
    return calendar.timegm((y, mo, d, h, mi, sec)) + ms / 1000


with tempfile.TemporaryDirectory() as tmp:
    share = os.path.join(tmp, "share")
    build(share, os.path.join(tmp, "work"))
    shutil.rmtree(os.path.join(tmp, "work"))
    empty_tmp = os.path.join(tmp, "tmpdir")
    os.makedirs(empty_tmp)
    env = dict(os.environ, TMPDIR=empty_tmp)
    conf = os.path.join(share, "web03", "var", "log", "nginx", "nginx.conf")
    out = os.path.join(tmp, "out")
    os.makedirs(out)
    before = snapshot(tmp)

    # One timeline, three hosts, two at a time.
    timeline = os.path.join(out, "timeline.jsonl")
    rc, _, err = scan("-f", "jsonl", "--integrity", "-j", "2", "--log-format-file",
                      conf, "-o", timeline, share, env=env)
    equal(rc, 0, "exit status with findings")
    with open(timeline, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    execs = [r for r in rows if r["timestamp_desc"] == "Process Execution"]
    equal(sorted({r["host"] for r in execs}), ["web01", "web02", "web03"],
          "every host in the combined timeline, named after its archive, "
          "directory or node=")
    stamps = [int(r["timestamp"]) for r in execs]
    equal(stamps, sorted(stamps), "the combined timeline in time order")
    gaps = [r for r in rows if r["timestamp_desc"] == "Audit gap"]
    equal([r["host"] for r in gaps], ["web01"], "one audit gap, on web01")
    hole = [iso(t) for t in re.findall(r"\S+\+00:00", gaps[0]["message"])] \
        if gaps else [0, 0]
    for host, capture in (("web01", "campaign-enriched"), ("web02", "seed-raw"),
                          ("web03", "custom-json")):
        mine = ran(execs, host)
        missing = [t["cmd"] for t in truth(capture) if t["cmd"] not in mine
                   and not hole[0] - 1 <= t["time"] <= hole[1]]
        equal(missing, [], f"{host}: every command of its truth.tsv but those "
              "sent in the hole")
    lost = [t for t in truth("campaign-enriched") if t["cmd"] not in ran(execs, "web01")]
    check(lost, "the hole cost web01 commands")
    tied = [r for r in execs if r["host"] == "web02" and r["match"] == "command"]
    check(tied and all(r["client_ip"] == "127.66.6.6" for r in tied),
          "web02's command tied to its own request, read from the zip")
    check(gaps and "401 events missing: serials 11300 to 11700" in gaps[0]["message"],
          "the gap names the missing serials")
    check(gaps and ".tar.gz!/web01/audit/audit.log.1:" in gaps[0]["source"],
          "the gap names the archive member and line where it shows")
    for host in ("web01", "web02", "web03"):
        check(re.search(rf"^  {host}: findings$", err, re.M),
              f"summary line for {host}")
    check(re.search(r"^  web01: findings\n.*\n.*, [1-9]\d* integrity findings",
                    err, re.M), "web01's summary counts its integrity findings")

    # The same with one job: the same timeline.
    one = os.path.join(out, "one.jsonl")
    scan("-f", "jsonl", "--integrity", "-j", "1", "--log-format-file", conf,
         "-o", one, share, env=env)
    with open(one, encoding="utf-8", newline="") as f:
        equal(f.read() == open(timeline, encoding="utf-8", newline="").read(),
              True, "-j 1 and -j 2 write the same timeline")

    # One file per host and summary.csv.
    per_host = os.path.join(out, "hosts")
    rc, _, _ = scan("-f", "csv", "--output-dir", per_host, "--log-format-file",
                    conf, share, env=env)
    equal(rc, 0, "exit status with --output-dir")
    equal(sorted(os.listdir(per_host)),
          ["summary.csv", "web01.csv", "web02.csv", "web03.csv"],
          "one timeline per host and a summary")
    for host in ("web01", "web02", "web03"):
        with open(os.path.join(per_host, host + ".csv"), encoding="utf-8",
                  newline="") as f:
            mine = rows_of(f.read())
        equal(commands(mine, host), commands(execs, host),
              f"{host}.csv holds that host's commands")
        equal({r["host"] for r in mine}, {host}, f"{host}.csv: only its rows")
    with open(os.path.join(per_host, "summary.csv"), encoding="utf-8",
              newline="") as f:
        summary = {r["host"]: r for r in rows_of(f.read())}
    equal(sorted(summary), ["web01", "web02", "web03"], "summary.csv hosts")
    check(int(summary["web01"]["integrity"]) >= 1, "summary.csv: web01's gap counted")
    equal(summary["web02"]["web_execs"], "2", "summary.csv: web02's web execs")
    check(summary["web03"]["web_from"] != "", "summary.csv: web03's web log read "
          "with its log_format")

    # No findings: status 1.
    rc, _, _ = scan("-q", "-f", "csv", "--since", "2030-01-01", share, env=env)
    equal(rc, 1, "exit status without findings")

    after = snapshot(tmp)
    written = sorted(p for p in after if p not in before)
    equal([p for p in written if not p.startswith(out + os.sep)], [],
          "nothing written outside the output")
    equal({p: v for p, v in after.items() if p in before
           and not p.startswith(out + os.sep)},
          {p: v for p, v in before.items() if not p.startswith(out + os.sep)},
          "the evidence unchanged, atime included")
done()
