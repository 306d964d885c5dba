# Group uploads through a real server at $BASE (source after tests/lib.sh
# and lib/server.sh, start a server, then call uploads_run; it makes
# UPLOADS_PLAN checks): each kind with a file of its type, the bytes
# served back identical, refused types and sizes, who may, ranges and
# ETags, deleting, a group's deletion sweeping its files, a client that
# goes away half-way, and a 100 MiB file.  The server must run with
# ACCOUNTS_MAX_IMAGE and ACCOUNTS_MAX_VOICE set to UPLOADS_SMALL and the
# default ACCOUNTS_MAX_FILE (100 MiB): uploads_env exports them.

UPLOADS_PLAN=37
UPLOADS_SMALL=65536

. "$ROOT/tests/cgi/lib/fixtures.sh"
. "$ROOT/tests/cgi/lib/groups.sh"

uploads_env() {
	export ACCOUNTS_MAX_IMAGE=$UPLOADS_SMALL ACCOUNTS_MAX_VOICE=$UPLOADS_SMALL
	unset ACCOUNTS_MAX_FILE
}

# The CGIs run as the server's user: rows written here in SQL must leave
# the database's files theirs.
up_chown() {
	[ "$(id -u)" -ne 0 ] ||
	    chown "$SRV_USER:$SRV_GROUP" "$ACCOUNTS_DB"* 2>/dev/null
	:
}
GROUPS_AFTER_SQL=up_chown

up_auth() { printf 'Authorization: Bearer %s' "$1"; }

# up_reg NAME: registers NAME through the server; prints "id token"
up_reg() {
	http POST "$BASE/api/user/register/" -d "username=$1" \
	    -d "password=Upload-Pass-1" -d "password2=Upload-Pass-1"
	echo "$(json .data.user.id) $(json .data.token)"
}

# up_post TOKEN GROUP KIND FILE [NAME [TYPE]]: multipart upload
up_post() {
	http POST "$BASE/api/groups/$2/uploads/" -H "$(up_auth "$1")" \
	    -F "kind=$3" \
	    -F "file=@$4;filename=${5:-$(basename "$4")};type=${6:-application/octet-stream}"
}

# up_get TOKEN ID [curl args...]: the file's bytes into $T/body
up_get() {
	_t=$1 _i=$2
	shift 2
	http GET "$BASE/api/files/$_i/" -H "$(up_auth "$_t")" "$@"
}

# up_files: stored files and spool files in the data directory
up_files() { find "$ACCOUNTS_DATA_DIR/files" "$ACCOUNTS_DATA_DIR/tmp" -type f 2>/dev/null | wc -l | tr -d ' '; }
up_rows() { sqlite3 "$ACCOUNTS_DB" "SELECT count(*) FROM uploads"; }

uploads_run() {
	F=$T/fx
	fx_make "$F"
	set -- $(up_reg alice); A_ID=$1 A=$2
	set -- $(up_reg bob); B_ID=$1 BOB=$2
	set -- $(up_reg carol); C_ID=$1 C=$2
	set -- $(up_reg dave); D=$2
	G=$(mkgroup team "$A_ID:member" "$B_ID:manager" "$C_ID:member")
	t_eq "set-up: users registered, a group" "yes" \
	    "$([ -n "$A" ] && [ "$A" != null ] && [ -n "$G" ] && echo yes)"

	# each kind, the bytes back
	for c in "image a.png image/png" "expression a.gif image/gif" \
	    "voice a.wav audio/x-wav" "voice a.ogg audio/ogg" \
	    "file a.pdf application/pdf" "file a.txt text/plain"; do
		set -- $c
		up_post "$A" "$G" "$1" "$F/$2"
		id=$(json .data.id)
		t_eq "$1 $2 -> 201, mime $3" "201 0 $3" \
		    "$STATUS $(json .errno) $(json .data.mime)"
		up_get "$C" "$id"
		t_eq "$2 served back to another member: 200 $3, the same bytes" \
		    "200 $3 same" "$STATUS $(header Content-Type) $(cmp -s "$T/body" "$F/$2" && echo same)"
	done
	t_eq "served with nosniff, a sandboxing CSP, attachment for a file" \
	    "nosniff|default-src 'none'; sandbox|attachment; filename=\"a.txt\"; filename*=UTF-8''a.txt" \
	    "$(header X-Content-Type-Options)|$(header Content-Security-Policy)|$(header Content-Disposition)"

	# refused
	R0="$(up_rows) $(up_files)"
	up_post "$A" "$G" image "$F/a.txt" x.png image/png
	t_eq "text sent as an image -> 415/1012" "415 1012" \
	    "$STATUS $(json .errno)"
	for f in a.html a.svg a.elf; do
		up_post "$A" "$G" file "$F/$f" "$f" text/plain
		t_eq "$f as a file -> 415/1012" "415 1012" \
		    "$STATUS $(json .errno)"
	done
	head -c $((UPLOADS_SMALL + 1)) /dev/zero | cat "$F/a.png" - > "$T/big.png"
	up_post "$A" "$G" image "$T/big.png"
	t_eq "image over ACCOUNTS_MAX_IMAGE -> 413/1012" "413 1012" \
	    "$STATUS $(json .errno)"
	{ cat "$F/a.wav"; head -c "$UPLOADS_SMALL" /dev/urandom; } > "$T/big.wav"
	up_post "$A" "$G" voice "$T/big.wav"
	t_eq "voice over ACCOUNTS_MAX_VOICE -> 413/1012" "413 1012" \
	    "$STATUS $(json .errno)"
	up_post "$D" "$G" image "$F/a.png"
	t_eq "a non-member uploads -> 403/1004" "403 1004" \
	    "$STATUS $(json .errno)"
	t_eq "refusals left no row, no file" "$R0" "$(up_rows) $(up_files)"
	up_get "$D" "$id"
	t_eq "a non-member downloads -> 403/1004" "403 1004" \
	    "$STATUS $(json .errno)"

	# ranges and ETags, on the voice message
	up_post "$A" "$G" voice "$F/a.wav"
	W=$(json .data.id)
	size=$(wc -c < "$F/a.wav" | tr -d ' ')
	up_get "$A" "$W" -H 'Range: bytes=0-9'
	t_eq "Range bytes=0-9 -> 206, Content-Range, the first 10 bytes" \
	    "206 bytes 0-9/$size same" \
	    "$STATUS $(header Content-Range) $(head -c 10 "$F/a.wav" | cmp -s - "$T/body" && echo same)"
	up_get "$A" "$W" -H 'Range: bytes=-100'
	t_eq "suffix Range bytes=-100 -> 206, the last 100 bytes" \
	    "206 bytes $((size - 100))-$((size - 1))/$size same" \
	    "$STATUS $(header Content-Range) $(tail -c 100 "$F/a.wav" | cmp -s - "$T/body" && echo same)"
	up_get "$A" "$W" -H "Range: bytes=$((size + 10))-"
	t_eq "unsatisfiable Range -> 416, Content-Range bytes */size" \
	    "416 bytes */$size" "$STATUS $(header Content-Range)"
	up_get "$A" "$W"
	etag=$(header ETag)
	rm -f "$T/body"
	up_get "$A" "$W" -H "If-None-Match: $etag"
	t_eq "If-None-Match with its ETag -> 304, no body" "304 0" \
	    "$STATUS $(cat "$T/body" 2>/dev/null | wc -c | tr -d ' ')"

	# deleting
	up_post "$A" "$G" file "$F/a.txt"
	d1=$(json .data.id)
	up_post "$C" "$G" file "$F/a.pdf"
	d2=$(json .data.id)
	http DELETE "$BASE/api/files/$d1/" -H "$(up_auth "$C")"
	t_eq "another member deletes -> 403/1004" "403 1004" \
	    "$STATUS $(json .errno)"
	n0=$(up_files)
	http DELETE "$BASE/api/files/$d1/" -H "$(up_auth "$A")"
	t_eq "the uploader deletes -> 200, one stored file fewer" \
	    "200 $((n0 - 1))" "$STATUS $(up_files)"
	http DELETE "$BASE/api/files/$d2/" -H "$(up_auth "$BOB")"
	t_eq "a manager deletes a member's file -> 200, one fewer again" \
	    "200 $((n0 - 2))" "$STATUS $(up_files)"
	up_get "$A" "$d2"
	t_eq "a deleted file -> 403/1004 to a member" "403 1004" \
	    "$STATUS $(json .errno)"

	# a client that goes away half-way through a 20 MiB upload
	R0="$(up_rows) $(up_files)"
	head -c $((20 * 1024 * 1024)) /dev/urandom > "$T/20m.bin"
	timeout 2 curl -sS -o /dev/null --limit-rate 2M \
	    -H "$(up_auth "$A")" -F kind=file -F "file=@$T/20m.bin" \
	    "$BASE/api/groups/$G/uploads/" 2>/dev/null
	n=0
	while [ "$(up_files) $(up_rows)" != "${R0#* } ${R0%% *}" ] &&
	    [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	t_eq "client gone half-way: no row, no stored or spool file" \
	    "$R0" "$(up_rows) $(up_files)"

	# 100 MiB, the default ACCOUNTS_MAX_FILE, byte for byte
	head -c $((100 * 1024 * 1024)) /dev/urandom > "$T/100m.bin"
	up_post "$A" "$G" file "$T/100m.bin"
	t_eq "a 100 MiB file -> 201, size" "201 104857600" \
	    "$STATUS $(json .data.size)"
	up_get "$C" "$(json .data.id)"
	t_eq "... served back whole, the same bytes" "200 same" \
	    "$STATUS $(cmp -s "$T/body" "$T/100m.bin" && echo same)"
	rm -f "$T/100m.bin" "$T/20m.bin" "$T/body"

	# an admin deletes the group: its rows go, and its files with them
	# once the deletion has committed (the handler sweeps the trash)
	n0=$(up_files)
	rows=$(sqlite3 "$ACCOUNTS_DB" "SELECT count(*) FROM uploads WHERE group_id = $G")
	printf '%s\n' 'the admin password 1' | "$CTL" -d "$ACCOUNTS_DB" \
	    user add root --role admin > /dev/null
	up_chown
	http POST "$BASE/api/user/login/" -d username=root \
	    -d 'password=the admin password 1'
	http DELETE "$BASE/api/groups/$G/" -H "$(up_auth "$(json .data.token)")"
	t_eq "DELETE /api/groups/$G/ by an admin -> 200" 200 "$STATUS"
	t_eq "its $rows rows gone, their files off the disk, no trash left" \
	    "0 $((n0 - rows)) 0" \
	    "$(sqlite3 "$ACCOUNTS_DB" "SELECT count(*) FROM uploads WHERE group_id = $G") $(up_files) $(sqlite3 "$ACCOUNTS_DB" "SELECT count(*) FROM trash")"
	"$CTL" -d "$ACCOUNTS_DB" files check > "$T/check" 2>/dev/null
	t_eq "files check: nothing to report" "" "$(cat "$T/check")"
	up_chown
}
