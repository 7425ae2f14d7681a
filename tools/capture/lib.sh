# SPDX-License-Identifier: ISC
# What the capture scripts share: a private auditd, servers started and
# stopped by their pids, truth.tsv, and bounded client traffic.
#
# A script sets OUT, NODE, FORMAT (RAW or ENRICHED) and WEB, sources
# this file, calls cap_start, starts its servers (each writing a pid
# file under $T, listed with cap_server), drives them, and ends with
# cap_collect.  Everything it starts is stopped by pid on exit, and only
# the audit rules it added are removed.

KEY=shelltrail_exec
RULES="-a always,exit -F arch=b64 -S execve,execveat -k $KEY
-a always,exit -F arch=b32 -S execve,execveat -k $KEY"
T=$(mktemp -d /tmp/shelltrail-capture.XXXXXX)
TRUTH="$T/truth.tsv"
BENIGN="$T/benign.tsv"
SERVERS=""
TRAFFIC=""

cap_rules() {	# -a|-d: add or delete our rules
	echo "$RULES" | while read -r line; do
		auditctl "$1" ${line#-a }
	done
}

cap_cleanup() {
	cap_rules -d 2>/dev/null || true
	for p in $TRAFFIC; do
		kill "$p" 2>/dev/null || true
	done
	for f in $SERVERS auditd; do
		[ -s "$T/$f.pid" ] && kill "$(cat "$T/$f.pid")" 2>/dev/null || true
	done
	sleep 1
	rm -rf "$T" "$WEB"
}

cap_server() {	# NAME: $T/NAME.pid holds a server's pid, to stop it
	SERVERS="$SERVERS $1"
}

cap_auditd() {
	cat > "$T/auditd.conf" <<EOF
local_events = yes
write_logs = yes
log_file = $T/audit/audit.log
log_format = $FORMAT
flush = INCREMENTAL_ASYNC
freq = 50
max_log_file = 64
num_logs = 5
max_log_file_action = ROTATE
name_format = USER
name = $NODE
space_left = 75
space_left_action = SYSLOG
admin_space_left = 50
admin_space_left_action = SUSPEND
disk_full_action = SUSPEND
disk_error_action = SUSPEND
end_of_event_timeout = 2
plugin_dir = $T/plugins.d
EOF
	mkdir -p "$T/plugins.d" "$T/audit"
	auditd -c "$T"
	sleep 1
	pidof auditd > "$T/auditd.pid"
	cap_rules -a
}

cap_start() {
	[ "$(id -u)" -eq 0 ] || { echo "capture: run as root" >&2; exit 2; }
	if pidof auditd >/dev/null; then
		echo "capture: auditd is running; stop it first" >&2
		exit 2
	fi
	trap cap_cleanup EXIT INT TERM
	# Servers running as www-data reach sockets and logs in here.
	chmod 755 "$T"
	: > "$TRUTH"
	: > "$BENIGN"
	mkdir -p "$WEB"
	cap_auditd
}

now() { date +%s.%N; }

truth() {	# CLIENT METHOD PATH COMMAND
	printf '%s\t%s\t%s\t%s\t%s\n' "$(now)" "$1" "$2" "$3" "$4" >> "$TRUTH"
}

# A benign request that makes the application run a command, in
# benign.tsv (truth.tsv's columns): the harness checks that such a tree
# is tied to its own request or to none, and never reported as an attack.
benign() {	# CLIENT METHOD PATH COMMAND
	printf '%s\t%s\t%s\t%s\t%s\n' "$(now)" "$1" "$2" "$3" "$4" >> "$BENIGN"
}

# COUNT calls of the shell function FUNC with 0..COUNT-1, in the
# background, 50 to 250 ms apart: client loops of a capture's own.
cap_loop() {	# COUNT FUNC
	(
		i=0
		while [ "$i" -lt "$1" ]; do
			"$2" "$i" || true
			sleep "$(printf '0.%03d' $((50 + i * 7919 % 200)))"
			i=$((i + 1))
		done
	) &
	TRAFFIC="$TRAFFIC $!"
}

# A browser User-Agent chosen by N, as web-shell managers pick a fresh
# random one for each request.
browser_ua() {	# N
	case $(($1 % 5)) in
	0) echo "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36" ;;
	1) echo "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15" ;;
	2) echo "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0" ;;
	3) echo "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/118.0" ;;
	*) echo "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148" ;;
	esac
}

# Ordinary traffic in the background: COUNT requests, one every 50 to
# 250 ms, from the clients 127.0.0.FIRST to LAST in turn, each a GET of
# one of the URLs after them, or a POST when a URL starts with "POST ".
# Bounded by COUNT; stopped with the rest when the script exits.
cap_traffic() {	# COUNT FIRST LAST URL...
	n=$1 first=$2 last=$3
	shift 3
	(
		i=0
		while [ "$i" -lt "$n" ]; do
			c=$((first + i % (last - first + 1)))
			k=$((i % $# + 1))
			eval "u=\${$k}"
			case $u in
			"POST "*) curl -s -o /dev/null --interface "127.0.0.$c" \
			    -A "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0" \
			    --data "comment=nice+post+$i&name=reader$c" "${u#POST }" ;;
			*) curl -s -o /dev/null --interface "127.0.0.$c" \
			    -A "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0" "$u" ;;
			esac
			sleep "$(printf '0.%03d' $((50 + i * 7919 % 200)))"
			i=$((i + 1))
		done
	) &
	TRAFFIC="$TRAFFIC $!"
}

cap_traffic_wait() {
	for p in $TRAFFIC; do
		wait "$p" 2>/dev/null || true
	done
	TRAFFIC=""
}

# php-fpm with one static pool of CHILDREN as USER (www-data unless
# given) on $T/fpm.sock, no access log of its own, in time zone ZONE;
# its log in $T/php.
cap_fpm() {	# CHILDREN ZONE [USER]
	mkdir -p "$T/php"
	cat > "$T/fpm.conf" <<EOF
[global]
pid = $T/fpm.pid
error_log = $T/php/php8.2-fpm.log
daemonize = yes
[www]
user = ${3:-www-data}
group = ${3:-www-data}
listen = $T/fpm.sock
listen.owner = www-data
listen.group = www-data
pm = static
pm.max_children = $1
EOF
	TZ=$2 php-fpm8.2 -y "$T/fpm.conf"
	cap_server fpm
}

# nginx serving $WEB on 127.0.0.1:$PORT, PHP through cap_fpm's socket,
# the combined format in $T/nginx, in time zone ZONE.
cap_nginx_php() {	# ZONE
	mkdir -p "$T/nginx"
	cat > "$T/nginx.conf" <<EOF
user www-data;
worker_processes 2;
pid $T/nginx.pid;
error_log $T/nginx/error.log;
events { worker_connections 128; }
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
	TZ=$1 nginx -c "$T/nginx.conf"
	cap_server nginx
	sleep 1
}

# Copy cap_nginx_php's logs and configuration, and the site, to $OUT.
cap_collect_nginx_php() {
	mkdir -p "$OUT/nginx" "$OUT/www"
	cp "$T/nginx/access.log" "$T/nginx/error.log" "$OUT/nginx/"
	sed "s|$T|/var/log/capture|g" "$T/nginx.conf" > "$OUT/nginx/nginx.conf"
	cp -r "$WEB/." "$OUT/www/"
}

# Stop the servers and auditd, then copy the audit logs and truth.tsv
# to $OUT; the script copies its servers' logs itself after this.
cap_collect() {
	cap_traffic_wait
	sleep 3	# let auditd flush
	for f in $SERVERS; do
		[ -s "$T/$f.pid" ] && kill "$(cat "$T/$f.pid")" 2>/dev/null || true
	done
	SERVERS=""
	sleep 2
	cap_rules -d
	kill "$(cat "$T/auditd.pid")"
	sleep 1
	rm -rf "$OUT"
	mkdir -p "$OUT/audit"
	cp "$T"/audit/audit.log* "$OUT/audit/"
	cp "$TRUTH" "$OUT/truth.tsv"
	if [ -s "$BENIGN" ]; then
		sort -n "$BENIGN" > "$OUT/benign.tsv"
	fi
}

cap_done() {
	chmod -R a+rX,u+w "$OUT"
	echo "capture: wrote $OUT"
}
