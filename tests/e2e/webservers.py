# SPDX-License-Identifier: ISC
"""The four web server captures (tools/capture/): Apache with mod_php,
Apache with proxy_fcgi and php-fpm (two vhosts, two LogFormats), nginx
with a php-fpm pool log, nginx before gunicorn.  Each log is read with
its server's meaning, its format given as the configuration has it;
every truth command is tied to its own client, nothing to a bystander;
a back server's view of a request is told as one with the front's and
brings the worker's pid."""

import os
import re
import shutil
import tempfile
from datetime import datetime
from stlib import check, done, equal, run, sample, truth

CONF = {
    "apache-modphp": [],
    "apache-fpm": ["--log-format-file", sample("apache-fpm", "apache2", "apache2.conf")],
    "nginx-fpm-pool": ["--log-format-file", sample("nginx-fpm-pool", "php", "www.conf"),
                       "--log-format-file", sample("nginx-fpm-pool", "nginx", "nginx.conf")],
    "nginx-gunicorn": ["--log-format-file",
                       sample("nginx-gunicorn", "gunicorn", "gunicorn.conf.py")],
}
# Per access log: the server, and what its time stands for.
READ_AS = {
    "apache-modphp": {"apache2/access.log": ("Apache", "was received")},
    "apache-fpm": {"apache2/shop_access.log": ("Apache", "was received"),
                   "apache2/intranet_access.log": ("Apache", "was received")},
    "nginx-fpm-pool": {"nginx/access.log": ("nginx", "completed"),
                       "php/www.access.log": ("php-fpm", "was received")},
    "nginx-gunicorn": {"nginx/access.log": ("nginx", "completed"),
                       "gunicorn/access.log": ("gunicorn", "completed")},
}
BACK = {"nginx-fpm-pool", "nginx-gunicorn"}


def report_reading(err, capture):
    """{log below the capture: the line saying how it is read}."""
    lines = err.splitlines()
    out = {}
    for i, line in enumerate(lines[:-1]):
        m = re.match(r"  (\S+): [\d,]+ lines, [\d,]+ requests", line)
        if m and sample(capture) in m.group(1):
            out[m.group(1)[len(sample(capture)) + 1:]] = lines[i + 1].strip()
    return out


workers = {}
for capture, conf in CONF.items():
    res = run("-v", "-f", "jsonl", sample(capture), *conf)
    rows = res.jsonl()
    want = truth(capture)
    roots = [r for r in rows if r["depth"] == 0]
    equal(res.rc, 0, f"{capture}: web-originated execs found")

    # Each truth command: its tree, tied to its own client and path.
    for t in want:
        hits = [r for r in roots if r["args"][-1] == t["cmd"]]
        what = f"{capture}: {t['method']} {t['cmd'][:30]!r}"
        if not check(hits, f"{what}: present"):
            continue
        r = min(hits, key=lambda h: abs(h["timestamp"] / 1e6 - t["time"]))
        equal((r["client_ip"], r["method"], r["uri"].split("?")[0]),
              (t["ip"], t["method"], t["path"]), f"{what}: tied to its request")
        if t["method"] == "GET":
            equal(r["match"], "command", f"{what}: by command")
        # Its own request, not the one before: Apache stamps receptions,
        # nginx and gunicorn completions (the commands take under 4 s).
        logged = datetime.fromisoformat(r["request_datetime"]).timestamp()
        first = READ_AS[capture][r["web_source"].split(" + ")[0]
                                  [len(sample(capture)) + 1:].rsplit(":", 1)[0]]
        lo, hi = (-1, 1) if first[1] == "was received" else (-1, 6)
        check(lo <= logged - t["time"] <= hi,
              f"{what}: request logged {logged - t['time']:+.3f} s from when it was sent")
        if capture in BACK:
            # The worker that served it is the shell's parent.
            equal(r["web_pid"], r["ppid"], f"{what}: the worker's pid")
            if t["method"] == "POST":
                workers.setdefault(capture, 0)
                workers[capture] += r["match"] == "worker"
            check(" + " in r["web_source"], f"{what}: both views: {r['web_source']}")
    truth_ips = {t["ip"] for t in want}
    for r in roots:
        if r.get("client_ip"):
            check(r["client_ip"] in truth_ips,
                  f"{capture}: a bystander named: {r['client_ip']} for {r['argv'][:40]}")

    # How each log was read, and no log of these servers unknown.
    reading = report_reading(res.err, capture)
    for log, (server, mean) in READ_AS[capture].items():
        line = reading.get(log, "")
        check(line.startswith(server) and f"when each request {mean}" in line,
              f"{capture}: {log} read as {server}, time {mean}: {line!r}")
    check("format shelltrail does not know" not in res.err,
          f"{capture}: a log left unknown")
    for err_log in ("apache2/error.log", "php/php8.2-fpm.log", "gunicorn/error.log"):
        if f"{capture}/{err_log}:" in res.err:
            check(re.search(re.escape(err_log) + r": an? \S+ (error )?log \(tells",
                            res.err), f"{capture}: {err_log} recognised")
    if capture == "apache-fpm":
        check("php8.2-fpm.log: a php-fpm log (tells the server of the access "
              "logs beside it): workers 5 started, 5 ended" in res.err,
              f"{capture}: what php-fpm's log says of its children")
    if capture in BACK:
        check(re.search(r"[1-9]\d* told as one with the front server's", res.err),
              f"{capture}: back views merged")

# POST shells behind php-fpm and gunicorn: the worker's pid ties most
# of them exactly (the others, where two of the worker's requests end
# in one logged second, by time).
equal(workers, {"nginx-fpm-pool": 4, "nginx-gunicorn": 3}, "POST commands tied by worker")

# --web-log-kind overrides where the log was collected.
res = run("-v", "-f", "jsonl", "--web-log-kind", "*access.log=nginx", sample("apache-modphp"))
line = report_reading(res.err, "apache-modphp").get("apache2/access.log", "")
check(line.startswith("nginx (--web-log-kind)") and "completed" in line,
      f"--web-log-kind read the Apache log as nginx's: {line!r}")

# Its collected configuration is read with no option: the intranet
# vhost's format is known, as with --log-format-file.
res = run("-v", "-f", "jsonl", sample("apache-fpm"))
given = run("-f", "jsonl", "--log-format-file", sample("apache-fpm", "apache2", "apache2.conf"),
            sample("apache-fpm"))
equal([(r["argv"], r["match"], r["client_ip"]) for r in res.jsonl()],
      [(r["argv"], r["match"], r["client_ip"]) for r in given.jsonl()],
      "apache-fpm: the collected configuration read by itself")
# Without it, the intranet vhost's format is not known, and the report
# says so rather than guessing.
with tempfile.TemporaryDirectory() as d:
    shutil.copytree(sample("apache-fpm"), os.path.join(d, "h"))
    os.remove(os.path.join(d, "h", "apache2", "apache2.conf"))
    res = run("-v", "-f", "jsonl", os.path.join(d, "h"))
check("intranet_access.log: an access log in a format shelltrail does not know"
      in res.err, "apache-fpm: a format not given is reported")

# Debian's own layout of the same site: apache2.conf includes
# conf-enabled/ and sites-enabled/, each vhost logs to
# ${APACHE_LOG_DIR}, which envvars sets (within a test it cannot
# decide, which is left out).  Read with no option, as the loose logs
# with the configuration given; the vhosts' DocumentRoots are reported.
ENVVARS = """unset HOME
if [ "${APACHE_CONFDIR##/etc/apache2-}" != "${APACHE_CONFDIR}" ] ; then
	SUFFIX="-${APACHE_CONFDIR##/etc/apache2-}"
else
	SUFFIX=
fi
export APACHE_RUN_USER=www-data
export APACHE_RUN_GROUP=www-data
export APACHE_LOG_DIR=/var/log/apache2$SUFFIX
export LANG=C
"""
MAIN = """DefaultRuntimeDir ${APACHE_RUN_DIR}
User ${APACHE_RUN_USER}
Group ${APACHE_RUN_GROUP}
ErrorLog ${APACHE_LOG_DIR}/error.log
LogFormat "%v:%p %h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" vhost_combined
LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined
IncludeOptional conf-enabled/*.conf
IncludeOptional sites-enabled/*.conf
"""
conf = open(sample("apache-fpm", "apache2", "apache2.conf")).read()
formats = "".join(l + "\n" for l in conf.splitlines() if l.startswith("LogFormat"))
with tempfile.TemporaryDirectory() as d:
    etc = os.path.join(d, "web06", "etc", "apache2")
    logs = os.path.join(d, "web06", "var", "log")
    for sub in ("conf-enabled", "sites-enabled"):
        os.makedirs(os.path.join(etc, sub))
    shutil.copytree(sample("apache-fpm", "audit"), os.path.join(logs, "audit"))
    shutil.copytree(sample("apache-fpm", "apache2"), os.path.join(logs, "apache2"))
    os.remove(os.path.join(logs, "apache2", "apache2.conf"))
    for name, text in (("envvars", ENVVARS), ("apache2.conf", MAIN),
                       ("conf-enabled/logformats.conf", formats)):
        with open(os.path.join(etc, name), "w") as f:
            f.write(text)
    for site, fmt in (("shop", "timed"), ("intranet", "withpid")):
        with open(os.path.join(etc, "sites-enabled", site + ".conf"), "w") as f:
            f.write(f"<VirtualHost *:80>\n\tServerName {site}.test\n"
                    f"\tDocumentRoot /srv/www/vhosts/{site}\n"
                    f"\tCustomLog ${{APACHE_LOG_DIR}}/{site}_access.log {fmt}\n"
                    "</VirtualHost>\n")
    res = run("-v", "-f", "jsonl", os.path.join(d, "web06"))
equal([(r["argv"], r["match"], r["client_ip"]) for r in res.jsonl()],
      [(r["argv"], r["match"], r["client_ip"]) for r in given.jsonl()],
      "Debian's apache2 layout: ${APACHE_LOG_DIR} from envvars, includes, no option")
check(re.search(r"apache2\.conf: a web server configuration: 4 log formats, 3 logs "
                r"bound, web roots /srv/www/vhosts/\S+ /srv/www/vhosts/\S+, web accounts "
                r"www-data", res.err), "its vhosts' roots and its user are reported")

done()
