#!/bin/sh
# A real mail path: lighttpd runs the CGIs, which pipe their messages to
# Debian's msmtp (its own config file, not /usr/sbin/sendmail), which
# delivers over SMTP to a sink on a loopback port (aiosmtpd with
# lib/smtpsink.py, started here); the codes are read from what the sink
# received.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/mail.sh"
t_plan 12
t_setup

MSMTP=${MSMTP:-/usr/bin/msmtp}
PY=${PY:-/usr/bin/python3}	# Debian's, which has python3-aiosmtpd
SINK_PID=
sink_stop() {
	[ -n "$SINK_PID" ] || return 0
	kill "$SINK_PID" 2>/dev/null
	wait "$SINK_PID" 2>/dev/null
	SINK_PID=
}

# sink_start: aiosmtpd on a free loopback port, messages into $T/smtp
sink_start() {
	mkdir -p "$T/smtp"
	_try=0
	while [ "$_try" -lt 5 ]; do
		_try=$((_try + 1))
		SMTP_PORT=$(free_port) || break
		PYTHONPATH=$ROOT/tests/e2e/lib "$PY" -m aiosmtpd -n \
		    -l "127.0.0.1:$SMTP_PORT" -c smtpsink.Sink "$T/smtp" \
		    > "$T/smtp.log" 2>&1 &
		SINK_PID=$!
		_n=0
		while [ "$_n" -lt 50 ] && kill -0 "$SINK_PID" 2>/dev/null; do
			[ -z "$(ss -Hltn "sport = :$SMTP_PORT")" ] || return 0
			sleep 0.1
			_n=$((_n + 1))
		done
		sink_stop
	done
	return 1
}

# received N: path of the sink's N-th message, once it is there
received() {
	_n=0
	while [ ! -f "$T/smtp/msg.$1" ] && [ "$_n" -lt 50 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
	echo "$T/smtp/msg.$1"
}

post() {	# PATH JSON
	http POST "$BASE$1" -H 'Content-Type: application/json' \
	    --data-binary "$2"
}

for f in "$MSMTP" "$PY"; do
	[ -x "$f" ] || { echo "# $f missing (tools/deps.sh installs it)"; exit 1; }
done
if ! sink_start; then
	t_fail "the SMTP sink starts" "$(cat "$T/smtp.log")"
	exit 1
fi
cat > "$T/msmtprc" <<EOF2
# msmtp for the test: plain SMTP to the sink, no TLS, no authentication
account default
host 127.0.0.1
port $SMTP_PORT
from accounts@example.org
auth off
tls off
EOF2
chmod 0600 "$T/msmtprc"
export ACCOUNTS_SENDMAIL="$MSMTP -C $T/msmtprc -t"
export ACCOUNTS_MAIL_FROM=accounts@example.org ACCOUNTS_EMAIL_VERIFICATION=1
srv_start lighttpd || { sink_stop; exit 1; }
trap 'sink_stop; srv_stop; t_teardown' EXIT

post /api/user/code/ '{"email":"alice@example.org","purpose":"register"}'
t_eq "register code asked through lighttpd -> 200" "200 0" \
    "$STATUS $(json .errno)"
M=$(received 1)
t_eq "the sink received it" yes "$([ -f "$M" ] && echo yes || echo no)"
t_eq "the envelope recipient is alice" alice@example.org \
    "$(cat "$M.rcpt" 2>/dev/null)"
t_eq "the received message is well-formed" "" \
    "$(mail_check "$M" alice@example.org)"
t_match "its body arrived as UTF-8 (the en dash intact)" \
    "$(printf '\342\200\223')" "$(cat "$M")"
CODE=$(mail_code "$M")
post /api/user/register/ "{\"username\":\"alice\",\"password\":\"Wonderland-1865\",\"password2\":\"Wonderland-1865\",\"email\":\"alice@example.org\",\"code\":\"$CODE\"}"
t_eq "register with the code that came over SMTP -> 201" "201 0 true" \
    "$STATUS $(json .errno) $(json .data.user.email_verified)"
post /api/user/code/ '{"email":"alice@example.org","purpose":"login"}'
M=$(received 2)
t_eq "a login code over SMTP" "200 yes" \
    "$STATUS $([ -f "$M" ] && echo yes || echo no)"
post /api/user/login/ "{\"email\":\"alice@example.org\",\"code\":\"$(mail_code "$M")\"}"
t_eq "login with it -> 200, alice" "200 alice" \
    "$STATUS $(json .data.user.username)"

# nothing listens any more: msmtp fails, the CGI says so, and keeps no code
sink_stop
post /api/user/code/ '{"email":"alice@example.org","purpose":"login"}'
t_eq "with the SMTP server gone -> 500/1500" "500 1500" \
    "$STATUS $(json .errno)"
t_match "the reason is in the server's log" 'sendmail .*exit status' \
    "$(cat "$T/srv/error.log" "$T/srv/stdout" 2>/dev/null)"
t_eq "no third message" no "$([ -f "$T/smtp/msg.3" ] && echo yes || echo no)"
t_eq "the code whose mail failed is not kept" 0 \
    "$(sqlite3 -batch "$ACCOUNTS_DB" "SELECT count(*) FROM codes WHERE purpose = 'login'")"
