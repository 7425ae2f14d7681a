# SPDX-License-Identifier: ISC
"""shelltrail web-check CONFIG: per access log, which joins its format
allows and the fields to add, in the server's own syntax.  The lines it
suggests, put back in the configuration, give what they promise."""

import os
import re
import tempfile
from stlib import check, done, equal, run as run_raw, sample


def run(*args):
    r = run_raw(*args)
    r.out = r.out.decode("utf-8")
    return r


nginx = sample("nginx-gunicorn", "nginx", "nginx.conf")
r = run("web-check", nginx)
equal(r.rc, 1, "nginx: something to add")
check("lacks request spans (when a request began and ended): add $msec $request_time"
      in r.out, "nginx: spans lacking, and what gives them")
check("nginx's $pid is its own worker, never PHP's" in r.out and "%p" in r.out,
      "nginx: the worker's pid comes from php-fpm's pool log")
check("has the client behind a proxy" in r.out, "nginx: X-Forwarded-For there")
line = re.search(r"^    (log_format main '.*';)$", r.out, re.M)
check(line and "$msec $request_time $request_length" in line.group(1),
      "nginx: the log_format line to use")

# The suggested line, back in a configuration: its spans and sizes are there.
with tempfile.TemporaryDirectory() as d:
    conf = os.path.join(d, "nginx.conf")
    with open(conf, "w") as f:
        f.write("http {\n    " + line.group(1) + "\n"
                "    access_log /var/log/nginx/access.log main;\n}\n")
    again = run("web-check", conf)
check("has request spans" in again.out and
      "has the size of a request's body" in again.out,
      "nginx: the suggested format gives spans and body sizes")

apache = run("web-check", sample("apache-fpm", "apache2", "apache2.conf"))
blocks = apache.out.split("\napache2/")
check(any("intranet_access.log" in b and "has the serving process" in b for b in blocks),
      "Apache: %P gives the serving process")
check(any("shop_access.log" in b and "lacks the serving process (exact worker ties): add %P"
          in b for b in blocks), "Apache: where %P is missing, it says to add it")
check('\\"%{X-Forwarded-For}i\\"' in apache.out, "Apache: quotes escaped in LogFormat")

fpm = run("web-check", sample("nginx-fpm-pool", "php", "www.conf"))
check("has the serving process" in fpm.out, "php-fpm: %p gives the serving process")

equal(run("web-check", "/nonexistent/nginx.conf").rc, 2, "a missing file: status 2")
equal(run("web-check").rc, 2, "no file: status 2")
done()
