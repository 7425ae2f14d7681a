# SPDX-License-Identifier: ISC
"""shelltrail rules-check: what a set of audit rules leaves out of the
logs for a web shell investigation, and the lines to add."""

import os
import tempfile
from stlib import check, done, equal, run, sample

# The capture's own rules: everything but fork and clone.
r = run("rules-check", sample("upload-revshell", "audit.rules"))
equal(r.rc, 1, "something missing: status 1")
out = r.out.decode()
for need in ("execve (64-bit)", "execve (32-bit)", "execveat", "connect",
             "writes under the web root"):
    check(any(l.strip().startswith(need) and "recorded" in l for l in out.splitlines()),
          f"{need} recorded")
check("fork and clone             MISSING" in out, "fork and clone missing")
equal([l for l in out.splitlines() if l.startswith("-")],
      ["-a always,exit -F arch=b64 -S clone,fork,vfork -F auid=-1 -k fork"],
      "only the missing rule is advised")

with tempfile.TemporaryDirectory() as tmp:
    def check_rules(text):
        path = os.path.join(tmp, "rules")
        with open(path, "w") as f:
            f.write(text)
        return run("rules-check", path)

    # auditctl -l's spelling (key as -F key=), everything recorded.
    r = check_rules("-a always,exit -F arch=b64 -S execve,execveat -F key=exec\n"
                    "-a always,exit -F arch=b32 -S execve -F key=exec\n"
                    "-a always,exit -F arch=b64 -S connect -F key=net\n"
                    "-a always,exit -F arch=b64 -S clone,fork -F auid=-1 -F key=f\n"
                    "-w /srv/www/shop -p wa -k webroot\n")
    equal(r.rc, 0, "all recorded: status 0")
    check(b"MISSING" not in r.out, "nothing missing")

    # A never rule first takes execve away; the advice goes ahead of it.
    r = check_rules("# comment\n-a never,exit -F arch=b64 -S execve\n"
                    "-a always,exit -F arch=b64 -S execve -k exec\n"
                    "-w /etc/passwd -p wa\n")
    out = r.out.decode()
    check("execve (64-bit)            EXCLUDED" in out, "never rule first")
    check("-A always,exit -F arch=b64 -S execve -k exec" in out, "advice with -A")
    check("writes under the web root  MISSING" in out,
          "a watch outside any web root does not count")

equal(run("rules-check", "/nonexistent/audit.rules").rc, 2, "unreadable: status 2")
equal(run("rules-check").rc, 2, "no file: usage error")
done()
