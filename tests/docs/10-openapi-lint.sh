#!/bin/sh
# The documentation in docs/: openapi.yaml passes Redocly's lint (rules in
# docs/redocly.yaml) and agrees with the code (every CGI program has its
# path, the errno table is common/status.c's, every JSON answer carries
# the fixed headers, bodies come in the three encodings); API.md names
# every errno and setting and points nowhere outside the repository;
# accountsctl.8 renders without warnings and documents every command of
# tools/accountsctl.c.  Prints TAP.
#
# Redocly CLI is installed by tools/npm-tools.sh into build/node/ (npm
# registry; node >= 20.19).  Without node the checks that need it are
# skipped, and without mandoc the man page is checked with groff alone.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
SPEC=docs/openapi.yaml
PAGE=docs/accountsctl.8
T=$(mktemp -d /tmp/cgi-accounts-docs.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    NO_UPDATE_NOTIFIER=1

echo "1..15"
ok() { echo "ok - $1"; }
fail() {	# fail DESC [FILE-WITH-DETAILS]: the details without blank
	# lines and without Node's deprecation banners
	echo "not ok - $1"
	[ -z "${2:-}" ] || grep -v -e '^[[:space:]]*$' -e '[╔║╚]' "$2" |
	    head -n 40 | sed 's/^/#   /'
}
skip() { echo "ok - $1 # SKIP $2"; }
# check DESC FILE: ok when FILE is empty, else not ok listing its lines.
check() { if [ -s "$2" ]; then fail "$1" "$2"; else ok "$1"; fi; }

# --- Redocly --------------------------------------------------------------
node_ok=0
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number);
	process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
	node_ok=1
	ok "node $(node --version) and npm are usable"
else
	skip "node >= 20.19 and npm are usable" "not installed"
fi

REDOCLY=
if [ "$node_ok" = 1 ]; then
	if REDOCLY=$(sh tools/npm-tools.sh redocly 2> "$T/install"); then
		ok "Redocly CLI installed ($("$REDOCLY" --version 2>/dev/null | tail -n 1))"
	else
		REDOCLY=
		fail "Redocly CLI installed" "$T/install"
	fi
else
	skip "Redocly CLI installed" "no node"
fi

if [ -n "$REDOCLY" ]; then
	if "$REDOCLY" lint --config docs/redocly.yaml "$SPEC" \
	    > "$T/lint" 2>&1 && grep -q 'is valid' "$T/lint"; then
		ok "redocly lint $SPEC: no errors, no warnings"
	else
		fail "redocly lint $SPEC: no errors, no warnings" "$T/lint"
	fi
	if "$REDOCLY" bundle --config docs/redocly.yaml --dereferenced \
	    --ext json -o "$T/openapi.json" "$SPEC" > "$T/bundle" 2>&1 &&
	    jq -e '.openapi' "$T/openapi.json" > /dev/null 2>&1; then
		ok "$SPEC bundles into one dereferenced JSON document"
	else
		fail "$SPEC bundles into one dereferenced JSON document" "$T/bundle"
	fi
else
	skip "redocly lint $SPEC" "no Redocly CLI"
	skip "$SPEC bundles into one dereferenced JSON document" "no Redocly CLI"
fi

# --- the document against the code ---------------------------------------
# The errno/HTTP pairs of the table in common/status.c.
sed -n 's/^[[:space:]]*\[ST_[A-Z_]*\][[:space:]]*=[[:space:]]*{ *\([0-9]*\), *\([0-9]*\),.*/\1 \2/p' \
    common/status.c > "$T/status"
J=$T/openapi.json
if [ -s "$J" ]; then
	# The routing table says which paths run which program.
	jq -r '.paths | keys[]' "$J" | sort -u > "$T/documented"
	: > "$T/missing"
	for f in cgi-bin/*.c; do
		n=$(basename "$f" .c)
		[ "$n" = not-found ] && continue
		awk -v n="$n" '{ sub(/#.*/, "") } NF == 2 && $2 == n { print $1 }' \
		    cgi-bin/routes.txt | grep -qxFf - "$T/documented" ||
		    echo "cgi-bin/$n.c serves no path of $SPEC" >> "$T/missing"
	done
	[ -s "$T/documented" ] || echo "no paths in $SPEC" >> "$T/missing"
	check "every CGI program in cgi-bin/ has its path in $SPEC" "$T/missing"

	jq -r '.components.schemas.Error.properties.errno.enum[]' "$J" |
	    sort -n > "$T/spec-errno"
	awk '$1 != 0 { print $1 }' "$T/status" | sort -nu > "$T/code-errno"
	diff "$T/code-errno" "$T/spec-errno" > "$T/diff" ||
	    sed -i '1i (< common/status.c, > Error.errno in the document)' \
	    "$T/diff"
	[ -s "$T/code-errno" ] || echo "no errno values read from common/status.c" >> "$T/diff"
	check "the document's errno values are those of common/status.c" "$T/diff"

	jq -r '[.paths[][] | objects | .responses? // empty | keys[]] |
	    unique[]' "$J" > "$T/spec-http"
	: > "$T/diff"
	for code in $(awk '{ print $2 }' "$T/status" | sort -u); do
		grep -qx "$code" "$T/spec-http" ||
		    echo "HTTP $code of common/status.c answers nowhere" >> "$T/diff"
	done
	check "every HTTP status of common/status.c is documented" "$T/diff"

	jq -r '.paths | to_entries[] | .key as $p | .value | to_entries[] |
	    select(.key | IN("get", "post", "put", "patch", "delete")) |
	    .key as $m | .value.responses | to_entries[] |
	    select((.value.headers // {}) as $h |
	    ($h["Cache-Control"] and $h["X-Content-Type-Options"]) | not) |
	    "\($m) \($p) \(.key): no Cache-Control or X-Content-Type-Options"' \
	    "$J" > "$T/bad"
	check "every response of every operation carries Cache-Control and X-Content-Type-Options" "$T/bad"

	# Bodies with a file field come as multipart only, all others in
	# the three encodings.
	jq -r '.paths | to_entries[] | .key as $p | .value | to_entries[] |
	    select(.key | IN("post", "put", "patch", "delete")) |
	    .key as $m | .value.requestBody // empty | .content as $c |
	    ([$c[] | .schema | .. | objects | select(.format? == "binary")] |
	    length > 0) as $file |
	    ($c | keys | sort) as $k |
	    if $file then
	        select($k != ["multipart/form-data"]) |
	        "\($m) \($p): a file body offered as \($k | join(", "))"
	    else
	        select($k != ["application/json",
	            "application/x-www-form-urlencoded",
	            "multipart/form-data"]) |
	        "\($m) \($p): offered as \($k | join(", "))"
	    end' "$J" > "$T/bad"
	check "request bodies come in the three encodings (multipart only with files)" "$T/bad"
else
	for d in "every CGI program in cgi-bin/ has its path in $SPEC" \
	    "the document's errno values are those of common/status.c" \
	    "every HTTP status of common/status.c is documented" \
	    "every response carries Cache-Control and X-Content-Type-Options" \
	    "request bodies come in the three encodings"; do
		if [ -n "$REDOCLY" ]; then fail "$d"; else skip "$d" "no bundle"; fi
	done
fi

# --- docs/API.md ------------------------------------------------------------
: > "$T/bad"
for e in $(awk '{ print $1 }' "$T/status" | sort -nu); do
	grep -q "^| $e |" docs/API.md || echo "errno $e is not in the table" >> "$T/bad"
done
[ -s "$T/status" ] || echo "no errno values read from common/status.c" >> "$T/bad"
check "docs/API.md's errno table has every errno of common/status.c" "$T/bad"

: > "$T/bad"
vars=$(grep -o '"ACCOUNTS_[A-Z_]*"' common/cfg.c | tr -d '"' | sort -u)
[ -n "$vars" ] || echo "no settings read from common/cfg.c" >> "$T/bad"
for v in $vars; do
	grep -q "^| \`$v\` |" docs/API.md ||
	    echo "$v (common/cfg.c) is not in the configuration table" >> "$T/bad"
done
check "docs/API.md documents every setting common/cfg.c reads" "$T/bad"

# Links are relative to docs/ and must name files of the repository;
# nothing may refer to a place outside it.
: > "$T/bad"
for f in docs/API.md docs/openapi.yaml docs/accountsctl.8 docs/redocly.yaml; do
	grep -n -e '\.\./shared' -e '/work/' "$f" |
	    sed "s|^|$f: refers outside the repository: |" >> "$T/bad"
done
grep -o '](\([^)]*\))' docs/API.md | sed 's/^](//; s/)$//' |
while read -r link; do
	case $link in
	http://* | https://*) echo "docs/API.md: external link $link" ;;
	'#'*) ;;
	*)	p=${link%%#*}
		[ -e "docs/$p" ] && [ "$(cd "docs/$(dirname "$p")" 2>/dev/null &&
		    pwd -P | cut -c1-${#ROOT})" = "$ROOT" ] ||
		    echo "docs/API.md: link $link leads nowhere in the repository" ;;
	esac
done >> "$T/bad"
check "docs point only inside the repository" "$T/bad"

# --- docs/accountsctl.8 -----------------------------------------------------
if command -v mandoc >/dev/null 2>&1; then
	mandoc -T lint -W warning "$PAGE" > "$T/lint" 2>&1 || echo "mandoc exit $?" >> "$T/lint"
	check "mandoc -T lint -W warning $PAGE: nothing to report" "$T/lint"
else
	groff -mandoc -ww -z "$PAGE" > "$T/lint" 2>&1 || echo "groff exit $?" >> "$T/lint"
	check "groff -mandoc -ww -z $PAGE (no mandoc): no warnings" "$T/lint"
fi

if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man --warnings -l "./$PAGE" > "$T/page" 2> "$T/warn" ||
	    echo "man exit $?" >> "$T/warn"
	grep -q '^NAME' "$T/page" || grep -q 'accountsctl' "$T/page" ||
	    echo "man rendered nothing recognisable" >> "$T/warn"
	check "man ./$PAGE renders without warnings" "$T/warn"
else
	skip "man ./$PAGE renders without warnings" "no man"
fi

# Every entry of the command table of tools/accountsctl.c has its .It Cm
# line, and both options are described.
: > "$T/bad"
sed -n 's/^[[:space:]]*{[[:space:]]*"\([a-z]*\)",[[:space:]]*\(NULL\|"\([a-z]*\)"\),.*cmd_.*/\1 \3/p' \
    tools/accountsctl.c > "$T/cmds"
[ -s "$T/cmds" ] || echo "no commands read from tools/accountsctl.c" >> "$T/bad"
while read -r name sub; do
	pat="^\\.It Cm $name${sub:+ $sub}( |\$)"
	grep -Eq "$pat" "$PAGE" ||
	    echo "accountsctl $name${sub:+ $sub} is not described" >> "$T/bad"
done < "$T/cmds"
for o in d h; do
	grep -q "^\\.It Fl $o" "$PAGE" || echo "option -$o is not described" >> "$T/bad"
done
check "$PAGE describes every command and option of tools/accountsctl.c" "$T/bad"
