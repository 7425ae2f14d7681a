# SPDX-License-Identifier: ISC
"""Helpers for the end-to-end tests: run the built shelltrail on real
logs and read what it wrote, the way a user's tools would."""

import csv
import io
import json
import os
import subprocess
import sys

SHELLTRAIL = os.environ.get("SHELLTRAIL", "shelltrail")
SRCDIR = os.environ.get("SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLES = os.path.join(SRCDIR, "samples")
SHARED = os.environ.get("SHELLTRAIL_SHARED", os.path.join(SRCDIR, "..", "shared"))

# Sanitizer reports must fail a test even when the exit status looks fine.
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                   "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer")

_failures = 0


class Result:
    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err

    def csv(self):
        text = self.out.decode("utf-8", "surrogateescape")
        return list(csv.DictReader(io.StringIO(text, newline="")))

    def jsonl(self):
        return [json.loads(line) for line in self.out.decode("utf-8").splitlines()]


def run(*args, stdin=None, timeout=600):
    """Run shelltrail; a crash or a sanitizer report fails at once."""
    p = subprocess.run([SHELLTRAIL, *args], input=stdin, capture_output=True,
                       timeout=timeout)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode < 0 or p.returncode > 2 or any(m in err for m in SANITIZER_MARKS):
        sys.stderr.write(err)
        sys.exit(f"FATAL: shelltrail {' '.join(args)} ended with {p.returncode}")
    return Result(p.returncode, p.stdout, err)


def check(cond, what):
    """Record one assertion; keep going so one run shows every failure."""
    global _failures
    if not cond:
        _failures += 1
        sys.stderr.write(f"FAIL: {what}\n")
    return cond


def equal(got, want, what):
    return check(got == want, f"{what}: got {got!r}, want {want!r}")


def done():
    sys.exit(1 if _failures else 0)


def skip(why):
    print(f"SKIP: {why}")
    sys.exit(77)


def sample(*parts):
    return os.path.join(SAMPLES, *parts)


def truth(capture):
    """truth.tsv: epoch sent, client ip, method, path, exact command."""
    rows = []
    with open(sample(capture, "truth.tsv"), encoding="utf-8", newline="\n") as f:
        for line in f:
            t, ip, method, path, cmd = line.rstrip("\n").split("\t", 4)
            rows.append({"time": float(t), "ip": ip, "method": method,
                         "path": path, "cmd": cmd})
    return rows


def seed_with(directory, cmd, user_agent=None):
    """seed-raw's audit and access logs in directory, its 'cat /etc/passwd'
    replaced by cmd (str or bytes, in the EXECVE record and the request) and, when
    given, its user agent by user_agent: an attacker's bytes on a real
    capture.  Returns the directory."""
    import urllib.parse
    raw = cmd if isinstance(cmd, bytes) else cmd.encode()
    with open(sample("seed-raw", "audit", "audit.log"), "rb") as f:
        audit = f.read().replace(b"a2=636174202F6574632F706173737764",
                                 b"a2=" + raw.hex().upper().encode())
    with open(sample("seed-raw", "nginx", "access.log"), "rb") as f:
        access = f.read().replace(b"cmd=cat%20%2Fetc%2Fpasswd",
                                  b"cmd=" + urllib.parse.quote(raw).encode())
    if user_agent is not None:
        access = access.replace(b'"python-requests/2.31.0"',
                                b'"' + user_agent.encode() + b'"')
    os.makedirs(directory, exist_ok=True)
    for name, data in (("audit.log", audit), ("access.log", access)):
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
    return directory
