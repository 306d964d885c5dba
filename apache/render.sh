#!/bin/sh
# Fills in one of the server templates of this directory, for
# tools/serve.sh, the end-to-end tests and administrators alike.
#
#   sh apache/render.sh TEMPLATE [ROUTES=TABLE[:TABLE]...] NAME=value... >FILE
#
# Every @NAME@ of the template is replaced by its value (a missing one is
# an error).  The line holding @ENV@ becomes one setting per ACCOUNTS_*
# variable of the caller's environment, ACCOUNTS_DB and ACCOUNTS_DATA_DIR
# excepted (those are @DB@ and @DATA_DIR@): `SetEnv` for Apache,
# `setenv.add-environment +=` for a lighttpd template.
#
# The line holding @ROUTES@ becomes the rewrite rules of the route table
# (apache/routes.sh; ROUTES, default cgi-bin/routes.txt, or routes.txt
# beside this script once installed), in the template's syntax: lighttpd
# for a lighttpd template; Apache per-directory rules, relative to its
# RewriteBase, for a template that sets one (a <Directory>, a .htaccess);
# Apache server-context rules otherwise.
#
# The line holding @ERRORS@ (Apache templates) becomes the ErrorDocument
# and Header lines of the error table (apache/errors.sh; errors.txt beside
# this script).  Settings, rules and error lines take the indentation of
# their placeholder's line.
set -eu

[ $# -ge 1 ] || {
	echo "usage: $0 TEMPLATE [ROUTES=TABLE] [NAME=value ...]" >&2
	exit 2
}
tpl=$1
shift
[ -r "$tpl" ] || { echo "$0: cannot read $tpl" >&2; exit 1; }

here=$(dirname "$0")
routes=$here/../cgi-bin/routes.txt
[ -r "$routes" ] || routes=$here/routes.txt

tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.env" "$tmp.routes" "$tmp.errors" "$tmp.out"' EXIT

# sed replacement text: escape the delimiter, & and backslash
sedesc() { printf '%s' "$1" | sed -e 's/[|&\\]/\\&/g'; }
# a double-quoted config string: escape backslash and double quote
quote() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/[\\"]/\\&/g')"; }
# indent NAME: the leading blanks of the template's line holding @NAME@
indent() { sed -n "s/^\\([[:space:]]*\\)@$1@.*/\\1/p" "$tpl" | head -n 1; }

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
	if [ "$n" = ROUTES ]; then
		routes=$v
		continue
	fi
	printf 's|@%s@|%s|g\n' "$n" "$(sedesc "$v")" >> "$tmp"
done

ind=$(indent ENV)
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
if grep -n '@[A-Z_][A-Z_]*@' "$tmp.out" |
    grep -v -e '@ENV@' -e '@ROUTES@' -e '@ERRORS@' >&2
then
	echo "$0: $tpl: placeholders left unfilled (above)" >&2
	exit 1
fi

: > "$tmp.routes"
if grep -q '@ROUTES@' "$tpl"; then
	# (read from the filled-in template: RewriteBase may be a setting)
	base=$(sed -n 's/^[[:space:]]*RewriteBase[[:space:]]\{1,\}\([^[:space:]]*\).*/\1/p' \
	    "$tmp.out" | head -n 1)
	case $tpl in
	*lighttpd*) set -- lighttpd ;;
	*)	if [ -n "$base" ]; then set -- apache-dir "$base"
		else set -- apache
		fi ;;
	esac
	# ROUTES may name several tables, separated by colons
	old=$IFS
	IFS=:
	# shellcheck disable=SC2086 # splitting at the colons wanted
	set -- "$@" $routes
	IFS=$old
	ind=$(indent ROUTES)
	sh "$here/routes.sh" "$@" > "$tmp.routes" || {
		echo "$0: $tpl: no routes from $routes" >&2
		exit 1
	}
	sed -i -e "s/^/$ind/" "$tmp.routes"
fi

: > "$tmp.errors"
if grep -q '@ERRORS@' "$tpl"; then
	ind=$(indent ERRORS)
	sh "$here/errors.sh" apache > "$tmp.errors" || {
		echo "$0: $tpl: no error pages from $here/errors.txt" >&2
		exit 1
	}
	sed -i -e "s/^/$ind/" "$tmp.errors"
fi

# after the substitution, so that settings and rules are taken literally
sed -e "/@ENV@/{r $tmp.env" -e 'd;}' -e "/@ROUTES@/{r $tmp.routes" \
    -e 'd;}' -e "/@ERRORS@/{r $tmp.errors" -e 'd;}' "$tmp.out"
