#!/bin/sh
# tests/run.sh judged on fake test files (tests/runner/fake/): one that
# passes, and one for each way a file can fail: a not ok, stopping short
# of its plan, dying by SIGABRT after all its checks (a shell script and
# a C program on unit.h, whose output must survive the crash), no plan,
# exit 1 after all its checks.  Each bad one alone makes run.sh fail with
# the right reason.
. "$(dirname "$0")/../lib.sh"
t_plan 14
t_setup
cd "$ROOT" || exit 1
F=tests/runner/fake
ulimit -c 0 2>/dev/null	# no core files from the crashing fakes

# verdict FILE...: "EXIT | SUMMARY | FAILED FILES (joined by ' / ')" of
# tests/run.sh on those files; its whole output stays in $T/out.
verdict() {
	sh tests/run.sh "$@" > "$T/out" 2>&1
	printf '%s | %s | %s' "$?" \
	    "$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$T/out")" \
	    "$(sed -n '/^failed files:$/,$p' "$T/out" | sed '1d; s/^  //' |
	    awk 'NR > 1 { printf " / " } { printf "%s", $0 }')"
}

t_eq "a passing file: exit 0, its checks counted, no failed file" \
    "0 | 2 passed, 0 failed | " "$(verdict $F/pass.sh)"
t_eq "a not ok: exit 1, counted as failed" \
    "1 | 1 passed, 1 failed | $F/not-ok.sh: 1 not ok" \
    "$(verdict $F/not-ok.sh)"
t_eq "a failure's not ok line and diagnostic are shown, its ok lines not" \
    "    not ok - second|    #   expected: x" \
    "$(grep -E 'first|second|expected' "$T/out" | tr '\n' '|' | sed 's/|$//')"
t_eq "stopping short of the plan, exit 0" \
    "1 | 2 passed, 0 failed | $F/early.sh: planned 5, ran 2" \
    "$(verdict $F/early.sh)"
t_eq "SIGABRT after all checks" \
    "1 | 2 passed, 0 failed | $F/abort.sh: killed by SIGABRT" \
    "$(verdict $F/abort.sh)"
t_eq "no plan" "1 | 2 passed, 0 failed | $F/no-plan.sh: no plan" \
    "$(verdict $F/no-plan.sh)"
t_eq "exit 1 after all checks" "1 | 2 passed, 0 failed | $F/exit1.sh: exit 1" \
    "$(verdict $F/exit1.sh)"

# A unit test crashing after some checks: what it printed reaches the
# runner (PLAN makes stdout line-buffered), and the crash is reported.
cc -Iinclude -Itests/unit -o "$T/test-abort" $F/abort.c > "$T/cc" 2>&1 ||
    cat "$T/cc" >&2
t_eq "unit.h program aborting after 2 of 3 checks: both lines and the signal seen" \
    "1 | 2 passed, 0 failed | $T/test-abort: planned 3, ran 2; killed by SIGABRT" \
    "$(verdict "$T/test-abort")"

t_eq "all together: every bad file listed with its reason, the good one not" \
    "1 | 11 passed, 1 failed | $F/not-ok.sh: 1 not ok / $F/early.sh: planned 5, ran 2 / $F/abort.sh: killed by SIGABRT / $F/no-plan.sh: no plan / $F/exit1.sh: exit 1" \
    "$(verdict $F/pass.sh $F/not-ok.sh $F/early.sh $F/abort.sh \
    $F/no-plan.sh $F/exit1.sh)"
t_eq "the per-file lines: pass for the good file, FAIL for the others" \
    "pass 1 FAIL 5" \
    "pass $(grep -c '^pass ' "$T/out") FAIL $(grep -c '^FAIL ' "$T/out")"

t_match "a missing file fails" "^1 \\| 0 passed, 0 failed \\| $F/none\\.sh: no plan; exit " \
    "$(verdict $F/none.sh)"
t_match "a unit test named by its source runs build/tests/<name>" \
    '^0 \| [1-9][0-9]* passed, 0 failed \| $' \
    "$(verdict tests/unit/test-time.c)"
t_match "... and so does the same by its binary" \
    '^0 \| [1-9][0-9]* passed, 0 failed \| $' \
    "$(verdict build/tests/test-time)"
t_eq "a unit test not built fails" \
    "1 | 0 passed, 0 failed | tests/unit/test-none.c: no plan; exit 127" \
    "$(verdict tests/unit/test-none.c)"
