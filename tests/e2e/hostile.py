# SPDX-License-Identifier: ISC
"""Attacker-chosen bytes reach the analyst inert: a user agent that is a
spreadsheet formula, a command that is a terminal escape, in CSV (cells
neutralised unless --csv-raw), in the table (escapes shown, never
emitted), and exactly in JSON lines."""

import tempfile
from stlib import check, done, equal, run, seed_with

CMD = "printf '\x1b]0;pwned\x07'"
UA = '=HYPERLINK("http://x","y")'

with tempfile.TemporaryDirectory() as tmp:
    seed_with(tmp, CMD, UA.replace('"', '\\x22'))

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
    seed_with(tmp, BAD)
    js = run("-f", "jsonl", tmp).jsonl()
    equal(js[0]["args"][2].encode("utf-8", "surrogateescape"), BAD, "invalid UTF-8 reversible")
    equal(run("-f", "csv", tmp).csv()[0]["argv"], "sh -c $'echo \\xFF\\xFE\\xC3( 中'",
          "shown escaped in CSV")
done()
