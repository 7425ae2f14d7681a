#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/gunicorn-injection: command injection through a Flask
# application under gunicorn behind nginx's proxy_pass, whose ping page
# runs a shell command for every request and whose file-type page runs
# a program without a shell, with a real auditd on this machine.
#
#   sh tools/capture/gunicorn-injection.sh [OUTDIR]   (as root; default samples/gunicorn-injection)
#
# What it sets up, under a temporary directory and torn down after:
# - auditd with its own configuration: RAW format, node=app03,
#   execve/execveat rules for both arches;
# - gunicorn (three sync workers, as www-data) on 127.0.0.1:8098, with
#   no access log (gunicorn's default); the application (www/app.py):
#   /tools/ping?host= runs subprocess.getoutput("getent hosts " + host),
#   /tools/filetype?name= runs ["/usr/bin/file", "-b", name];
# - nginx on 127.0.0.1:8097 in the -07:00 zone, proxy_pass to gunicorn,
#   combined format in nginx/ (with nginx.conf);
# - clients 127.0.0.10 to 127.0.0.21 using both tools, about 15
#   requests a second, while 127.0.0.66 injects into host=.
# truth.tsv: the attacker's requests that ran a command; benign.tsv: the
# benign ones, which must be tied to their own request or to none.
#
# Needs: auditd, nginx, gunicorn, python3-flask, curl.  Removes only the
# audit rules it added; refuses to run when auditd is already running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/gunicorn-injection}")
NODE=app03
FORMAT=RAW
WEB=/srv/www/toolbox
PORT=8097
BASE="http://127.0.0.1:$PORT"
. "$(dirname "$0")/lib.sh"

cap_start
mkdir -p "$T/nginx" "$WEB/uploads"

# --- the application --------------------------------------------------------
cat > "$WEB/app.py" <<'PY'
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/")
def index():
    return "<h1>Toolbox</h1>\n"


@app.route("/tools/ping")
def ping():
    return "<pre>%s</pre>" % subprocess.getoutput(
        "getent hosts " + request.args.get("host", "localhost"))


@app.route("/tools/filetype")
def filetype():
    name = request.args.get("name", "uploads/readme.txt")
    return subprocess.run(["/usr/bin/file", "-b", name],
                          capture_output=True, text=True).stdout
PY
printf 'GIF89a' > "$WEB/uploads/logo.gif"
printf 'hello\n' > "$WEB/uploads/readme.txt"
printf '%%PDF-1.4\n' > "$WEB/uploads/report.pdf"
chown -R www-data:www-data "$WEB"

# --- gunicorn -----------------------------------------------------------------
gunicorn --daemon --workers 3 --bind 127.0.0.1:8098 \
    --user www-data --group www-data --chdir "$WEB" --pid "$T/gunicorn.pid" \
    app:app
cap_server gunicorn

# --- nginx ----------------------------------------------------------------
cat > "$T/nginx.conf" <<EOF
user www-data;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 64; }
http {
    access_log $T/nginx/access.log combined;
    server {
        listen 127.0.0.1:$PORT;
        location / {
            proxy_pass http://127.0.0.1:8098;
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        }
    }
}
EOF
TZ=America/Phoenix nginx -c "$T/nginx.conf"
cap_server nginx
sleep 2

# --- traffic ----------------------------------------------------------------
HOSTS="localhost example.org debian.org ip6-loopback"
FILES="uploads/logo.gif uploads/readme.txt uploads/report.pdf"
use() {		# I: client loop body
	c=127.0.0.$((10 + ($1 * 5 + LOOP) % 12))
	ua="Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"
	case $(($1 % 3)) in
	0)	set -- "$1" $HOSTS
		eval "h=\${$((($1 + LOOP) % 4 + 2))}"
		benign "$c" GET /tools/ping "getent hosts $h"
		curl -s -o /dev/null --interface "$c" -A "$ua" \
		    "$BASE/tools/ping?host=$h" ;;
	1)	set -- "$1" $FILES
		eval "f=\${$((($1 + LOOP) % 3 + 2))}"
		benign "$c" GET /tools/filetype "/usr/bin/file -b $f"
		curl -s -o /dev/null --interface "$c" -A "$ua" \
		    "$BASE/tools/filetype?name=$f" ;;
	*)	curl -s -o /dev/null --interface "$c" -A "$ua" "$BASE/" ;;
	esac
}
LOOP=0; cap_loop 100 use
LOOP=1; cap_loop 100 use
LOOP=2; cap_loop 100 use
inject() {	# VALUE
	truth 127.0.0.66 GET /tools/ping "getent hosts $1"
	curl -s -o /dev/null --interface 127.0.0.66 -A "curl/7.88.1" -G \
	    --data-urlencode "host=$1" "$BASE/tools/ping" || true
	sleep 1
}
sleep 2
inject "localhost;id"
inject "example.org|uname -a"
inject "\$(cat /etc/hostname).example.org"
inject "localhost && ls -la $WEB"
inject "x;python3 -c 'import os;print(os.getcwd())'"
inject "debian.org; ps -o pid,comm -u www-data"
inject "localhost;sleep 2;id -un"

# --- collect ----------------------------------------------------------------
cap_collect
mkdir -p "$OUT/nginx" "$OUT/www"
cp "$T/nginx/access.log" "$T/nginx/error.log" "$OUT/nginx/"
sed "s|$T|/var/log/capture|g" "$T/nginx.conf" > "$OUT/nginx/nginx.conf"
cp "$WEB/app.py" "$OUT/www/"
cap_done
