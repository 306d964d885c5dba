#!/bin/sh
# The route table and its generator, without any CGI or running server:
# apache/routes.sh turns a small table into each server's rules exactly as
# written below and refuses malformed tables; apache/render.sh puts the
# rules of the right syntax at @ROUTES@ in every template, which then pass
# `lighttpd -tt` and `apache2 -t`; no template routes by hand; the
# project's table routes every endpoint of cgi-bin/.
. "$(dirname "$0")/../lib.sh"
t_plan 39
T=$(mktemp -d /tmp/cgi-accounts-test.XXXXXX)
trap 't_teardown' EXIT INT TERM

GEN=$ROOT/apache/routes.sh
RENDER=$ROOT/apache/render.sh

# Alignment is for people: compare with runs of blanks squeezed.
squeeze() { tr -s ' \t' '  '; }

# The small table, with and without a route outside /api/.
cat > "$T/api.txt" <<'EOF'
# a comment line

/api/a/			prog-a		# a comment after a route
/api/a/{id}		prog-a
/api/a/{id}/b/{id}/	prog-ab
/api/x.y		xy
EOF
{ cat "$T/api.txt"; echo '/register reg'; } > "$T/site.txt"

sh "$GEN" lighttpd "$T/site.txt" > "$T/out" 2>&1
t_eq "lighttpd rules" "$(squeeze <<'EOF'
# Generated from the route table by apache/routes.sh: edit the table.
url.rewrite-once = (
	"^/api/a/?(\?.*)?$" => "/api/prog-a${qsa}",
	"^/api/a/([0-9]+)/?(\?.*)?$" => "/api/prog-a/$1${qsa}",
	"^/api/a/([0-9]+)/b/([0-9]+)/?(\?.*)?$" => "/api/prog-ab/$1/$2${qsa}",
	"^/api/x[.]y/?(\?.*)?$" => "/api/xy${qsa}",
	"^/register/?(\?.*)?$" => "/api/reg${qsa}",
	"" => "/api/not-found"
)
EOF
)" "$(squeeze < "$T/out")"

sh "$GEN" apache "$T/site.txt" > "$T/out" 2>&1
t_eq "Apache server-context rules" "$(squeeze <<'EOF'
# Generated from the route table by apache/routes.sh: edit the table.
RewriteRule ^/api/a/?$ /api/prog-a [PT,END]
RewriteRule ^/api/a/([0-9]+)/?$ /api/prog-a/$1 [PT,END]
RewriteRule ^/api/a/([0-9]+)/b/([0-9]+)/?$ /api/prog-ab/$1/$2 [PT,END]
RewriteRule ^/api/x[.]y/?$ /api/xy [PT,END]
RewriteRule ^/register/?$ /api/reg [PT,END]
RewriteRule ^ /api/not-found [PT,END]
EOF
)" "$(squeeze < "$T/out")"

sh "$GEN" apache-dir /api/ "$T/api.txt" > "$T/out" 2>&1
t_eq "Apache rules for /api/ (.htaccess, <Directory>)" "$(squeeze <<'EOF'
# Generated from the route table by apache/routes.sh: edit the table.
RewriteRule ^a/?$ prog-a [DPI,END]
RewriteRule ^a/([0-9]+)/?$ prog-a/$1 [DPI,END]
RewriteRule ^a/([0-9]+)/b/([0-9]+)/?$ prog-ab/$1/$2 [DPI,END]
RewriteRule ^x[.]y/?$ xy [DPI,END]
RewriteRule ^ not-found [DPI,END]
EOF
)" "$(squeeze < "$T/out")"

sh "$GEN" apache-dir / "$T/site.txt" > "$T/out" 2>&1
t_eq "Apache rules for / (a .htaccess at the document root)" "$(squeeze <<'EOF'
# Generated from the route table by apache/routes.sh: edit the table.
RewriteRule ^api/a/?$ api/prog-a [DPI,END]
RewriteRule ^api/a/([0-9]+)/?$ api/prog-a/$1 [DPI,END]
RewriteRule ^api/a/([0-9]+)/b/([0-9]+)/?$ api/prog-ab/$1/$2 [DPI,END]
RewriteRule ^api/x[.]y/?$ api/xy [DPI,END]
RewriteRule ^register/?$ api/reg [DPI,END]
RewriteRule ^ api/not-found [DPI,END]
EOF
)" "$(squeeze < "$T/out")"

# Several tables are one, in order.
printf '/api/b/ prog-b\n' > "$T/more.txt"
sh "$GEN" apache "$T/api.txt" "$T/more.txt" > "$T/out" 2>&1
t_eq "two tables: the second's routes after the first's, then not-found" \
    "RewriteRule ^/api/x[.]y/?$ /api/xy [PT,END]
RewriteRule ^/api/b/?$ /api/prog-b [PT,END]
RewriteRule ^ /api/not-found [PT,END]" "$(tail -n 3 "$T/out" | squeeze)"

# refused DESC FORMAT... -- TABLE-TEXT: status 1, nothing on stdout, and
# stderr names the offending line.
refused() {
	_d=$1
	shift
	_f=
	while [ "$1" != -- ]; do _f="$_f $1"; shift; done
	printf '%s\n' "$2" > "$T/bad.txt"
	# shellcheck disable=SC2086 # the format's words
	sh "$GEN" $_f "$T/bad.txt" > "$T/out" 2> "$T/err"
	_s=$?
	t_eq "refused: $_d" "1 0 yes" "$_s $(wc -c < "$T/out" | tr -d ' ') $(
	    grep -q "^$T/bad.txt:[0-9]*: " "$T/err" && echo yes || cat "$T/err")"
}
refused "the same path twice (with and without slash)" apache -- \
    '/api/a/ x
/api/a y'
refused "the same path twice (ids)" lighttpd -- \
    '/api/{id}/ x
/api/{id} y'
refused "a path not from the root" apache -- 'api/a x'
refused "a dot segment" apache -- '/api/../a x'
refused "an empty segment" apache -- '/api//a x'
refused "an id that is not {id}" apache -- '/api/{ID} x'
refused "a query in the path" apache -- '/api/a?b x'
refused "a line without program" apache -- '/api/a'
refused "a line with three fields" apache -- '/api/a x y'
refused "a program with a slash" apache -- '/api/a x/y'
refused "a route outside /api/ for a .htaccess at /api/" apache-dir /api/ -- \
    '/register reg'
grep -q 'outside /api/' "$T/err"
t_eq "refused: outside /api/: says so" 0 $?
printf '# nothing\n\n' > "$T/empty.txt"
sh "$GEN" apache "$T/empty.txt" > "$T/out" 2>&1
t_eq "refused: a table without routes" 1 $?

# render VAR TEMPLATE [NAME=value...]: sets VAR's file $T/VAR
render() {
	_v=$1 _tpl=$2
	shift 2
	sh "$RENDER" "$ROOT/apache/$_tpl" CGI_BIN=/srv/cgi-bin PORT=8080 \
	    DB=/srv/db DATA_DIR=/srv/data RUN_DIR="$T/run" \
	    ERROR_LOG="$T/run/error.log" USER=www-data GROUP=www-data \
	    ERROR_DIR="$T/run/errors" "$@" > "$T/$_v" 2> "$T/$_v.err"
}
# placed FILE FORMAT... INDENT: the rules routes.sh gives for FORMAT,
# indented, stand in FILE as one block; the block or the difference.
placed() {
	_file=$1 _ind=$2
	shift 2
	sh "$GEN" "$@" | sed "s/^/$_ind/" > "$T/want"
	grep -F -x -A "$(($(wc -l < "$T/want") - 1))" \
	    "$(head -n 1 "$T/want")" "$_file" > "$T/got"
	diff "$T/want" "$T/got" > /dev/null && echo placed ||
	    diff "$T/want" "$T/got"
}
tab=$(printf '\t')
mkdir -p "$T/run/htdocs" "$T/run/tmp" "$T/run/public_html"

render lighttpd lighttpd.conf.in ROUTES="$T/site.txt"
t_eq "render lighttpd.conf.in" placed \
    "$(placed "$T/lighttpd" '' lighttpd "$T/site.txt")"
render apache apache.conf.in ROUTES="$T/site.txt"
t_eq "render apache.conf.in: server context" placed \
    "$(placed "$T/apache" '' apache "$T/site.txt")"
render conf cgi-accounts.conf.in ROUTES="$T/api.txt"
t_eq "render cgi-accounts.conf.in: relative to /api/, indented" placed \
    "$(placed "$T/conf" "$tab" apache-dir /api/ "$T/api.txt")"
render htaccess .htaccess ROUTES="$T/api.txt"
t_eq "render .htaccess: relative to /api/" placed \
    "$(placed "$T/htaccess" '' apache-dir /api/ "$T/api.txt")"
render htaccess2 .htaccess ROUTES="$T/api.txt:$T/more.txt"
t_match "render with ROUTES=A:B: both tables" \
    '^RewriteRule \^b/\?\$ +prog-b \[DPI,END\]$' "$(cat "$T/htaccess2")"
render bad .htaccess ROUTES="$T/site.txt"
t_eq "render .htaccess with a route outside /api/ fails" \
    "1 yes" "$? $(grep -q 'outside /api/' "$T/bad.err" && echo yes)"
for f in lighttpd apache conf htaccess; do
	t_eq "render: no placeholder left in $f" "" \
	    "$(grep -n '@[A-Z_]*@' "$T/$f")"
done

# Without ROUTES: the project's table.
render dl lighttpd.conf.in
t_match "render without ROUTES: cgi-bin/routes.txt (lighttpd)" \
    '^	"\^/api/user/me/\?\(\\\?\.\*\)\?\$" +=> "/api/user-me\$\{qsa\}",$' \
    "$(cat "$T/dl")"
render dh .htaccess
t_match "render without ROUTES: cgi-bin/routes.txt (.htaccess)" \
    '^RewriteRule \^users/\(\[0-9\]\+\)/avatar/\?\$ +users-avatar/\$1 \[DPI,END\]$' \
    "$(cat "$T/dh")"

# The servers' own syntax checks of what was rendered.  The .htaccess is
# checked as the <Directory> block it amounts to.
out=$(lighttpd -tt -f "$T/lighttpd" 2>&1)
t_eq "lighttpd -tt accepts the rendered lighttpd.conf" "0 " "$? $out"
out=$(apache2 -t -f "$T/apache" 2>&1)
t_eq "apache2 -t accepts the rendered apache.conf" "0 Syntax OK" "$? $out"
sh "$RENDER" "$ROOT/tests/e2e/lib/vhost-host.conf.in" RUN_DIR="$T/run" \
    PORT=8080 ERROR_LOG="$T/run/error.log" USER=www-data GROUP=www-data \
    MPM=prefork CGI=cgi > "$T/host"
cp "$T/conf" "$T/run/cgi-accounts.conf"
out=$(apache2 -t -f "$T/host" 2>&1)
t_eq "apache2 -t accepts the rendered cgi-accounts.conf in a vhost" \
    "0 Syntax OK" "$? $out"
sh "$RENDER" "$ROOT/tests/e2e/lib/htaccess-host.conf.in" RUN_DIR="$T/run" \
    PORT=8080 ERROR_LOG="$T/run/error.log" USER=www-data GROUP=www-data \
    MPM=prefork CGI=cgi > "$T/host"
{ printf '<Directory "%s/run/public_html/api">\n' "$T"
  cat "$T/htaccess"
  echo '</Directory>'; } >> "$T/host"
out=$(apache2 -t -f "$T/host" 2>&1)
t_eq "apache2 -t accepts the rendered .htaccess as a <Directory>" \
    "0 Syntax OK" "$? $out"

# One table: no template routes by hand.
t_eq "no hand-written rules in the templates" "" "$(grep -n -E \
    '^[[:space:]]*(RewriteRule|RewriteCond|"\^|url\.rewrite)' \
    "$ROOT"/apache/*.in "$ROOT/apache/.htaccess")"

# The project's table: accepted in every syntax, and every endpoint of
# cgi-bin/ (not-found aside) is some route's program.
for f in lighttpd apache 'apache-dir /api/'; do
	# shellcheck disable=SC2086 # the format's words
	sh "$GEN" $f "$ROOT/cgi-bin/routes.txt" > /dev/null 2> "$T/err"
	t_eq "cgi-bin/routes.txt renders for $f" "0 " "$? $(cat "$T/err")"
done
progs=$(awk '{ sub(/#.*/, "") } NF == 2 { print $2 }' \
    "$ROOT/cgi-bin/routes.txt")
missing=
for c in "$ROOT"/cgi-bin/*.c; do
	p=$(basename "$c" .c)
	[ "$p" = not-found ] && continue
	printf '%s\n' "$progs" | grep -qx -- "$p" || missing="$missing $p"
done
t_eq "every endpoint of cgi-bin/ has a route" "" "$missing"
