#!/bin/sh
# SPDX-License-Identifier: ISC
# Run the libFuzzer targets, each for SECONDS, two at a time.
#
#   sh tests/fuzz/run.sh BUILDDIR SECONDS [TARGET...]
#
# Builds them first (make fuzz in BUILDDIR; clang needed).  Each target
# starts from its committed seeds (tests/fuzz/seeds/TARGET) and keeps
# what it learns in BUILDDIR/fuzz/corpus/TARGET.  A crash, leak or
# timeout stops that target with its input in BUILDDIR/fuzz/findings:
# copy it to tests/fuzz/regress/TARGET once fixed, so the suite replays
# it.  Exit status 1 when any target found something.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
secs=$2
shift 2
targets=${*:-audit access logformat decode gzip archive nginxconf apacheconf sigma}

make -s -C "$build" fuzz
mkdir -p "$build/fuzz/findings"
status=0
run_one() {
	t=$1
	mkdir -p "$build/fuzz/corpus/$t"
	"$build/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 \
	    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix="$build/fuzz/findings/$t-" \
	    "$build/fuzz/corpus/$t" "$top/tests/fuzz/seeds/$t" \
	    > "$build/fuzz/$t.log" 2>&1
}
set -- $targets
while [ $# -gt 0 ]; do
	pids=
	for t in $1 ${2:-}; do
		run_one "$t" &
		pids="$pids $!"
	done
	for p in $pids; do
		wait "$p" || status=1
	done
	shift; [ $# -gt 0 ] && shift
done
for t in $targets; do
	printf 'fuzz %-10s ' "$t"
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' \
	    "$build/fuzz/$t.log" | tr '\n' ' '
	grep -q -E '^(==[0-9]+==ERROR|SUMMARY: |.*runtime error)' \
	    "$build/fuzz/$t.log" && printf 'FINDING (see %s)' "$build/fuzz/$t.log"
	echo
done
exit $status
