#!/bin/sh
# The hospital dialect through lighttpd: every example request of its
# document (docs/dialects/hospital.md, section 4, H1-H14) as written,
# status and body shape; the flow of a second user (register, log in, use
# the token, change the password with the document's PUT, log out); the
# refresh that does not rotate (the same refresh token twice, dead after
# logout and after a password change); what the document leaves to the
# native rules; and the same database served natively afterwards.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/dialect.sh"
t_plan 235
t_setup
printf '%s\n' 'admin-pass-1' | "$CTL" -d "$ACCOUNTS_DB" user add admin \
    --role admin > /dev/null || t_fail "accountsctl user add admin"
ADMIN=$(sqlite3 "$ACCOUNTS_DB" "SELECT id FROM users WHERE username = 'admin'")
dialect_start hospital || exit 1
J=application/json
TOKRE='test("^[A-Za-z0-9_-]{43}$")'
TIMERE='test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")'
DENIED='{"detail": "您没有执行该操作的权限。"}'
NOTFOUND='{"detail": "未找到。"}'
NOCRED='{"detail": "身份认证信息未提供。"}'
BADTOKEN='{"detail": "Given token not valid for any token type", "code": "token_not_valid"}'
BADREFRESH='{"detail": "Token is invalid or expired", "code": "token_not_valid"}'
WWWAUTH='Bearer realm="api"'
# auth TOKEN: the header of the document's authentication
auth() { printf 'Authorization: Bearer %s' "$1"; }
# call METHOD PATH [curl args...]: a request without a body
call() { _cm=$1 _cp=$2; shift 2; http "$_cm" "$BASE$_cp" "$@"; }

send POST /api/auth/ $J '{"username": "admin", "password": "admin-pass-1"}'
A=$(json .access)
t_match "fixture: the admin's access token A" '^[A-Za-z0-9_-]{43}$' "$A"

# H1 register (verbatim), first without occupation 34, then with it
H1='{
    "username": "test1",
    "password": "password1",
    "email": "email1@test.com",
    "profile": {
        "gender": 0,
        "occupation": 34,
        "age": 18,
        "name": "name",
        "identify_id": "100000190001010001",
        "phone": "18888888888",
        "address": "address1"
    }
}'
send POST /api/users/ $J "$H1"
answer "H1 without occupation 34" 400 \
    '{"profile": {"occupation": ["无效主键 “34” － 对象不存在。"]}}'
sqlite3 "$ACCOUNTS_DB" \
    "INSERT INTO occupations (id, name, created_at) VALUES (34, 'nurse', 0)"
send POST /api/users/ $J "$H1"
USER_SHAPE='(keys == ["email", "id", "profile", "username"]) and
    (.profile | keys == ["address", "age", "create_time", "creator",
    "gender", "identify_id", "modifier", "modify_time", "name",
    "name_pinyin", "occupation", "phone", "user"])'
shape "H1 register" 200 "$USER_SHAPE and .username == \"test1\" and
    .email == \"email1@test.com\" and .profile.age == 18 and
    .profile.name == \"name\" and .profile.name_pinyin == null and
    .profile.gender == 0 and .profile.identify_id == \"100000190001010001\"
    and .profile.phone == \"18888888888\" and
    .profile.address == \"address1\" and (.profile.create_time | $TIMERE)
    and (.profile.modify_time | $TIMERE) and .profile.user == .id and
    .profile.occupation == 34 and .profile.creator == .id and
    .profile.modifier == null"
N=$(json .id)
cp "$T/body" "$T/h1"
t_eq "H1: no session, no login record" "0 0" \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT count(*) FROM sessions WHERE user_id = $N") $(sqlite3 \
    "$ACCOUNTS_DB" "SELECT count(*) FROM user_logs WHERE user_id = $N")"
t_eq "H1: role user, email unverified, stored as native fields" \
    "user|0|name|0|34" "$(sqlite3 "$ACCOUNTS_DB" "SELECT r.name,
    u.email_verified, u.fullname, u.gender, u.occupation_id FROM users u
    JOIN roles r ON r.id = u.role_id WHERE u.id = $N")"
send POST /api/users/ $J "$H1"
answer "H1 the same body again" 400 \
    '{"username": ["已存在一位使用该名字的用户。"]}'

# H2 verbatim: no user called username
send POST /api/auth/ $J '{
    "username": "username",
    "password": "password"
}'
answer "H2 unknown user" 401 \
    '{"detail": "No active account found with the given credentials"}'
t_eq "H2: WWW-Authenticate" "$WWWAUTH" "$(header WWW-Authenticate)"

# H3 login as test1
send POST /api/auth/ $J '{"username": "test1", "password": "password1"}'
shape "H3 login" 200 "keys == [\"access\", \"refresh\"] and
    (.refresh | $TOKRE) and (.access | $TOKRE)"
R1=$(json .refresh) T1=$(json .access)
t_match "H3: rid cookie set" '^rid=[A-Za-z0-9_-]{43};' \
    "$(grep -i '^set-cookie: *rid=' "$T/headers" | sed 's/^[^:]*: *//')"

# H4 blank credentials
send POST /api/auth/ $J '{"username": "", "password": ""}'
answer "H4 blank credentials" 400 \
    '{"username": ["该字段不能为空。"], "password": ["该字段不能为空。"]}'

# H5 refresh: the document's JWT, then R1
send POST /api/auth/refresh/ $J '{"refresh": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCIsImV4cCI6MTU3Njg5NjAwNywianRpIjoiMThmZDU3MzMxNzQ0NGM4ZGIzNTU4MTllYjE4MjUyYTEiLCJ1c2VyX2lkIjo3fQ.-xBt27NlNZ_fJYbar0es62pQZoZp9IhDcS01U3fpIYo"}'
answer "H5 the document's token" 401 "$BADREFRESH"
t_eq "H5: WWW-Authenticate" "$WWWAUTH" "$(header WWW-Authenticate)"
EXPIRES=$(sqlite3 "$ACCOUNTS_DB" "SELECT refresh_expires FROM sessions WHERE user_id = $N")
send POST /api/auth/refresh/ $J "{\"refresh\": \"$R1\"}"
shape "H5 refresh with R1" 200 "keys == [\"access\"] and (.access | $TOKRE)
    and .access != \"$T1\""
T2=$(json .access)
t_eq "H5: the rid cookie is left alone, sid is the new token" "0 1" \
    "$(grep -ci '^set-cookie: *rid=' "$T/headers") $(grep -ci "^set-cookie: *sid=$T2;" "$T/headers")"
t_eq "H5: the refresh expiry is still the login's" "$EXPIRES" \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT refresh_expires FROM sessions WHERE user_id = $N")"
call GET "/api/users/$N/" -H "$(auth "$T1")"
answer "H5: T1 is refused afterwards" 401 "$BADTOKEN"
t_eq "... with WWW-Authenticate" "$WWWAUTH" "$(header WWW-Authenticate)"

# H6 the fragment as the whole body
send POST /api/auth/refresh/ $J '"refresh": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCIsImV4cCI6MTU3Njg5NjAwNywianRpIjoiMThmZDU3MzMxNzQ0NGM4ZGIzNTU4MTllYjE4MjUyYTEiLCJ1c2VyX2lkIjo3fQ.-xBt27NlNZ_fJYbar0es62pQZoZp9IhDcS01U3fpIYo"'
answer "H6 a fragment" 400 '{"detail": "请求体格式错误。"}'

# H7 one user
call GET "/api/users/$N/" -H "$(auth "$T2")"
shape "H7 itself" 200 "$USER_SHAPE and (del(.profile.modify_time) ==
    $(jq -c 'del(.profile.modify_time)' "$T/h1"))"
call GET "/api/users/$ADMIN/" -H "$(auth "$T2")"
answer "H7 another user" 403 "$DENIED"
call GET /api/users/999999/ -H "$(auth "$A")"
answer "H7 an admin, unknown id" 404 "$NOTFOUND"

# H8 all users
call GET /api/users/
answer "H8 anonymous" 401 "$NOCRED"
t_eq "H8: WWW-Authenticate" "$WWWAUTH" "$(header WWW-Authenticate)"
call GET /api/users/ -H "$(auth "$T2")"
answer "H8 a user" 403 "$DENIED"
call GET /api/users/ -H "$(auth "$A")"
shape "H8 an admin: a bare array by id" 200 "length == 2 and
    (.[0] | .id == $ADMIN and .username == \"admin\" and .email == \"\" and
    .profile.creator == $ADMIN) and (.[1] | .id == $N and
    .username == \"test1\" and .email == \"email1@test.com\") and
    all(.[]; $USER_SHAPE)"

# H9 update by the user itself (verbatim body, the unchanged password)
HASH=$(sqlite3 "$ACCOUNTS_DB" "SELECT password_hash FROM users WHERE id = $N")
send PUT "/api/users/$N/" $J '{
    "password": "password1",
    "email": "email1@test.com",
    "profile": {
        "gender": 0,
        "occupation": 34,
        "age": 18,
        "name": "name",
        "identify_id": "100000190001010001",
        "phone": "18888888888",
        "address": "address1"
    }
}' -H "$(auth "$T2")"
shape "H9 update itself" 200 "$USER_SHAPE and .id == $N and
    .profile.modifier == $N and .profile.name == \"name\""
t_eq "H9: the unchanged password changed nothing" "$HASH" \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT password_hash FROM users WHERE id = $N")"
call GET "/api/users/$N/" -H "$(auth "$T2")"
shape "H9: no session revoked (T2 works)" 200 ".id == $N"

# H10 groups (verbatim bodies)
GROUP='{
    "name": "group1",
    "profile": {
        "location": "location1",
        "contact_phone": "18888888881"
    }
}'
GROUP_SHAPE='(keys == ["id", "name", "profile"]) and (.profile | keys ==
    ["contact_phone", "create_time", "creator", "group", "location",
    "modifier", "modify_time"])'
send POST /api/groups/ $J "$GROUP" -H "$(auth "$A")"
shape "H10 create a group" 200 "$GROUP_SHAPE and .name == \"group1\" and
    .profile.location == \"location1\" and
    .profile.contact_phone == \"18888888881\" and .profile.group == .id and
    .profile.creator == $ADMIN and .profile.modifier == $ADMIN and
    (.profile.create_time | $TIMERE)"
G=$(json .id)
send POST /api/groups/ $J "$GROUP" -H "$(auth "$T2")"
answer "H10 create as a user" 403 "$DENIED"
send POST /api/groups/ $J "$GROUP" -H "$(auth "$A")"
answer "H10 the same name again" 400 '{"name": ["该名称已存在。"]}'
call GET /api/groups/ -H "$(auth "$T2")"
shape "H10 list" 200 "length == 1 and (.[0] | $GROUP_SHAPE and .id == $G)"
call GET "/api/groups/$G/"
answer "H10 get without credentials" 401 "$NOCRED"
send PUT "/api/groups/$G/" $J "$GROUP" -H "$(auth "$A")"
shape "H10 update" 200 "$GROUP_SHAPE and .id == $G and
    .profile.modifier == $ADMIN"
sqlite3 "$ACCOUNTS_DB" "INSERT INTO group_members (group_id, user_id,
    member_role, joined_at) VALUES ($G, $N, 'member', 0)"
call GET "/api/groups/$G/users/" -H "$(auth "$T2")"
shape "2.14 users of a group, as a member" 200 "length == 1 and
    (.[0] | $USER_SHAPE and .id == $N)"
call GET "/api/users/$N/groups/" -H "$(auth "$T2")"
shape "2.15 groups of a user: flat" 200 "length == 1 and (.[0] | keys ==
    [\"contact_phone\", \"create_time\", \"creator\", \"id\", \"location\",
    \"modifier\", \"modify_time\", \"name\"] and .id == $G)"
call DELETE "/api/groups/$G/" -H "$(auth "$A")"
answer "H10 delete" 200 '{}'
call GET "/api/groups/$G/" -H "$(auth "$A")"
answer "H10 get the deleted group" 404 "$NOTFOUND"

# H11 occupations (verbatim bodies)
send POST /api/occupations/ $J '{
    "name": "name"
}' -H "$(auth "$A")"
shape "H11 create" 200 'keys == ["id", "name"] and .name == "name"'
O=$(json .id)
call GET "/api/occupations/$O/" -H "$(auth "$T2")"
answer "H11 get" 200 "{\"id\": $O, \"name\": \"name\"}"
send PUT "/api/occupations/$O/" $J '{
    "name": "name"
}' -H "$(auth "$T2")"
answer "H11 update as a user" 403 "$DENIED"
call GET /api/occupations/ -H "$(auth "$T2")"
answer "2.16 all occupations, by id" 200 \
    "[{\"id\": 34, \"name\": \"nurse\"}, {\"id\": $O, \"name\": \"name\"}]"
call GET /api/occupations/34/users/ -H "$(auth "$A")"
shape "H11 users of occupation 34" 200 "length == 1 and
    (.[0] | $USER_SHAPE and .id == $N and .username == \"test1\")"
call DELETE /api/occupations/34/ -H "$(auth "$A")"
answer "H11 delete occupation 34" 200 '{}'
call GET "/api/users/$N/" -H "$(auth "$T2")"
shape "H11: afterwards the user's occupation is null" 200 \
    ".profile.occupation == null"

# H12 login records and black list
call GET /api/user-logs/ -H "$(auth "$A")"
LOG_SHAPE='keys == ["id", "ip", "operate_time", "operation", "operator", "user"]'
shape "H12 all login records" 200 "length == 2 and
    all(.[]; $LOG_SHAPE and .operation == 0 and .ip == \"127.0.0.1\" and
    (.operate_time | $TIMERE)) and (map(.user) == [$ADMIN, $N]) and
    (map(.id) == (map(.id) | sort))"
t_eq "H12: the failed login of H2 is stored (natively shown)" 1 \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT count(*) FROM user_logs WHERE operation = 2")"
FAILED=$(sqlite3 "$ACCOUNTS_DB" "SELECT id FROM user_logs WHERE operation = 2")
J1=$(sqlite3 "$ACCOUNTS_DB" "SELECT min(id) FROM user_logs WHERE user_id = $N")
call GET "/api/users/$N/user-logs/" -H "$(auth "$T2")"
shape "H12 the records of a user" 200 "length == 1 and
    all(.[]; $LOG_SHAPE and .user == $N and .operation == 0 and
    .operator == $N) and .[0].id == $J1"
call GET "/api/user-logs/$J1/" -H "$(auth "$T2")"
answer "H12 one record as a user" 403 "$DENIED"
call GET "/api/user-logs/$J1/" -H "$(auth "$A")"
shape "2.23 one record as an admin" 200 "$LOG_SHAPE and .id == $J1"
call GET "/api/user-logs/$FAILED/" -H "$(auth "$A")"
answer "2.23 a failed login's record is not found" 404 "$NOTFOUND"
call GET /api/black-list/ -H "$(auth "$A")"
answer "H12 black list" 200 '[]'

# the refresh token again (no rotation): T2 ends, T3 lives
send POST /api/auth/refresh/ $J "{\"refresh\": \"$R1\"}"
shape "R1 works a second time" 200 "keys == [\"access\"] and
    (.access | $TOKRE) and .access != \"$T2\""
T3=$(json .access)
call GET "/api/users/$N/" -H "$(auth "$T2")"
answer "... and T2 is refused" 401 "$BADTOKEN"

# H13 logout, then the refresh token is dead
call GET /api/auth/logout/ -H "$(auth "$T3")"
answer "H13 logout" 200 '{}'
t_eq "H13: a logout record" 1 \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT count(*) FROM user_logs WHERE user_id = $N AND operation = 1")"
send POST /api/auth/refresh/ $J "{\"refresh\": \"$R1\"}"
answer "H13 refresh after logout" 401 "$BADREFRESH"
call GET /api/auth/logout/ -H "$(auth "$T3")"
answer "H13 logout again" 401 "$BADTOKEN"
call GET /api/user-logs/ -H "$(auth "$A")"
shape "H12 again: logins and the logout, no failed login" 200 \
    "(map(.operation) | sort) == [0, 0, 1] and
    all(.[]; .id != $FAILED)"

# H14 delete a user
call DELETE "/api/users/$N/" -H "$(auth "$A")"
answer "H14 delete" 200 '{}'
call DELETE "/api/users/$N/" -H "$(auth "$A")"
answer "H14 delete again" 404 "$NOTFOUND"

# The flow of another user: register, log in (twice), use the token,
# change the password with the PUT, log out.
send POST /api/users/ $J '{"username": "nurse2", "password": "nurse2-pass-1", "email": "", "profile": {"name": "Li Hua", "gender": 1}}'
shape "flow: register" 200 "$USER_SHAPE and .username == \"nurse2\" and
    .email == \"\" and .profile.name == \"Li Hua\" and .profile.gender == 1"
U=$(json .id)
send POST /api/auth/ $J '{"username": "nurse2", "password": "nurse2-pass-1"}'
RA=$(json .refresh) TA=$(json .access)
send POST /api/auth/ $J '{"username": "nurse2", "password": "nurse2-pass-1"}'
RB=$(json .refresh) TB=$(json .access)
t_match "flow: two logins" '^[A-Za-z0-9_-]{43} [A-Za-z0-9_-]{43}$' "$TA $TB"
call GET "/api/users/$U/" -H "$(auth "$TA")"
shape "flow: the token on the next call" 200 ".id == $U and
    .profile.creator == $U"
send PUT "/api/users/$U/" $J '{"password": "short"}' -H "$(auth "$TA")"
answer "flow: a short password" 400 '{"password": ["密码长度至少为 8 个字符。"]}'
send PUT "/api/users/$U/" $J '{"password": "nurse2-pass-2"}' -H "$(auth "$TA")"
shape "flow: PUT a new password" 200 ".id == $U and .profile.modifier == $U"
call GET "/api/users/$U/" -H "$(auth "$TB")"
answer "flow: the other session is revoked" 401 "$BADTOKEN"
send POST /api/auth/refresh/ $J "{\"refresh\": \"$RB\"}"
answer "flow: ... its refresh token too" 401 "$BADREFRESH"
call GET "/api/users/$U/" -H "$(auth "$TA")"
shape "flow: the caller's session stays" 200 ".id == $U"
send POST /api/auth/refresh/ $J "{\"refresh\": \"$RA\"}"
shape "flow: the caller's refresh token works" 200 '.access | '"$TOKRE"
TA=$(json .access)
send POST /api/auth/refresh/ $J "{\"refresh\": \"$RA\"}"
shape "flow: ... twice" 200 '.access | '"$TOKRE"
TA=$(json .access)
send POST /api/auth/ $J '{"username": "nurse2", "password": "nurse2-pass-1"}'
answer "flow: the old password fails" 401 \
    '{"detail": "No active account found with the given credentials"}'
send POST /api/auth/ $J '{"username": "nurse2", "password": "nurse2-pass-2"}'
shape "flow: the new password logs in" 200 '.access | '"$TOKRE"
TC=$(json .access) RC=$(json .refresh)
call GET /api/auth/logout/ -H "$(auth "$TA")"
answer "flow: logout" 200 '{}'
send POST /api/auth/refresh/ $J "{\"refresh\": \"$RA\"}"
answer "flow: the logged-out refresh token is dead" 401 "$BADREFRESH"
send POST /api/auth/refresh/ $J "{\"refresh\": \"$RC\"}"
shape "flow: another session's refresh token still works" 200 \
    '.access | '"$TOKRE"
TC=$(json .access)

# Input rules of the document
send PUT "/api/users/$U/" $J "$(jq -c '.profile.name = "Li Hua 2" |
    .profile.occupation = null | del(.email)' "$T/h1")" -H "$(auth "$TC")"
shape "a fetched user sent back: answer-only keys are ignored" 200 \
    ".id == $U and .username == \"nurse2\" and .profile.name == \"Li Hua 2\""
send PUT "/api/users/$U/" $J '{"name": "x", "profile": {"nickname": "y"}}' -H "$(auth "$TC")"
answer "unknown keys, top-level and nested" 400 \
    '{"name": ["未知字段。"], "profile": {"nickname": ["未知字段。"]}}'
send PUT "/api/users/$U/" $J '{"profile": "x"}' -H "$(auth "$TC")"
answer "profile not an object" 400 '{"profile": ["无效数据，应为对象。"]}'
send PUT "/api/users/$U/" $J '{"profile": null}' -H "$(auth "$TC")"
answer "profile null" 400 '{"profile": ["该字段不能为 null。"]}'
send PUT "/api/users/$U/" $J '{"profile": {"age": 151, "gender": 2, "occupation": "x", "name": 7}}' -H "$(auth "$TC")"
answer "profile values refused, each in DRF's words" 400 \
    '{"profile": {"age": ["请确保该值小于或者等于 150。"], "gender": ["“2” 不是合法选项。"], "occupation": ["请填写合法的整数值。"], "name": ["不是有效的字符串。"]}}'
send PUT "/api/users/$U/" $J '{"profile": {"age": -1, "phone": "call me"}, "email": "nope"}' -H "$(auth "$TC")"
answer "more refused values" 400 \
    '{"profile": {"age": ["请确保该值大于或者等于 0。"], "phone": ["请输入合法的电话号码。"]}, "email": ["请输入合法的邮件地址。"]}'
send POST /api/users/ $J '{"username": "x", "password": "short", "email": null}'
answer "register: every syntax error together" 400 \
    '{"username": ["请输入合法的用户名。只能包含字母、数字和 _ . - 字符，且以字母或数字开头，长度 3 到 32。"], "password": ["密码长度至少为 8 个字符。"]}'
send POST /api/users/ $J '{"password": "password1"}'
answer "register: a missing username" 400 '{"username": ["该字段是必填项。"]}'
send POST /api/users/ $J '{"username": "other1", "password": "password1", "email": "EMAIL1@test.com", "profile": {"name": "x"}}'
shape "register: the email of a deleted user is free again" 200 \
    '.username == "other1"'
send POST /api/users/ $J '{"username": "other2", "password": "password1", "email": "EMAIL1@test.com"}'
answer "register: a taken email" 400 '{"email": ["该邮箱已被使用。"]}'
send POST /api/users/ $J '{"username": "x", "password": "password1", "role": "admin"}'
answer "register: no role field" 400 '{"role": ["未知字段。"]}'
send POST /api/auth/ $J '{"username": "nurse2"}'
answer "login: a missing field" 400 '{"password": ["该字段是必填项。"]}'
send POST /api/auth/ $J '{"profile": {"username": "nurse2", "password": "nurse2-pass-2"}}'
answer "login: a profile object is no place for fields" 400 \
    '{"profile": {"username": ["未知字段。"], "password": ["未知字段。"]}}'
send POST /api/auth/refresh/ $J '{}'
answer "refresh: no token" 400 '{"refresh": ["该字段是必填项。"]}'
send POST /api/auth/refresh/ $J '{"refresh": ""}'
answer "refresh: a blank token" 400 '{"refresh": ["该字段不能为空。"]}'
send POST /api/users/ $J '{"username": "admin2", "password": "password1"}' \
    -H "$(auth "$A")"
shape "register by an admin: the admin is its creator" 200 \
    ".profile.creator == $ADMIN"
send POST /api/users/ $J '{"username": "admin3", "password": "password1"}' \
    -H "$(auth "$T1")"
answer "register with a dead token: refused as DRF does" 401 "$BADTOKEN"

# What the document leaves to the native rules
send PATCH "/api/users/$U/" $J '{"email": "a@b.cn"}' -H "$(auth "$TC")"
answer "a method the document does not have" 405 \
    '{"detail": "方法 “PATCH” 不被允许。"}'
t_eq "405: Allow" "GET, PUT, DELETE" "$(header Allow)"
call DELETE /api/auth/ -H "$(auth "$TC")"
answer "DELETE on the login path" 405 '{"detail": "方法 “DELETE” 不被允许。"}'
call GET /api/user/me/ -H "$(auth "$TC")"
answer "native paths are not served" 404 "$NOTFOUND"
call GET /api/roles/ -H "$(auth "$A")"
answer "... nor native endpoints the document lacks" 404 "$NOTFOUND"
send POST /api/auth/ text/plain 'username=nurse2'
answer "another media type" 415 \
    '{"detail": "不支持请求中的媒体类型 “text/plain”。"}'
send POST /api/auth/ application/x-www-form-urlencoded \
    'username=nurse2&password=nurse2-pass-2'
shape "a form login (top-level fields)" 200 '.access | '"$TOKRE"
call DELETE "/api/users/$U/" -H "$(auth "$TC")"
answer "delete a user as a user: 403 (not in the document's list)" 403 \
    "$DENIED"
call GET /api/black-list/ -H "$(auth "$TC")"
answer "the black list as a user: 403" 403 "$DENIED"
sqlite3 "$ACCOUNTS_DB" "INSERT INTO black_list (user_id, reason, join_time,
    is_delete, operator_id) VALUES ($U, 'xxx', 0, 0, $ADMIN)"
sqlite3 "$ACCOUNTS_DB" "UPDATE users SET is_active = 0 WHERE id = $U"
call GET /api/black-list/ -H "$(auth "$A")"
shape "a ban: patient, no operator" 200 "length == 1 and (.[0] | keys ==
    [\"id\", \"is_delete\", \"join_time\", \"patient\", \"reason\"] and
    .patient == $U and .reason == \"xxx\" and .is_delete == 0)"
call GET "/api/users/$U/" -H "$(auth "$TC")"
answer "the token of a disabled user" 401 \
    '{"detail": "User is inactive", "code": "user_inactive"}'
send POST /api/auth/ $J '{"username": "nurse2", "password": "nurse2-pass-2"}'
answer "login of a disabled user: simplejwt's text" 401 \
    '{"detail": "No active account found with the given credentials"}'
sqlite3 "$ACCOUNTS_DB" "UPDATE users SET is_active = 1 WHERE id = $U;
    DELETE FROM black_list"
for i in 1 2 3; do
	send POST /api/occupations/ $J "{\"name\": \"occupation $i\"}" \
	    -H "$(auth "$A")"
done
for i in $(seq 1 105); do echo "INSERT INTO users (username, password_hash,
    role_id, created_at, updated_at) VALUES ('bulk$i', 'x', 2, 0, 0);"
done | sqlite3 "$ACCOUNTS_DB"
"$CTL" -d "$ACCOUNTS_DB" reindex	# rows written by hand
call GET '/api/users/?page=2&page_size=1' -H "$(auth "$A")"
shape "lists are whole (more than a native page), page fields ignored" \
    200 "length == $(sqlite3 "$ACCOUNTS_DB" "SELECT count(*) FROM users")
    and (map(.id) == (map(.id) | sort))"
call GET '/api/users/?q=bulk10' -H "$(auth "$A")"
shape "native filters work" 200 \
    '(map(.username) | sort) == ["bulk10", "bulk100", "bulk101", "bulk102", "bulk103", "bulk104", "bulk105"]'
call GET '/api/user-logs/?operation=2' -H "$(auth "$A")"
answer "failed logins are not there even when asked for" 200 '[]'
t_eq "answers are JSON, no-store, nosniff" \
    "application/json; charset=utf-8|no-store|nosniff" \
    "$(header Content-Type)|$(header Cache-Control)|$(header X-Content-Type-Options)"

# Privacy, sessions and limits as the document keeps them
O1=$(sqlite3 "$ACCOUNTS_DB" "SELECT id FROM users WHERE username = 'other1'")
send POST /api/groups/ $J '{"name": "ward 2"}' -H "$(auth "$A")"
G2=$(json .id)
sqlite3 "$ACCOUNTS_DB" "INSERT INTO group_members (group_id, user_id,
    member_role, joined_at) VALUES ($G2, $U, 'member', 0), ($G2, $O1, 'member', 0)"
call GET "/api/groups/$G2/users/" -H "$(auth "$TC")"
shape "2.14: private profile members only for the caller itself" 200 \
    "length == 2 and (.[] | select(.id == $O1) | .profile |
    has(\"identify_id\") or has(\"phone\") or has(\"address\") | not) and
    (.[] | select(.id == $U) | .profile | has(\"identify_id\") and
    has(\"phone\") and has(\"address\"))"
send POST /api/auth $J '{"username": "other1", "password": "password1"}'
shape "the login path without its trailing slash" 200 '.access | '"$TOKRE"
TO=$(json .access) RO=$(json .refresh)
send PUT "/api/users/$O1/" $J '{"password": "other1-pass-2"}' -H "$(auth "$A")"
shape "an admin sets another user's password" 200 ".id == $O1 and
    .profile.modifier == $ADMIN"
call GET "/api/users/$O1/" -H "$(auth "$TO")"
answer "... which revokes all of its sessions" 401 "$BADTOKEN"
send POST /api/auth/refresh/ $J "{\"refresh\": \"$RO\"}"
answer "... refresh tokens too" 401 "$BADREFRESH"
send POST /api/auth/ $J '{"username": "other1", "password": "other1-pass-2"}'
TO=$(json .access) RO=$(json .refresh)
sqlite3 "$ACCOUNTS_DB" "UPDATE sessions SET refresh_expires = 1
    WHERE user_id = $O1"
send POST /api/auth/refresh/ $J "{\"refresh\": \"$RO\"}"
answer "an expired refresh token" 401 "$BADREFRESH"
send POST /api/auth/ $J '{"username": "other1", "password": "other1-pass-2"}'
TO=$(json .access)
call GET /api/auth/logout/ -H "Cookie: sid=$TO" -H 'Origin: http://evil.example'
answer "a cookie GET logout from another site" 403 \
    '{"detail": "跨站请求被拒绝。"}'
call GET /api/auth/logout/ -H "$(auth "$TO")" -H 'Origin: http://evil.example'
answer "... a Bearer one is never refused for this" 200 '{}'
send POST /api/users/ $J "{\"username\": \"big\", \"password\": \"$(head -c 70000 /dev/zero | tr '\0' a)\"}"
answer "a body over ACCOUNTS_MAX_BODY" 413 '{"detail": "请求体过大。"}'
for i in 1 2 3 4 5; do
	send POST /api/auth/ $J '{"username": "other1", "password": "wrong-pass-1"}'
done
answer "five wrong passwords" 401 \
    '{"detail": "No active account found with the given credentials"}'
send POST /api/auth/ $J '{"username": "other1", "password": "other1-pass-2"}'
answer "the sixth login is throttled" 429 '{"detail": "请求超过了限速。"}'
t_match "429: Retry-After" '^[0-9]+$' "$(header Retry-After)"

# The same database natively
srv_stop
srv_start lighttpd || exit 1
http POST "$BASE/api/user/login/" -d username=nurse2 -d password=nurse2-pass-2
t_eq "the user registered through hospital logs in natively" "200 0" \
    "$STATUS $(json .errno)"
NT=$(json .data.token)
http GET "$BASE/api/user/me/" -H "Authorization: Bearer $TC"
t_eq "a hospital token works natively" "200 nurse2" \
    "$STATUS $(json .data.user.username)"
http GET "$BASE/api/users/$U/" -H "Authorization: Bearer $NT"
t_eq "natively: fullname and updated_by as the hospital PUTs left them" \
    "Li Hua 2|$U" "$(json '[.data.user.profile.fullname, .data.user.updated_by] | join("|")')"
http GET "$BASE/api/users/" -H "Authorization: Bearer $A"
t_eq "natively the list is paged again" "200 20 20" \
    "$STATUS $(json .data.page_size) $(json '.data.results | length')"
http GET "$BASE/api/user-logs/?operation=2" -H "Authorization: Bearer $A"
t_eq "natively the failed logins are shown" "200 true" \
    "$STATUS $(json '.data.count >= 3')"
http POST "$BASE/api/users/" -H "Authorization: Bearer $NT" \
    -d username=nouser -d password=password1
t_eq "natively POST /api/users/ is still admin creation" "403 1004" \
    "$STATUS $(json .errno)"
http POST "$BASE/api/auth/refresh/" -d "refresh_token=$RC"
t_eq "natively a refresh rotates" "200 true" \
    "$STATUS $(json "(.data.refresh_token | $TOKRE) and .data.refresh_token != \"$RC\"")"
http PUT "$BASE/api/users/$U/" -H "Authorization: Bearer $NT" \
    -d password=password9
t_eq "natively a user cannot PUT its password" "403 1004" \
    "$STATUS $(json .errno)"
