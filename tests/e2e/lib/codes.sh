# Mailed codes and throttling through a real server at $BASE: source
# after tests/lib.sh, lib/server.sh and tests/mail.sh; call codes_env
# before srv_start (the server passes the settings on to the CGIs), then
# codes_run, which makes CODES_PLAN checks.  Codes are read out of the
# mail the capturing sendmail kept (tests/mail.sh).

CODES_PLAN=33

codes_env() {
	mail_setup
	export ACCOUNTS_EMAIL_VERIFICATION=1
	export ACCOUNTS_MAIL_FROM=accounts@example.org
	export ACCOUNTS_THROTTLE_LOGIN=3/60
}

# post PATH JSON [curl args...]
post() {
	_pp=$1 _pj=$2
	shift 2
	http POST "$BASE$_pp" -H 'Content-Type: application/json' \
	    --data-binary "$_pj" "$@"
}
# expect DESC "HTTP ERRNO"
expect() { t_eq "$1" "$2" "$STATUS $(json .errno)"; }
code_for() {	# EMAIL PURPOSE: asks, then CODE from the newest mail
	post /api/user/code/ "{\"email\":\"$1\",\"purpose\":\"$2\"}"
	CODE=$(mail_code "$(mail_last)")
}
auth() { printf 'Authorization: Bearer %s' "$1"; }

codes_run() {
	PWA=Wonderland-1865
	# --- registration with a code ---------------------------------------
	post /api/user/code/ '{"email":"alice@example.org","purpose":"register"}'
	expect "code for a new address" "200 0"
	cp "$T/body" "$T/sent-body"
	t_eq "one mail, well-formed" "1:" \
	    "$(mail_count):$(mail_check "$(mail_last)" alice@example.org)"
	CODE=$(mail_code "$(mail_last)")
	post /api/user/register/ "{\"username\":\"alice\",\"password\":\"$PWA\",\"password2\":\"$PWA\",\"email\":\"alice@example.org\",\"code\":\"$CODE\"}"
	expect "register with the mailed code" "201 0"
	t_eq "the email is verified" true "$(json .data.user.email_verified)"
	TOK=$(json .data.token)
	post /api/user/register/ "{\"username\":\"alice2\",\"password\":\"$PWA\",\"password2\":\"$PWA\",\"email\":\"alice@example.org\",\"code\":\"$CODE\"}"
	expect "the code a second time" "400 1008"
	post /api/user/register/ "{\"username\":\"alice3\",\"password\":\"$PWA\",\"password2\":\"$PWA\",\"email\":\"alice3@example.org\"}"
	expect "register without a code (verification on)" "400 1006"

	# --- one answer for every address -----------------------------------
	n=$(mail_count)
	post /api/user/code/ '{"email":"alice@example.org","purpose":"register"}'
	t_eq "register code for a taken address: the same body" same \
	    "$(cmp -s "$T/body" "$T/sent-body" && echo same || echo differ)"
	post /api/user/code/ '{"email":"nobody@example.org","purpose":"login"}'
	t_eq "login code for an unknown address: the same body" same \
	    "$(cmp -s "$T/body" "$T/sent-body" && echo same || echo differ)"
	t_eq "no mail for either" "$n" "$(mail_count)"
	http POST "$BASE/api/user/code/" \
	    --data-binary 'email=a%40example.org%0D%0ABcc%3A+x%40example.org&purpose=login'
	expect "CR LF in the email (urlencoded)" "400 1006"
	post /api/user/code/ '{"email":"a@example.org\nBcc: x@example.org","purpose":"login"}'
	expect "LF in the email (JSON)" "400 1006"
	t_eq "no mail for them" "$n" "$(mail_count)"

	# --- login by code ---------------------------------------------------
	code_for alice@example.org login
	t_eq "a login code to alice, well-formed" "" \
	    "$(mail_check "$(mail_last)" alice@example.org)"
	post /api/user/login/ "{\"email\":\"alice@example.org\",\"code\":\"$CODE\"}"
	expect "login by email and code" "200 0"
	t_match "... sets the sid cookie" '^sid=' \
	    "$(grep -i '^set-cookie: sid=' "$T/headers" | sed 's/^[^:]*: *//')"
	post /api/user/login/ "{\"email\":\"alice@example.org\",\"code\":\"$CODE\"}"
	expect "the login code again" "400 1008"

	# --- change of name and email ---------------------------------------
	post /api/user/changename/ '{"new_name":"alicia"}' -H "$(auth "$TOK")"
	expect "changename" "200 0"
	t_eq "the new name" alicia "$(json .data.user.username)"
	post /api/user/changename/ '{"new_name":"alicia"}'
	expect "changename without a token" "401 1003"
	code_for alice@wonderland.example change_email
	t_eq "a change_email code to the new address, well-formed" "" \
	    "$(mail_check "$(mail_last)" alice@wonderland.example)"
	post /api/user/changeemail/ "{\"new_email\":\"alice@wonderland.example\",\"code\":\"$CODE\"}" \
	    -H "$(auth "$TOK")"
	expect "changeemail with the code" "200 0"
	t_eq "the new email, verified" "alice@wonderland.example true" \
	    "$(json .data.user.email) $(json .data.user.email_verified)"

	# --- password reset ---------------------------------------------------
	code_for alice@wonderland.example reset_password
	t_eq "a reset code, well-formed" "" \
	    "$(mail_check "$(mail_last)" alice@wonderland.example)"
	post /api/user/resetpwd/ "{\"email\":\"alice@wonderland.example\",\"code\":\"$CODE\",\"new_pwd\":\"Looking-Glass-1871\"}"
	expect "resetpwd with the code" "200 0"
	http GET "$BASE/api/user/me/" -H "$(auth "$TOK")"
	expect "the session before the reset is revoked" "401 1011"
	post /api/user/login/ '{"username":"alicia","password":"Looking-Glass-1871"}'
	expect "login with the new password" "200 0"

	# --- throttling ------------------------------------------------------
	for i in 1 2 3; do
		post /api/user/login/ '{"username":"alicia","password":"wrong-password"}'
	done
	expect "three wrong passwords" "401 1002"
	post /api/user/login/ '{"username":"alicia","password":"Looking-Glass-1871"}'
	expect "the fourth try, even the right password" "429 1009"
	t_match "... with Retry-After" '^[0-9]+$' "$(header Retry-After)"
	code_for alice@wonderland.example login
	post /api/user/login/ "{\"email\":\"alice@wonderland.example\",\"code\":\"$CODE\"}"
	expect "a mailed code still logs alice in" "200 0"

	code_for bob@example.org register
	post /api/user/register/ "{\"username\":\"bob\",\"password\":\"$PWA\",\"password2\":\"$PWA\",\"email\":\"bob@example.org\",\"code\":\"$CODE\"}"
	expect "bob registers" "201 0"
	i=0
	while [ "$i" -lt 8 ]; do
		curl -sS -o "$T/burst.$i" -w '%{http_code}\n' -X POST \
		    -H 'Content-Type: application/json' \
		    --data-binary '{"username":"bob","password":"wrong-password"}' \
		    "$BASE/api/user/login/" > "$T/burst.$i.status" &
		i=$((i + 1))
	done
	wait
	t_eq "eight parallel wrong passwords (limit 3): 3 checked, 5 refused" \
	    "3 5" "$(cat "$T"/burst.[0-9].status | grep -c '^401$') $(cat "$T"/burst.[0-9].status | grep -c '^429$')"
	t_eq "the refusals are errno 1009" 5 \
	    "$(cat "$T"/burst.[0-9] | grep -c '"errno":1009')"
}
