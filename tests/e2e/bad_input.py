"""The bad-input suite (tests/bad/cases.py): each case's input, its exit
status, the messages naming file:line, the valid events that must still
come out, and where it matters a memory bound."""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from stlib import SANITIZER_MARKS, SHELLTRAIL, SRCDIR, check, done, equal

sys.path.insert(0, os.path.join(SRCDIR, "tests", "bad"))
import cases  # noqa: E402

SANITIZED = bool(os.environ.get("SHELLTRAIL_SANITIZED"))
COMMITTED = os.path.join(SRCDIR, "tests", "bad", "cases")


def as_user(argv, root):
    """Cases that need an unreadable file run as nobody (root reads all)."""
    if root or os.geteuid() != 0:
        return argv
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + argv


def run(argv, measure):
    """Status, stdout, stderr, and peak RSS in MB when measured (GNU
    time's last line of stderr, taken off again)."""
    if measure:
        argv = ["/usr/bin/time", "-f", "peak-kb %M"] + argv
    p = subprocess.run(argv, capture_output=True, timeout=900)
    err = p.stderr.decode("utf-8", "replace")
    mb = None
    if measure:
        err, _, last = err.rstrip("\n").rpartition("\n")
        mb = int(last.split()[1]) / 1024
    return p.returncode, p.stdout, err, mb


def rows_of(fmt, out):
    text = out.decode("utf-8", "surrogateescape")
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text, newline="")))
    return [json.loads(line) for line in text.splitlines()]


def one(case, path):
    name = case["name"]
    fmt = "csv" if "csv" in case.get("args", []) else "jsonl"
    extra = [a for a in case.get("args", []) if a not in ("-f", "csv")]
    argv = as_user([SHELLTRAIL, "-f", fmt, *extra, path], case.get("root", True))
    measure = bool(case.get("max_rss_mb")) and not SANITIZED and \
        os.path.exists("/usr/bin/time")
    status, out, err, mb = run(argv, measure)
    if any(m in err for m in SANITIZER_MARKS) or status not in (0, 1, 2):
        check(False, f"{name}: crashed ({status})\n{err[-2000:]}")
        return
    equal(status, case["status"], f"{name}: exit status")
    for rx in case.get("stderr", []):
        rx = rx.replace("{path}", re.escape(path))
        check(re.search(rx, err), f"{name}: report says /{rx}/\n{err[-1500:]}")
    rows = rows_of(fmt, out)
    argvs = [r["argv"] for r in rows]
    for want in case.get("rows", []):
        check(want in argvs, f"{name}: row {want!r} still written")
    if case.get("check"):
        why = case["check"](rows)
        check(why is None, f"{name}: {why}")
    if mb is not None:
        check(mb < case["max_rss_mb"], f"{name}: peak RSS {mb:.0f} MB")
        print(f"{name}: peak RSS {mb:.1f} MB")


# Small cases run on their committed files, which must match the recipe.
with tempfile.TemporaryDirectory() as tmp:
    for case in cases.SMALL:
        made = case["write"](tmp)
        committed = os.path.join(COMMITTED, os.path.basename(made))
        with open(made, "rb") as a, open(committed, "rb") as b:
            check(a.read() == b.read(), f"{committed} is what cases.py writes")
        one(case, committed)

for case in cases.LARGE:
    tmp = tempfile.mkdtemp(prefix=f"shelltrail-{case['name']}-")
    try:
        os.chmod(tmp, 0o755)
        one(case, case["write"](tmp))
    finally:
        for d, dirs, files in os.walk(tmp):
            for x in dirs + files:
                p = os.path.join(d, x)
                if not os.path.islink(p):
                    os.chmod(p, 0o755)
        shutil.rmtree(tmp)
done()
