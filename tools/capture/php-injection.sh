#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/php-injection: command injection through a PHP page
# that runs a command for every request, while benign clients use the
# same page, with a real auditd on this machine.
#
#   sh tools/capture/php-injection.sh [OUTDIR]   (as root; default samples/php-injection)
#
# What it sets up, under a temporary directory and torn down after:
# - auditd with its own configuration: ENRICHED format, node=web09,
#   execve/execveat rules for both arches;
# - php-fpm 8.2 (four children as www-data, no access log of its own);
# - nginx on 127.0.0.1:8096 in the +02:00 zone, combined format (the
#   time a request completed), serving /srv/www/netcheck: a network
#   tools site whose lookup.php runs
#   shell_exec("getent hosts " . $_GET['domain']) for every request;
# - clients 127.0.0.10 to 127.0.0.21 looking names up (and browsing),
#   about 15 requests a second, several in the same second, while
#   127.0.0.66 injects commands into the same parameter.
# truth.tsv: the attacker's requests that ran a command (time curl
# started, client, method, path, the exact command); benign.tsv: the
# same for the benign lookups, which must be tied to their own request
# or to none.
#
# Needs: auditd, nginx, php8.2-fpm, curl.  Removes only the audit rules
# it added; refuses to run when auditd is already running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/php-injection}")
NODE=web09
FORMAT=ENRICHED
WEB=/srv/www/netcheck
PORT=8096
BASE="http://127.0.0.1:$PORT"
. "$(dirname "$0")/lib.sh"

cap_start

# --- the web application -------------------------------------------------
cat > "$WEB/index.php" <<'PHP'
<?php echo "<h1>Network tools</h1><form action=/lookup.php>\n";
PHP
cat > "$WEB/lookup.php" <<'PHP'
<?php
$d = $_GET['domain'] ?? 'localhost';
echo "<pre>" . htmlspecialchars(shell_exec("getent hosts " . $d)) . "</pre>\n";
PHP
printf 'pre { color: green; }\n' > "$WEB/site.css"
chown -R www-data:www-data "$WEB"

# --- php-fpm and nginx -----------------------------------------------------
cap_fpm 4 Africa/Cairo
cap_nginx_php Africa/Cairo

# --- traffic ----------------------------------------------------------------
NAMES="localhost example.org debian.org mail.example.com wiki.example.net ip6-localhost"
lookup() {	# CLIENT NAME: a benign lookup
	benign "$1" GET /lookup.php "getent hosts $2"
	curl -s -o /dev/null --interface "$1" \
	    -A "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0" \
	    "$BASE/lookup.php?domain=$2"
}
browse() {	# I: client loop body, every third request a plain page
	c=127.0.0.$((10 + ($1 * 5 + LOOP) % 12))
	set -- "$1" $NAMES
	k=$((($1 + 2 * LOOP) % 6 + 2))
	eval "name=\${$k}"
	if [ $(($1 % 3)) -eq 2 ]; then
		curl -s -o /dev/null --interface "$c" "$BASE/" || true
	else
		lookup "$c" "$name"
	fi
}
LOOP=0; cap_loop 100 browse
LOOP=1; cap_loop 100 browse
LOOP=2; cap_loop 100 browse
inject() {	# VALUE
	truth 127.0.0.66 GET /lookup.php "getent hosts $1"
	curl -s -o /dev/null --interface 127.0.0.66 -A "sqlmap/1.7.2#stable" -G \
	    --data-urlencode "domain=$1" "$BASE/lookup.php" || true
	sleep 1
}
sleep 2
inject "localhost;id"
inject "example.org && uname -a"
inject "x\$(whoami)"
inject "localhost | cat /etc/passwd"
inject ";cat /etc/hostname #"
inject "nowhere.invalid || ls -la $WEB"
inject "\`id -u\`.example.org"
inject "debian.org; sleep 2; echo done"

# --- collect ----------------------------------------------------------------
cap_collect
cap_collect_nginx_php
cap_done
