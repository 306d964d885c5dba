#!/bin/sh
# The library has layers, not a knot: no header reaches itself through
# the headers it includes, and no file of common/ reaches itself through
# the functions it calls (a symbol a file uses -> the file that defines
# it, read from the objects with nm); tsort finds any loop.  Also: include/ holds only what
# cgi-bin/ and tools/ use, and no private header of common/ leaks there.
. "$(dirname "$0")/../lib.sh"
t_plan 5
cd "$ROOT" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# headers including headers (a header is never the .c it declares: the
# files themselves are linked by what they call, below)
for h in include/*.h common/*.h; do
	grep -o '^#include "[a-z_]*\.h"' "$h" | sed 's/.*"\(.*\)"/\1/' |
	while read -r i; do echo "$(basename "$h") $i"; done
done | sort -u > "$T/includes"

# symbols: which object defines each, which objects use it
for o in build/common/*.o; do
	f=common/$(basename "$o" .o).c
	[ -f "$f" ] || continue
	nm "$o" | awk -v f="$f" '$2 ~ /^[TDBR]$/ { print "D", $3, f }
	    $1 == "U" { print "U", $2, f }'
done > "$T/syms"
awk '$1 == "D" { def[$2] = $3 } $1 == "U" { use[NR] = $2 " " $3 }
    END { for (i in use) { split(use[i], a, " ")
	if ((a[1] in def) && def[a[1]] != a[2]) print a[2], def[a[1]] } }' \
    "$T/syms" | sort -u > "$T/calls"

t_eq "the objects of common/ were read ($(wc -l < "$T/calls" | tr -d ' ') call edges)" \
    yes "$([ -s "$T/calls" ] && echo yes || echo "no: run make all")"
t_eq "no loop among headers through includes" "" \
    "$(tsort "$T/includes" 2>&1 >/dev/null)"
t_eq "no loop among common/ files through calls" "" \
    "$(tsort "$T/calls" 2>&1 >/dev/null)"
t_eq "every file of common/ has its object" "" \
    "$(for c in common/*.c; do
	[ -f "build/common/$(basename "$c" .c).o" ] || echo "$c"; done)"

# private headers stay in common/: nothing in include/ includes them,
# and cgi-bin/ and tools/ never do
t_eq "private headers (common/*.h) are used only inside common/" "" \
    "$(for h in common/*.h; do
	b=$(basename "$h")
	grep -l "#include \"$b\"" include/*.h cgi-bin/*.c tools/*.c \
	    2>/dev/null | sed "s|\$| includes $b|"
    done)"
