# SPDX-License-Identifier: ISC
"""lib/ is one folder per stage of the flow, and a stage may include
the stages before it, never one after: tools/check-layers finds no
cycle between the folders, and every include names its folder."""

import os
import subprocess
import sys
from stlib import SRCDIR, check, done

p = subprocess.run([sys.executable, os.path.join(SRCDIR, "tools", "check-layers"),
                    os.path.join(SRCDIR, "lib")], capture_output=True, text=True)
sys.stdout.write(p.stdout)
check(p.returncode == 0, f"tools/check-layers: {p.stdout}{p.stderr}")
check("base       uses -" in p.stdout, "base/ includes no other stage")
check("output     uses base timeline\n" in p.stdout,
      "output/ knows rows (timeline/), no audit record and no process")
done()
