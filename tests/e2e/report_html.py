# SPDX-License-Identifier: ISC
"""The HTML report, read by a real browser: Debian's Chromium, headless,
renders each sample's report; the DOM it builds must hold every row (the
process trees, the timeline, the chart's marks), the file must load
nothing and allow no script but its own, and bytes an attacker chose
(markup, event handlers, bidi controls, a 20,000-byte argument) must
come out as inert text.  A screenshot of one report is kept in
artefacts/ beside the test logs.

Set SHELLTRAIL_NO_BROWSER=1 to skip on a machine without Chromium;
tools/quickstart installs it."""

import base64
import hashlib
import html.parser
import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse
from stlib import SAMPLES, check, done, equal, run, sample, seed_with, skip

BROWSER = shutil.which("chromium")
if BROWSER is None:
    if os.environ.get("SHELLTRAIL_NO_BROWSER") == "1":
        skip("no chromium, and SHELLTRAIL_NO_BROWSER=1")
    raise SystemExit("FATAL: chromium not found (apt-get install chromium, "
                     "or SHELLTRAIL_NO_BROWSER=1 to skip)")


class Dom(html.parser.HTMLParser):
    """What the browser built: elements by class, attributes, text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.classes, self.attrs, self.text = [], {}, [], []
        self.body = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(name for name, _ in attrs)
        for name, value in attrs:
            if name == "class":
                for c in value.split():
                    self.classes[(tag, c)] = self.classes.get((tag, c), 0) + 1
        if tag == "body":
            self.body = dict(attrs)

    def handle_data(self, data):
        self.text.append(data)

    def count(self, tag, cls):
        return self.classes.get((tag, cls), 0)


def render(path, fragment="", shot=None):
    """The DOM after the report's script ran, as Chromium serialises it."""
    args = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", "--virtual-time-budget=10000",
            "--user-data-dir=" + os.path.join(TMP, "profile")]
    url = "file://" + urllib.parse.quote(os.path.abspath(path)) + fragment
    if shot:
        subprocess.run(args + ["--window-size=1280,1600", "--screenshot=" + shot, url],
                       capture_output=True, timeout=120, check=True)
    p = subprocess.run(args + ["--dump-dom", url], capture_output=True,
                       timeout=120, check=True)
    return Dom(p.stdout.decode("utf-8"))


def static_checks(text, what):
    """The file as written: its own script and style only, nothing loaded."""
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", text, re.S)
    equal([a for a, _ in scripts], [' type="application/json" id="st-data"', ""],
          f"{what}: a data block and one script")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
    check(csp and "default-src 'none'" in csp.group(1), f"{what}: a strict policy")
    style = re.search(r"<style>(.*?)</style>", text, re.S).group(1)
    for kind, body in (("script", scripts[1][1]), ("style", style)):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        check(csp and f"{kind}-src 'sha256-{digest}'" in csp.group(1),
              f"{what}: the policy names the {kind} by its hash")
    markup = text.replace(scripts[0][1], "")
    check(not re.search(r"\b(src|href|srcset|action)\s*=", markup),
          f"{what}: no resource is loaded from anywhere")
    return json.loads(scripts[0][1])


def report(target, what, *extra):
    out = os.path.join(TMP, what + ".html")
    r = run("-f", "html", "-o", out, *extra, target)
    check(r.rc in (0, 1), f"{what}: status {r.rc}")
    with open(out, encoding="utf-8") as f:
        return out, static_checks(f.read(), what)


def is_exec(row):
    return row.get("timestamp_desc", "").startswith("Process Execution")


def expect_drawn(dom, rows, what):
    """Every row has its place: trees, chart marks, timeline lines."""
    web = [r for r in rows if r["web"] and not r["note"]]
    equal(dom.body.get("data-error"), None, f"{what}: the script ran without error")
    equal(dom.body.get("data-rendered"), str(len(rows)), f"{what}: every row read")
    equal(dom.count("li", "st-node"), sum(map(is_exec, web)), f"{what}: one tree node per exec")
    equal(dom.count("circle", "st-exec"), sum(map(is_exec, rows)), f"{what}: one dot per exec")
    requests = {r["web_source"] for r in rows if r.get("method") and r.get("request_datetime")}
    equal(dom.count("rect", "st-req"), len(requests), f"{what}: one bar per request")
    equal(dom.count("tr", "st-row"), min(len(rows), 500), f"{what}: the timeline's first page")
    check(dom.count("svg", "st-chart") == 1 or not rows, f"{what}: the chart drawn")


with tempfile.TemporaryDirectory() as TMP:
    seen_rows = 0
    for name in sorted(os.listdir(SAMPLES)):
        if not os.path.isdir(sample(name)):
            continue
        path, rows = report(sample(name), name)
        jsonl = run("-f", "jsonl", sample(name)).jsonl()
        equal([r.get("argv", "") for r in rows], [r["argv"] for r in jsonl],
              f"{name}: the rows of JSON lines, in order")
        expect_drawn(render(path), rows, name)
        seen_rows += len(rows)
    check(seen_rows > 300, f"the samples' reports hold {seen_rows} rows")

    # The screenshot a reviewer looks at, kept beside the test logs.
    os.makedirs("artefacts", exist_ok=True)
    shot = os.path.join("artefacts", "html-report.png")
    path, rows = report(sample("campaign-enriched"), "campaign")
    render(path, shot=shot)
    with open(shot, "rb") as f:
        png = f.read()
    check(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000,
          f"a screenshot of the report ({len(png)} bytes)")

    # Filters from the fragment: whole trees of high severity only.
    dom = render(path, "#severity=high")
    high = {r["group"] for r in rows if r.get("severity") in ("high", "critical")}
    equal(dom.body.get("data-shown"), str(sum(r["group"] in high for r in rows)),
          "#severity=high shows the trees with a high row")
    check(0 < len(high) < len({r["group"] for r in rows}), "and not every tree")
    dom = render(path, "#client=127.77.7.7")
    equal(dom.body.get("data-shown"), str(sum(r.get("client_ip") == "127.77.7.7" for r in rows)),
          "#client= shows that client's rows")

    # Several hosts in one report: one heading each.
    path, rows = report(SAMPLES, "all")
    dom = render(path)
    expect_drawn(dom, rows, "all samples")
    hosts = {r["host"] for r in rows if r["web"] and not r["note"]}
    equal(sum(t.startswith("Host ") for t in dom.text), len(hosts), "a heading per host")

    # Access logs alone: a story per client and script, no tree.
    web = os.path.join(TMP, "webonly")
    shutil.copytree(sample("manager-sessions", "nginx"), web)
    path, rows = report(web, "webonly")
    dom = render(path)
    expect_drawn(dom, rows, "web logs alone")
    stories = [t for t in dom.text if t.startswith("From the access logs alone: ")]
    equal(len(stories), len({(r["client_ip"], r["script"]) for r in rows}),
          "a story per client and script")

    # Hostile bytes: markup, a handler, a bidi override, a long argument.
    CMD = ('echo "<script>alert(1)</script><img src=x onerror=alert(2)>" '
           '"\\" onload=alert(3) x=" \u202etxt.exe ' + "A" * 20000)
    UA = '</script><svg onload=alert(4)>'
    path, rows = report(seed_with(os.path.join(TMP, "hostile"), CMD, UA), "hostile")
    check(any(r.get("match") == "command" and "<script>" in r.get("argv", "") for r in rows),
          "the hostile command is still tied to its request")
    dom = render(path)
    expect_drawn(dom, rows, "hostile")
    equal(dom.tags.count("script"), 2, "no script element but the report's")
    equal([t for t in dom.tags if t in ("img", "iframe", "object", "embed")], [],
          "no element made of the logs' bytes")
    equal([a for a in dom.attrs if a.startswith("on")], [], "no event handler attribute")
    text = "".join(dom.text)
    check("<script>alert(1)</script><img src=x onerror=alert(2)>" in text,
          "the markup is shown as text")
    check(UA in text, "the user agent is shown as text")
    check("\u202e" not in text and "\\xE2\\x80\\xAE" in text, "the bidi override shown escaped, not obeyed")
    check(dom.count("button", "st-more") > 0 and "show all 20," in text,
          "the long argument cut, with its size")
done()
