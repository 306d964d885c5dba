#!/bin/sh
# The magic database compiled into the upload programs (build/gen/
# magic.mgc, cut by tools/magic-trim.c) answers as the system's does: the
# same MIME type for every file the upload tests use, and on a few
# thousand files of this machine either the same type or, where the full
# database answered a generic one (text/plain, application/octet-stream)
# because a description-only test matched first, a more specific one.
# Compared with file(1) in the mode common/magic.c uses (no
# decompression, no tar).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cgi/lib/fixtures.sh"
t_plan 5
t_setup
trap t_teardown EXIT
FULL=${MAGIC_DB:-/usr/share/misc/magic.mgc}
CUT=$ROOT/build/gen/magic.mgc
types() {	# DB LIST: one MIME type per line, for the files of LIST
	file -b -e compress -e tar --mime-type -m "$1" -f "$2"
}

full=$(wc -c < "$FULL") cut=$(wc -c < "$CUT")
t_eq "the compiled-in database is at most 60% of the system's" yes \
    "$([ $((cut * 100)) -le $((full * 60)) ] && echo yes || echo "no: $cut of $full bytes")"

# the upload tests' own files: the very same answers
fx_make "$T/fx"
ls -d "$T"/fx/* > "$T/fx.list"
types "$FULL" "$T/fx.list" > "$T/fx.full"
types "$CUT" "$T/fx.list" > "$T/fx.cut"
t_eq "the upload tests' $(wc -l < "$T/fx.list") files: the same types" "" \
    "$(paste -d ' ' "$T/fx.list" "$T/fx.full" "$T/fx.cut" | awk '$2 != $3')"

# this machine's files, every 5th of some well-mixed directories
find /usr/share/perl /usr/share/doc /usr/share/misc /usr/lib/x86_64-linux-gnu \
    /usr/bin /etc -type f -size +0 2>/dev/null | sort | awk 'NR % 5 == 0' |
    head -n 4000 > "$T/sys.list"
types "$FULL" "$T/sys.list" > "$T/sys.full"
types "$CUT" "$T/sys.list" > "$T/sys.cut"
n=$(wc -l < "$T/sys.list")
t_eq "a sample of this machine's files: at least 1000, one type each" "yes yes" \
    "$([ "$n" -ge 1000 ] && echo yes || echo "no: $n") $([ "$(wc -l < "$T/sys.cut")" -eq "$n" ] && echo yes || echo no)"
paste -d ' ' "$T/sys.list" "$T/sys.full" "$T/sys.cut" |
    awk '$2 != $3' > "$T/sys.diff"
t_eq "of $n files, a different type only where the full database's was generic ($(wc -l < "$T/sys.diff") such)" "" \
    "$(awk '$2 != "text/plain" && $2 != "application/octet-stream"' "$T/sys.diff" | head -n 5)"

# what is not a database of this libmagic is refused, nothing written
"$ROOT/build/tools/magic-trim" /etc/passwd "$T/out.mgc" 2> "$T/err"
rc=$?
t_eq "magic-trim refuses what is not a database of this libmagic" "1 no" \
    "$rc $([ -e "$T/out.mgc" ] && echo yes || echo no)"
