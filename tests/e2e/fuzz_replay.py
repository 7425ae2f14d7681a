# SPDX-License-Identifier: ISC
"""Every fuzz seed and every saved fuzz finding, replayed through its
target's entry point: findings stay fixed, under the sanitizers in CI."""

import os
import subprocess
from stlib import SRCDIR, check, done, skip

BUILD = os.path.dirname(os.environ.get("SHELLTRAIL", ""))
TARGETS = ("audit", "access", "logformat", "decode", "gzip", "archive", "nginxconf",
           "apacheconf", "sigma")
for t in TARGETS:
    replay = os.path.join(BUILD, "tests", "fuzz", f"replay_{t}")
    if not os.path.exists(replay):
        skip(f"{replay} not built")
    dirs = [os.path.join(SRCDIR, "tests", "fuzz", kind, t) for kind in ("seeds", "regress")]
    dirs = [d for d in dirs if os.path.isdir(d)]
    p = subprocess.run([replay, *dirs], capture_output=True, timeout=600)
    err = p.stderr.decode(errors="replace")
    check(p.returncode == 0 and "runtime error" not in err,
          f"replay_{t}: status {p.returncode}\n{err[-3000:]}")
done()
