#!/bin/sh
# The request frame, run directly on the CGI binaries: the response
# envelope, methods (405 + Allow), body limits and Content-Length rules,
# content types and charsets, malformed and hostile bodies in the three
# encodings, field typing, unknown and duplicate fields, SQL
# metacharacters as plain data, header injection, an unusable database.
. "$(dirname "$0")/../lib.sh"
t_plan 151
t_setup

. "$(dirname "$0")/lib/helpers.sh"

register alice '"email":"alice@example.com"'
t_eq "setup: alice registered" "201 0" "$STATUS $(json .errno)"
ALICE=$TOKEN
AUTH="HTTP_AUTHORIZATION=Bearer $ALICE"
nusers() { q "SELECT count(*) FROM users"; }

# --- methods -----------------------------------------------------------
# allow NAME WRONG_METHOD SERVED: 405, errno 1013, Allow = SERVED (as a
# set; HEAD beside GET tolerated); a fourth argument is the PATH_INFO
allow() {
	noin "$1" "$2" PATH_INFO="${4:-}"
	t_eq "$1 $2 -> 405/1013" "405 1013" "$STATUS $(json .errno)"
	_a=$(header Allow | tr -d ' ' | tr ',' '\n' | grep -vx HEAD | sort |
	    tr '\n' ' ')
	t_eq "$1 $2: Allow lists $3" "$3 " "$_a"
}
allow user-register GET "POST"
allow user-login PUT "POST"
allow user-logout GET "POST"
allow auth-refresh GET "POST"
allow user-me POST "DELETE GET"
allow user-me PATCH "DELETE GET"
allow user-update-info PATCH "POST PUT"
allow user-update-info GET "POST PUT"
allow user-update-avatar PUT "POST"
allow user-changepwd DELETE "POST PUT"
allow users-avatar POST "GET" /1
allow users-avatar DELETE "GET" /1
allow user-login BREW "POST"
allow user-login OPTIONS "POST"
# the method is refused before the body is looked at
p '%s' '{}'; call user-login GET CONTENT_TYPE=text/plain
t_eq "405 wins over a bad Content-Type" "405 1013" "$STATUS $(json .errno)"

for m in GET POST DELETE; do
	noin not-found "$m" PATH_INFO=/api/nothing/here/
	t_eq "not-found $m -> 404/1005" "404 1005" "$STATUS $(json .errno)"
done

# --- Content-Length ----------------------------------------------------
export ACCOUNTS_MAX_BODY=1024
# a JSON login of exactly N bytes (padded with spaces): parsed, wrong login
login_of_size() {
	_j='{"username":"nobody","password":"whatever1"}'
	_pad=$(($1 - ${#_j}))
	{ printf '%s' "$_j"; head -c "$_pad" /dev/zero | tr '\0' ' '; } \
	    > "$T/in"
}
login_of_size 1024
call user-login POST "$JSON"
t_eq "body of exactly ACCOUNTS_MAX_BODY is read (401/1002)" "401 1002" \
    "$STATUS $(json .errno)"
login_of_size 1025
call user-login POST "$JSON"
t_eq "body one byte over ACCOUNTS_MAX_BODY -> 413/1012" "413 1012" \
    "$STATUS $(json .errno)"

# declared too large: answered without reading stdin.  The writer sends
# nothing and holds the pipe open for 3 s; timeout stops the program at
# 2 s.  A complete 413 must be out by then: a program that waited for the
# body first would have printed nothing.  (What it does after answering,
# e.g. draining stdin for the server, is not judged here.)
raw() {	# NAME METHOD VAR=value...: like cgi, but stdin is ours
	_n=$1 _m=$2
	shift 2
	timeout 2 env GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD="$_m" \
	    SERVER_PROTOCOL=HTTP/1.1 REMOTE_ADDR=127.0.0.1 HTTP_HOST=localhost \
	    SERVER_NAME=localhost SERVER_PORT=80 SCRIPT_NAME="/cgi-bin/$_n" \
	    "$@" "$BIN/$_n" > "$T/out"
}
split_out() {
	cgi_split
	echo >> "$T/nresp"
	envelope "$1"
}
sleep 3 | raw user-login POST "$JSON" CONTENT_LENGTH=1025
split_out "user-login POST (body never sent)"
t_eq "CONTENT_LENGTH over the limit: 413/1012 before any body arrives" \
    "413 1012" "$STATUS $(json .errno)"
sleep 3 | raw user-update-avatar POST "$MP" "$AUTH" \
    CONTENT_LENGTH=$((2 * 1024 * 1024 + 64 * 1024 + 1))
split_out "user-update-avatar POST (body never sent)"
t_eq "avatar body over max_avatar + slack: 413/1012 before any body arrives" \
    "413 1012" "$STATUS $(json .errno)"

p '%s' '{}'; call user-login POST "$JSON" \
    CONTENT_LENGTH=99999999999999999999999999999
t_eq "CONTENT_LENGTH beyond size_t -> 413" "413 1012" "$STATUS $(json .errno)"

for cl in abc -5 +5 ' 5' '5 ' 0x5 5.0 1e1 '5,5'; do
	p '%s' '{"a":1}'; call user-login POST "$JSON" CONTENT_LENGTH="$cl"
	t_eq "CONTENT_LENGTH '$cl' -> 400/1006" "400 1006" \
	    "$STATUS $(json .errno)"
done

p '%s' '{"username":"x"}'; call user-login POST "$JSON" CONTENT_LENGTH=40
t_eq "declared length larger than the data (truncated) -> 400/1006" \
    "400 1006" "$STATUS $(json .errno)"
t_match "truncated body: fields name the body" '^body$' \
    "$(json '.fields | keys[]')"
p '%s' 'username=al'; call user-login POST "$FORM" CONTENT_LENGTH=500
t_eq "truncated urlencoded body -> 400/1006" "400 1006" \
    "$STATUS $(json .errno)"

noin user-login POST "$JSON"
t_eq "POST with Content-Type but no CONTENT_LENGTH -> 411" "411" "$STATUS"
noin user-update-info PUT "$FORM" "$AUTH"
t_eq "PUT with Content-Type but no CONTENT_LENGTH -> 411" "411" "$STATUS"

# --- Content-Type ------------------------------------------------------
p '%s' 'username=a&password=b'; call user-login POST \
    CONTENT_TYPE=text/plain
t_eq "text/plain -> 415/1012" "415 1012" "$STATUS $(json .errno)"
p '%s' '{"username":"nobody","password":"x"}'; call user-login POST
t_eq "a body without Content-Type -> 415/1012" "415 1012" \
    "$STATUS $(json .errno)"
p '%s' '{"username":"nobody","password":"x"}'; call user-login POST \
    CONTENT_TYPE=application/json-patch+json
t_eq "application/json-patch+json -> 415" "415 1012" "$STATUS $(json .errno)"
p '%s' '{"username":"nobody","password":"x"}'; call user-login POST \
    "CONTENT_TYPE=application/json; charset=latin1"
t_eq "JSON charset=latin1 -> 415/1012" "415 1012" "$STATUS $(json .errno)"
p '%s' 'username=nobody&password=x'; call user-login POST \
    "CONTENT_TYPE=application/x-www-form-urlencoded; charset=ISO-8859-1"
t_eq "urlencoded charset=ISO-8859-1 -> 415/1012" "415 1012" \
    "$STATUS $(json .errno)"
p '%s' '{"username":"nobody","password":"whatever1"}'; call user-login \
    POST 'CONTENT_TYPE=Application/JSON;charset="UTF-8"'
t_eq "Application/JSON;charset=\"UTF-8\" accepted (401/1002)" "401 1002" \
    "$STATUS $(json .errno)"
p '%s' '{"username":"nobody","password":"whatever1"}'; call user-login \
    POST "CONTENT_TYPE=application/json; charset=utf-8"
t_eq "application/json; charset=utf-8 accepted" "401 1002" \
    "$STATUS $(json .errno)"

# --- malformed bodies --------------------------------------------------
bad_json() {	# DESC BODY
	p '%s' "$2"; call user-login POST "$JSON"
	t_eq "$1 -> 400/1006" "400 1006" "$STATUS $(json .errno)"
}
bad_json "unterminated JSON" '{"username":"nobody","password":'
bad_json "JSON array at top level" '[{"username":"nobody","password":"x"}]'
bad_json "JSON string at top level" '"username"'
bad_json "JSON with trailing garbage" '{"username":"nobody","password":"whatever1"} x'
bad_json "two JSON objects" '{"username":"nobody"}{"password":"whatever1"}'
bad_json "single-quoted JSON" "{'username':'nobody','password':'whatever1'}"
bad_json "JSON with a trailing comma" '{"username":"nobody","password":"whatever1",}'
bad_json "deeply nested JSON" \
    '{"username":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}'
p '{"username":"nob\377dy","password":"whatever1"}'
call user-login POST "$JSON"
t_eq "invalid UTF-8 inside a JSON string -> 400/1006" "400 1006" \
    "$STATUS $(json .errno)"

p '%s' 'username=nobody&password=whatever1'
call user-login POST "CONTENT_TYPE=multipart/form-data"
t_eq "multipart without a boundary -> 400/1006" "400 1006" \
    "$STATUS $(json .errno)"
mp_start
mp_file bio bio.txt /dev/null text/plain
mp_end
call user-update-info POST "$MP" "$AUTH"
t_eq "a text field sent as a file -> 400/1006 fields.bio" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("bio")')"
noin user-login POST "QUERY_STRING=username=alice&password=$(printf '%s' "$PW" | sed 's/ /+/g')"
t_eq "credentials in the query string are not a login" "400 1006 null" \
    "$STATUS $(json .errno) $(json .data.token)"

many() {	# N: N distinct urlencoded params
	_i=1
	while [ "$_i" -le "$1" ]; do
		printf 'p%d=1&' "$_i"
		_i=$((_i + 1))
	done
}
many 65 > "$T/in"
call user-login POST "$FORM"
t_eq "65 urlencoded params -> 400/1006" "400 1006" "$STATUS $(json .errno)"
t_eq "65 params: refused as a body, not field by field" "body" \
    "$(json '.fields | keys | join(",")')"
{ printf '{'; _i=1; while [ $_i -le 65 ]; do printf '"p%d":1,' $_i; \
    _i=$((_i + 1)); done; printf '"x":1}'; } > "$T/in"
call user-login POST "$JSON"
t_eq "66 JSON members -> 400/1006" "400 1006" "$STATUS $(json .errno)"
t_eq "66 members: refused as a body" "body" \
    "$(json '.fields | keys | join(",")')"
many 70 > "$T/in"
call user-login GET "QUERY_STRING=$(many 70)"
t_eq "70 query params on GET login still 405 (route first)" "405" "$STATUS"
noin users-avatar GET PATH_INFO=/1 "QUERY_STRING=$(many 65)"
t_eq "65 query params -> 400/1006" "400 1006" "$STATUS $(json .errno)"

for bad in 'username=%zz&password=whatever1' 'username=abc%4' \
    'username=%&password=whatever1' 'username=a%g1b&password=whatever1'; do
	p '%s' "$bad"; call user-login POST "$FORM"
	t_eq "urlencoded bad escape ($bad) -> 400/1006" "400 1006" \
	    "$STATUS $(json .errno)"
done
noin users-avatar GET PATH_INFO=/1 QUERY_STRING=v=%zz
t_eq "bad escape in the query string -> 400/1006" "400 1006" \
    "$STATUS $(json .errno)"

# --- NUL bytes and invalid UTF-8 ---------------------------------------
n0=$(nusers)
p 'username=al%%00ice&password=%s&password2=%s' "$PW" "$PW"
    call user-register POST "$FORM"
t_eq "username with %00 -> 400/1006" "400 1006" "$STATUS $(json .errno)"
t_eq "username with %00: fields.username" "true" \
    "$(json '.fields | has("username")')"
p '{"username":"al\\u0000ice","password":"%s","password2":"%s"}' \
    "$PW" "$PW"
call user-register POST "$JSON"
t_eq "username with \\u0000 -> 400/1006" "400 1006" "$STATUS $(json .errno)"
t_eq "username with \\u0000: fields.username" "true" \
    "$(json '.fields | has("username")')"
mp_start
mp_field username "$(printf 'al\001ice')"
mp_field password "$PW"
mp_field password2 "$PW"
mp_end
call user-register POST "$MP"
t_eq "multipart username with a control byte -> 400 fields.username" \
    "400 1006 true" "$STATUS $(json .errno) $(json '.fields | has("username")')"
t_eq "no user was created by the refused registrations" "$n0" "$(nusers)"

p 'fullname=%%FF'; call user-update-info POST "$FORM" "$AUTH"
t_eq "fullname %FF (urlencoded) -> 400/1006 fields.fullname" \
    "400 1006 true" "$STATUS $(json .errno) $(json '.fields | has("fullname")')"
p 'fullname=%%C0%%AF'; call user-update-info POST "$FORM" "$AUTH"
t_eq "fullname overlong UTF-8 -> 400 fields.fullname" \
    "400 1006 true" "$STATUS $(json .errno) $(json '.fields | has("fullname")')"
p 'fullname=%%ED%%A0%%80'; call user-update-info POST "$FORM" "$AUTH"
t_eq "fullname UTF-8 surrogate -> 400 fields.fullname" \
    "400 1006 true" "$STATUS $(json .errno) $(json '.fields | has("fullname")')"
p 'fullname=a%%0Ab'; call user-update-info POST "$FORM" "$AUTH"
t_eq "fullname with a newline -> 400 fields.fullname" \
    "400 1006 true" "$STATUS $(json .errno) $(json '.fields | has("fullname")')"
mp_start
mp_field fullname "$(printf 'Jos\351 \377')"
mp_end
call user-update-info POST "$MP" "$AUTH"
t_eq "fullname raw invalid UTF-8 (multipart) -> 400 fields.fullname" \
    "400 1006 true" "$STATUS $(json .errno) $(json '.fields | has("fullname")')"
p 'fullname=Jos%%C3%%A9+%%E6%%9D%%8E'; call user-update-info POST "$FORM" \
    "$AUTH"
t_eq "valid UTF-8 fullname accepted and read back" "200 José 李" \
    "$STATUS $(json .data.user.profile.fullname)"

# --- JSON types --------------------------------------------------------
p '{"username":12345,"password":"%s","password2":"%s"}' "$PW" "$PW"
    call user-register POST "$JSON"
t_eq "username as a JSON number -> 400 fields.username" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("username")')"
p '{"username":["bob"],"password":"%s","password2":"%s"}' "$PW" "$PW"
    call user-register POST "$JSON"
t_eq "username as a JSON array -> 400 fields.username" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("username")')"
upd() {	# DESC JSON EXPECT_STATUS [FIELD]
	p '%s' "$2"; call user-update-info POST "$JSON" "$AUTH"
	if [ -n "${4:-}" ]; then
		t_eq "$1" "$3 true" "$STATUS $(json ".fields | has(\"$4\")")"
	else
		t_eq "$1" "$3" "$STATUS"
	fi
}
upd 'age "abc" refused' '{"age":"abc"}' 400 age
upd 'age 30.5 refused' '{"age":30.5}' 400 age
upd 'age 1e1 refused' '{"age":1e1}' 400 age
upd 'age -1 refused' '{"age":-1}' 400 age
upd 'age 151 refused' '{"age":151}' 400 age
upd 'age true refused' '{"age":true}' 400 age
upd 'age 30 accepted' '{"age":30}' 200
t_eq "age 30 read back as a number" "30 number" \
    "$(json .data.user.profile.age) $(json '.data.user.profile.age | type')"
upd 'age "31" (text) accepted' '{"age":"31"}' 200
t_eq "age \"31\" stored as the number 31" "31 number" \
    "$(json .data.user.profile.age) $(json '.data.user.profile.age | type')"
upd 'gender true accepted' '{"gender":true}' 200
t_eq "gender true stored as 1" "1" "$(json .data.user.profile.gender)"
upd 'gender false accepted' '{"gender":false}' 200
t_eq "gender false stored as 0" "0" "$(json .data.user.profile.gender)"
upd 'gender "2" refused' '{"gender":"2"}' 400 gender
upd 'gender 2 refused' '{"gender":2}' 400 gender
upd 'gender "yes" refused' '{"gender":"yes"}' 400 gender
upd 'bio as a nested object refused' '{"bio":{"text":"hi"}}' 400 bio
upd 'bio as an array refused' '{"bio":["hi"]}' 400 bio
upd 'bio as a number refused' '{"bio":42}' 400 bio
upd 'occupation as a string of letters refused' '{"occupation":"x"}' 400 \
    occupation
noin user-me GET "$AUTH"
t_eq "refused updates left age and gender alone" "31 0" \
    "$(json .data.user.profile.age) $(json .data.user.profile.gender)"

# --- unknown and duplicate fields --------------------------------------
p '{"username":"nobody","password":"whatever1","nickname":"x"}'
    call user-login POST "$JSON"
t_eq "JSON unknown field -> 400/1006" "400 1006" "$STATUS $(json .errno)"
t_eq "JSON unknown field named in fields" "true" \
    "$(json '.fields | has("nickname")')"
p 'bio=x&is_admin=1'; call user-update-info POST "$FORM" "$AUTH"
t_eq "urlencoded unknown field is_admin -> 400 fields.is_admin" \
    "400 1006 true" "$STATUS $(json .errno) $(json '.fields | has("is_admin")')"
mp_start
mp_field bio x
mp_field role admin
mp_end
call user-update-info POST "$MP" "$AUTH"
t_eq "multipart unknown field role -> 400 fields.role" \
    "400 1006 true" "$STATUS $(json .errno) $(json '.fields | has("role")')"
noin user-me GET "$AUTH"
t_eq "refused unknown-field updates changed nothing" "null user" \
    "$(json .data.user.profile.bio) $(json .data.user.role)"
# unknown query fields: the contract only rules on body fields; they may
# be refused (naming them) or ignored (the same answer as without them)
noin users-avatar GET PATH_INFO=/1
without="$STATUS $(json .errno)"
noin users-avatar GET PATH_INFO=/1 QUERY_STRING=size=10
t_match "unknown query field: refused by name, or ignored" \
    "^(400 1006 true|$without false)\$" \
    "$STATUS $(json .errno) $(json '.fields | has("size")?')"

# the contract fixes 400/1006; which key "fields" uses (the field or the
# body) is the parser's choice, so only a non-empty "fields" is required
dup() {	# DESC
	t_eq "$1 -> 400/1006 with fields" "400 1006 true" \
	    "$STATUS $(json .errno) $(json '.fields | length > 0')"
}
p 'bio=first&bio=second'; call user-update-info POST "$FORM" "$AUTH"
dup "urlencoded duplicate field"
p '{"bio":"first","bio":"second"}'; call user-update-info POST "$JSON" \
    "$AUTH"
dup "JSON duplicate key"
p '{"bio":"first","bio":null}'; call user-update-info POST "$JSON" "$AUTH"
dup "JSON duplicate key, the second null"
mp_start
mp_field bio first
mp_field bio second
mp_end
call user-update-info POST "$MP" "$AUTH"
dup "multipart duplicate field"
noin user-me GET "$AUTH"
t_eq "no duplicate got through (bio still unset)" "null" \
    "$(json .data.user.profile.bio)"
noin users-avatar GET PATH_INFO=/1 QUERY_STRING='v=1&v=2'
t_eq "duplicate query field -> 400/1006" "400 1006" "$STATUS $(json .errno)"

# --- SQL metacharacters are data ---------------------------------------
p '{"username":"o'"'"'brien--","password":"%s","password2":"%s"}' \
    "$PW" "$PW"
call user-register POST "$JSON"
t_eq "username o'brien-- refused by the username rule" "400 1006 true" \
    "$STATUS $(json .errno) $(json '.fields | has("username")')"
BOBBY="Robert'); DROP TABLE users;--"
register bobby "\"fullname\":\"$BOBBY\",\"bio\":\"1' OR '1'='1\""
t_eq "fullname with SQL in it: registered" "201" "$STATUS"
BOBBY_TOKEN=$TOKEN
noin user-me GET "HTTP_AUTHORIZATION=Bearer $BOBBY_TOKEN"
t_eq "fullname read back verbatim" "$BOBBY" "$(json .data.user.profile.fullname)"
t_eq "bio read back verbatim" "1' OR '1'='1" "$(json .data.user.profile.bio)"
t_eq "users table still there, with its users" "1 2" \
    "$(q "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'") $(nusers)"
t_eq "stored fullname is the literal text" "$BOBBY" \
    "$(q "SELECT fullname FROM users WHERE username = 'bobby'")"
p '{"username":"%s","password":"x%s"}' "alice' OR '1'='1" "' OR '1'='1"
    call user-login POST "$JSON"
t_eq "login with SQL in username and password -> 401/1002" "401 1002" \
    "$STATUS $(json .errno)"
p '{"username":"%s","password":"%s"}' "alice'--" "$PW"
    call user-login POST "$JSON"
t_eq "login as alice'-- -> 401/1002" "401 1002" "$STATUS $(json .errno)"
p '{"username":"%%","password":"%s"}' "$PW"; call user-login POST "$JSON"
t_eq "login as % (LIKE wildcard) -> 401/1002" "401 1002" "$STATUS $(json .errno)"

# --- header injection --------------------------------------------------
INJ=$(printf 'evil\r\nX-Injected: 1\r\nSet-Cookie: sid=attacker')
p '{"username":"alice","password":"%s"}' "$PW"; call user-login POST \
    "$JSON" "HTTP_USER_AGENT=$INJ"
t_eq "login with CR LF in User-Agent still succeeds" "200" "$STATUS"
t_nomatch "no injected header from User-Agent" '^(X-Injected|Set-Cookie: sid=attacker)' \
    "$(tr -d '\r' < "$T/headers")"
noin user-me GET "HTTP_COOKIE=sid=$ALICE$INJ" "HTTP_X_AUTH_TOKEN=$INJ"
t_nomatch "no injected header from Cookie / X-Auth-Token" '^(X-Injected|Set-Cookie: sid=attacker)' \
    "$(tr -d '\r' < "$T/headers")"
p '%s' '{}'; call auth-refresh POST "$JSON" "HTTP_COOKIE=rid=x$INJ" \
    "HTTP_ORIGIN=http://localhost$INJ"
t_nomatch "no injected header from rid cookie / Origin" '^(X-Injected|Set-Cookie: sid=attacker)' \
    "$(tr -d '\r' < "$T/headers")"
noin users-avatar GET "PATH_INFO=/1$INJ" "QUERY_STRING=v=%0d%0aX-Injected:%201"
t_nomatch "no injected header from PATH_INFO / query" '^(X-Injected|Set-Cookie: sid=attacker)' \
    "$(tr -d '\r' < "$T/headers")"
noin not-found GET "PATH_INFO=/x$INJ"
t_nomatch "no injected header on not-found" '^(X-Injected|Set-Cookie: sid=attacker)' \
    "$(tr -d '\r' < "$T/headers")"

# --- the database is missing or at the wrong version --------------------
noin user-me GET "$AUTH" "ACCOUNTS_DB=$T/missing.db" 2> "$T/err"
t_eq "missing database -> 503/1503" "503 1503" "$STATUS $(json .errno)"
t_match "missing database: the details go to the error log" 'missing\.db' \
    "$(cat "$T/err")"
t_eq "the missing database was not created" "no" \
    "$(test -e "$T/missing.db" && echo yes || echo no)"
sqlite3 "$ACCOUNTS_DB" ".backup '$T/old.db'"
sqlite3 "$T/old.db" 'PRAGMA user_version = 999'
p '{"username":"alice","password":"%s"}' "$PW"; call user-login POST \
    "$JSON" "ACCOUNTS_DB=$T/old.db" 2> "$T/err"
t_eq "database at another schema version -> 503/1503" "503 1503" \
    "$STATUS $(json .errno)"
t_match "wrong schema version: the details go to the error log" '999' \
    "$(cat "$T/err")"

envelope_report
