#!/bin/sh
# Group uploads through lighttpd (apache/lighttpd.conf.in): see
# lib/uploads.sh.  Then the same server with ACCOUNTS_SENDFILE=1, where
# lighttpd sends the stored bytes itself (X-Sendfile).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/uploads.sh"
t_plan $((UPLOADS_PLAN + 5))
t_setup
uploads_env
srv_start lighttpd || exit 1

sendfile_run() {
	srv_stop
	export ACCOUNTS_SENDFILE=1
	srv_start lighttpd || return 1
	G=$(mkgroup sendfile "$A_ID:member")
	up_post "$A" "$G" voice "$F/a.wav"
	id=$(json .data.id)
	up_get "$A" "$id"
	t_eq "X-Sendfile: 200 audio/x-wav, the same bytes, its length" \
	    "200 audio/x-wav same $(wc -c < "$F/a.wav" | tr -d ' ')" \
	    "$STATUS $(header Content-Type) $(cmp -s "$T/body" "$F/a.wav" && echo same) $(header Content-Length)"
	t_eq "X-Sendfile: our headers kept, the path not shown" \
	    "nosniff|default-src 'none'; sandbox|inline|no" \
	    "$(header X-Content-Type-Options)|$(header Content-Security-Policy)|$(header Content-Disposition | cut -d';' -f1)|$(grep -qi '^x-sendfile' "$T/headers" && echo yes || echo no)"
	etag=$(header ETag)
	t_match "X-Sendfile: our ETag" '^"[0-9a-f]{32}\.wav-[0-9a-f]+"$' "$etag"
	up_get "$A" "$id" -H "If-None-Match: $etag"
	t_eq "X-Sendfile: If-None-Match -> 304" "304" "$STATUS"
	up_get "$A" "$id" -H 'Range: bytes=0-9'
	t_eq "X-Sendfile: Range -> 206 from the program, 10 bytes" \
	    "206 bytes 0-9/$(wc -c < "$F/a.wav" | tr -d ' ') 10" \
	    "$STATUS $(header Content-Range) $(wc -c < "$T/body" | tr -d ' ')"
}

# not in a pipeline: sendfile_run restarts the server, which must stay
# this shell's
uploads_run > "$T/tap"
cat "$T/tap"
sendfile_run > "$T/tap2"
cat "$T/tap2"
! grep -q '^not ok' "$T/tap" "$T/tap2" || srv_log
