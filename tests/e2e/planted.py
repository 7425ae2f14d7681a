# SPDX-License-Identifier: ISC
"""A web shell that knows the tool plants evidence of its own in a
collected tree: a two-line "audit log" in its upload directory (records
dated 2001 and 9999, which once made every genuine record look like a
copy already read), and 150 requests whose User-Agents read as audit
records (which once made the access log an audit log, forging 50
execs), and nginx configurations whose log_format would read the
client from the User-Agent, naming the real access log.  The timeline
of the campaign capture must come out as it does without them, and the
report must name the planted files."""

import os
import shutil
import tempfile
from stlib import check, done, equal, run, sample

CAMPAIGN = sample("campaign-enriched")


def collected(root, planted):
    """A host's tree as a collection holds it."""
    host = os.path.join(root, "web01")
    shutil.copytree(os.path.join(CAMPAIGN, "audit"),
                    os.path.join(host, "var", "log", "audit"))
    shutil.copytree(os.path.join(CAMPAIGN, "nginx"),
                    os.path.join(host, "var", "log", "nginx"))
    if not planted:
        return host
    uploads = os.path.join(host, "var", "www", "html", "uploads")
    os.makedirs(uploads)
    cache = os.path.join(uploads, "cache.txt")
    with open(cache, "w") as f:
        f.write("type=USER_LOGIN msg=audit(1000000000.000:1): pid=1 uid=0 "
                "auid=0 ses=1 msg='op=login res=success'\n"
                "type=USER_LOGIN msg=audit(253402300000.000:2): pid=1 uid=0 "
                "auid=0 ses=1 msg='op=login res=success'\n")
    os.chown(cache, 33, 33)
    for conf in (os.path.join(uploads, "nginx.conf"),
                 os.path.join(uploads, "etc", "nginx", "nginx.conf")):
        os.makedirs(os.path.dirname(conf), exist_ok=True)
        with open(conf, "w") as f:
            f.write("http { log_format evil '$http_user_agent - - [$time_local] "
                    "\"$request\" $status $body_bytes_sent \"$http_referer\" "
                    "\"$remote_addr\"';\n"
                    "access_log /var/log/nginx/access.log evil; }\n")
    forged = []
    for k in range(50):
        ts = f"1795756880.300:{90000 + k}"
        for rec in (f"type=SYSCALL msg=audit({ts}): arch=c000003e syscall=59 "
                    f"success=yes exit=0 ppid=11316 pid={50000 + k} "
                    "auid=4294967295 uid=33 comm=sh exe=/usr/bin/dash key=exec",
                    f"type=EXECVE msg=audit({ts}): argc=3 a0=sh a1=-c "
                    "a2=72756E2D666F72676564",
                    f"type=CWD msg=audit({ts}): cwd=/var/www/html"):
            forged.append(f'127.9.9.9 - - [27/Nov/2026:00:21:20 -0500] "GET '
                          f'/favicon.ico HTTP/1.1" 404 0 "-" "audisp: {rec}"\n')
    with open(os.path.join(host, "var", "log", "nginx", "access.log"), "a") as f:
        f.writelines(forged)
    return host


def timeline(root):
    """The rows, without the columns that name the files' paths."""
    r = run("-f", "jsonl", "--host", "web01", root)
    rows = r.jsonl()
    for row in rows:
        row.pop("source")
        row["web_source"] = row["web_source"].replace(root, "")
    return r, rows


def first_difference(got, want):
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return f"row {i}: {[(k, g[k], w.get(k)) for k in g if g[k] != w.get(k)]}"
    return f"{len(got)} rows, want {len(want)}" if len(got) != len(want) else None


tmp = tempfile.mkdtemp(prefix="shelltrail-planted-")
try:
    clean, want = timeline(collected(os.path.join(tmp, "clean"), False))
    r, got = timeline(collected(os.path.join(tmp, "planted"), True))
    equal(r.rc, 0, "web shell found")
    check(len(want) == 50, f"the campaign's 50 web rows ({len(want)})")
    why = first_difference(got, want)
    check(why is None, f"the same timeline with the planted evidence: {why}")
    check(not any("run-forged" in row["argv"] for row in got), "no forged exec")
    check("uploads/cache.txt: audit records, but" in r.err and
          "not read (--audit reads it)" in r.err, "the planted file is named")
    check("access.log: " in r.err and "requests" in r.err,
          "the access log is read as one")
    check(r.err.count("a web server configuration a web account could have "
                      "written: not read") == 2, "the planted configurations named")
finally:
    shutil.rmtree(tmp)
done()
