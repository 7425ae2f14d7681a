#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/nginx-gunicorn: a Flask application under gunicorn
# behind nginx's proxy_pass, both logging every request, with a real
# auditd on this machine.
#
#   sh tools/capture/nginx-gunicorn.sh [OUTDIR]   (as root; default samples/nginx-gunicorn)
#
# What it sets up, under a temporary directory and torn down after:
# - auditd with its own configuration: ENRICHED format, node=web08,
#   execve/execveat rules for both arches;
# - gunicorn (two sync workers, as www-data) on 127.0.0.1:8095 in the
#   +11:00 zone, its access log in gunicorn/access.log with
#   access_log_format = %(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(p)s %(L)s
#   (%(h)s is nginx's address, %(p)s the worker's pid, %(t)s the time
#   the request completed) and its error log beside it (workers booting
#   and exiting); the application (www/app.py) has a debug endpoint
#   that runs a POSTed command through a shell, and one that runs a GET
#   parameter;
# - nginx on 127.0.0.1:8094 in the +11:00 zone, proxy_pass to gunicorn
#   with X-Forwarded-For set, logging the "main" format in nginx/;
# - ordinary clients 127.0.0.10 to 127.0.0.21 while 127.0.0.66 (GET)
#   and 127.0.0.77 (POST) run commands.
# truth.tsv: for each request that ran a command, the time curl
# started, the client, the method, the path and the exact command.
#
# Needs: auditd, nginx, gunicorn, python3-flask, curl.  Removes only
# the audit rules it added; refuses to run when auditd is already
# running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/nginx-gunicorn}")
NODE=web08
FORMAT=ENRICHED
WEB=/srv/www/flaskapp
PORT=8094
BASE="http://127.0.0.1:$PORT"
. "$(dirname "$0")/lib.sh"

cap_start
mkdir -p "$T/nginx" "$T/gunicorn"
chown www-data "$T/gunicorn"

# --- the application --------------------------------------------------------
cat > "$WEB/app.py" <<'PY'
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/")
def index():
    return "<h1>Status board</h1>\n"


@app.route("/api/items")
def items():
    return {"items": [1, 2, 3], "page": request.args.get("page", "1")}


@app.route("/api/feedback", methods=["POST"])
def feedback():
    return {"ok": True, "chars": len(request.form.get("comment", ""))}


@app.route("/debug/exec", methods=["POST"])
def debug_exec():
    cmd = request.form.get("cmd", "")
    return subprocess.run(cmd, shell=True, capture_output=True,
                          text=True).stdout


@app.route("/debug/run")
def debug_run():
    return subprocess.getoutput(request.args.get("q", ""))
PY
chown -R www-data:www-data "$WEB"

# --- gunicorn -----------------------------------------------------------------
GFMT='%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(p)s %(L)s'
printf 'access_log_format = %s\n' "'$GFMT'" > "$T/gunicorn.conf.py"
TZ=Australia/Sydney gunicorn --daemon --workers 2 --bind 127.0.0.1:8095 \
    --user www-data --group www-data --chdir "$WEB" --pid "$T/gunicorn.pid" \
    --access-logfile "$T/gunicorn/access.log" \
    --error-logfile "$T/gunicorn/error.log" \
    --config "$T/gunicorn.conf.py" app:app
cap_server gunicorn

# --- nginx ----------------------------------------------------------------
cat > "$T/nginx.conf" <<EOF
user www-data;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 64; }
http {
    log_format main '\$remote_addr - \$remote_user [\$time_local] "\$request" '
                    '\$status \$body_bytes_sent "\$http_referer" '
                    '"\$http_user_agent" "\$http_x_forwarded_for"';
    access_log $T/nginx/access.log main;
    server {
        listen 127.0.0.1:$PORT;
        location / {
            proxy_pass http://127.0.0.1:8095;
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        }
    }
}
EOF
TZ=Australia/Sydney nginx -c "$T/nginx.conf"
cap_server nginx
sleep 2

# --- traffic ----------------------------------------------------------------
get() {		# COMMAND
	truth 127.0.0.66 GET /debug/run "$1"
	curl -s -o /dev/null --interface 127.0.0.66 -A "curl/7.88.1" -G \
	    --data-urlencode "q=$1" "$BASE/debug/run" || true
	sleep 1
}
post() {	# COMMAND
	truth 127.0.0.77 POST /debug/exec "$1"
	curl -s -o /dev/null --interface 127.0.0.77 -A "python-requests/2.31.0" \
	    --data-urlencode "cmd=$1" "$BASE/debug/exec" || true
	sleep 1
}

cap_traffic 130 10 15 "$BASE/" "$BASE/api/items?page=2" \
    "POST $BASE/api/feedback"
cap_traffic 130 16 21 "$BASE/api/items?page=5" "$BASE/" \
    "POST $BASE/api/feedback"
sleep 2
get "id"
post "uname -a"
get "cat /etc/hostname"
post "ls -la $WEB"
get "sleep 2; echo slow"
post "python3 -c 'import os; print(os.getuid())'"
get "ps -o pid,ppid,comm -u www-data | head"
post "id | tee /tmp/.st_probe; rm -f /tmp/.st_probe"

# --- collect ----------------------------------------------------------------
cap_collect
mkdir -p "$OUT/nginx" "$OUT/gunicorn" "$OUT/www"
cp "$T/nginx/access.log" "$T/nginx/error.log" "$OUT/nginx/"
cp "$T/gunicorn/access.log" "$T/gunicorn/error.log" "$OUT/gunicorn/"
sed "s|$T|/var/log/capture|g" "$T/nginx.conf" > "$OUT/nginx/nginx.conf"
cp "$T/gunicorn.conf.py" "$OUT/gunicorn/"
cp "$WEB/app.py" "$OUT/www/"
cap_done
