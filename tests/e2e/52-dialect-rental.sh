#!/bin/sh
# The rental dialect through lighttpd: every request of its document
# (docs/dialects/rental.md, examples R1-R9) as written, status and body
# shape; the examples are its flow: register, log in, use the token
# (X-AUTH-TOKEN) on the edit call, change the password (no logout in the
# document: the old session dies with the password change).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/e2e/lib/server.sh"
. "$ROOT/tests/e2e/lib/dialect.sh"
t_plan 51
t_setup
# the roles the document lets clients pick: tenant may be chosen
sqlite3 "$ACCOUNTS_DB" "INSERT INTO roles (name, is_admin, self_assignable,
    created_at) VALUES ('tenant', 0, 1, 0), ('site admin', 1, 0, 0),
    ('org manager', 0, 0, 0), ('dorm manager', 0, 0, 0)"
dialect_start rental || exit 1
J=application/json
TOKRE='test("^[A-Za-z0-9_-]{43}$")'
TIMERE='test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.000Z$")'
TOKTAR='{"email": "87714526555", "fullname": "Toktar Yernar", "gender": true,
 "password": "toktar-pass-1", "role": "tenant"}'

send POST /api/user/register/ $J "$TOKTAR"
shape "R1 register" 201 ".message == \"тіркелу сәтті болды\" and
    (.token | $TOKRE) and (keys | sort) == [\"message\", \"token\", \"user\"]
    and (.user | keys | sort) == [\"create_time\", \"email\", \"fullname\",
    \"gender\", \"id\", \"role\"] and .user.fullname == \"Toktar Yernar\" and
    .user.email == \"87714526555\" and .user.gender == true and
    .user.role == \"tenant\" and (.user.create_time | $TIMERE)"
ID=$(jq -r .user.id < "$T/body")
R1=$(jq -r .token < "$T/body")
t_match "R1: a username was generated, none given" '^u[0-9a-f]{12}$' \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT username FROM users WHERE id = $ID")"
t_eq "R1: true is stored as male (native 0)" 0 \
    "$(sqlite3 "$ACCOUNTS_DB" "SELECT gender FROM users WHERE id = $ID")"
send POST /api/user/register/ $J "$TOKTAR"
answer "R2 the same email" 400 '{"message": "Email тіркелген"}'
send POST /api/user/register/ $J '{"email": "a@example.kz", "gender": false, "password": "aigerim-pass-1",
 "role": "tenant", "username": "aigerim"}'
answer "R3 an extra field" 400 '{"message": "Сұрау деректері дұрыс емес"}'
send POST /api/user/register/ $J '{"email": "a@example.kz", "gender": false, "password": "aigerim-pass-1"}'
answer "R3 a missing field" 400 '{"message": "Сұрау деректері дұрыс емес"}'
send POST /api/user/register/ $J '{"email": "boss@example.kz", "gender": true, "password": "boss-pass-123",
 "role": "site admin"}'
answer "R4 a role not self-assignable" 400 \
    '{"message": "Бұл рөлді таңдауға болмайды"}'
send POST /api/user/register/ $J '{"email": "x@example.kz", "gender": 1, "password": "x-pass-1234", "role": "tenant"}'
answer "gender 1 (which reads the other way natively) is refused" 400 \
    '{"message": "Сұрау деректері дұрыс емес"}'
send POST /api/user/register/ $J '{"email": "not an email", "gender": true, "password": "x-pass-1234", "role": "tenant"}'
answer "neither an email nor a phone number" 400 '{"message": "Email дұрыс емес"}'
send POST /api/user/register/ $J '{"email": "x@example.kz", "gender": true, "password": "short", "role": "tenant"}'
answer "a short password" 400 \
    '{"message": "Құпия сөз кемінде 8 таңбадан тұруы керек"}'

send POST /api/user/login/ $J '{"email": "87714526555", "password": "toktar-pass-1"}'
shape "R5 login" 200 ".message == \"авторизация сәтті болды\" and
    (.token | $TOKRE) and .user.id == $ID and .user.gender == true and
    .user.email == \"87714526555\" and (.user.create_time | $TIMERE)"
R5=$(jq -r .token < "$T/body")
send POST /api/user/login/ $J '{"email": "87714526555", "password": "wrong-password"}'
answer "R5 wrong password" 400 '{"message": "авторизация сәтсіз болды"}'
send POST /api/user/login/ $J '{"email": "nobody@example.kz", "password": "toktar-pass-1"}'
answer "R5 unknown email" 400 '{"message": "авторизация сәтсіз болды"}'
USERNAME=$(sqlite3 "$ACCOUNTS_DB" "SELECT username FROM users WHERE id = $ID")
send POST /api/user/login/ $J "{\"email\": \"$USERNAME\", \"password\": \"toktar-pass-1\"}"
answer "the generated username is no login" 400 \
    '{"message": "авторизация сәтсіз болды"}'

send PUT /api/user/eidt/ $J '{"fullname": "Yernar Toktar", "gender": true}' \
    -H "X-AUTH-TOKEN: $R5"
answer "R6 edit" 200 '{"message": "өзгерту сәтті болды",
 "user": {"fullname": "Yernar Toktar", "email": "87714526555", "gender": true}}'
send PUT /api/user/eidt/ $J '{"fullname": "Yernar Toktar"}'
answer "R6 edit without a token" 401 '{"message": "Алдымен жүйеге кіріңіз"}'
send POST /api/user/register/ $J '{"email": "a@example.kz", "fullname": "Aigerim", "gender": false,
 "password": "aigerim-pass-1", "role": "tenant"}'
shape "R7 a second account" 201 '.user.gender == false'
send PUT /api/user/eidt/ $J '{"email": "a@example.kz"}' -H "X-AUTH-TOKEN: $R5"
answer "R7 edit to a taken email" 400 '{"message": "Email тіркелген"}'
send PUT /api/user/eidt/ $J '{"email": ""}' -H "X-AUTH-TOKEN: $R5"
answer "the email (the login) is never emptied" 400 \
    '{"message": "Email дұрыс емес"}'

send PUT /api/user/change_password/ $J '{"oldPassword": "wrong-password", "newPassword": "toktar-pass-2"}' \
    -H "X-AUTH-TOKEN: $R5"
answer "R8 wrong old password" 400 '{"message": "Ескі құпия сөз дұрыс емес"}'
send PUT /api/user/change_password/ $J '{"oldPassword": "toktar-pass-1", "newPassword": "toktar-pass-2"}' \
    -H "X-AUTH-TOKEN: $R5"
answer "R8 change password" 200 '{"message": "өзгерту сәтті болды"}'
send PUT /api/user/eidt/ $J '{"fullname": "Yernar Toktar"}' -H "X-AUTH-TOKEN: $R1"
answer "after R8 the token of R1 is refused" 401 \
    '{"message": "Токен жарамсыз немесе мерзімі өткен"}'
send PUT /api/user/eidt/ $J '{"fullname": "Toktar"}' -H "X-AUTH-TOKEN: $R5"
shape "... the token of R5 still works" 200 '.user.fullname == "Toktar"'
send POST /api/user/login/ $J '{"email": "87714526555", "password": "toktar-pass-2"}'
shape "... and the new password logs in" 200 '.user.id == '"$ID"

send POST /api/user/eidt/ $J '{"fullname": "x"}' -H "X-AUTH-TOKEN: $R5"
answer "R9 POST on the PUT path" 405 '{"message": "Бұл әдіске рұқсат жоқ"}'
t_eq "R9: Allow: PUT" PUT "$(header Allow)"
send PUT /api/user/update/info/ $J '{"fullname": "x"}' -H "X-AUTH-TOKEN: $R5"
answer "native paths are not served" 404 '{"message": "Табылмады"}'
