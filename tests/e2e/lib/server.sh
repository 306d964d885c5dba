# Starts and stops a real web server in front of build/cgi-bin for the
# test directory $T (see t_setup in tests/lib.sh).  Source it after
# tests/lib.sh, then:
#   srv_start KIND   KIND: lighttpd, apache (apache/apache.conf.in),
#                    apache-htaccess (.htaccess in a shared-hosting style
#                    document root) or apache-conf (cgi-accounts.conf.in
#                    included in a virtual host); sets PORT, BASE, SRV_PID
#   srv_stop         kill, wait; also run by the EXIT trap srv_start sets
#   srv_log          the server's error log as "#" lines
# Configs and logs go to $T/srv.  SRV_CGI_BIN overrides the executables'
# directory, SRV_ROUTES the route tables (render.sh's ROUTES=).  When run
# as root the servers' children run as www-data, which need not be able to
# reach the checkout (under /root, mode 0700, it cannot): the executables
# are copied to $T/srv/cgi-bin, and $T (under /tmp) is handed to
# www-data.  Nothing outside $T changes.  The error pages of
# apache/errors.txt go to $T/srv/errors (lighttpd reads them).  After the
# start, GET /api/ must be the not-found CGI's JSON 404, or srv_start
# fails with one line saying what came instead.

SRV_PID=
SRV_DIR=
SRV_CGI_BIN=${SRV_CGI_BIN:-$BIN}
APACHE=${APACHE:-apache2}
LIGHTTPD=${LIGHTTPD:-lighttpd}
# The hosts of apache-htaccess and apache-conf: prefork + mod_cgi, or with
# E2E_APACHE_MPM=event, event + mod_cgid (Debian's default pair).
SRV_MPM=${E2E_APACHE_MPM:-prefork}
case $SRV_MPM in event) SRV_CGI=cgid ;; *) SRV_CGI=cgi ;; esac

srv_render() {	# TEMPLATE OUT [NAME=value ...]
	_tpl=$1 _out=$2
	shift 2
	# SRV_ROUTES: other route tables (render.sh's ROUTES=A:B)
	[ -z "${SRV_ROUTES:-}" ] || set -- ROUTES="$SRV_ROUTES" "$@"
	sh "$ROOT/apache/render.sh" "$_tpl" \
	    CGI_BIN="$SRV_BIN" PORT="$PORT" DB="$ACCOUNTS_DB" \
	    DATA_DIR="$ACCOUNTS_DATA_DIR" RUN_DIR="$SRV_DIR" \
	    ERROR_LOG="$SRV_DIR/error.log" USER="$SRV_USER" \
	    GROUP="$SRV_GROUP" ERROR_DIR="$SRV_DIR/errors" "$@" > "$_out"
}

# Writes $SRV_DIR/server.conf (and what else KIND needs).
srv_config() {
	_lib=$ROOT/tests/e2e/lib
	_conf=$SRV_DIR/server.conf
	case $1 in
	lighttpd)
		srv_render "$ROOT/apache/lighttpd.conf.in" "$_conf" ;;
	apache)
		srv_render "$ROOT/apache/apache.conf.in" "$_conf" ;;
	apache-htaccess)
		# public_html/api/ holds the executables and the .htaccess
		mkdir -p "$SRV_DIR/public_html/api" &&
		cp "$SRV_BIN"/* "$SRV_DIR/public_html/api/" &&
		srv_render "$ROOT/apache/.htaccess" \
		    "$SRV_DIR/public_html/api/.htaccess" &&
		srv_render "$_lib/htaccess-host.conf.in" "$_conf" \
		    MPM="$SRV_MPM" CGI="$SRV_CGI" ;;
	apache-conf)
		srv_render "$ROOT/apache/cgi-accounts.conf.in" \
		    "$SRV_DIR/cgi-accounts.conf" &&
		srv_render "$_lib/vhost-host.conf.in" "$_conf" \
		    MPM="$SRV_MPM" CGI="$SRV_CGI" ;;
	*)	echo "srv_config: unknown kind $1" >&2; return 1 ;;
	esac
}

# True while the server process lives (a zombie does not count).
srv_alive() {
	[ -n "$SRV_PID" ] && [ -r "/proc/$SRV_PID/stat" ] &&
	    ! grep -q "^[0-9]* (.*) Z" "/proc/$SRV_PID/stat" 2>/dev/null
}

# srv_stage: the executables the server runs, in $SRV_BIN, and the error
# pages in $SRV_DIR/errors.  As root, a copy of $SRV_CGI_BIN in $T.
srv_stage() {
	SRV_BIN=$SRV_CGI_BIN
	if [ "$(id -u)" -eq 0 ]; then
		SRV_BIN=$SRV_DIR/cgi-bin
		rm -rf "$SRV_BIN"
		mkdir -p "$SRV_BIN" && cp "$SRV_CGI_BIN"/* "$SRV_BIN/" || return 1
	fi
	sh "$ROOT/apache/errors.sh" files "$SRV_DIR/errors"
}

# srv_json: empty if GET /api/ is the not-found CGI's JSON 404 (in the
# envelope of the dialect served), else one
# line saying what it was.
srv_json() {
	_c=$(curl -s -o "$SRV_DIR/probe" -w '%{http_code} %{content_type}' \
	    --max-time 10 "$BASE/api/" 2>/dev/null)
	if [ "$_c" = "404 application/json; charset=utf-8" ] &&
	    jq -e 'type == "object"' < "$SRV_DIR/probe" > /dev/null 2>&1; then
		return 0
	fi
	echo "$SRV_KIND on $BASE answers GET /api/ with '$_c'," \
	    "not the JSON 404: $SRV_USER cannot run the CGIs in $SRV_BIN?" \
	    "body: $(head -c 100 "$SRV_DIR/probe" | tr -d '\r\n')"
}

# Waits up to 10 s for the server to answer any HTTP at all.
srv_wait() {
	_n=0
	while [ "$_n" -lt 50 ]; do
		srv_alive || return 1
		_c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
		    "$BASE/api/" 2>/dev/null)
		[ "$_c" = 000 ] || [ -z "$_c" ] || return 0
		sleep 0.2
		_n=$((_n + 1))
	done
	return 1
}

srv_start() {
	SRV_KIND=$1
	SRV_DIR=$T/srv
	mkdir -p "$SRV_DIR/htdocs" "$SRV_DIR/tmp"
	if [ "$(id -u)" -eq 0 ]; then
		SRV_USER=www-data SRV_GROUP=www-data
	else
		SRV_USER=$(id -un) SRV_GROUP=$(id -gn)
	fi
	trap 'srv_stop; t_teardown' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	if ! srv_stage; then
		t_fail "$SRV_KIND: executables copied to $SRV_DIR/cgi-bin"
		return 1
	fi
	_try=0
	while [ "$_try" -lt 5 ]; do	# another process may take the port
		_try=$((_try + 1))
		PORT=$(free_port) || break
		BASE=http://127.0.0.1:$PORT
		srv_config "$SRV_KIND" || break
		[ "$(id -u)" -ne 0 ] || chown -R "$SRV_USER:$SRV_GROUP" "$T"
		: > "$SRV_DIR/error.log"
		# own session: Apache signals its whole process group on exit
		if [ "$SRV_KIND" = lighttpd ]; then
			setsid "$LIGHTTPD" -D -f "$SRV_DIR/server.conf" \
			    > "$SRV_DIR/stdout" 2>&1 &
		else
			setsid "$APACHE" -f "$SRV_DIR/server.conf" -DFOREGROUND \
			    > "$SRV_DIR/stdout" 2>&1 &
		fi
		SRV_PID=$!
		if srv_wait; then
			_why=$(srv_json)
			[ -n "$_why" ] || return 0
			t_fail "$SRV_KIND starts and answers JSON" "$_why"
			srv_log
			srv_stop
			return 1
		fi
		srv_stop
	done
	t_fail "$SRV_KIND starts and answers" "$(cat "$SRV_DIR/stdout")"
	srv_log
	return 1
}

srv_stop() {
	[ -n "${SRV_PID:-}" ] || return 0
	kill "$SRV_PID" 2>/dev/null
	_n=0
	while srv_alive && [ "$_n" -lt 50 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	kill -9 "$SRV_PID" 2>/dev/null
	wait "$SRV_PID" 2>/dev/null
	SRV_PID=
}

srv_log() {
	# lighttpd -D leaves the CGIs' stderr on its own stderr: stdout here
	for _f in error.log stdout; do
		[ -s "$SRV_DIR/$_f" ] || continue
		echo "# last lines of the $SRV_KIND $_f ($SRV_DIR/$_f):"
		tail -n 40 "$SRV_DIR/$_f" | sed 's/^/#   /'
	done
}
