# SPDX-License-Identifier: ISC
"""Rotated sets: files are ordered by their first record, not their
names; an event split across a rotation comes out whole; overlapping
copies are read once."""

import gzip
import os
import shutil
import tempfile
from stlib import check, done, equal, run, sample

SRC = sample("campaign-enriched", "audit")


def rows_without_source(r):
    out = r.jsonl()
    for row in out:
        row.pop("source")
    return out


# The host is named after the input directory unless --host names it.
whole = run("-f", "jsonl", "--host", "web01", SRC)
reference = rows_without_source(whole)
equal(sorted({row["host"] for row in reference}), ["web01"], "--host names every row")

tmp = tempfile.mkdtemp(prefix="shelltrail-rotation-")
try:
    # Names that sort the wrong way round, one of them gzipped.
    with open(os.path.join(SRC, "audit.log.2"), "rb") as f:
        oldest = f.read()
    with gzip.open(os.path.join(tmp, "z-audit.log-20261201.gz"), "wb") as f:
        f.write(oldest)
    shutil.copy(os.path.join(SRC, "audit.log.1"), os.path.join(tmp, "b-audit.log.7"))
    # Split the newest file inside the records of a web shell exec:
    # SYSCALL and EXECVE in one file, the rest in the next.
    with open(os.path.join(SRC, "audit.log"), "rb") as f:
        lines = f.read().split(b"\n")
    split = next(i for i, ln in enumerate(lines)
                 if b"type=EXECVE" in ln and b"a2=" in ln and b"uid=33" in lines[i - 1]) + 1
    with open(os.path.join(tmp, "a-audit.log"), "wb") as f:
        f.write(b"\n".join(lines[:split]) + b"\n")
    with open(os.path.join(tmp, "y-audit.log.0"), "wb") as f:
        f.write(b"\n".join(lines[split:]))

    r = run("-f", "jsonl", "--host", "web01", tmp)
    equal(rows_without_source(r), reference, "same timeline from renamed, split files")

    # Overlapping copies: every file again, plain and gzipped.
    for name in ("audit.log", "audit.log.1", "audit.log.2"):
        with open(os.path.join(SRC, name), "rb") as f:
            data = f.read()
        with gzip.open(os.path.join(tmp, f"copy-{name}.gz"), "wb") as f:
            f.write(data)
    r = run("-f", "jsonl", "--host", "web01", tmp)
    equal(rows_without_source(r), reference, "copies read once")
    check("already read from an overlapping file" in r.err, "copies reported")
finally:
    shutil.rmtree(tmp)
done()
