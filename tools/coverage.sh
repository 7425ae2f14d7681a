#!/bin/sh
# SPDX-License-Identifier: ISC
# Line coverage of lib/ by the whole test suite.
#
#   sh tools/coverage.sh [MIN]     (make coverage runs it; MIN default 85)
#
# Builds an instrumented tree in build-cov/, runs make check there, and
# writes build-cov/coverage/index.html; fails when lib/'s line coverage
# is under MIN percent.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
min=${1:-85}
cd "$top"
[ -x configure ] || autoreconf -fi >/dev/null
mkdir -p build-cov
cd build-cov
../configure -q CFLAGS="-O0 -g --coverage" LDFLAGS="--coverage"
make -s -j"$(nproc)"
find . -name '*.gcda' -delete
make -s -j"$(nproc)" check >/dev/null || { echo "coverage: tests failed" >&2; exit 1; }
lcov -q --capture --directory . --output-file all.info 2>/dev/null
lcov -q --extract all.info "$top/lib/*" --output-file lib.info
genhtml -q --output-directory coverage lib.info
lcov --summary lib.info 2>&1 | sed -n 's/^ *lines\.*: */lib\/ line coverage: /p'
pct=$(lcov --summary lib.info 2>&1 | sed -n 's/^ *lines\.*: *\([0-9.]*\)%.*/\1/p')
awk -v p="$pct" -v m="$min" 'BEGIN { exit !(p + 0 >= m + 0) }' || {
	echo "coverage: $pct% is under $min%" >&2
	exit 1
}
