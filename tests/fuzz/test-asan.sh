#!/bin/sh
# `make test-asan`: the whole `make test` with the library, CGIs,
# accountsctl and unit tests built under ASan and UBSan.
#   test-asan.sh BUILD_DIR MAKE [VAR=value ...]
# runs MAKE VAR=value... test with BUILD_DIR exported so the tests run
# the programs of that directory.  Every program links sanopts.o, which
# sends sanitizer reports to BUILD_DIR/reports: a report there fails the
# run even when the test that caused it passed.
cd "$(dirname "$0")/../.." || exit 1
[ $# -ge 2 ] || { echo "usage: test-asan.sh BUILD_DIR MAKE [VAR=value...]" >&2; exit 2; }
b=$1
shift
mkdir -p "$b" || exit 1
BUILD_DIR=$(cd "$b" && pwd)
reports=$BUILD_DIR/reports

cc=${ASAN_CC:-clang}
# objects of another compiler's sanitizers do not link with this one's
if [ "$(cat "$b/cc" 2>/dev/null)" != "$cc" ]; then
	rm -rf "$b" && mkdir -p "$b" && echo "$cc" > "$b/cc" || exit 1
fi
case $cc in
*clang*) FUZZ_CC=$cc sh tests/fuzz/run.sh deps || exit 1 ;;
esac
# the web servers run the CGIs as www-data: reports must be writable
rm -rf "$reports"
mkdir -p "$reports" && chmod 1777 "$reports" || exit 1
"$cc" -O1 -g -DSAN_LOG_DIR="\"$reports\"" -c \
    -o "$BUILD_DIR/sanopts.o" tests/fuzz/sanopts.c || exit 1

start=$(date +%s)
BUILD_DIR=$BUILD_DIR "$@" test
status=$?
end=$(date +%s)

n=$(find "$reports" -type f | wc -l)
if [ "$n" -gt 0 ]; then
	status=1
	echo "## sanitizer reports: $n (in $reports)"
	for f in "$reports"/*; do
		echo "### $f"
		head -n 40 "$f"
	done
fi
echo "test-asan: $( [ "$status" = 0 ] && echo ok || echo FAILED )," \
    "$n sanitizer reports, $((end - start)) s"
exit "$status"
