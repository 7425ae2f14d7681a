# SPDX-License-Identifier: ISC
"""Collections as they arrive: samples/custom-json laid out as UAC
writes one ([root]/ and live_response/), as Velociraptor's offline
collector does (uploads/auto/) and as CatScale does (catscale_out/,
/var/log and /etc as tarballs inside its own), each with its nginx.conf
(a custom JSON log_format, in a file it includes) and a process list;
the UAC one also as the .tar.gz UAC writes.  With no option, the collected
configuration is read and the ties are those of the loose logs with
--log-format-file; a web-originated process the process list still
shows is marked running at collection, in its row and in the summary."""

import gzip
import io
import os
import re
import shutil
import tarfile
import tempfile
from datetime import datetime, timedelta, timezone
from stlib import check, done, equal, run, sample

CAP = sample("custom-json")
CONF = sample("custom-json", "nginx", "nginx.conf")


def ties(rows):
    return [(r["argv"], r["match"], r["uri"], r["client_ip"]) for r in rows]


FORMAT = re.search(r"log_format json_combined escape=json\s+((?:'[^']*'\s*)+);",
                   open(CONF).read()).group(1)


def lay_out(root):
    """The host's files under root as a collector keeps them, its
    log_format in a file nginx.conf includes by an absolute glob (which
    must be found inside the collection, "[root]" and all)."""
    for sub, src in (("var/log/audit", "audit"), ("var/log/nginx", "nginx")):
        shutil.copytree(os.path.join(CAP, src), os.path.join(root, sub))
    os.remove(os.path.join(root, "var/log/nginx/nginx.conf"))
    os.makedirs(os.path.join(root, "etc", "nginx", "conf.d"))
    with open(os.path.join(root, "etc", "nginx", "nginx.conf"), "w") as f:
        f.write("user www-data;\nevents { worker_connections 64; }\n"
                "http {\n    include /etc/nginx/conf.d/*.conf;\n"
                "    server {\n        root /srv/www/app;\n    }\n}\n")
    with open(os.path.join(root, "etc", "nginx", "conf.d", "logs.conf"), "w") as f:
        f.write(f"log_format json_combined escape=json {FORMAT};\n"
                "access_log /var/log/nginx/access.log json_combined;\n")


def add_bytes(t, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1796100000
    t.addfile(info, io.BytesIO(data))


def catscale(tmp):
    """CatScale's tarball as Cat-Scale.sh packs it: ./catscale_out/ with
    Logs/HOST-DTG-var-log.tar.gz (tar of /var/log), System_Info/
    HOST-DTG-etc-modified-files.tar.gz (tar of /etc), the ps list in
    Process_and_Network/ and the date it ran in System_Info/."""
    tree = os.path.join(tmp, "catscale-tree")
    lay_out(tree)
    dtg = "web03-20261127-0626"
    inner = {}
    for what, top in (("Logs/" + dtg + "-var-log.tar.gz", "var"),
                      ("System_Info/" + dtg + "-etc-modified-files.tar.gz", "etc")):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as t:
            t.add(os.path.join(tree, top), arcname=top)
        inner[what] = buf.getvalue()
    inner["Process_and_Network/" + dtg + "-processes-axwwSo.txt"] = AXWWSO.encode()
    inner["System_Info/" + dtg + "-host-date-timezone.txt"] = \
        b"Date : Fri 27 Nov 2026 06:26:00 AM UTC +00:00\n"
    out = os.path.join(tmp, "catscale_" + dtg + ".tar.gz")
    with tarfile.open(out, "w:gz") as t:
        for name, data in inner.items():
            add_bytes(t, "./catscale_out/" + name, data)
    return out


def gz_tar(members):
    """A .tar.gz in memory of (TarInfo, bytes) pairs."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", format=tarfile.GNU_FORMAT) as t:
        for info, data in members:
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def entry(name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return info, data


def nested_archives(tmp, cat):
    """Archives inside archives: the collection inside a case archive
    still reads; one more level is refused, as is an archive among the
    host's own files (it could be planted, a forged audit log inside),
    and an archive inside that says it holds more than 64 GiB."""
    planted = open(os.path.join(CAP, "audit", "audit.log"), "rb").read()
    forged = gz_tar([entry("audit.log", planted.replace(b"shell.php", b"other.php"))])
    huge = tarfile.TarInfo("var/log/huge.log")
    huge.size = 100 << 30
    bomb = io.BytesIO()
    with gzip.GzipFile(fileobj=bomb, mode="wb") as g:
        g.write(huge.tobuf(tarfile.GNU_FORMAT) + b"x" * 4096)
    case = os.path.join(tmp, "case.tar")
    with tarfile.open(case, "w") as t:
        t.add(cat, arcname="hosts/" + os.path.basename(cat))
        add_bytes(t, "extra/catscale_out/Logs/h-var-log.tar.gz",
                  gz_tar([entry("var/log/backup.tar.gz", forged)]))
        add_bytes(t, "extra/catscale_out/Logs/b-var-log.tar.gz", bomb.getvalue())
    r = run("-v", "-f", "jsonl", case)
    equal(ties(r.jsonl()), ties(loose), "a collection in a case archive: the same ties")
    check(re.search(r"skipped \S+h-var-log\.tar\.gz!/var/log/backup\.tar\.gz: an archive "
                    r"among the host's own files: not opened", r.err),
          "an archive among the host's files is not opened")
    check(not any("other.php" in x["uri"] + x["script"] for x in r.jsonl()),
          "nothing of the planted archive is read")
    check(re.search(r"b-var-log\.tar\.gz: .*more than 64 GiB: not read further", r.err),
          "an archive inside that claims 100 GiB stops at its header")
    deeper = os.path.join(tmp, "deeper.tar")
    with tarfile.open(deeper, "w") as t:
        t.add(case, arcname="case.tar")
    r = run("-v", "-f", "jsonl", deeper)
    check(re.search(r"var-log\.tar\.gz: an archive nested too deep: not opened", r.err),
          "an archive three deep is not opened, and says so")


def dedicated_pool(tmp):
    """samples/dedicated-pool: the servers forked before the logs, the
    pool's own account and a root no default names.  What the collected
    etc/ says is what finds the POST shell's commands: the nginx root,
    or else the pool's account through etc/passwd (RAW logs: uids)."""
    full = run("-v", "-f", "jsonl", sample("dedicated-pool"))
    posts = [r for r in full.jsonl() if r["depth"] == 0 and r["method"] == "POST"]
    equal(len(posts), 4, "dedicated-pool: the four POST commands, tied")
    check(all(r["client_ip"] == "127.0.0.56" for r in posts), "to their own client")
    check("etc/passwd: an account list: web accounts www-data (33), shop (999)" in full.err,
          "the collected passwd gives the pool account's uid")
    for cut, want, why in ((("etc",), 0, "with no etc/, the POST commands are not seen"),
                           (("root",), 4, "without the nginx root, the pool's account finds them"),
                           (("root", "etc/passwd"), 0, "nor without its uid")):
        host = os.path.join(tmp, "dp-" + "-".join(c.replace("/", "_") for c in cut))
        shutil.copytree(sample("dedicated-pool"), host)
        for c in cut:
            if c == "root":
                conf = os.path.join(host, "etc", "nginx", "nginx.conf")
                text = open(conf).read()
                with open(conf, "w") as f:
                    f.write("".join(l for l in text.splitlines(True)
                                    if not l.strip().startswith("root ")))
            elif os.path.isdir(os.path.join(host, c)):
                shutil.rmtree(os.path.join(host, c))
            else:
                os.remove(os.path.join(host, c))
        got = [r for r in run("-f", "jsonl", host).jsonl()
               if r["depth"] == 0 and r["method"] == "POST"]
        equal(len(got), want, why)


def linked_sites(tmp):
    """Debian's nginx: sites-enabled/ links into sites-available/, the
    site includes a snippet by an absolute path.  Links are followed
    inside the collection: an absolute one as the host's path, one
    that climbs out not at all, so a file of the analyst's own machine
    (here analyst.conf, with a log_format of its own) is never read."""
    host = os.path.join(tmp, "linked")
    shutil.copytree(os.path.join(CAP, "audit"), os.path.join(host, "var", "log", "audit"))
    os.makedirs(os.path.join(host, "var", "log", "nginx"))
    shutil.copy(os.path.join(CAP, "nginx", "access.log"),
                os.path.join(host, "var", "log", "nginx", "access.log"))
    etc = os.path.join(host, "etc", "nginx")
    for sub in ("sites-available", "sites-enabled", "snippets"):
        os.makedirs(os.path.join(etc, sub))
    outside = os.path.join(tmp, "analyst.conf")
    with open(outside, "w") as f:
        f.write("log_format stolen '$remote_addr';\naccess_log /var/log/nginx/access.log stolen;\n")
    files = {"nginx.conf": "user www-data;\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n",
             "sites-available/shop": "include /etc/nginx/snippets/logs.conf;\n"
                                     "server {\n    root /srv/www/app;\n}\n",
             "snippets/logs.conf": f"log_format json_combined escape=json {FORMAT};\n"
                                   "access_log /var/log/nginx/access.log json_combined;\n"}
    for name, text in files.items():
        with open(os.path.join(etc, name), "w") as f:
            f.write(text)
    os.symlink("../sites-available/shop", os.path.join(etc, "sites-enabled", "shop"))
    os.symlink(outside, os.path.join(etc, "sites-enabled", "absolute"))
    os.symlink("../" * 12 + outside.lstrip("/"), os.path.join(etc, "sites-enabled", "up"))
    r = run("-v", "-f", "jsonl", host)
    equal(ties(r.jsonl()), ties(loose), "links inside the collection followed, as the host would")
    check(re.search(r"nginx\.conf: a web server configuration: 1 log format, 1 log bound", r.err),
          "only the collection's log_format is read, not the analyst's own file")
    check("stolen" not in r.err, "the analyst's file is named nowhere as read")
    check("; 2 included files not in the collection (the first: " in r.err,
          "the two links that lead out are said, not followed")


loose = run("--log-format-file", CONF, "-f", "jsonl", CAP).jsonl()
web = [r for r in loose if r["depth"] == 0 and r["client_ip"]]
alive = web[-1]
command = " ".join(alive["args"])
AUX = ("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n"
       "root           1  0.0  0.1 167744 11520 ?        Ss   06:00   0:01 /sbin/init\n"
       f"www-data   {alive['pid']:>5}  0.0  0.0   7064  3200 ?        S    06:25   0:00  \\_ {command}\n")
AXWWSO = ("USER         PID    PPID    VSZ   RSS TT       STAT STIME     TIME COMMAND\n"
          "root           1       0 167744 11520 ?        Ss   06:00 00:00:01 /sbin/init\n"
          f"www-data   {alive['pid']:>5}       1   7064  3200 ?        S    06:25 00:00:00 {command}\n")
# UAC's "ps -axo pid,user,lstart,args", the host 8 hours ahead of UTC:
# the start is compared modulo 15 minutes, whatever the zone.
LOCAL = datetime.fromtimestamp(alive["timestamp"] / 1e6, timezone.utc) + timedelta(hours=8)
LSTART = ("  PID USER                      STARTED COMMAND\n"
          "    1 root     Fri Nov 27 14:00:00 2026 /sbin/init\n"
          f"{alive['pid']:>5} www-data {LOCAL.strftime('%a %b %e %H:%M:%S %Y')} {command}\n")
EF = ("UID          PID    PPID  C STIME TTY          TIME CMD\n"
      "root           1       0  0 06:00 ?        00:00:01 /sbin/init\n"
      f"www-data   {alive['pid']:>5}       1  0 06:25 ?        00:00:00 {command}\n")

tmp = tempfile.mkdtemp(prefix="shelltrail-collections-")
try:
    uac = os.path.join(tmp, "uac-web03-linux-20261127062600")
    lay_out(os.path.join(uac, "[root]"))
    os.makedirs(os.path.join(uac, "live_response", "process"))
    with open(os.path.join(uac, "live_response", "process", "ps_auxwwwf.txt"), "w") as f:
        f.write(AUX)
    velo = os.path.join(tmp, "velociraptor-web03")
    lay_out(os.path.join(velo, "uploads", "auto"))
    with open(os.path.join(velo, "ps_-axo_pid_user_lstart_args.txt"), "w") as f:
        f.write(LSTART)
    # UAC's own form: one .tar.gz, read in place, includes and all.
    tgz = uac + ".tar.gz"
    with tarfile.open(tgz, "w:gz") as t:
        t.add(uac, arcname=os.path.basename(uac))
    cat = catscale(tmp)
    for name, coll in (("UAC", uac), ("UAC .tar.gz", tgz), ("Velociraptor", velo),
                       ("CatScale", cat)):
        r = run("-f", "jsonl", coll)
        rows = r.jsonl()
        equal(ties(rows), ties(loose), f"{name}: the ties of the loose logs, with no option")
        check("a web server configuration: 1 log format, 1 log bound" in r.err,
              f"{name}: the collected nginx.conf read, and what it includes")
        hit = [x for x in rows if x["pid"] == alive["pid"] and " ".join(x["args"]) == command]
        check(hit and hit[0]["running"].startswith("running at collection ("),
              f"{name}: the process still running is marked")
        check(hit and re.search(r"; started (06:25|14:25:\d\d), as the exec\)$",
                                hit[0]["running"]), f"{name}: its start fits the exec")
        others = [x for x in rows if x["running"] and x["pid"] != alive["pid"]]
        equal(others, [], f"{name}: no other row marked running")
        check("Still running when the collection was taken" in r.err and
              f"pid {alive['pid']} " in r.err, f"{name}: the summary says so")
        check("a process list: 2 processes" in r.err, f"{name}: the report names the process list")
        check(f"collected as {name.split()[0]}" in r.err, f"{name}: the report names the layout")
    nested_archives(tmp, cat)
    dedicated_pool(tmp)
    linked_sites(tmp)
    # In a share of hosts, one whose access log no configuration names
    # and no format reads says so in its line of the host table.
    share = os.path.join(tmp, "share")
    shutil.copytree(sample("detached-revshell"), os.path.join(share, "web01"))
    shutil.copy(os.path.join(CAP, "nginx", "access.log"),
                os.path.join(share, "web01", "nginx", "api_access.log"))
    os.makedirs(os.path.join(share, "web01", "live_response", "process"))
    with open(os.path.join(share, "web01", "live_response", "process",
                           "ps_auxwwwf.txt"), "w") as f:
        f.write(AUX.splitlines()[0] + "\nwww-data   15536  0.0  0.0   7196  3900 ?"
                "        S    16:40   0:00  \\_ bash -i\n")
    # A UAC collection, its audit log without node=: named by UAC's name.
    shutil.copytree(sample("seed-raw"), os.path.join(share, "uac-web-05-linux-20261127052100"))
    r = run("-f", "csv", "-o", os.devnull, share)
    hosts = r.err[r.err.find("Hosts:"):]
    check("1 access log not read: in a format no configuration names" in hosts,
          "the host table names the access log not read")
    check("\n  web-05: " in hosts, "the host named as UAC named its collection")
    check("1 web process still running when the collection was taken" in hosts,
          "the host table says a web process was still running")
    check("\n    read web01/live_response/process/ps_auxwwwf.txt: a process list: 1 processes" in hosts
          and "\n    read web01/nginx/nginx.conf: a web server configuration: " in hosts,
          "the host table says what was read beside the logs")
    check("\n    access log web01/nginx/access.log: nginx, format combined\n" in hosts,
          "the host table says how each access log was read")
    check("\n    access log web01/nginx/api_access.log not read: in a format no "
          "configuration names\n" in hosts, "and which one was not, and why")
    check(re.search(r"\n    still running: pid 15536 bash -i, in the tree of GET .* from "
                    r"127\.0\.0\.\d+ \(but started 16:40, not when it exec'd\)\n", hosts),
          "and the process still running, its start not the exec's")
    check("\n    collected as UAC" in hosts, "and the layout of the UAC host")
    # Beside standard input (read once) the files are not found twice:
    # the configuration is not read, and says so; the audit log is whole.
    with open(os.path.join(CAP, "audit", "audit.log"), "rb") as f:
        r = run("-f", "jsonl", "-", os.path.join(CAP, "nginx"), stdin=f.read())
    check("not read beside standard input" in r.err and "(stdin): 207 lines" in r.err,
          "a configuration beside standard input: not read, and stdin whole")

    # A configuration made to hurt: it includes itself and all of etc/,
    # 400 files.  Bounded, said in the report, and the logs still read.
    bad = os.path.join(tmp, "bad")
    shutil.copytree(sample("seed-raw"), os.path.join(bad, "var", "log"))
    os.makedirs(os.path.join(bad, "etc", "nginx"))
    os.makedirs(os.path.join(bad, "etc", "many"))
    for k in range(400):
        with open(os.path.join(bad, "etc", "many", f"{k}.conf"), "w") as f:
            f.write(f"# {k}\n")
    with open(os.path.join(bad, "etc", "nginx", "nginx.conf"), "w") as f:
        f.write("http {\n include /etc/nginx/nginx.conf;\n include /etc/*;\n}\n")
    r = run("-f", "jsonl", bad)
    check(re.search(r"read \S+nginx\.conf: \S+nginx\.conf:2: .*(nest too deep|more than 256)",
                    r.err), "an include loop or flood stops, with the reason")
    check(any(x["match"] == "command" for x in r.jsonl()), "the logs are read all the same")
finally:
    shutil.rmtree(tmp)
done()
