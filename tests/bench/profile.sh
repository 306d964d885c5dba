#!/bin/sh
# Where GET /api/user/me/ spends its time, to explain the `make bench`
# figures: build/cgi-bin/user-me run directly (no web server) with a CGI
# environment and a valid bearer token, against build/bench/hello.
#
#   sh tests/bench/profile.sh      (after make all build/bench/hello)
#
# 1. CPU time per execution, perf stat -r N (software counters: a VM
#    often has no hardware ones), or else a timed loop of N executions:
#    user-me GET (also on a copy of the database switched from WAL to
#    journal_mode=truncate), hello, user-me PUT (answers 405 before
#    opening the database: the process floor of a static CGI) and a
#    static hello.
# 2. perf record (cpu-clock samples) over N executions of user-me and
#    of hello: kernel against user time, hottest symbols, system calls.
# 3. callgrind: instructions of one execution, total and by stage.
# Steps whose tool is missing are skipped.  PROFILE_RUNS (200) sets N;
# PROFILE_BIN another directory of executables (an experimental build);
# KEEP=1 keeps the temporary directory (perf.*.data, callgrind.out.*).
. "$(dirname "$0")/../lib.sh"

BIN=${PROFILE_BIN:-$BIN}
HELLO=$ROOT/build/bench/hello
ME=$BIN/user-me
N=${PROFILE_RUNS:-200}
for p in "$ME" "$BIN/user-register" "$HELLO"; do
	[ -x "$p" ] ||
	    { echo "profile: $p missing: make all build/bench/hello" >&2; exit 1; }
done

export ACCOUNTS_HASH_COST=1
t_setup
printf 'username=bench&password=bench+password+1&password2=bench+password+1' \
    > "$T/register"
cgi user-register POST CONTENT_TYPE=application/x-www-form-urlencoded \
    < "$T/register"
TOKEN=$(json .data.token)
[ "$STATUS" = 201 ] && [ -n "$TOKEN" ] && [ "$TOKEN" != null ] || {
	echo "profile: register answered $STATUS" >&2
	cat "$T/body" >&2
	exit 1
}

# Roughly what mod_cgi passes (the values do not matter to user-me).
export GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET SERVER_PROTOCOL=HTTP/1.1 \
    REMOTE_ADDR=127.0.0.1 REMOTE_PORT=40000 HTTP_HOST=127.0.0.1 \
    SERVER_NAME=127.0.0.1 SERVER_ADDR=127.0.0.1 SERVER_PORT=8080 \
    SCRIPT_NAME=/api/user-me REQUEST_URI=/api/user/me/ QUERY_STRING= \
    HTTP_USER_AGENT=wrk HTTP_AUTHORIZATION="Bearer $TOKEN"
"$ME" < /dev/null > "$T/out"
grep -q '"username":"bench"' "$T/out" || {
	echo "profile: user-me did not answer the user:" >&2
	cat "$T/out" >&2
	exit 1
}
echo "profile: $ME answers 200 with the user"
echo "profile: (direct executions on a fresh database in $T)"

have_perf() { command -v perf >/dev/null 2>&1 && perf "$@" >/dev/null 2>&1; }
cc -O2 -static -o "$T/hello-static" "$ROOT/tests/bench/hello.c" 2>/dev/null ||
    rm -f "$T/hello-static"

# The same database in rollback-journal mode, to compare with WAL.
cp "$ACCOUNTS_DB" "$T/truncate.db" && [ ! -e "$ACCOUNTS_DB-wal" ] &&
    command -v sqlite3 >/dev/null 2>&1 &&
    sqlite3 "$T/truncate.db" "PRAGMA journal_mode=truncate" >/dev/null ||
    rm -f "$T/truncate.db"

# --- 1. CPU time per execution -------------------------------------------
echo
if have_perf stat -e task-clock true; then
	echo "== perf stat -r $N: CPU time (task-clock) per execution =="
	# cpu LABEL PROGRAM [VAR=value...]
	cpu() {
		_l=$1 _p=$2
		shift 2
		env "$@" perf stat -r "$N" -x, \
		    -e task-clock,page-faults,instructions "$_p" \
		    < /dev/null 2> "$T/stat" > /dev/null
		awk -F, -v name="$_l" '
		$3 == "task-clock" { ms = $1; var = $4 }
		$3 == "page-faults" { pf = $1 }
		$3 ~ /^instructions/ { ins = $1 }
		END {
			printf "  %-36s %6.3f ms (+-%s) %4d page faults", \
			    name ":", ms, var, pf
			if (ins ~ /^[0-9]/) printf " %d instructions", ins
			printf "\n"
		}' "$T/stat"
	}
else
	echo "== $N executions in a loop: wall time per execution, fork included =="
	cpu() {
		_l=$1 _p=$2
		shift 2
		_t0=$(date +%s%N)
		env "$@" sh -c 'i=0; while [ $i -lt '"$N"' ]; do
		    "$0" </dev/null >/dev/null; i=$((i+1)); done' "$_p"
		_t1=$(date +%s%N)
		echo "$(( (_t1 - _t0) / N ))" |
		    awk -v name="$_l" '{ printf "  %-36s %6.3f ms\n", name ":", $1 / 1e6 }'
	}
fi
cpu "user-me GET /api/user/me/" "$ME"
[ ! -f "$T/truncate.db" ] ||
    cpu "user-me GET, journal_mode=truncate" "$ME" ACCOUNTS_DB="$T/truncate.db"
cpu "hello (the bench's floor)" "$HELLO"
cpu "user-me PUT (405, no database)" "$ME" REQUEST_METHOD=PUT
[ ! -x "$T/hello-static" ] || cpu "hello linked -static -O2" "$T/hello-static"

# --- 2. perf record: kernel against user, symbols, system calls -----------
if have_perf record -o "$T/probe.data" -e cpu-clock true; then
	for p in "$ME" "$HELLO"; do
		c=${p##*/}
		perf record -q -g -o "$T/perf.$c.data" -e cpu-clock -F 20000 \
		    -- sh -c 'i=0; while [ $i -lt '"$N"' ]; do
		    "$0" </dev/null >/dev/null; i=$((i+1)); done' "$p" \
		    > /dev/null 2>&1 || continue
		echo
		echo "== perf record over $N executions of $c: its CPU samples =="
		perf report -i "$T/perf.$c.data" --comm "$c" --stdio \
		    --percentage relative --no-children --sort sym -g none \
		    2> /dev/null | awk '
		$2 == "[k]" { k += $1 } $2 == "[.]" { u += $1 }
		$2 ~ /^\[/ && n < 14 {
			top = top sprintf("    %6.2f%% %s %s\n", $1, $2, $3); n++ }
		END {
			printf "  kernel %.0f%%, user space %.0f%%; hottest (self):\n%s", k, u, top
		}'
		echo "  exec, exit, page faults and system calls (inclusive):"
		perf report -i "$T/perf.$c.data" --comm "$c" --stdio \
		    --percentage relative --children --sort sym -g none \
		    2> /dev/null | awk '
		$4 ~ /^__x64_sys_|^bprm_execve$|^asm_exc_page_fault$|^do_exit$/ &&
		    $1 + 0 >= 0.5 {
			s = $4; sub(/^__x64_sys_/, "", s)
			printf "    %6.2f%% %s\n", $1, s
		}'
	done
fi

# --- 3. callgrind: instructions of one execution ---------------------------
command -v valgrind >/dev/null 2>&1 || exit 0
echo
echo "== callgrind: instructions (Ir) of one execution =="
for p in "$ME" "$HELLO"; do
	c=${p##*/}
	valgrind --tool=callgrind --callgrind-out-file="$T/callgrind.out.$c" \
	    "$p" < /dev/null > /dev/null 2> "$T/vg.$c" || continue
	sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$T/vg.$c" |
	    awk -v n="$c" '{ printf "  %-8s %9d Ir\n", n ":", $1 }'
done
command -v callgrind_annotate >/dev/null 2>&1 || exit 0
total=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$T/vg.user-me")
# annotate [--inclusive=yes]: "Ir<TAB>function" lines, biggest first
annotate() {
	callgrind_annotate --threshold=100 "$@" "$T/callgrind.out.user-me" \
	    2> /dev/null | sed -n '/file:function/,$p' | sed 1,2d |
	    sed -n 's/^ *\([0-9,]*\) *([^)]*) *[^:]*:\(.*\) \[.*$/\1	\2/p' |
	    tr -d ,
}
annotate --inclusive=yes > "$T/incl"
echo "  user-me, by stage (inclusive Ir, % of the execution; a stage"
echo "  may contain the ones below it):"
for f in '(below main)' __libc_start_main_impl _dl_relocate_static_pie \
    __libc_setup_tls __libc_init_first _dl_non_dynamic_init \
    __tunables_init init_cacheinfo _nettle_fat_init __libc_csu_init \
    call_init main cgi_run cfg_load req_init req_body db_open \
    sqlite3_open_v2 connection_setup user_version sqlite3Init \
    sqlite3InitOne authenticate sess_auth fields_check \
    cgi_answer_user user_get_by_id user_json resp_send \
    json_object_to_json_string_ext db_close sqlite3_close \
    sqlite3_prepare_v2 sqlite3_step sqlite3Malloc sqlite3_free \
    sqlite3_mutex_enter sqlite3_mutex_leave pthread_mutex_lock \
    malloc free pw_verify crypt_rn crypt_ra yescrypt exit; do
	awk -F'	' -v f="$f" -v t="$total" '$2 == f && $1 >= 1000 && !seen++ {
		printf "    %-32s %9d %5.1f%%\n", f, $1, 100 * $1 / t }' "$T/incl"
done
echo "  user-me, self, top 20:"
annotate | head -n 20 | awk -F'	' -v t="$total" '{
	printf "    %-32s %9d %5.1f%%\n", $2, $1, 100 * $1 / t }'
if grep -qi 'yescrypt\|crypt_r' "$T/incl"; then
	echo "  WARNING: yescrypt/crypt ran during GET /api/user/me/"
else
	echo "  (no yescrypt/crypt during GET /api/user/me/, as expected)"
fi
