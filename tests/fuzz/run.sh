#!/bin/sh
# libFuzzer driver for `make fuzz`.
#   run.sh deps                    make sure clang can build fuzz targets
#   run.sh run SECONDS DIR T...    run DIR/fuzz-T for SECONDS each
# Each target starts from its seeds (tests/fuzz/corpus/T, read only) and
# what earlier runs found (DIR/corpus/T); crashes, leaks and timeouts are
# saved in DIR/crashes/T/ and fail the run.  SECONDS=0 only replays the
# corpus.
cd "$(dirname "$0")/../.." || exit 1

deps() {
	probe=$(mktemp -d)
	trap 'rm -rf "$probe"' EXIT
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\n%s\n' \
	    'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
	    > "$probe/p.c"
	can() {
		${FUZZ_CC:-clang} -fsanitize=fuzzer,address,undefined \
		    -o "$probe/p" "$probe/p.c" >/dev/null 2>&1
	}
	can && return 0
	# Debian: the compiler and its sanitizer and libFuzzer runtimes
	pkgs="clang libclang-rt-dev"
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "fuzz: installing $pkgs" >&2
		{ apt-get update &&
		    DEBIAN_FRONTEND=noninteractive apt-get install -y \
		    --no-install-recommends $pkgs; } >&2 || exit 1
		can && return 0
	fi
	echo "fuzz: ${FUZZ_CC:-clang} cannot build libFuzzer targets;" \
	    "install (Debian) $pkgs" >&2
	exit 1
}

run() {
	secs=$1 dir=$2
	shift 2
	status=0
	for t in "$@"; do
		bin=$dir/fuzz-$t
		mkdir -p "$dir/corpus/$t" "$dir/crashes/$t"
		set -- -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		    -artifact_prefix="$dir/crashes/$t/"
		if [ "$secs" -gt 0 ]; then
			set -- "$@" -max_total_time="$secs"
		else
			set -- "$@" -runs=0
		fi
		[ -f "tests/fuzz/$t.dict" ] && set -- "$@" -dict="tests/fuzz/$t.dict"
		"$bin" "$@" "$dir/corpus/$t" "tests/fuzz/corpus/$t" \
		    > "$dir/$t.log" 2>&1
		rc=$?
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
		    "$dir/$t.log")
		cov=$(grep -E '^#[0-9]+' "$dir/$t.log" | tail -n 1 |
		    sed -n 's/.*\(cov: [0-9]*\).*\(corp: [^ ]*\).*/\1 \2/p')
		if [ "$rc" = 0 ]; then
			echo "fuzz-$t: ok, ${runs:-?} executions in ${secs}s ($cov)"
		else
			status=1
			echo "fuzz-$t: FAILED (exit $rc) after ${runs:-?}" \
			    "executions; log $dir/$t.log"
			grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error:|.*invariant broken|artifact_prefix|Test unit written)' \
			    "$dir/$t.log" | head -n 8 | sed 's/^/    /'
		fi
	done
	return $status
}

case $1 in
deps)	deps ;;
run)	shift; run "$@" ;;
*)	echo "usage: run.sh deps | run SECONDS DIR TARGET..." >&2; exit 2 ;;
esac
