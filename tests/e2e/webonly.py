# SPDX-License-Identifier: ISC
"""Web logs alone: every sample with its audit logs taken away, as when
only /var/log/nginx was collected.  The hunt must find each web shell
script the capture's truth names (by the client that drove it), rate no
request of a benign client high, show the commands parameters carried
(decoded from base64 too), exit 0 when it found something and 1 on
benign traffic alone, and say in the report that the evidence is
weaker."""

import collections
import os
import shutil
import tempfile
from stlib import SAMPLES, SHARED, check, done, equal, run, truth


def without_audit(src, dst):
    """A copy of a sample with no audit log in it."""
    shutil.copytree(src, dst, ignore=lambda d, names: [
        n for n in names if n == "audit" or n.startswith("audit.log")])
    return dst


def path_of(uri):
    return uri.split("?", 1)[0]


with tempfile.TemporaryDirectory() as tmp:
    found = collections.Counter()
    for name in sorted(os.listdir(SAMPLES)):
        if not os.path.exists(os.path.join(SAMPLES, name, "truth.tsv")):
            continue
        copy = without_audit(os.path.join(SAMPLES, name), os.path.join(tmp, name))
        r = run("-f", "jsonl", copy)
        rows = r.jsonl()
        shells = {(t["ip"], t["path"]) for t in truth(name)}
        check(r.rc == 0 and rows, f"{name}: found something, status 0 (got {r.rc})")
        check("no audit log: the access logs alone were hunted" in r.err,
              f"{name}: the report says the evidence is weaker")
        check(all(x["timestamp_desc"] == "Web Request" and x["match"] == "hunt"
                  and x["match_reason"] and isinstance(x["timestamp"], int)
                  for x in rows),
              f"{name}: every row a Web Request with its time and reasons")
        for ip, path in sorted(shells):
            hit = [x for x in rows if x["client_ip"] == ip and path_of(x["uri"]) == path]
            check(hit, f"{name}: {ip} {path} found")
            found[name] += bool(hit)
        bystanders = [(x["client_ip"], x["uri"][:60], x["match_reason"][:80]) for x in rows
                      if x["confidence"] == "high" and
                      (x["client_ip"], path_of(x["uri"])) not in shells]
        equal(bystanders, [], f"{name}: no benign request rated high")
        check(all(x["confidence"] in ("medium", "high") for x in rows),
              f"{name}: low reasons alone write no row")
    check(sum(found.values()) >= 15, f"shell scripts found in {dict(found)}")

    # Commands carried in parameters, shown decoded.
    rows = run("-f", "jsonl", without_audit(os.path.join(SAMPLES, "custom-json"),
                                            os.path.join(tmp, "b64"))).jsonl()
    b64 = [x for x in rows if "base64" in x["match_reason"]]
    equal([x["operator_command"] for x in b64], ["cat /etc/hostname"],
          "a base64 parameter decoded")
    rows = run("-f", "jsonl", os.path.join(tmp, "php-injection")).jsonl()
    check(any(x["operator_command"] == "localhost;id" and "after ';'" in x["match_reason"]
              and "recon-user" in x["tags"] for x in rows),
          "an injection shown with its separator, classified by the rules")

    # Benign traffic alone: nothing found, status 1.
    src = os.path.join(SAMPLES, "manager-sessions", "nginx", "access.log")
    benign = os.path.join(tmp, "benign")
    os.mkdir(benign)
    attackers = {t["ip"] for t in truth("manager-sessions")}
    with open(src, encoding="utf-8") as f, \
            open(os.path.join(benign, "access.log"), "w", encoding="utf-8") as out:
        kept = [line for line in f if line.split(" ", 1)[0] not in attackers]
        out.writelines(kept)
    check(len(kept) > 1000, f"{len(kept)} benign requests")
    r = run("-f", "csv", benign)
    equal((r.rc, r.csv()), (1, []), "benign traffic alone: no row, status 1")

    # A stream is read once; the request's own evidence still counts.
    seed = os.path.join(SAMPLES, "seed-raw", "nginx", "access.log")
    with open(seed, "rb") as f:
        r = run("-f", "jsonl", "-", stdin=f.read())
    equal([x["operator_command"] for x in r.jsonl()], ["cat /etc/passwd"],
          "from standard input: the command found")
    check("read once" in r.err, "and the report says it was read once")

    # Real traffic from public projects (../shared/corpus): a shop of 96
    # clients, a site of 10,000 requests, a scanner probing for shells
    # (answered 404): no request there is a web shell's, none is high.
    for name in ("lnav/logfile_shop_access_log.0", "elastic-examples/apache_logs",
                 "crowdsec-hub/apache-http-probing/apache-http-probing.log"):
        path = os.path.join(SHARED, "corpus", name)
        if not os.path.exists(path):
            continue
        rows = run("-f", "jsonl", path).jsonl()
        equal([x["uri"][:60] for x in rows if x["confidence"] == "high"], [],
              f"{name}: {len(rows)} rows, none high")

    # No log of either kind: still an error.
    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    r = run(empty)
    check(r.rc == 2 and "no audit or web access log" in r.err, "nothing to read: status 2")
done()
