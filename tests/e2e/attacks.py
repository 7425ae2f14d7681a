# SPDX-License-Identifier: ISC
"""The attacks of tools/capture/: command injection through a PHP page
and through a gunicorn application, a web-shell manager in busy
traffic, a Tomcat JSP shell.  Each attacker command is tied to its own
request on the evidence that says so (injection, place, command); the
pages' own commands are tied to their own requests or, when several
clients sent the same value in one second, are ambiguous and name no
one; the summary names the attacker and no bystander.  A reverse
shell's connection, made by a shell's fork before it execs, is a row
of its tree, and the detached reverse shell, with what was typed into
it, is under the request that launched it.  Web-shell managers'
wrappers come off their operators' commands, and each manager's
commands and idle requests are one session in the summary."""

import os
from stlib import check, done, equal, run, sample, truth


def summary(capture):
    res = run("-f", "csv", "-o", os.devnull, sample(capture))
    return res.err


def clients(err):
    """The clients the summary says ran commands."""
    out, inside = [], False
    for line in err.splitlines():
        if line.startswith("Clients that ran commands:"):
            inside = True
        elif inside and line.startswith("  ") and not line.startswith("   "):
            out.append(line.split(":")[0].strip())
        elif inside and not line.startswith(" "):
            inside = False
    return out


def benign_clients(capture):
    """The clients of benign.tsv: the pages' own commands."""
    with open(sample(capture, "benign.tsv"), encoding="utf-8") as f:
        return {line.split("\t")[1] for line in f}


for capture in ("php-injection", "gunicorn-injection"):
    rows = run("-f", "jsonl", sample(capture)).jsonl()
    roots = [r for r in rows if r["depth"] == 0]
    for t in truth(capture):
        hits = [r for r in roots if r["args"][-1] == t["cmd"]]
        if check(hits, f"{capture}: {t['cmd']!r} found"):
            r = min(hits, key=lambda h: abs(h["timestamp"] / 1e6 - t["time"]))
            equal((r["match"], r["confidence"], r["client_ip"]),
                  ("injection", "high", t["ip"]), f"{capture}: {t['cmd']!r}")
    # The page's own commands: their own client, or none named.
    mine = [r for r in roots if r["client_ip"] in benign_clients(capture)]
    check(mine, f"{capture}: benign lookups tied to their requests")
    check(all(r["match"] in ("contains", "argument") for r in mine),
          f"{capture}: benign ties are contains or argument evidence")
    amb = [r for r in roots if r["match"] == "ambiguous"]
    check(all(not r["client_ip"] and r["match_reason"].startswith("one of ")
              for r in amb), f"{capture}: ambiguous rows name no one, list candidates")
    err = summary(capture)
    check(f"injectable: used {len(truth(capture))} times by 127.0.0.66" in err,
          f"{capture}: the summary reports the injectable page")
    equal(clients(err), ["127.0.0.66"], f"{capture}: only the attacker named")

# A program run without a shell: argument evidence, the sender's own.
rows = run("-f", "jsonl", sample("gunicorn-injection")).jsonl()
args = [r for r in rows if r["depth"] == 0 and r["match"] == "argument"]
check(args and all(r["args"][0] == "/usr/bin/file" for r in args),
      "gunicorn-injection: file -b NAME tied by argument")

# The web-shell manager: place and time, medium, among 25 req/s.
rows = run("-f", "jsonl", sample("webshell-manager")).jsonl()
for t in truth("webshell-manager"):
    r = next((r for r in rows if r["depth"] == 0 and r["args"][-1] == t["cmd"]), {})
    equal((r.get("match"), r.get("confidence"), r.get("client_ip")),
          ("place", "medium", "127.0.0.66"), f"manager: {t['cmd']!r}")
equal(clients(summary("webshell-manager")), ["127.0.0.66"], "manager: only the attacker")

# Tomcat: jspawnhelper execs the command; what the summary lists is it.
rows = run("-f", "jsonl", sample("tomcat-jsp")).jsonl()
for t in truth("tomcat-jsp"):
    r = next((r for r in rows if r["depth"] == 1 and " ".join(r["args"]) == t["cmd"]), {})
    want = "command" if t["method"] == "GET" else "time"
    equal((r.get("match"), r.get("client_ip")), (want, "127.0.0.66"),
          f"tomcat: {t['method']} {t['cmd']!r}")
err = summary("tomcat-jsp")
check("jspawnhelper" not in err and "      cat /etc/passwd" in err,
      "tomcat: the summary lists the commands, not the launcher")
# "bash -i >& /dev/tcp/..." connects in bash's fork, before its exec.
rows = run("-f", "jsonl", sample("detached-revshell")).jsonl()
conn = [r for r in rows if r["timestamp_desc"] == "Network Connection"
        and r["target"] == "127.0.0.1:4445"]
shell = [r for r in rows if r.get("args") == ["bash", "-i"]]
check(len(conn) == 1 and shell and conn[0]["tree"] == shell[0]["tree"] and
      conn[0]["pid"] == shell[0]["pid"],
      "detached-revshell: the reverse shell's connect, in its tree")
launch = [r for r in rows if r["depth"] == 0 and "setsid" in r["argv"]]
check(launch and conn and conn[0]["tree"] == launch[0]["tree"] and
      conn[0]["client_ip"] == "127.0.0.66",
      "detached-revshell: the reverse shell under the request that launched it")
relinked = [r for r in rows if "relinked:command line of sh[" in r["web_origin"]]
equal(len(relinked), 2, "detached-revshell: setsid's and nohup's orphans relinked")

# manager-sessions: the summary's stories, checked against what the
# capture sent (truth.tsv) and the requests that ran nothing.
err = summary("manager-sessions")
stories = [l for l in err.splitlines() if " session on " in l]
idle_lines = [l for l in err.splitlines() if l.startswith("     ran nothing at ")]
equal(len(stories), 3, "manager-sessions: three sessions")


def lines(name):
    with open(sample("manager-sessions", name), encoding="utf-8") as f:
        return [l.rstrip("\n").split("\t") for l in f]


want, idle = lines("truth.tsv"), lines("noexec.tsv")
for tool, ip in (("AntSword", "127.0.0.66"), ("Godzilla", "127.0.0.88"),
                 ("Behinder", "127.0.0.77")):
    n = sum(1 for t in want if t[1] == ip)
    k = sum(1 for t in idle if t[1] == ip)
    story = [l for l in stories if f"  {tool} session on " in l and f" from {ip}: " in l]
    check(story and f": {n} commands and {k} request" in story[0],
          f"manager-sessions: {tool}'s session, {n} commands, {k} that ran nothing")
equal(sorted(l.count(",") + 1 for l in idle_lines), sorted(
      sum(1 for t in idle if t[1] == ip) for ip in ("127.0.0.66", "127.0.0.88", "127.0.0.77")),
      "manager-sessions: when each request that ran nothing came")
rows = run("-f", "jsonl", sample("manager-sessions")).jsonl()
for t in want:
    hit = [r for r in rows if r["depth"] == 0 and r["operator_command"] == t[4]
           and r["client_ip"] == t[1]]
    check(hit and hit[0]["tool"] and hit[0]["session"],
          f"manager-sessions: {t[4]!r} unwrapped, in a session")
done()
