# SPDX-License-Identifier: ISC
"""The command line: options, exit statuses, --help against the man
page, time zones and filters, standard input, -o."""

import os
import re
import subprocess
import tempfile
from stlib import SRCDIR, check, done, equal, run, sample

SEED = sample("seed-raw")

# --help and the man page describe the same options.
r = run("--help")
equal(r.rc, 0, "--help")
help_opts = set(re.findall(r"--[a-z][a-z-]+", r.out.decode()))
with open(os.path.join(SRCDIR, "man", "shelltrail.1"), encoding="utf-8") as f:
    man = f.read().replace("\\-", "-")
man_opts = set(re.findall(r"--[a-z][a-z-]+", man))
equal(sorted(help_opts - man_opts), [], "options in --help missing from the man page")
equal(sorted(man_opts - help_opts), [], "options in the man page missing from --help")
check(run("--version").out.startswith(b"shelltrail "), "--version")
columns = run("-f", "csv", SEED).out.decode().splitlines()[0].replace('"', "").split(",")
documented = re.findall(r"^\.TP(?: \d+)?\n\.B (\w+)$",
                        man.split(".SS Columns")[1].split(".SH")[0], re.M)
equal(documented, columns, "the man page documents every CSV column, in order")

# Exit statuses like grep.
equal(run("-q", SEED).rc, 0, "web-originated execs: 0")
equal(run("-q", "--until", "2026-11-27T05:20:58Z", SEED).rc, 1, "none in range: 1")
equal(run("--no-such-option").rc, 2, "unknown option: 2")
equal(run("-f", "xml", SEED).rc, 2, "bad format: 2")
equal(run().rc, 2, "no input: 2")
r = run("/nonexistent/audit.log")
equal(r.rc, 2, "unreadable input only: 2")
check("/nonexistent/audit.log: No such file or directory" in r.err, "names the file")
r = run(sample("campaign-enriched", "nginx"))
equal(r.rc, 0, "access logs alone: hunted, found: 0")
check("no audit log: the access logs alone were hunted" in r.err, "says so")
equal(run("--since", "yesterday", SEED).rc, 2, "bad time: 2")
equal(run("--tz", "Mars/Olympus", SEED).rc, 2, "unknown zone: 2")
equal(run("--web-root", "relative/dir", SEED).rc, 2, "bad web root: 2")

# Time zones and filters.
rows = run("-f", "csv", "--tz", "+08:00", SEED).csv()
equal(rows[0]["datetime"], "2026-11-27T13:20:58.163+08:00", "--tz offset")
rows = run("-f", "csv", "--tz", "Asia/Shanghai", SEED).csv()
equal(rows[0]["datetime"], "2026-11-27T05:20:58.163+00:00",
      "--tz zone name: datetime stays UTC (one offset per file)")
equal(rows[0]["local_datetime"], "2026-11-27T13:20:58.163+08:00", "--tz zone name")
rows = run("-f", "csv", "--since", "2026-11-27 13:20:58.163", "--tz", "+08:00", SEED).csv()
equal(len(rows), 2, "--since read in --tz, inclusive")
rows = run("-f", "csv", "--all", "--until", "@1795756858.150", SEED).csv()
check(rows and all(r["datetime"] <= "2026-11-27T05:20:58.150" for r in rows), "--until")

# --skew: a web server clock an hour fast puts the request an hour
# before the exec, where it cannot have run it, unless said.
rows = run("-f", "csv", "--skew", "0.5", SEED).csv()
equal(rows[0]["match"], "command", "--skew 0.5 still matches")
rows = run("-f", "csv", "--skew", "-3600", SEED).csv()
equal(rows[0]["match"], "", "--skew -3600: the request came an hour after")
equal(run("--skew", "soon", SEED).rc, 2, "bad --skew: 2")
equal(run("--log-format", "$remote_addr ${bad", SEED).rc, 2, "bad --log-format: 2")
equal(run("--log-format-file", "/nonexistent.conf", SEED).rc, 2, "missing format file: 2")

# Standard input, and -o.
with open(os.path.join(SEED, "audit", "audit.log"), "rb") as f:
    r = run("-f", "csv", "-", stdin=f.read())
equal([x["argv"] for x in r.csv()], ["sh -c 'cat /etc/passwd'", "cat /etc/passwd"], "stdin")
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "timeline.csv")
    r = run("-q", "-f", "csv", "-o", out, SEED)
    equal(r.out, b"", "-o: nothing on stdout")
    equal(r.err, "", "-q: nothing on stderr")
    with open(out, encoding="utf-8") as f:
        check("sh -c 'cat /etc/passwd'" in f.read(), "-o wrote the file")

# A FIFO named on the command line is read as a stream.
import threading
with tempfile.TemporaryDirectory() as tmp:
    fifo = os.path.join(tmp, "pipe")
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as w, open(os.path.join(SEED, "audit", "audit.log"), "rb") as r:
            w.write(r.read())
    t = threading.Thread(target=feed)
    t.start()
    r = run("-f", "csv", fifo)
    t.join()
    equal([x["argv"] for x in r.csv()], ["sh -c 'cat /etc/passwd'", "cat /etc/passwd"], "FIFO")

# The web lists, and additions to them.
lists = run("--list-web", "--web-user", "deploy").out.decode()
check("user    www-data" in lists and "user    deploy" in lists, "--list-web")
check("root    /var/www" in lists and "server  php-fpm*" in lists, "--list-web roots, servers")

# The table on a pipe has no colour codes unless asked.
check(b"\033[" not in run(SEED).out, "no colour on a pipe")
check(b"\033[" in run("--color", "always", SEED).out, "--color always")

# The man page is valid roff.
if subprocess.run(["sh", "-c", "command -v man"], capture_output=True).returncode == 0:
    p = subprocess.run(["man", "--warnings", "-l", os.path.join(SRCDIR, "man", "shelltrail.1")],
                       capture_output=True, env=dict(os.environ, MANWIDTH="80"))
    equal(p.stderr.decode(), "", "man page renders without warnings")
done()
