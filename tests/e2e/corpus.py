# SPDX-License-Identifier: ISC
"""Robustness on 171 real logs from public projects (../shared/corpus,
not copied into the project: several have no licence).  No file may
crash or hang shelltrail, under the sanitizers in CI; and a few known
files must come out exactly as their content says."""

import os
from stlib import SHARED, check, done, equal, run, skip

CORPUS = os.path.join(SHARED, "corpus")
if not os.path.isdir(CORPUS):
    skip(f"no corpus at {CORPUS}")

files = sorted(os.path.join(d, f) for d, _, fs in os.walk(CORPUS) for f in fs
               if f not in ("SOURCES.md", "MANIFEST.tsv"))
check(len(files) >= 170, f"corpus has its files ({len(files)})")
for path in files:
    # run() fails the test on a crash, a sanitizer report or a hang.
    run("--all", "--failed", "-f", "jsonl", "-q", path, timeout=120)
    run("--all", "-q", "--audit", path, timeout=120)

# The whole corpus at once, as a directory: one parser state for all.
r = run("--all", "-f", "csv", CORPUS, timeout=300)
check(r.rc in (0, 1), f"whole corpus read (status {r.rc})")


def execs(name, *extra):
    return run("--all", "-f", "jsonl", "-q", *extra, os.path.join(CORPUS, name)).jsonl()


# a1_len=16384 in three hex pieces over three EXECVE records.
rows = execs("laurel/record-execve-long.txt")
equal(len(rows), 1, "one exec")
equal(len(rows[0]["args"][1]), 8192, "a1 reassembled from its pieces")
# piece 0 holds 3,732 bytes, piece 1 3,746: each starts with its own letter
arg = rows[0]["args"][1]
equal((arg[0], arg[3732], arg[3732 + 3746]), ("b", "d", "f"), "pieces in order")
equal(rows[0]["argv_note"], "", "no damage noted")

# argc=216 in one event.
rows = execs("audit-userspace/test4.log")
check(any(len(r["args"]) == 216 and r["argc"] == 216 for r in rows), "216 arguments")

# node= prefixes name the host.
rows = execs("laurel/record-execve.txt")
check(rows and rows[0]["host"] != "", "host from node=")

# ENRICHED names, never this machine's passwd.
rows = execs("plaso/audit_enriched.log")
check(rows and all(r["user"] for r in rows), "user names from the ENRICHED suffix")

# A hex-encoded awk program with newlines, decoded exactly.
rows = execs("zircolite/audit_sample.log")
check(any("\n" in a for r in rows for a in r["args"] if a), "newline inside an argument")
check(any("$'" in r["argv"] and "\\n" in r["argv"] for r in rows), "shown escaped in argv")

# Records in reverse order and with comment lines (aarch64).
rows = execs("laurel/fork-sleep-exec.txt")
equal([r["args"][0] for r in rows], ["/home/user/bin/uncaring-parent", ""], "reversed records")

# Every value quoted: success="yes" is still a success.
rows = execs("laurel/record-weblogic.txt")
equal(len(rows), 1, "quoted values read")

# Syslog-forwarded records (audisp-syslog).
rows = execs("uAuditAnalyzer2/example_input.txt")
equal([r["args"][0] for r in rows], ["ls", "sleep", "ls"], "audisp-syslog lines")

# i386: execve is syscall 11, found through libaudit's tables.
rows = execs("selinux-userspace/sepolgen_httpd.log")
check(len(rows) > 100, f"i386 execs found ({len(rows)})")
done()
