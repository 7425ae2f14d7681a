#!/bin/sh
# The benchmark: shelltrail against ausearch and the libauparse floor.
#
#   sh bench/run.sh BUILDDIR [COPIES]      (make bench runs it)
#
# Generates (once, kept in BUILDDIR/bench-data) COPIES copies of the
# campaign capture, default 330: about 1 GB of audit log and 1 GB of
# access log, plain and gzipped; then times, on the same input in one
# run: shelltrail --format csv on both logs, plain and gzipped;
# ausearch -i -sc execve and ausearch --format csv on the audit log;
# and bench/floor, which only iterates libauparse's events.  Then a
# scaling run of shelltrail at 1/16, 1/4 and all of the copies.
# Prints a Markdown report; needs ausearch (Debian: auditd).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
copies=${2:-330}
data="$build/bench-data"
st="$build/shelltrail"

command -v ausearch >/dev/null || { echo "bench: needs ausearch (apt-get install auditd)" >&2; exit 2; }
cc -O2 -o "$build/bench-floor" "$top/bench/floor.c" -lauparse

gen() {	# DIR COPIES
	[ -s "$1/access.log.gz" ] || python3 "$top/bench/generate.py" "$1" "$2"
}
gen "$data/$copies" "$copies"

# time_it LABEL CMD...: wall seconds and peak RSS (MB) of one run
time_it() {
	label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$build/bench.time" "$@" >/dev/null 2>"$build/bench.err" || true
	read -r secs kb < "$build/bench.time"
	printf '%s %s %s\n' "$label" "$secs" "$((kb / 1024))"
}

mb() { echo $(( $(stat -c %s "$1") / 1000000 )); }
d="$data/$copies"
amb=$(mb "$d/audit.log")
wmb=$(mb "$d/access.log")
events=$("$build/bench-floor" "$d/audit.log" | cut -d' ' -f1)

{
	time_it "shelltrail --format csv (audit + access)" \
	    "$st" -q -f csv "$d/audit.log" "$d/access.log"
	time_it "shelltrail --format csv (audit + access, .gz)" \
	    "$st" -q -f csv "$d/audit.log.gz" "$d/access.log.gz"
	time_it "shelltrail --format csv (audit only)" "$st" -q -f csv "$d/audit.log"
	time_it "ausearch -i -sc execve (audit only)" ausearch -i -sc execve -if "$d/audit.log"
	time_it "ausearch --format csv (audit only)" ausearch --format csv -if "$d/audit.log"
	time_it "libauparse floor (audit only)" "$build/bench-floor" "$d/audit.log"
} > "$build/bench.results"

first=$(head -1 "$build/bench.results" | awk '{print $(NF-1)}')
echo "### $amb MB of audit log ($events events), $wmb MB of access log"
echo
echo "| run | wall s | audit MB/s | events/s | peak RSS MB | time / shelltrail |"
echo "|---|---:|---:|---:|---:|---:|"
while read -r line; do
	secs=$(echo "$line" | awk '{print $(NF-1)}')
	rss=$(echo "$line" | awk '{print $NF}')
	label=$(echo "$line" | awk '{NF-=2; print}')
	awk -v l="$label" -v s="$secs" -v r="$rss" -v a="$amb" -v e="$events" -v f="$first" \
	    'BEGIN { printf "| %s | %.2f | %.0f | %.0f | %d | %.2f |\n", l, s, a / s, e / s, r, s / f }'
done < "$build/bench.results"

echo
echo "### Scaling (shelltrail --format csv, audit + access, plain)"
echo
echo "| copies | audit MB | access MB | wall s | s per GB of audit | peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $((copies / 16)) $((copies / 4)) "$copies"; do
	gen "$data/$n" "$n"
	set -- $(time_it x "$st" -q -f csv "$data/$n/audit.log" "$data/$n/access.log")
	a=$(mb "$data/$n/audit.log")
	awk -v n="$n" -v a="$a" -v w="$(mb "$data/$n/access.log")" -v s="$2" -v r="$3" \
	    'BEGIN { printf "| %d | %d | %d | %.2f | %.2f | %d |\n", n, a, w, s, s * 1000 / a, r }'
done
