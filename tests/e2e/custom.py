# SPDX-License-Identifier: ISC
"""Our own capture (samples/custom-json, made by
tools/capture/custom-json.sh): nginx logging JSON with a custom
log_format ($time_iso8601 in +05:30, $msec, $request_time,
$http_x_forwarded_for), clients behind a proxy, auditd ENRICHED with
node=web03 and one rotation.  Every command in truth.tsv must be tied to
its own request."""

import os
import re
import shutil
import tempfile
from datetime import datetime
from stlib import check, done, equal, run, sample, truth

CAP = sample("custom-json")
CONF = sample("custom-json", "nginx", "nginx.conf")
FORMAT = re.search(r"log_format json_combined escape=json\s+((?:'[^']*'\s*)+);",
                   open(CONF).read()).group(1)
INLINE = "".join(re.findall(r"'([^']*)'", FORMAT))

r = run("--log-format-file", CONF, "-f", "jsonl", CAP)
equal(r.rc, 0, "status")
rows = r.jsonl()
roots = {}
for row in rows:
    if row["depth"] == 0 and row["args"][:2] == ["sh", "-c"]:
        roots.setdefault(row["args"][2], row)

for t in truth("custom-json"):
    row = roots.get(t["cmd"])
    if not check(row, f"{t['cmd']!r} found"):
        continue
    what = repr(t["cmd"])
    equal(row["host"], "web03", f"{what}: host from node=")
    equal((row["client_ip"], row["method"]), (t["ip"], t["method"]), f"{what}: client")
    logged = datetime.fromisoformat(row["request_datetime"]).timestamp()
    check(t["time"] <= logged <= t["time"] + 4, f"{what}: request logged at {logged}")
    if t["method"] == "GET":
        equal((row["match"], row["confidence"]), ("command", "high"), f"{what}: by command")
        equal(row["remote_addr"], "127.0.0.1", f"{what}: the proxy's address")
        equal(row["forwarded_for"], "203.0.113.66, 10.9.8.7", f"{what}: X-Forwarded-For")
        equal(row["script"], "/srv/www/app/shell.php", f"{what}: script")
    else:
        equal((row["match"], row["confidence"]), ("place", "medium"), f"{what}: by place")
        equal((row["uri"], row["forwarded_for"]), ("/api/upload.php", ""), f"{what}: request")
        equal(row["script"], "/srv/www/app/api/upload.php", f"{what}: script")

b64 = roots["cat /etc/hostname"]
check("base64" in b64["match_reason"], "the base64 parameter said so")
equal(b64["uri"], "/shell.php?x=Y2F0IC9ldGMvaG9zdG5hbWU=", "base64 request")

# $request_time: the 2-second command completed 2 s after its exec.
slow = roots["sleep 2; echo done"]
lag = datetime.fromisoformat(slow["request_datetime"]).timestamp() - slow["timestamp"] / 1e6
check(1.9 <= lag <= 2.5, f"sleep 2 request completed {lag:.3f} s after the exec")

# report.php runs a command on purpose.  Its nginx.conf names the
# site's root, /srv/www/app: the command ran in that root, and of the
# requests of its moment only report.php's script lies there (not in a
# folder below it), so it is tied by place.
report = roots["date +%s"]
equal((report["uri"], report["match"], report["confidence"]),
      ("/report.php?month=11", "place", "medium"), "legitimate command by place")
with tempfile.TemporaryDirectory() as d:
    rootless = os.path.join(d, "nginx.conf")
    with open(rootless, "w") as f:
        f.write("".join(l for l in open(CONF) if not l.strip().startswith("root ")))
    without = {" ".join(r["args"][2:]): r for r in run(
        "-f", "jsonl", "--log-format-file", rootless, os.path.join(CAP, "audit"),
        os.path.join(CAP, "nginx", "access.log")).jsonl() if r["depth"] == 0}
equal((without["date +%s"]["match"], without["date +%s"]["confidence"]), ("time", "low"),
      "its root not known: by time, low")

# The same format given inline; times shown in the server's zone.
inline = run("--log-format", INLINE, "--tz", "+05:30", "-f", "jsonl", CAP).jsonl()
equal([(x["argv"], x["match"], x["uri"]) for x in inline],
      [(x["argv"], x["match"], x["uri"]) for x in rows], "--log-format gives the same")
check(all(x["request_datetime"].endswith("+05:30") for x in inline if x["match"]),
      "--tz +05:30")

# With no option, the nginx.conf collected beside the log is read: the
# same ties, and the report says what it gave.
r = run("-f", "jsonl", CAP)
equal([(x["argv"], x["match"], x["uri"]) for x in r.jsonl()],
      [(x["argv"], x["match"], x["uri"]) for x in rows],
      "the collected configuration, read by itself, gives the same")
check("read " + CONF + ": a web server configuration: 1 log format, 2 logs bound" in r.err,
      "the report names the configuration read")

# Without the configuration the access log is skipped, with a hint, and
# the trees are still found, untied.
with tempfile.TemporaryDirectory() as d:
    shutil.copytree(os.path.join(CAP, "audit"), os.path.join(d, "audit"))
    os.mkdir(os.path.join(d, "nginx"))
    shutil.copy(os.path.join(CAP, "nginx", "access.log"), os.path.join(d, "nginx"))
    r = run("-f", "jsonl", d)
check("access.log: an access log in a format shelltrail does not know" in r.err,
      "hint to give --log-format")
equal(sorted(x["argv"] for x in r.jsonl()), sorted(x["argv"] for x in rows),
      "same trees without the access log")
check(all(x["match"] == "" for x in r.jsonl()), "untied without the access log")

# The table marks a client taken from X-Forwarded-For.
table = run("--log-format-file", CONF, CAP).out.decode()
check("from 203.0.113.66 (X-Forwarded-For, forgeable)" in table, "table marks XFF")
done()
