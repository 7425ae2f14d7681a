#!/bin/sh
# SPDX-License-Identifier: ISC
# The benchmark: shelltrail against ausearch and the libauparse floor.
#
#   sh bench/run.sh BUILDDIR [COPIES]      (make bench runs it)
#
# Generates (once, kept in BUILDDIR/bench-data) COPIES copies of the
# campaign capture, default 330: about 1 GB of audit log and 1 GB of
# access log, plain and gzipped; then times, on the same input in one
# run: shelltrail --format csv on both logs, plain and gzipped, and on
# the audit log alone; ausearch -i -sc execve and ausearch --format csv
# on the audit log; and bench/floor, which only iterates libauparse's
# events.  Then the same run on one core and on two (taskset), where
# its time went (--stats), and a scaling run of shelltrail at 1/16, 1/4,
# 1 and 4 times the copies.  Prints a Markdown report; needs ausearch
# (Debian: auditd).
# Each figure is the best of RUNS runs (default 3), so that a noisy
# neighbour on a shared machine does not decide it; the commands of the
# first two tables take turns, round after round, so that the ratios
# between them compare runs made at the same times.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
copies=${2:-330}
runs=${RUNS:-3}
data="$build/bench-data"
st="$build/shelltrail"
sigma=${SHELLTRAIL_SHARED:-$top/../shared}/sigma/rules/linux

command -v ausearch >/dev/null || { echo "bench: needs ausearch (apt-get install auditd)" >&2; exit 2; }
cc -O2 -o "$build/bench-floor" "$top/bench/floor.c" -lauparse

gen() {	# DIR COPIES
	[ -s "$1/access.log.gz" ] || python3 "$top/bench/generate.py" "$1" "$2"
}

# Write back what gen wrote and read the inputs once, so that the first
# timed run neither waits on the disk nor competes with writeback.
warm() {	# DIR
	sync
	cat "$1"/* > /dev/null
}

# rounds FILE LABEL CMD [LABEL CMD ...]: every command once, in turn,
# $runs times over; then "LABEL|wall-seconds peak-RSS-MB" for each into
# FILE, its least time and its most memory.  Taking turns
# means that a change in the machine's speed meanwhile (a neighbour's
# job starting) falls on every command alike, so the ratios between
# them hold even when the seconds do not.
rounds() {
	out=$1
	shift
	: > "$build/bench.cmds"
	while [ $# -gt 0 ]; do
		printf '%s|%s\n' "$1" "$2" >> "$build/bench.cmds"
		shift 2
	done
	: > "$build/bench.all"
	r=0
	while [ "$r" -lt "$runs" ]; do
		i=0
		while IFS='|' read -r label cmd; do
			# shellcheck disable=SC2086
			/usr/bin/time -f "%e %M" -o "$build/bench.time" $cmd \
			    </dev/null >/dev/null 2>"$build/bench.err" || true
			echo "$i $(tail -1 "$build/bench.time")" >> "$build/bench.all"
			i=$((i + 1))
		done < "$build/bench.cmds"
		r=$((r + 1))
	done
	i=0
	while IFS='|' read -r label cmd; do
		awk -v i="$i" -v l="$label" '$1 == i {
			if (b == "" || $2 < b) b = $2
			if ($3 > k) k = $3
		} END { printf "%s|%s %d\n", l, b, k / 1024 }' "$build/bench.all"
		i=$((i + 1))
	done < "$build/bench.cmds" > "$out"
}

# time_it CMD...: "wall-seconds peak-RSS-MB" of one command, as rounds
time_it() {
	rounds "$build/bench.one" one "$*"
	cut -d'|' -f2 "$build/bench.one"
}

mb() { echo $(( $(stat -c %s "$1") / 1000000 )); }

machine() {
	echo "### Machine"
	echo
	echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
	echo "- memory: $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
	echo "- kernel: $(uname -r); $(. /etc/os-release && echo "$PRETTY_NAME")"
	echo "- ausearch: $(ausearch -v 2>&1 | head -1); libauparse $(dpkg-query -W -f='${Version}' libauparse0 2>/dev/null || echo '?')"
	echo "- shelltrail: $("$st" --version 2>&1 | head -1), $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo 'no git')"
	echo
}

gen "$data/$copies" "$copies"
d="$data/$copies"
warm "$d"
amb=$(mb "$d/audit.log")
wmb=$(mb "$d/access.log")
events=$("$build/bench-floor" "$d/audit.log" | cut -d' ' -f1)

set -- \
	"shelltrail -f csv (audit + access)" "$st -q -f csv $d/audit.log $d/access.log" \
	"shelltrail -f csv (audit + access, .gz)" "$st -q -f csv $d/audit.log.gz $d/access.log.gz" \
	"shelltrail -f csv (audit only)" "$st -q -f csv $d/audit.log" \
	"ausearch -i -sc execve (audit only)" "ausearch -i -sc execve -if $d/audit.log" \
	"ausearch --format csv (audit only)" "ausearch --format csv -if $d/audit.log" \
	"libauparse floor (audit only)" "$build/bench-floor $d/audit.log" \
	"shelltrail -f csv (access only: the hunt, two passes)" "$st -q -f csv $d/access.log"
[ -d "$sigma" ] && set -- "$@" \
	"shelltrail -f csv --sigma (audit + access, SigmaHQ Linux rules)" \
	"$st -q -f csv --sigma $sigma $d/audit.log $d/access.log"
set -- "$@" "cores 1" "taskset -c 0 $st -q -f csv $d/audit.log $d/access.log"
[ "$(nproc)" -ge 2 ] && set -- "$@" \
	"cores 2" "taskset -c 0,1 $st -q -f csv $d/audit.log $d/access.log"
rounds "$build/bench.results" "$@"

machine
echo "### $amb MB of audit log ($events events), $wmb MB of access log"
echo
echo "| run | wall s | audit MB/s | events/s | peak RSS MB | time / shelltrail |"
echo "|---|---:|---:|---:|---:|---:|"
first=$(head -1 "$build/bench.results" | cut -d'|' -f2 | cut -d' ' -f1)
while IFS='|' read -r label res; do
	set -- $res
	awk -v l="$label" -v s="$1" -v r="$2" -v a="$amb" -v e="$events" -v f="$first" \
	    'BEGIN { printf "| %s | %.2f | %.0f | %.0f | %d | %.2f |\n", l, s, a / s, e / s, r, s / f }'
done <<EOF
$(grep -v '^cores ' "$build/bench.results")
EOF

t() { grep -F "$1|" "$build/bench.results" | cut -d'|' -f2 | cut -d' ' -f1; }
echo
echo "### Targets"
echo
awk -v e2e="$(t 'shelltrail -f csv (audit + access)')" -v gz="$(t 'shelltrail -f csv (audit + access, .gz)')" \
    -v aud="$(t 'shelltrail -f csv (audit only)')" -v aus="$(t 'ausearch -i -sc execve (audit only)')" \
    -v floor="$(t 'libauparse floor (audit only)')" \
    -v sig="$(t 'shelltrail -f csv --sigma (audit + access, SigmaHQ Linux rules)')" 'BEGIN {
	printf "| target | measured | met |\n|---|---:|---|\n"
	row("ausearch -i -sc execve / shelltrail (audit + access), at least 6", aus / e2e, aus / e2e >= 6)
	row("shelltrail (audit + access) / libauparse floor, at most 0.6", e2e / floor, e2e / floor <= 0.6)
	row("shelltrail (audit only) / libauparse floor, at most 0.6", aud / floor, aud / floor <= 0.6)
	row(".gz / plain, at most 1.3", gz / e2e, gz / e2e <= 1.3)
	if (sig != "")
		row("with every SigmaHQ Linux rule / without, at most 1.15", sig / e2e, sig / e2e <= 1.15)
}
function row(what, v, ok) { printf "| %s | %.2f | %s |\n", what, v, (ok ? "yes" : "no") }'

echo
echo "### Cores (shelltrail -f csv, audit + access, plain)"
echo
echo "| cores | wall s | speed-up |"
echo "|---:|---:|---:|"
one=$(t "cores 1")
echo "| 1 | $one | 1.00 |"
if [ "$(nproc)" -ge 2 ]; then
	two=$(t "cores 2")
	awk -v a="$one" -v b="$two" 'BEGIN { printf "| 2 | %s | %.2f |\n", b, a / b }'
fi

echo
echo "### Where the time went (--stats, the same run)"
echo
echo '```'
"$st" -q --stats -f csv "$d/audit.log" "$d/access.log" 2>&1 >/dev/null
echo '```'

echo
echo "### Scaling (shelltrail -f csv, audit + access, plain)"
echo
echo "| copies | audit MB | access MB | wall s | s per GB of audit | peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|"
most=0
for n in $((copies / 16)) $((copies / 4)) "$copies" $((copies * 4)); do
	gen "$data/$n" "$n"
	warm "$data/$n"
	set -- $(time_it "$st" -q -f csv "$data/$n/audit.log" "$data/$n/access.log")
	a=$(mb "$data/$n/audit.log")
	[ "$2" -gt "$most" ] && most=$2
	awk -v n="$n" -v a="$a" -v w="$(mb "$data/$n/access.log")" -v s="$1" -v r="$2" \
	    'BEGIN { printf "| %d | %d | %d | %.2f | %.2f | %d |\n", n, a, w, s, s * 1000 / a, r }'
done
echo
awk -v m="$most" 'BEGIN { printf "Peak RSS at every size under 64 MB: %s (at most %d MB)\n", (m < 64 ? "yes" : "no"), m }'
