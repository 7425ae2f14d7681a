# SPDX-License-Identifier: ISC
"""What a package needs of the tree: a licence and an SPDX line in every
source file, --version naming the libraries it runs with, and shell
completions that know every option.  (The .deb itself is built and
checked by lintian in CI: tools/quickstart check.)"""

import os
import re
import shutil
import subprocess

from stlib import SRCDIR, check, done, equal, run

with open(os.path.join(SRCDIR, "LICENSE"), encoding="utf-8") as f:
    text = f.read()
check(text.startswith("ISC License") and "Permission to use, copy, modify" in text,
      "LICENSE is the ISC licence")

p = subprocess.run(["python3", os.path.join(SRCDIR, "tools", "spdx-sources"),
                    "--missing"], capture_output=True, text=True, check=False)
equal(p.stdout.split(), [], "source files without an SPDX line")
equal(p.returncode, 0, "tools/spdx-sources")

r = run("--version")
equal(r.rc, 0, "--version")
out = r.out.decode()
for lib in ("shelltrail ", "libauparse ", "PCRE2 ", "libarchive ", "zlib ",
            "libyaml ", "libcsv ", "OpenSSL "):
    check(re.search(rf"^{re.escape(lib)}\d", out, re.M), f"--version names {lib.strip()}")

options = set()
for line in run("--help").out.decode().splitlines():
    m = re.match(r"^\s+(?:(-[a-zA-Z]), )?(--[a-z][a-z-]+)", line)
    if m:
        options |= {o for o in m.groups() if o}
check(len(options) > 30, f"options read from --help ({len(options)})")
for path in ("completions/bash/shelltrail", "completions/zsh/_shelltrail"):
    with open(os.path.join(SRCDIR, path), encoding="utf-8") as f:
        comp = f.read()
    missing = sorted(o for o in options if not re.search(rf"(?<![\w-]){re.escape(o)}\b", comp))
    equal(missing, [], f"{path}: options of --help it does not complete")
bash = subprocess.run(["bash", "-n", os.path.join(SRCDIR, "completions", "bash",
                                                   "shelltrail")], check=False)
equal(bash.returncode, 0, "bash -n on the bash completion")
if shutil.which("zsh"):
    z = subprocess.run(["zsh", "-n", os.path.join(SRCDIR, "completions", "zsh",
                                                  "_shelltrail")], check=False)
    equal(z.returncode, 0, "zsh -n on the zsh completion")
with open(os.path.join(SRCDIR, "debian", "control"), encoding="utf-8") as f:
    control = f.read()
with open(os.path.join(SRCDIR, "tools", "quickstart"), encoding="utf-8") as f:
    quick = f.read()
for dep in re.findall(r"^\s+(lib[a-z0-9-]+-dev),?$", control, re.M):
    check(dep in quick, f"debian/control's {dep} is installed by tools/quickstart")
done()
