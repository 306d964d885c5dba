#!/bin/sh
# Concurrent writers through real lighttpd: E2E_CLIENTS clients (16) at
# once, each registering its own user and then writing update/info
# E2E_WRITES times (5).  Afterwards: no 5xx, every request answered as it
# should be, every user shows its last write, the database is intact, and
# all of it within E2E_TIME_LIMIT seconds (120).
. "$(dirname "$0")/../lib.sh"
t_plan 9
. "$ROOT/tests/e2e/lib/server.sh"
t_setup
srv_start lighttpd || exit 1

N=${E2E_CLIENTS:-16}
W=${E2E_WRITES:-5}
LIMIT=${E2E_TIME_LIMIT:-120}
PW=Concurrent-Pass-1
mkdir -p "$T/c"

# client I: one user's life; "STEP HTTP-STATUS" lines go to $T/c/I.st
client() {
	_o=$T/c/$1
	_s=$(curl -sS --max-time 30 -o "$_o.reg" -w '%{http_code}' \
	    -d "username=client$1" -d "password=$PW" -d "password2=$PW" \
	    "$BASE/api/user/register/")
	echo "register $_s" > "$_o.st"
	_tok=$(jq -r .data.token < "$_o.reg" 2>/dev/null)
	echo "$_tok" > "$_o.tok"
	_w=1
	while [ "$_w" -le "$W" ]; do
		_s=$(curl -sS --max-time 30 -o "$_o.w$_w" -w '%{http_code}' \
		    -H "Authorization: Bearer $_tok" \
		    -d "bio=client$1-write$_w" -d "age=$_w" \
		    "$BASE/api/user/update/info/")
		echo "write $_s" >> "$_o.st"
		_w=$((_w + 1))
	done
}

conc_run() {
	start=$(date +%s)
	pids=
	i=1
	while [ "$i" -le "$N" ]; do
		client "$i" &
		pids="$pids $!"
		i=$((i + 1))
	done
	# a bare `wait` would wait for the server too
	# shellcheck disable=SC2086
	wait $pids
	elapsed=$(($(date +%s) - start))

	cat "$T"/c/*.st > "$T/statuses"
	t_eq "$N clients x $((W + 1)) requests answered" "$((N * (W + 1)))" \
	    "$(wc -l < "$T/statuses" | tr -d ' ')"
	t_eq "no 5xx under $N concurrent clients" "" \
	    "$(grep ' 5[0-9][0-9]$' "$T/statuses" | sort | uniq -c | tr '\n' ' ')"
	t_eq "every register 201 and every write 200" "" \
	    "$(grep -v -e '^register 201$' -e '^write 200$' "$T/statuses" |
	    sort | uniq -c | tr '\n' ' ')"
	t_eq "finished within $LIMIT s (took $elapsed s)" yes \
	    "$([ "$elapsed" -le "$LIMIT" ] && echo yes || echo no)"

	# Every user reads back its own last write through the server.
	bad=
	i=1
	while [ "$i" -le "$N" ]; do
		http GET "$BASE/api/user/me/" \
		    -H "Authorization: Bearer $(cat "$T/c/$i.tok")"
		got="$STATUS $(json .data.user.username) $(json .data.user.profile.bio) $(json .data.user.profile.age)"
		[ "$got" = "200 client$i client$i-write$W $W" ] || bad="$bad [$got]"
		i=$((i + 1))
	done
	t_eq "every user shows its last write" "" "$bad"

	# The database itself, once the server is gone.
	srv_stop
	t_eq "users in the database" "$N" \
	    "$(sqlite3 "$ACCOUNTS_DB" "SELECT count(*) FROM users WHERE username LIKE 'client%'")"
	t_eq "bios in the database are the last writes" "$N" \
	    "$(sqlite3 "$ACCOUNTS_DB" "SELECT count(*) FROM users WHERE bio = username || '-write$W'")"
	t_eq "PRAGMA integrity_check" ok \
	    "$(sqlite3 "$ACCOUNTS_DB" 'PRAGMA integrity_check')"
	t_eq "PRAGMA foreign_key_check" "" \
	    "$(sqlite3 "$ACCOUNTS_DB" 'PRAGMA foreign_key_check')"
}

conc_run | tee "$T/tap"
! grep -q '^not ok' "$T/tap" || srv_log
