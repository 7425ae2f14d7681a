# SPDX-License-Identifier: ISC
"""Timesketch fidelity: every file holds one offset in datetime, also
with --tz across a daylight-saving change, and --timesketch output
passes the rules of Timesketch's importer (timesketch/lib/utils.py:
read_and_validate_csv and read_and_validate_jsonl) as its documentation
and code state them, emulated here without pandas."""

import csv
import datetime
import io
import json
import os
import re
import tempfile

from stlib import SAMPLES, check, done, equal, run

# Europe/Berlin leaves winter time at 2026-03-29 01:00 UTC.
DST_UTC = 1774746000

AUDIT = re.compile(rb"msg=audit\((\d+)\.(\d+):(\d+)\)")


def shifted(src, start, serial_base):
    """The log's events moved to start (UTC seconds), serials renumbered."""
    with open(src, "rb") as f:
        data = f.read()
    first = int(AUDIT.search(data).group(1))

    def move(m):
        sec = int(m.group(1)) - first + start
        return b"msg=audit(%d.%s:%d)" % (sec, m.group(2), int(m.group(3)) + serial_base)
    return AUDIT.sub(move, data)


def dst_log(d):
    src = os.path.join(SAMPLES, "seed-raw", "audit", "audit.log")
    path = os.path.join(d, "audit.log")
    with open(path, "wb") as f:
        f.write(shifted(src, DST_UTC - 1800, 0))
        f.write(shifted(src, DST_UTC + 1800, 1000000))
    return path


def offsets(values):
    return {v[-6:] for v in values}


def timesketch_tag(value):
    """Timesketch's _parse_tag_field on a CSV cell (pandas gives NaN,
    str() "nan", for an empty one)."""
    row = value if value != "" else "nan"
    if row.startswith("[") and row.endswith("]"):
        return json.loads(row)
    if row == "-":
        return []
    if "," in row:
        return row.split(",")
    return [row]


def csv_rules(text, what):
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    check(rows, f"{what}: rows")
    header = next(csv.reader(io.StringIO(text)))
    equal(header[:5], ["message", "timestamp", "datetime", "timestamp_desc", "tag"],
          f"{what}: Timesketch's columns first")
    equal(len(header), len(set(header)), f"{what}: no column twice")
    for r in rows:
        check(r["message"] and r["timestamp_desc"], f"{what}: mandatory fields")
        when = datetime.datetime.fromisoformat(r["datetime"])
        check(when.tzinfo is not None, f"{what}: datetime has an offset")
        equal(int(r["timestamp"]), int(when.timestamp() * 1000) * 1000,
              f"{what}: timestamp is datetime in microseconds")
        tags = timesketch_tag(r["tag"])
        check(isinstance(tags, list) and all(isinstance(t, str) and t for t in tags),
              f"{what}: tag reads as a list of names: {r['tag']!r}")
        check("nan" not in tags, f"{what}: an empty tag cell would be the tag nan")
        equal(tags, [t for t in r["tags"].split(",") if t], f"{what}: tag is tags")
    equal(len(offsets(r["datetime"] for r in rows)), 1, f"{what}: one offset")
    return rows


def dst():
    with tempfile.TemporaryDirectory() as d:
        log = dst_log(d)
        r = run("-f", "csv", "--all", "--tz", "Europe/Berlin", log)
        rows = r.csv()
        check(len(rows) > 4, f"DST log: rows ({len(rows)})")
        equal(offsets(x["datetime"] for x in rows), {"+00:00"},
              "a zone with daylight saving: datetime stays UTC")
        equal(offsets(x["local_datetime"] for x in rows), {"+01:00", "+02:00"},
              "local_datetime crosses the change")
        for x in rows:
            equal(datetime.datetime.fromisoformat(x["datetime"]),
                  datetime.datetime.fromisoformat(x["local_datetime"]),
                  "the same instant")
        r = run("-f", "csv", "--all", "--tz", "+08:00", log)
        equal(offsets(x["datetime"] for x in r.csv()), {"+08:00"},
              "a fixed offset is kept in datetime")
        r = run("--timesketch", "--all", "--tz", "Europe/Berlin", log)
        csv_rules(r.out.decode("utf-8", "surrogateescape"), "DST log --timesketch")


def samples():
    for sample in ("campaign-enriched", "upload-revshell", "webshell-manager"):
        path = os.path.join(SAMPLES, sample)
        r = run("--timesketch", "--integrity", path)
        check(r.rc == 0, f"{sample}: status {r.rc}")
        rows = csv_rules(r.out.decode("utf-8", "surrogateescape"), sample)
        check(any(timesketch_tag(x["tag"]) for x in rows), f"{sample}: some rows tagged")
        r = run("--timesketch", "-f", "jsonl", path)
        for line in r.out.decode().splitlines():
            d = json.loads(line)
            check(all(d.get(k) for k in ("message", "datetime", "timestamp_desc")),
                  f"{sample} jsonl: mandatory fields")
            check(isinstance(d["tag"], list), f"{sample} jsonl: tag is a list")
            equal(list(d)[:5], ["message", "timestamp", "datetime", "timestamp_desc", "tag"],
                  f"{sample} jsonl: key order")


def refusals():
    seed = os.path.join(SAMPLES, "seed-raw")
    with tempfile.TemporaryDirectory() as d:
        r = run("--timesketch", "-o", os.path.join(d, "out.txt"), seed)
        equal(r.rc, 2, "--timesketch -o out.txt")
        check("only a .csv file" in r.err, r.err)
        r = run("--timesketch", "-f", "jsonl", "-o", os.path.join(d, "out.csv"), seed)
        equal(r.rc, 2, "--timesketch -f jsonl -o out.csv")
        r = run("--timesketch", "-f", "table", seed)
        equal(r.rc, 2, "--timesketch -f table")
        r = run("--timesketch", "-o", os.path.join(d, "out.csv"), seed)
        equal(r.rc, 0, "--timesketch -o out.csv")


dst()
samples()
refusals()
done()
