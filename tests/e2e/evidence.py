# SPDX-License-Identifier: ISC
"""The evidence stays untouched: outputs are refused on an input or
inside an input directory, reading changes no byte, time or access time,
and --manifest records each input's size, mtime and SHA-256."""

import hashlib
import os
import shutil
import tempfile
from stlib import SAMPLES, check, done, equal, run, sample


def files(root):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)


def hashes(root):
    out = {}
    for p in files(root):
        with open(p, "rb") as fh:
            out[p] = hashlib.sha256(fh.read()).hexdigest()
    return out


def times(root):
    """Size, mtime and atime, by stat alone (which reads nothing)."""
    return {p: (os.stat(p).st_size, os.stat(p).st_mtime_ns, os.stat(p).st_atime_ns)
            for p in files(root)}


with tempfile.TemporaryDirectory() as tmp:
    ev = os.path.join(tmp, "evidence")
    shutil.copytree(SAMPLES, ev)
    digests = hashes(ev)
    # Access times older than modification times: with relatime, any
    # read by shelltrail would move them.
    for p in files(ev):
        os.utime(p, ns=(10**18, 15 * 10**17 + 10**18))
    before = times(ev)

    # Outputs that would land on the evidence are refused, untouched.
    audit = os.path.join(ev, "seed-raw", "audit", "audit.log")
    for out, src, where in ((os.path.join(ev, "out.csv"), ev, "inside the evidence directory"),
                            (audit, ev, "inside the evidence directory"),
                            (audit, audit, "over the evidence file")):
        r = run("-f", "csv", "-o", out, src)
        equal(r.rc, 2, f"-o {out}: refused")
        check(where in r.err, f"-o {out}: says why ({where})")
        equal(run("--manifest", out, src).rc, 2, f"--manifest {out}: refused")
    link = os.path.join(tmp, "hardlink.log")
    os.link(audit, link)
    equal(run("-o", link, audit).rc, 2, "-o on a hard link to an input: refused")
    os.unlink(link)
    equal(run("-o", "x.csv", "--manifest", "x.csv", audit).rc, 2, "same file twice")

    # A full run with every output, then nothing has changed.
    fmt = os.path.join(ev, "custom-json", "nginx", "nginx.conf")
    manifest = os.path.join(tmp, "manifest.tsv")
    r = run("--all", "--failed", "-f", "csv", "-o", os.path.join(tmp, "t.csv"),
            "--manifest", manifest, "--log-format-file", fmt, ev)
    equal(r.rc, 0, "full run")
    after = times(ev)
    equal([p for p in before if before[p] != after[p]], [],
          "no input's size, mtime or atime changed")
    equal(hashes(ev), digests, "no input's content changed")

    # The manifest: one line per file, hashes as sha256sum gives them.
    with open(manifest, encoding="utf-8") as f:
        lines = f.read().splitlines()
    equal(lines[0], "sha256\tbytes\tmtime\tkind\tpath", "manifest header")
    rows = {line.split("\t")[4]: line.split("\t") for line in lines[1:]}
    equal(sorted(rows), sorted(before), "every input file listed")
    for p, digest in digests.items():
        got = rows.get(p)
        if got:
            equal((got[0], int(got[1])), (digest, before[p][0]), f"manifest of {p}")
    equal(rows[os.path.join(ev, "campaign-enriched", "nginx", "access.log.2.gz")][3],
          "access", "kind of a gzipped access log")
    equal(rows[os.path.join(ev, "seed-raw", "truth.tsv")][3], "skipped", "a skipped file")

# Standard input is hashed as it is read.
with open(sample("seed-raw", "audit", "audit.log"), "rb") as f:
    data = f.read()
with tempfile.TemporaryDirectory() as tmp:
    manifest = os.path.join(tmp, "m.tsv")
    run("-q", "--manifest", manifest, "-", stdin=data)
    with open(manifest, encoding="utf-8") as f:
        line = f.read().splitlines()[1].split("\t")
    equal((line[0], int(line[1]), line[4]),
          (hashlib.sha256(data).hexdigest(), len(data), "(stdin)"), "stdin in the manifest")
done()
