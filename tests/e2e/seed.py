# SPDX-License-Identifier: ISC
"""The seed capture (RAW format, one web shell command): shelltrail shows
sh -c 'cat /etc/passwd' under the php-fpm worker with cat as its child,
at the right UTC time, and nothing root ran."""

from datetime import datetime
from stlib import check, done, equal, run, sample, truth

r = run("-f", "csv", sample("seed-raw"))
equal(r.rc, 0, "exit status with web-originated execs")
rows = r.csv()
for col in ("datetime", "timestamp_desc", "message"):     # Timesketch's three
    check(col in rows[0], f"column {col}")
equal(len(rows), 2, "rows: the web shell's sh and its cat")

sh, cat = rows
equal(sh["argv"], "sh -c 'cat /etc/passwd'", "sh argv")
equal((sh["pid"], sh["ppid"]), ("17452", "17431"), "sh pid, ppid (the worker)")
equal(sh["datetime"], "2026-11-27T05:20:58.163+00:00", "sh time in UTC")
equal(sh["chain"], "? pid 17431 > sh[17452]", "sh chain")
equal(sh["web_origin"], "user:uid33;webroot:/opt/www", "why sh is web-originated")
# the event's first record, its SYSCALL line
equal(sh["source"], sample("seed-raw", "audit", "audit.log") + ":92", "sh source")
equal(cat["argv"], "cat /etc/passwd", "child argv")
equal(cat["ppid"], sh["pid"], "cat's parent is sh")
equal(cat["tree"], sh["tree"], "cat in sh's tree")
equal(cat["depth"], "1", "cat one level below")
check(all(row["uid"] != "0" for row in rows), "nothing run by root")

# Both are tied to the request that ran them (nginx logs in +0800).
for row in rows:
    equal((row["client_ip"], row["method"], row["uri"]),
          ("127.66.6.6", "GET", "/shell.php?cmd=cat /etc/passwd"), "the request")
    equal((row["match"], row["confidence"]), ("command", "high"), "tied by command")
    equal(row["script"], "/opt/www/php/shell.php", "the web shell's file")
    equal(row["request_datetime"], "2026-11-27T05:20:58.000+00:00", "request time in UTC")
    equal(row["web_source"], sample("seed-raw", "nginx", "access.log") + ":7", "its log line")
    equal(row["user_agent"], "python-requests/2.31.0", "user agent")

# The request was sent just before the exec the log records.
t = truth("seed-raw")[0]
when = datetime.fromisoformat(sh["datetime"]).timestamp()
check(t["time"] <= when <= t["time"] + 2, f"exec {when} right after curl {t['time']}")

# --all adds root's own commands; the web tree is still marked.
everything = run("--all", "-f", "csv", sample("seed-raw")).csv()
equal(len(everything), 23, "--all: every exec")
check(any(row["uid"] == "0" and row["web_origin"] == "" for row in everything),
      "--all shows root's execs as not web-originated")

# The default table shows the tree, indented under its root.
table = run(sample("seed-raw")).out.decode()
check("sh -c 'cat /etc/passwd'" in table, "table shows the root")
check("    cat /etc/passwd" in table, "table indents the child")
check("[command, high]  from 127.66.6.6 200  GET /shell.php?cmd=cat /etc/passwd" in table,
      "table groups the tree under its request")
check("Web shells (scripts that ran commands):\n  /opt/www/php/shell.php" in table,
      "summary names the web shell")
done()
