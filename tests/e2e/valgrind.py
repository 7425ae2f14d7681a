# SPDX-License-Identifier: ISC
"""valgrind stays clean: no invalid access, no uninitialised value
used, no leak, on the samples (also as an HTML report, and access logs
alone) and on the whole corpus.  Skipped in the
sanitizer build (the two cannot run together) and without valgrind."""

import os
import shutil
import subprocess
from stlib import SAMPLES, SHARED, SHELLTRAIL, SRCDIR, check, done, skip

if os.environ.get("SHELLTRAIL_SANITIZED"):
    skip("built with sanitizers")
if not shutil.which("valgrind"):
    skip("valgrind not installed")

SUPP = os.path.join(SRCDIR, "tests", "valgrind.supp")
CORPUS = os.path.join(SHARED, "corpus")
# With the captures' configurations: includes, bindings and pairing.
CONFS = ["--log-format-file", os.path.join(SAMPLES, "apache-fpm", "apache2", "apache2.conf"),
         "--log-format-file", os.path.join(SAMPLES, "nginx-fpm-pool", "php", "www.conf"),
         "--log-format-file", os.path.join(SAMPLES, "nginx-gunicorn", "gunicorn",
                                           "gunicorn.conf.py")]
runs = [["-f", "csv", *CONFS, SAMPLES], ["-f", "jsonl", "--all", "--failed", SAMPLES],
        # The HTML report (timed, with --stats), and the hunt through
        # access logs alone.
        ["--stats", "-f", "html", os.path.join(SAMPLES, "campaign-enriched")],
        ["-f", "csv", os.path.join(SAMPLES, "manager-sessions", "nginx"),
         os.path.join(SAMPLES, "upload-revshell", "nginx")]]
if os.path.isdir(CORPUS):
    runs.append(["--all", "--failed", "-f", "table", CORPUS])
for args in runs:
    p = subprocess.run(["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
                        "--errors-for-leak-kinds=definite,indirect",
                        f"--suppressions={SUPP}", SHELLTRAIL, "-q", *args],
                       capture_output=True, timeout=900)
    check(p.returncode in (0, 1), f"valgrind on {args}: status {p.returncode}\n"
          + p.stderr.decode(errors="replace")[-3000:])
done()
