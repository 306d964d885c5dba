# Helpers for the dialect tests tests/e2e/5*-dialect-*.sh: start a real
# server speaking one dialect, send a document's requests as written and
# compare status and body shape.  Source after tests/lib.sh and
# lib/server.sh, then call dialect_start NAME [KIND].

# dialect_start NAME [KIND]: the server (lighttpd unless KIND) with the
# dialect's routing table (accountsctl routes NAME) and ACCOUNTS_DIALECT.
dialect_start() {
	SRV_ROUTES=$T/routes-$1.txt
	"$CTL" routes "$1" > "$SRV_ROUTES" || return 1
	export ACCOUNTS_DIALECT="$1"
	srv_start "${2:-lighttpd}"
	_rc=$?
	unset ACCOUNTS_DIALECT SRV_ROUTES
	return $_rc
}

# send METHOD PATH [CONTENT-TYPE BODY] [curl args...]: one request as a
# document writes it (BODY sent as it is); STATUS, $T/headers, $T/body.
send() {
	_sm=$1 _sp=$2
	shift 2
	if [ $# -ge 2 ]; then
		_st=$1 _sb=$2
		shift 2
		printf '%s' "$_sb" > "$T/send"
		http "$_sm" "$BASE$_sp" -H "Content-Type: $_st" \
		    --data-binary "@$T/send" "$@"
	else
		http "$_sm" "$BASE$_sp" -H 'Content-Length: 0' "$@"
	fi
}

# answer DESC HTTP JSON: the last answer had status HTTP and its body
# equals JSON, both normalised by jq -S (JSON may use jq: $tok stands for
# any token, so write the expected body as a jq filter over .).
answer() {
	t_eq "$1: HTTP $2" "$2" "$STATUS"
	t_eq "$1: body" "$(printf '%s' "$3" | jq -cS . 2>&1)" \
	    "$(jq -cS . < "$T/body" 2>&1)"
}

# shape DESC HTTP JQ: the last answer had status HTTP and the jq test JQ
# holds for its body (for answers with tokens or times in them).
shape() {
	t_eq "$1: HTTP $2" "$2" "$STATUS"
	t_eq "$1: body" true "$(jq -c "$3" < "$T/body" 2>&1)"
}
