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
	mkdir -p "$WEB"
	cap_auditd
}

now() { date +%s.%N; }

truth() {	# CLIENT METHOD PATH COMMAND
	printf '%s\t%s\t%s\t%s\t%s\n' "$(now)" "$1" "$2" "$3" "$4" >> "$TRUTH"
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
}

cap_done() {
	chmod -R a+rX,u+w "$OUT"
	echo "capture: wrote $OUT"
}
