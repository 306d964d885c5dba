#!/bin/sh
# `make install` and `make uninstall` into a temporary DESTDIR:
# - exactly the expected files land there (executables, accountsctl, its
#   man page, templates and their scripts and tables, lighttpd's error
#   pages, the rendered configurations), identical to their sources, with
#   the right modes;
# - the rendered configurations name the installed paths (PREFIX,
#   LOCALSTATEDIR), not the checkout, and the installed render.sh, alone,
#   renders the same lighttpd.conf again;
# - lighttpd and Apache started from the installed configurations (their
#   paths moved under DESTDIR, as the only change) serve register and me,
#   lighttpd its installed error pages;
# - `make uninstall` removes every file and cgi-accounts directory again,
#   leaving only the generic directories (sbin, share/man/man8...) and the
#   state it never owned;
# - other PREFIX, SYSCONFDIR and LOCALSTATEDIR are honoured too.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
t_plan 19
t_setup

# make as the caller would type it, not as a sub-make of `make test`
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$ROOT" "$@"; }

D=$T/root
P=/usr/local
S=/var/lib/cgi-accounts	# LOCALSTATEDIR's default
mk install DESTDIR="$D" PREFIX="$P" > "$T/make.out" 2>&1
t_eq "make install DESTDIR=... PREFIX=$P exits 0" "0 " "$? $(grep -v \
    -e 'warning: Using .*statically linked' -e 'in function' \
    "$T/make.out" | grep -i -e error -e 'no rule' | head -n 3)"

# The expected files, relative to $D.
TABLE_FILES="README.md .htaccess apache.conf.in cgi-accounts.conf.in
lighttpd.conf.in render.sh routes.sh errors.sh errors.txt routes.txt"
STATUSES=$(awk '{ sub(/#.*/, "") } NF { print $1 }' "$ROOT/apache/errors.txt")
{
	for f in "$D$P/lib/cgi-accounts/cgi-bin"/*; do
		echo "${f#"$D"}"
	done
	echo "$P/sbin/accountsctl"
	echo "$P/share/man/man8/accountsctl.8"
	for f in $TABLE_FILES; do echo "$P/share/cgi-accounts/$f"; done
	for s in $STATUSES; do echo "$P/share/cgi-accounts/errors/$s.html"; done
	echo "$P/share/cgi-accounts/errors/headers.lua"
	for f in cgi-accounts.conf apache.conf lighttpd.conf; do
		echo "$P/etc/cgi-accounts/$f"
	done
} | sort > "$T/want"
(cd "$D" && find . ! -type d | sed 's/^\.//' | sort) > "$T/have"
t_eq "installed: exactly the expected files" "" \
    "$(diff "$T/want" "$T/have" | grep '^[<>]' | head -n 10)"

# Identical to their sources, with their modes; every program of
# build/cgi-bin there.  (make install installs the default build, B=build,
# also when the tests run another one: make test-asan.)
IB=$ROOT/build
src() {	# installed path -> source path
	case $1 in
	*/cgi-bin/*) echo "$IB/cgi-bin/${1##*/}" ;;
	*/sbin/accountsctl) echo "$IB/accountsctl" ;;
	*/man8/accountsctl.8) echo "$ROOT/docs/accountsctl.8" ;;
	*/routes.txt) echo "$ROOT/cgi-bin/routes.txt" ;;
	*/share/cgi-accounts/*) echo "$ROOT/apache/${1##*/}" ;;
	esac
}
bad=
while read -r f; do
	case $f in */errors/* | */etc/cgi-accounts/*) continue ;; esac
	cmp -s "$(src "$f")" "$D$f" || bad="$bad differs:$f"
	case $f in */cgi-bin/* | */sbin/*) m=755 ;; *) m=644 ;; esac
	[ "$(stat -c %a "$D$f")" = $m ] || bad="$bad mode-not-$m:$f"
done < "$T/have"
for f in "$IB"/cgi-bin/*; do
	[ -f "$D$P/lib/cgi-accounts/cgi-bin/${f##*/}" ] ||
	    bad="$bad missing:${f##*/}"
done
for f in "$D$P"/share/cgi-accounts/errors/* "$D$P"/etc/cgi-accounts/*; do
	[ "$(stat -c %a "$f")" = 644 ] || bad="$bad mode-not-644:${f#"$D"}"
done
t_eq "installed: identical to build/, docs/, apache/, modes 0755/0644" "" "$bad"

# The rendered configurations: the installed paths, not the checkout's.
E=$D$P/etc/cgi-accounts
bad=
grep -q "^alias.url = ( \"/api/\" => \"$P/lib/cgi-accounts/cgi-bin/\" )" \
    "$E/lighttpd.conf" || bad="$bad lighttpd:alias"
grep -q "\"ACCOUNTS_DB\"[[:space:]]*=> \"$S/accounts.db\"" "$E/lighttpd.conf" ||
    bad="$bad lighttpd:db"
grep -q "^server.errorfile-prefix[[:space:]]*= \"$P/share/cgi-accounts/errors/\"" \
    "$E/lighttpd.conf" || bad="$bad lighttpd:errors"
for f in apache.conf cgi-accounts.conf; do
	grep -q "^Alias /api/ \"$P/lib/cgi-accounts/cgi-bin/\"" "$E/$f" ||
	    bad="$bad $f:alias"
	grep -q "SetEnv ACCOUNTS_DATA_DIR \"$S/data\"" "$E/$f" ||
	    bad="$bad $f:data"
	grep -q '^[[:space:]]*ErrorDocument 413 "{' "$E/$f" ||
	    bad="$bad $f:errors"
done
grep -l -e "$ROOT" -e '@[A-Z_]*@' "$E"/* > "$T/leaks" && bad="$bad leaks:$(cat "$T/leaks")"
t_eq "rendered configs name PREFIX and LOCALSTATEDIR, not the checkout" "" "$bad"

# The installed share/cgi-accounts renders on its own.
I=$D$P/share/cgi-accounts
sh "$I/render.sh" "$I/lighttpd.conf.in" CGI_BIN="$P/lib/cgi-accounts/cgi-bin" \
    DB="$S/accounts.db" DATA_DIR="$S/data" RUN_DIR="$S/run" PORT=8080 \
    USER=www-data GROUP=www-data ERROR_DIR="$P/share/cgi-accounts/errors" \
    ERROR_LOG="$S/run/lighttpd-error.log" > "$T/again" 2> "$T/again.err"
t_eq "the installed render.sh renders lighttpd.conf again, the same" \
    "0 " "$? $(diff "$T/again" "$E/lighttpd.conf" | head -n 5)$(cat "$T/again.err")"

bad=
for s in $STATUSES; do
	no=$(awk -v s="$s" '{ sub(/#.*/, "") } $1 == s { print $2 }' \
	    "$ROOT/apache/errors.txt")
	jq -e --argjson no "$no" '.errno == $no and (.msg | length) > 0' \
	    < "$I/errors/$s.html" > /dev/null 2>&1 || bad="$bad $s"
done
t_eq "error pages: the table's envelope for each status" "" "$bad"

# The state an administrator makes (README.md, "Installing"), under $D.
mkdir -p "$D$S/data" "$D$S/run/htdocs" "$D$S/run/tmp"
"$D$P/sbin/accountsctl" -d "$D$S/accounts.db" init > /dev/null
if [ "$(id -u)" -eq 0 ]; then
	chown -R www-data:www-data "$D$S"
fi

# start KIND CONF: the installed configuration with its paths moved
# under $D and another port, run in the foreground.
SRV_DIR=$T/srv
mkdir -p "$SRV_DIR"
# (SRV_KIND, SRV_PID, SRV_DIR: for srv_wait, srv_stop, srv_log)
# shellcheck disable=SC2034
start() {
	SRV_KIND=$1
	trap 'srv_stop; t_teardown' EXIT
	_try=0
	while [ "$_try" -lt 5 ]; do	# another process may take the port
		_try=$((_try + 1))
		PORT=$(free_port)
		BASE=http://127.0.0.1:$PORT
		sed -e "s|\"$P/|\"$D$P/|g" -e "s|\"$S|\"$D$S|g" \
		    -e "s|^server.port\([[:space:]]*\)= .*|server.port\1= $PORT|" \
		    -e "s|^Listen 127.0.0.1:.*|Listen 127.0.0.1:$PORT|" \
		    "$E/$2" > "$SRV_DIR/$2"
		# the moved file still names only $D's paths
		if grep -n -e "\"$P/" -e "\"$S" "$SRV_DIR/$2" > "$T/unmoved"; then
			t_fail "$1 from the installed $2 starts" "paths left: $(head -n 2 "$T/unmoved")"
			return 1
		fi
		if [ "$1" = lighttpd ]; then
			setsid lighttpd -D -f "$SRV_DIR/$2" > "$SRV_DIR/stdout" 2>&1 &
		else
			setsid apache2 -f "$SRV_DIR/$2" -DFOREGROUND \
			    > "$SRV_DIR/stdout" 2>&1 &
		fi
		SRV_PID=$!
		srv_wait && break
		srv_stop
	done
	http GET "$BASE/api/no/such/"
	t_eq "$1 from the installed $2 answers the JSON 404" "404 1005" \
	    "$STATUS $(json .errno)"
	[ "$STATUS" = 404 ] || { cat "$SRV_DIR/stdout"; srv_log; } | sed 's/^/# /'
}

# alive USER: register USER, then me with the token
alive() {
	http POST "$BASE/api/user/register/" -d "username=$2" \
	    -d password=Installed-Pass-1 -d password2=Installed-Pass-1
	t_eq "$1: register" "201 0" "$STATUS $(json .errno)"
	http GET "$BASE/api/user/me/" -H "Authorization: Bearer $(json .data.token)"
	t_eq "$1: me" "200 $2" "$STATUS $(json .data.user.username)"
}

start lighttpd lighttpd.conf
alive lighttpd installed1
http POST "$BASE/api/user/register/"	# no Content-Length: lighttpd's own 411
t_eq "lighttpd: its own 411 is the installed JSON page, with its headers" \
    "411 application/json; charset=utf-8 1006 no-store nosniff" \
    "$STATUS $(header Content-Type) $(json .errno) $(header Cache-Control) $(header X-Content-Type-Options)"
srv_stop

start apache apache.conf
alive apache installed2
srv_stop

mk uninstall DESTDIR="$D" PREFIX="$P" > "$T/make.out" 2>&1
t_eq "make uninstall exits 0, nothing left in place" "0 " \
    "$? $(grep 'left in place' "$T/make.out")"
t_eq "uninstalled: no file and no cgi-accounts directory under $P" "" \
    "$(cd "$D$P" && find . ! -type d -o -name 'cgi-accounts*' | head -n 5)"
t_eq "uninstalled: only the generic directories remain" \
    "./etc ./lib ./sbin ./share ./share/man ./share/man/man8" \
    "$(cd "$D$P" && find . -mindepth 1 | sort | tr '\n' ' ' | sed 's/ $//')"
t_eq "uninstalled: the state under LOCALSTATEDIR is left alone" yes \
    "$([ -s "$D$S/accounts.db" ] && echo yes)"

# Other places.
D2=$T/root2
mk install DESTDIR="$D2" PREFIX=/opt/ca SYSCONFDIR=/etc \
    LOCALSTATEDIR=/srv/ca > "$T/make.out" 2>&1
rc=$?
found=
[ -x "$D2/opt/ca/sbin/accountsctl" ] && found="$found sbin"
[ -x "$D2/opt/ca/lib/cgi-accounts/cgi-bin/not-found" ] && found="$found cgi"
grep -q '"ACCOUNTS_DB"[[:space:]]*=> "/srv/ca/accounts.db"' \
    "$D2/etc/cgi-accounts/lighttpd.conf" 2>/dev/null && found="$found db"
grep -q '^Alias /api/ "/opt/ca/lib/cgi-accounts/cgi-bin/"' \
    "$D2/etc/cgi-accounts/cgi-accounts.conf" 2>/dev/null &&
    found="$found alias"
t_eq "PREFIX=/opt/ca SYSCONFDIR=/etc LOCALSTATEDIR=/srv/ca: there, named" \
    "0 sbin cgi db alias" "$rc$found"
mk uninstall DESTDIR="$D2" PREFIX=/opt/ca SYSCONFDIR=/etc \
    LOCALSTATEDIR=/srv/ca > "$T/make.out" 2>&1
t_eq "... and uninstalled from there: no file, no cgi-accounts directory" \
    "0 " "$? $(cd "$D2" && find . ! -type d -o -name 'cgi-accounts*' | head -n 5)"
