# SPDX-License-Identifier: ISC
"""The upload capture: a web shell uploaded through a legitimate upload
form, then driven for recon, a download to /tmp, a reverse shell to a
loopback port and a clean-up.  Every command is tied to its request on
the uploaded script and classified by the default rules; the upload is
a File Rename row tied to its POST, the connections are rows in their
trees, and the summary says how the shell was written."""

import os
import tempfile
from stlib import check, done, equal, run, sample, truth

r = run("-f", "jsonl", sample("upload-revshell"))
equal(r.rc, 0, "exit status with web-originated execs")
rows = r.jsonl()
roots = {row["args"][2]: row for row in rows if row["depth"] == 0
         and row["args"][:2] == ["sh", "-c"] and row["timestamp_desc"] == "Process Execution"}
sent = [t for t in truth("upload-revshell") if not t["cmd"].startswith("UPLOAD ")]
equal(sorted(roots), sorted(t["cmd"] for t in sent), "one tree per command sent")
for t in sent:
    row = roots.get(t["cmd"], {})
    equal((row.get("match"), row.get("client_ip"), row.get("script")),
          ("command", t["ip"], "/srv/www/shop/uploads/avatar.php"),
          f"tied to its request on the uploaded shell: {t['cmd']}")
check(all(row["host"] == "web04" for row in rows), "host from node=")

# What the rules say each command is.
want = {
    "id": ("recon-user", "low"),
    "uname -a": ("recon-system", "low"),
    "cat /etc/passwd": ("cred-passwd", "medium"),
    "rm -f /tmp/.cache.sh": ("evasion-tmp-cleanup", "low"),
}
for cmd, (tag, severity) in want.items():
    row = roots.get(cmd, {})
    equal((row.get("tags"), row.get("severity")), (tag, severity), f"rules on {cmd}")
dl = next((row for cmd, row in roots.items() if cmd.startswith("curl ")), {})
equal((dl.get("tags"), dl.get("severity"), dl.get("attack")),
      ("download-tool,privesc-chmod-tmp", "high", "T1105,T1222.002"),
      "the download to /tmp made executable")
rev = next((row for cmd, row in roots.items() if "/dev/tcp/" in cmd), {})
check("revshell-devtcp" in rev.get("tags", "").split(",") and
      rev.get("severity") == "critical", "the reverse shell, critical")

# The web shell file appears: php-fpm renames the upload into place,
# tied to the POST that made it.
up = [row for row in rows if row["timestamp_desc"] == "File Rename"]
equal([(row["target"].split(" -> ")[-1], row["comm"], row["method"], row["uri"],
        row["client_ip"], row["match"]) for row in up],
      [("/srv/www/shop/uploads/avatar.php", "php-fpm8.2", "POST", "/upload.php",
        "127.88.8.8", "time")], "the upload, tied to its request")
check("/srv/www/shop/uploads/avatar.php  (tie high)" in r.err and
      "by php-fpm8.2[11812] (File Rename), during POST /upload.php from "
      "127.88.8.8 (tie medium)" in r.err,
      "the summary says when and how the web shell was written")

# Where the reverse shell connected to, and what the download fetched
# from, in the trees of their requests; no nscd lookups.
net = [(row["comm"], row["target"], row["args"] if "args" in row else None,
        row["uri"].split("?q=")[-1][:4]) for row in rows
       if row["timestamp_desc"] == "Network Connection"]
equal(net, [("curl", "127.0.0.1:8082", [], "curl"), ("bash", "127.0.0.1:4444", [], "bash")],
      "connections, each with its request")

# A rule on the parent chain ("pid 11811 > sh": the worker is never
# named in this log) tags the id sh ran, not the one bash ran.
with tempfile.TemporaryDirectory() as tmp:
    rules = os.path.join(tmp, "mine.rules")
    with open(rules, "w") as f:
        f.write("[sh-child-id]\ncategory = recon\nseverity = high\n"
                "parent = ^pid \\d+ > sh$\nargv = ^id$\n")
    mine = run("-f", "jsonl", "--rules", rules, sample("upload-revshell")).jsonl()
    equal(sorted(r["chain"].split(" > ")[-2][:4] for r in mine
                 if "sh-child-id" in r["tags"].split(",")), ["sh[1"],
          "a --rules rule on the parent chain")
done()
