# SPDX-License-Identifier: ISC
"""Records kept from libauparse change nothing written: every sample and
every corpus directory gives the same timeline and the same report with
--parse-all, which parses every record.  And the rule that leaves out
whole events (a known process's non-exec syscalls) is checked where it
could go wrong: a pid whose executable changes, a fork that links a
child reparented to init, events with no PROCTITLE."""

import os
import tempfile
from stlib import SAMPLES, SHARED, check, done, equal, run

NOT_PARSED = "audit records were not parsed"


def sc(t, serial, nr, pid, ppid, exe, uid=0, exit=3, proctitle=True, extra=()):
    """One syscall event as a RAW log writes it; an openat (257) only
    reads (a2, its flags, is O_RDONLY)."""
    head = f"msg=audit({t}:{serial}):"
    comm = os.path.basename(exe)[:15]
    ids = " ".join(f"{n}={uid}" for n in
                   ("uid", "gid", "euid", "suid", "fsuid", "egid", "sgid", "fsgid"))
    lines = [f"type=SYSCALL {head} arch=c000003e syscall={nr} success=yes "
             f"exit={exit} a0=1 a1=2 a2=0 a3=4 items=1 ppid={ppid} pid={pid} "
             f"auid=4294967295 {ids} tty=(none) ses=4294967295 "
             f'comm="{comm}" exe="{exe}" key="k"']
    lines += [f"type={e.split(' ', 1)[0]} {head} {e.split(' ', 1)[1]}" for e in extra]
    lines.append(f'type=CWD {head} cwd="/tmp"')
    lines.append(f'type=PATH {head} item=0 name="/etc/hosts" inode=1 dev=fe:00 '
                 "mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL")
    if proctitle:
        lines.append(f"type=PROCTITLE {head} proctitle=78")
    return lines


def report(r):
    return [l for l in r.err.splitlines() if NOT_PARSED not in l]


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"line {i + 1}: {x[:120]!r} / {y[:120]!r}"
    return f"{len(a)} lines / {len(b)} lines"


def same(args, what):
    a, b = run(*args), run("--parse-all", *args)
    out_a, out_b = a.out.splitlines(), b.out.splitlines()
    check(out_a == out_b, f"{what}: same timeline ({first_difference(out_a, out_b)})")
    check(report(a) == report(b),
          f"{what}: same report ({first_difference(report(a), report(b))})")
    check(NOT_PARSED not in b.err, f"{what}: --parse-all parses everything")
    return a


with tempfile.TemporaryDirectory() as tmp:
    log = os.path.join(tmp, "audit.log")
    lines = []
    # php-fpm (www-data) opens a file twice: the second event is left out.
    lines += sc("1795756800.000", 1, 257, 500, 1, "/usr/sbin/php-fpm8.2", uid=33)
    lines += sc("1795756800.100", 2, 257, 500, 1, "/usr/sbin/php-fpm8.2", uid=33,
                proctitle=False)
    # pid 500 is now python as root: this event must reach the tree.
    lines += sc("1795756800.200", 3, 257, 500, 1, "/usr/bin/python3.11", proctitle=False)
    lines += sc("1795756800.300", 4, 59, 501, 500, "/usr/bin/id", exit=0,
                extra=['EXECVE argc=1 a0="id"'])
    # clone from a known process: kept, it links a child reparented to init.
    lines += sc("1795756800.400", 5, 56, 500, 1, "/usr/bin/python3.11", exit=502)
    lines += sc("1795756808.500", 6, 59, 502, 1, "/usr/bin/whoami", exit=0,
                extra=['EXECVE argc=1 a0="whoami"'])
    with open(log, "w") as f:
        f.write("\n".join(lines) + "\n")
    r = same(("--all", "-v", "-f", "csv", log), "synthetic")
    rows = r.csv()
    equal([(x["pid"], x["chain"], x["web_origin"]) for x in rows],
          [("501", "? python3.11[500] > id[501]", ""),
           ("502", "? python3.11[500] > whoami[502]", "")],
          "the tree saw pid 500 become python, and the clone")
    # Event 2 whole (SYSCALL, CWD, PATH) and the five other PATH items.
    check("8 audit records were not parsed" in r.err, "8 records left out")
    check("6 events," in r.err, "an event left out still counts")

    # A shell searching PATH: its failed execs are only counted, unless
    # --failed writes them.
    lines = sc("1795756800.000", 1, 257, 600, 1, "/usr/bin/bash")
    for i, d in enumerate(("/usr/local/sbin", "/usr/local/bin")):
        lines += [l.replace("success=yes exit=0", "success=no exit=-2")
                  for l in sc(f"1795756800.{i + 1}00", 2 + i, 59, 600, 1,
                              "/usr/bin/bash", exit=0)]
    with open(log, "w") as f:
        f.write("\n".join(lines) + "\n")
    r = same(("-v", "-f", "csv", log), "failed execs")
    check("(and 2 failed)" in r.err, "failed execs left out still count")
    # The first event's PATH item, and both failed execs' four records.
    check("9 audit records were not parsed" in r.err,
          "both failed execs left out whole")
    r = same(("--all", "--failed", "-v", "-f", "csv", log), "failed execs written")
    equal(len(r.csv()), 2, "--failed writes both")

inputs = [os.path.join(SAMPLES, d) for d in sorted(os.listdir(SAMPLES))]
corpus = os.path.join(SHARED, "corpus")
if os.path.isdir(corpus):
    inputs += [os.path.join(corpus, d) for d in sorted(os.listdir(corpus))
               if os.path.isdir(os.path.join(corpus, d))]
for path in inputs:
    for opts in (("--all", "--failed"), ()):
        same((*opts, "-v", "-f", "csv", path), f"{path} {' '.join(opts)}")

r = run("-v", "-f", "csv", os.path.join(SAMPLES, "campaign-enriched"))
check(NOT_PARSED in r.err, "the campaign's PATH items and file-rule events are left out")
done()
