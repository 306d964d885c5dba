#!/bin/sh
# Fills in one of the server templates of this directory, for
# tools/serve.sh, the end-to-end tests and administrators alike.
#
#   sh apache/render.sh TEMPLATE NAME=value ... > FILE
#
# Every @NAME@ of the template is replaced by its value (a missing one is
# an error).  The line holding @ENV@ becomes one setting per ACCOUNTS_*
# variable of the caller's environment, ACCOUNTS_DB and ACCOUNTS_DATA_DIR
# excepted (those are @DB@ and @DATA_DIR@): `SetEnv` for Apache,
# `setenv.add-environment +=` for a lighttpd template.
set -eu

[ $# -ge 1 ] || { echo "usage: $0 TEMPLATE [NAME=value ...]" >&2; exit 2; }
tpl=$1
shift
[ -r "$tpl" ] || { echo "$0: cannot read $tpl" >&2; exit 1; }

tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.env" "$tmp.out"' EXIT

# sed replacement text: escape the delimiter, & and backslash
sedesc() { printf '%s' "$1" | sed -e 's/[|&\\]/\\&/g'; }
# a double-quoted config string: escape backslash and double quote
quote() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/[\\"]/\\&/g')"; }

: > "$tmp"
for a in "$@"; do
	case $a in
	[A-Z]*=*) ;;
	*) echo "$0: not NAME=value: $a" >&2; exit 2 ;;
	esac
	n=${a%%=*} v=${a#*=}
	case $v in
	*"
"*) echo "$0: $n: newline in value" >&2; exit 2 ;;
	esac
	printf 's|@%s@|%s|g\n' "$n" "$(sedesc "$v")" >> "$tmp"
done

# settings take the indentation of the @ENV@ line
ind=$(sed -n 's/^\([[:space:]]*\)@ENV@.*/\1/p' "$tpl" | head -n 1)
env | grep '^ACCOUNTS_[A-Z_]*=' | sort | while IFS='=' read -r n v; do
	case $n in ACCOUNTS_DB | ACCOUNTS_DATA_DIR) continue ;; esac
	case $tpl in
	*lighttpd*)
		printf '%ssetenv.add-environment += ( "%s" => %s )\n' \
		    "$ind" "$n" "$(quote "$v")" ;;
	*)	printf '%sSetEnv %s %s\n' "$ind" "$n" "$(quote "$v")" ;;
	esac
done > "$tmp.env"

sed -f "$tmp" "$tpl" > "$tmp.out"
if grep -n '@[A-Z_][A-Z_]*@' "$tmp.out" | grep -v '@ENV@' >&2; then
	echo "$0: $tpl: placeholders left unfilled (above)" >&2
	exit 1
fi
# after the substitution, so that setting values are taken literally
sed -e "/@ENV@/{r $tmp.env" -e 'd;}' "$tmp.out"
