# SPDX-License-Identifier: ISC
"""Attacker-chosen bytes reach the analyst inert: a user agent that is a
spreadsheet formula, a command that is a terminal escape, in CSV (cells
neutralised unless --csv-raw), in the table (escapes shown, never
emitted), and exactly in JSON lines."""

import os
import tempfile
import urllib.parse
from stlib import check, done, equal, run, sample

CMD = "printf '\x1b]0;pwned\x07'"
UA = '=HYPERLINK("http://x","y")'

with open(sample("seed-raw", "audit", "audit.log"), "rb") as f:
    audit = f.read().replace(b"a2=636174202F6574632F706173737764",
                             b"a2=" + CMD.encode().hex().upper().encode())
with open(sample("seed-raw", "nginx", "access.log"), "rb") as f:
    access = f.read().replace(b"cmd=cat%20%2Fetc%2Fpasswd",
                              b"cmd=" + urllib.parse.quote(CMD).encode())
    access = access.replace(b'"python-requests/2.31.0"', b'"' + UA.replace('"', '\\x22').encode() + b'"')

with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, "audit.log"), "wb") as f:
        f.write(audit)
    with open(os.path.join(tmp, "access.log"), "wb") as f:
        f.write(access)

    rows = run("-f", "csv", tmp).csv()
    sh = rows[0]
    equal(sh["argv"], "sh -c $'printf \\'\\x1B]0;pwned\\x07\\''", "argv escaped in CSV")
    equal(sh["user_agent"], "'" + UA, "formula neutralised")
    equal(sh["match"], "command", "still tied to its request")
    check(all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values()),
          "no CSV cell starts a formula")
    raw = run("-f", "csv", "--csv-raw", tmp).csv()
    equal(raw[0]["user_agent"], UA, "--csv-raw keeps it")

    table = run("--color", "never", tmp).out
    check(b"\x1b" not in table and b"\x07" not in table, "no escape reaches the terminal")
    check(b"\\x1B]0;pwned\\x07" in table, "the table shows it escaped")
    err = run(tmp).err
    check("\x1b" not in err and "\x07" not in err, "nor through the report")

    js = run("-f", "jsonl", tmp).jsonl()
    equal(js[0]["args"][2], CMD, "JSON lines keep the exact bytes")
    equal(js[0]["user_agent"], UA, "and the exact user agent")

# Bytes that are not UTF-8 come back exactly from JSON lines, through
# Python's surrogateescape, as the man page says.
BAD = b"echo \xff\xfe\xc3( \xe4\xb8\xad"
with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, "audit.log"), "wb") as f:
        f.write(audit.replace(CMD.encode().hex().upper().encode(), BAD.hex().upper().encode()))
    js = run("-f", "jsonl", tmp).jsonl()
    equal(js[0]["args"][2].encode("utf-8", "surrogateescape"), BAD, "invalid UTF-8 reversible")
    equal(run("-f", "csv", tmp).csv()[0]["argv"], "sh -c $'echo \\xFF\\xFE\\xC3( 中'",
          "shown escaped in CSV")
done()
