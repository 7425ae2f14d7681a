# SPDX-License-Identifier: ISC
"""The table on a real pseudo-terminal, at 80, 120 and 200 columns:
every line fits, the tie's kind and confidence and the tags are never
what is cut, long cells end with their size, --full cuts none, the
progress line never shares a line with the table, several hosts get
headings, and the pager is used when the table goes to a terminal
(--no-pager and PAGER honoured)."""

import fcntl
import os
import re
import select
import shutil
import struct
import subprocess
import tempfile
import termios
import unicodedata

from stlib import SAMPLES, SHELLTRAIL, SRCDIR, check, done, equal

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def on_pty(args, cols, rows=40, env=None):
    """shelltrail's stdout and stderr on a pty of cols x rows: what it
    wrote, raw."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    e = dict(os.environ, TERM="xterm", **(env or {}))
    e.pop("NO_COLOR", None)
    p = subprocess.Popen([SHELLTRAIL, *args], stdin=subprocess.DEVNULL,
                         stdout=slave, stderr=slave, env=e, close_fds=True)
    os.close(slave)
    out = b""
    while True:
        r, _, _ = select.select([master], [], [], 0.2)
        if r:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            out += data
        elif p.poll() is not None:
            break
    p.wait(timeout=120)
    os.close(master)
    return p.returncode, out.decode("utf-8", "replace")


def screen_lines(raw):
    """Lines as the terminal shows them: escapes gone, a carriage
    return starting the line again (the progress line's way)."""
    lines = []
    for line in raw.replace("\r\n", "\n").split("\n"):
        line = ANSI.sub("", line.split("\r")[-1] if "\r" in line else line)
        lines.append(line)
    return lines


def width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else
               0 if unicodedata.combining(ch) else 1 for ch in s)


def table_lines(raw):
    lines = screen_lines(raw)
    start = next((i for i, l in enumerate(lines) if l.startswith("time ")), None)
    check(start is not None, "the column heads are printed")
    end = next((i for i, l in enumerate(lines) if l.startswith("Web shells")
                or l.startswith("shelltrail: ")), len(lines))
    return lines[start or 0:end]


TAGS = re.compile(r"\{[a-z][a-z.0-9,-]*\}")


def tags_of(lines):
    return sorted(t for l in lines for t in TAGS.findall(l))


def widths():
    campaign = os.path.join(SAMPLES, "campaign-enriched")
    rc, raw = on_pty(["--no-pager", "--full", campaign], 400)
    every_tag = tags_of(table_lines(raw))
    check(len(every_tag) > 10, "the campaign's commands are tagged")
    for cols in (80, 120, 200):
        rc, raw = on_pty(["--no-pager", campaign], cols)
        equal(rc, 0, f"{cols} columns: status")
        lines = table_lines(raw)
        wide = [l for l in lines if width(l) > cols]
        equal(wide[:3], [], f"{cols} columns: lines wider than the terminal")
        heads = [l for l in lines if l.startswith("== ") and "from " in l]
        check(heads and all(re.search(r"\[(command|worker|time|contains|place|injection|"
                                      r"session)[a-z ]*, (high|medium|low)\]", l)
                            for l in heads),
              f"{cols} columns: every request header keeps its tie and confidence")
        cut = [l for l in lines if re.search(r"\u2026 \(\d{1,3}(,\d{3})* bytes\)", l)]
        check(cut, f"{cols} columns: a long cell ends with its size")
        equal(tags_of(lines), every_tag, f"{cols} columns: every tag is kept")
        check(any("(9,0" in l and "bytes)" in l for l in cut),
              f"{cols} columns: the 9,000-byte argument is cut, with its size")
    rc, raw = on_pty(["--no-pager", "--full", campaign], 80)
    lines = table_lines(raw)
    check(not any("bytes)" in l and "\u2026" in l for l in lines), "--full cuts nothing")
    check(any(width(l) > 9000 for l in lines), "--full shows the 9,000-byte argument whole")


def deep(tmp):
    """A chain 50,000 deep still fits 80 columns: the indent stops."""
    import sys
    sys.path.insert(0, os.path.join(SRCDIR, "tests", "bad"))
    import cases
    d = os.path.join(tmp, "deep")
    os.makedirs(d)
    log = cases.deep_chain(d)
    rc, raw = on_pty(["--no-pager", log], 80)
    lines = table_lines(raw)
    check(len(lines) > 1000, f"the deep chain's rows ({len(lines)})")
    equal([l for l in lines if width(l) > 80][:2], [], "deep chain: lines wider than 80")


def progress(tmp):
    """A scan long enough for the progress line: it is cleared before the
    table, and never drawn inside it."""
    data = os.path.join(tmp, "big")
    subprocess.run(["python3", os.path.join(SRCDIR, "bench", "generate.py"), data, "12"],
                   check=True, capture_output=True)
    rc, raw = on_pty(["--no-pager", os.path.join(data, "audit.log"),
                      os.path.join(data, "access.log")], 120)
    check("% of " in raw, "the progress line was drawn")
    lines = screen_lines(raw)
    start = next((i for i, l in enumerate(lines) if l.startswith("time ")), None)
    check(start is not None and not any("% of " in l for l in lines[start:]),
          "no progress after the table began, nor on its first line")


def hosts(tmp):
    top = os.path.join(tmp, "share")
    shutil.copytree(os.path.join(SAMPLES, "seed-raw"), os.path.join(top, "web01"))
    shutil.copytree(os.path.join(SAMPLES, "upload-revshell"), os.path.join(top, "web02"))
    rc, raw = on_pty(["--no-pager", top], 120)
    heads = [l for l in screen_lines(raw) if l.startswith("### host ")]
    check(len(set(heads)) >= 2, f"a heading per host: {heads}")


def pager(tmp):
    seed = os.path.join(SAMPLES, "seed-raw")
    got = os.path.join(tmp, "paged")
    rc, raw = on_pty([seed], 100, env={"PAGER": f"cat > {got}"})
    equal(rc, 0, "through the pager: status")
    with open(got, encoding="utf-8") as f:
        paged = f.read()
    check("cat /etc/passwd" in paged and "time " in paged, "the table went to $PAGER")
    check("cat /etc/passwd" not in raw, "and not to the terminal")
    os.remove(got)
    rc, raw = on_pty(["--no-pager", seed], 100, env={"PAGER": f"cat > {got}"})
    check(not os.path.exists(got) and "cat /etc/passwd" in raw, "--no-pager: none")
    rc, raw = on_pty([seed], 100, env={"PAGER": "cat"})
    check("cat /etc/passwd" in raw, "PAGER=cat: straight to the terminal")
    rc, raw = on_pty([os.path.join(SAMPLES, "campaign-enriched")], 100,
                     env={"PAGER": "head -c 10 >/dev/null"})
    equal(rc, 0, "a reader who quits the pager early: no write error")
    check("write error" not in raw, "and nothing said of one")
    p = subprocess.run([SHELLTRAIL, seed], capture_output=True,
                       env=dict(os.environ, PAGER=f"cat > {got}"), check=False)
    check(not os.path.exists(got) and b"cat /etc/passwd" in p.stdout,
          "no pager when stdout is not a terminal")


with tempfile.TemporaryDirectory() as t:
    widths()
    deep(t)
    progress(t)
    hosts(t)
    pager(t)
done()
