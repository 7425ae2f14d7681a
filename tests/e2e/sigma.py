# SPDX-License-Identifier: ISC
"""Sigma rules: every SigmaHQ Linux rule (../shared/sigma, unmodified)
loads or is listed as skipped with a reason, and the loaded ones,
matched on the samples' rebuilt trees, fire where the attacks are and
not on the applications' own commands."""

import glob
import os
import tempfile

from stlib import SAMPLES, SHARED, check, done, equal, run

RULES = os.path.join(SHARED, "sigma", "rules", "linux")

# Rules that must fire, per sample: (rule id, a command the row runs).
MUST_FIRE = [
    # A web server's child: Tomcat's java as the parent (its command line
    # known from its exec in the logs).
    ("tomcat-jsp", "818f7b24-0fba-4c49-a073-8b755573b9c7", "cat /etc/passwd"),
    ("tomcat-jsp", "818f7b24-0fba-4c49-a073-8b755573b9c7", "uname -a"),
    ("tomcat-jsp", "d292e0af-9a18-420c-9525-ec0ac3936892",
     "bash -c {echo,aWQgLXVu}|{base64,-d}|bash"),
    # Any exec by the web account (auditd, euid 33).
    ("seed-raw", "c0d3734d-330f-4a03-aae2-65dacc6a8222", "cat /etc/passwd"),
    ("apache-modphp", "c0d3734d-330f-4a03-aae2-65dacc6a8222", "uname -a"),
    ("nginx-fpm-pool", "c0d3734d-330f-4a03-aae2-65dacc6a8222", "id"),
    # Downloads.
    ("upload-revshell", "ea34fb97-e2c4-4afb-810f-785e4459b194",
     "curl -s -o /tmp/.cache.sh"),
    ("detached-revshell", "ea34fb97-e2c4-4afb-810f-785e4459b194",
     "curl -s -o /tmp/.st_x.sh"),
    # The reverse shell: an interactive bash.
    ("detached-revshell", "6104e693-a7d6-4891-86cb-49a258523559",
     "bash -i"),
    # Decoded and run.
    ("campaign-enriched", "ba592c6d-6888-43c3-b8c6-689b8fe47337",
     "base64 -d | sh"),
    # Recon, from the decoded EXECVE record's a0 (auditd).
    ("campaign-enriched", "9a0d8ca0-2385-4020-b6c6-cb6153ca56f3", "whoami"),
]

# A rule that by its own definition fires on every exec of the web
# account ("falsepositives: crazy web applications"): it fires on the
# applications' own commands too, and that is the rule, not a fault.
EVERY_WEB_EXEC = {"c0d3734d-330f-4a03-aae2-65dacc6a8222"}


def listing():
    r = run("--sigma", RULES, "--list-sigma")
    equal(r.rc, 0, "--list-sigma status")
    lines = r.out.decode().splitlines()
    rows = [l.split("\t") for l in lines[:-1]]
    files = sorted(glob.glob(os.path.join(RULES, "**", "*.yml"), recursive=True))
    listed = {row[5] for row in rows}
    equal(sorted(set(files) - listed), [], "rule files neither loaded nor skipped")
    for row in rows:
        check(row[0] in ("loaded", "skipped", "filter"), f"status of {row}")
        if row[0] == "skipped":
            check(len(row) == 7 and row[6], f"a skipped rule says why: {row}")
    for kind in ("process_creation", "auditd"):
        folder = os.path.join(RULES, kind)
        mine = [row for row in rows if row[5].startswith(folder + "/")]
        loaded = [row for row in mine if row[0] == "loaded"]
        check(len(mine) > 40 and len(loaded) >= 0.95 * len(mine),
              f"{kind}: {len(loaded)} of {len(mine)} rules load")
    equal(lines[-1], f"{sum(r[0] == 'loaded' for r in rows)} rules loaded, "
          f"{sum(r[0] == 'skipped' for r in rows)} skipped", "the count line")
    return {row[3]: row for row in rows}


def joined(row):
    return " ".join(a for a in row["args"] if a is not None)


def benign_commands(sample):
    path = os.path.join(SAMPLES, sample, "benign.tsv")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t")[4] for line in f if line.strip()]


def trees(rows):
    by = {}
    for r in rows:
        if r["tree"] is not None:
            by.setdefault(r["tree"], []).append(r)
    return by


def sample_rows(sample):
    r = run("-f", "jsonl", "--sigma", RULES, os.path.join(SAMPLES, sample))
    check(r.rc in (0, 1), f"{sample}: status {r.rc}")
    return r.jsonl()


def must_fire(rows_of):
    for sample, rid, cmd in MUST_FIRE:
        hits = [r for r in rows_of(sample)
                if rid in r["sigma_id"].split(",") and cmd in joined(r)]
        check(hits, f"{sample}: rule {rid} fires on a row running '{cmd}'")
        for r in hits:
            check(r["sigma_title"] and r["sigma_level"], f"{sample}: title and level")


def benign_quiet(rows_of, rules):
    for sample in sorted(os.listdir(SAMPLES)):
        cmds = benign_commands(sample)
        if not cmds:
            continue
        quiet = 0
        for tree in trees(rows_of(sample)).values():
            root = min(tree, key=lambda r: r["depth"] or 0)
            if not any(c in joined(root) for c in cmds):
                continue
            for r in tree:
                for rid in filter(None, r["sigma_id"].split(",")):
                    level = rules[rid][1]
                    check(level not in ("high", "critical") or rid in EVERY_WEB_EXEC,
                          f"{sample}: benign tree '{joined(root)}' fires {level} "
                          f"rule {rules[rid][4]}")
            quiet += 1
        check(quiet > 5, f"{sample}: benign trees seen ({quiet})")


def columns(rows_of):
    """A match raises severity, and moves ATT&CK tags to attack."""
    rows = [r for r in rows_of("tomcat-jsp")
            if "818f7b24-0fba-4c49-a073-8b755573b9c7" in r["sigma_id"]]
    for r in rows:
        equal(r["severity"] in ("high", "critical"), True, "severity raised to high")
        check("T1505.003" in r["attack"].split(","), f"attack holds T1505.003: {r['attack']}")
        check("attack.persistence" in r["tags"].split(","), f"tags: {r['tags']}")
        check(r["parent_exe"].endswith("/java"), f"parent_exe: {r['parent_exe']}")


def sigma_names(rows_of):
    """JSON lines carry Sigma's process_creation names for the same values."""
    rows = [r for r in rows_of("tomcat-jsp") if r["pid"] is not None]
    check(rows, "tomcat-jsp has process rows")
    for r in rows:
        equal(r["Image"], r["exe"] or None, "Image is exe")
        equal(r["CommandLine"], joined(r) if r["args"] else None, "CommandLine")
        equal(r["ParentImage"], r["parent_exe"] or None, "ParentImage")
        equal(r["ParentCommandLine"], r["parent_command_line"] or None,
              "ParentCommandLine")
        equal(r["CurrentDirectory"], r["cwd"] or None, "CurrentDirectory")
        equal((r["ProcessId"], r["ParentProcessId"]), (r["pid"], r["ppid"]), "pids")
    java = [r for r in rows if (r["ParentImage"] or "").endswith("/java")]
    check(java and all("tomcat" in r["ParentCommandLine"] for r in java),
          "the children of Tomcat's java know its command line")


def own_fields():
    """ProcessChain and WebOrigin, shelltrail's own fields, in a rule of
    the suite's (tests/sigma/rules)."""
    rules = os.path.join(os.path.dirname(__file__), "..", "sigma", "rules")
    r = run("-f", "jsonl", "--sigma", rules, os.path.join(SAMPLES, "upload-revshell"))
    hits = [x for x in r.jsonl() if x["sigma_id"]]
    equal([joined(x).split()[0] for x in hits], ["curl"], "the web download fires, alone")
    for x in hits:
        equal((x["sigma_level"], "T1105" in x["attack"]), ("high", True), "level, attack")
    r = run("-f", "jsonl", "--all", "--sigma", rules, os.path.join(SAMPLES, "seed-raw"))
    check(not any(x["sigma_id"] and not x["web_origin"] for x in r.jsonl()),
          "WebOrigin|exists keeps the rule off processes that are not web-originated")


def backtracking():
    """A rule's regex that backtracks without end on an attacker's
    command line is given up on, and the summary says so."""
    with tempfile.TemporaryDirectory() as d:
        rule = os.path.join(d, "redos.yml")
        with open(rule, "w") as f:
            f.write("title: Backtracks\nlogsource:\n  category: process_creation\n"
                    "detection:\n  sel:\n    CommandLine|re: '^(a|aa)+$'\n"
                    "  condition: sel\n")
        log = os.path.join(d, "audit.log")
        with open(log, "w") as f:
            for k in range(20):
                ts = f"1795756880.{100 + k}:{70000 + k}"
                f.write(f"type=SYSCALL msg=audit({ts}): arch=c000003e syscall=59 "
                        f"success=yes exit=0 ppid=1000 pid={60000 + k} auid=1000 "
                        "uid=1000 comm=echo exe=/usr/bin/echo key=exec\n"
                        f"type=EXECVE msg=audit({ts}): argc=1 a0=\"{'a' * 60}b\"\n")
        r = run("--all", "-f", "csv", "--sigma", rule, log, timeout=60)
        equal(len(r.csv()), 20, "every row written")
        check("Sigma: 20 rows not decided for Backtracks" in r.err, r.err[-400:])


def summary():
    r = run("--sigma", RULES, os.path.join(SAMPLES, "tomcat-jsp"))
    check("Sigma rules that matched" in r.out.decode() and
          "Linux Webshell Indicators (818f7b24" in r.out.decode(),
          "the summary counts the rules that matched")
    check("Sigma: " in r.err and "skipped (--list-sigma says why)" in r.err,
          "stderr says how many rules were skipped")


def errors():
    r = run("--list-sigma")
    equal(r.rc, 2, "--list-sigma without --sigma")
    r = run("--sigma", "/nonexistent/rules", os.path.join(SAMPLES, "seed-raw"))
    equal(r.rc, 2, "--sigma on a missing path")
    check("/nonexistent/rules" in r.err, "the error names the path")
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "win.yml"), "w") as f:
            f.write("title: w\nlogsource:\n  product: windows\n  category: "
                    "process_creation\ndetection:\n  a:\n    Image: x\n  "
                    "condition: a\n")
        r = run("--sigma", d, os.path.join(SAMPLES, "seed-raw"))
        equal(r.rc, 2, "--sigma with no usable rule")
        check("none of the 1 rules can be used" in r.err, r.err)
        with open(os.path.join(d, "big.yml"), "w") as f:
            f.write("#" * (2 << 20))
        r = run("--sigma", os.path.join(d, "big.yml"), "--list-sigma")
        equal(r.rc, 2, "a rule file over 1 MiB")


def main():
    if not os.path.isdir(RULES):
        check(False, f"no SigmaHQ rules at {RULES}")
        done()
    rules = listing()
    cache = {}

    def rows_of(sample):
        if sample not in cache:
            cache[sample] = sample_rows(sample)
        return cache[sample]

    must_fire(rows_of)
    benign_quiet(rows_of, rules)
    columns(rows_of)
    sigma_names(rows_of)
    own_fields()
    backtracking()
    summary()
    errors()
    done()


main()
