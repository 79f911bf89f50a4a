# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# The checks, temporary directory, exit actions and waiting every shell test
# tier shares (bash; sourced, not run): tests/cli, tests/host, tests/scale,
# tests/vm, tests/install, tests/check-binary.
#
#   pass WHAT                        one fact that holds: "ok   WHAT"
#   fail WHAT [DETAIL]               one that does not: "FAIL WHAT", DETAIL's
#                                    lines indented below it; counted in FAILS
#   verdict WHAT PROBLEMS            pass when PROBLEMS is empty, else fail
#                                    with PROBLEMS as the detail
#   expect_eq WHAT ACTUAL EXPECTED   ACTUAL is EXPECTED, string for string
#   expect_text WHAT EXPECTED ACTUAL a text of several lines, the expected
#                                    one first (as it reads in a test); the
#                                    detail is a diff
#   expect_has WHAT TEXT PART        TEXT contains PART literally
#   expect_line WHAT TEXT LINE       TEXT has LINE as a whole line, literally
#   expect_match WHAT TEXT REGEX     a line of TEXT matches the extended REGEX
#   expect_no_match WHAT TEXT REGEX  no line of TEXT matches it
#   expect_true WHAT COMMAND...      COMMAND succeeds
#   expect_false WHAT COMMAND...     COMMAND fails
#   expect_ms WHAT MS LOW HIGH       LOW <= MS <= HIGH (milliseconds)
#   check_summary NAME               "NAME: P passed, F failed"; status 0
#                                    when no check failed and one passed
#
#   at_exit COMMAND                  run COMMAND (a string, eval'd) when the
#                                    script exits, also on INT/TERM/HUP, the
#                                    latest first
#   check_tmpdir NAME                a new directory /tmp/NAME.XXXXXX in
#                                    CHECK_TMP, removed at exit
#   wait_for TRIES COMMAND...        COMMAND every 0.1 s until it succeeds,
#                                    at most TRIES times; its status
#
# PASSES and FAILS count the checks; CHECK_INDENT prefixes every line (the
# host tier indents its checks under the case name).

PASSES=0
FAILS=0
CHECK_INDENT=${CHECK_INDENT:-}

pass() {
    PASSES=$((PASSES + 1))
    echo "${CHECK_INDENT}ok   $1"
}
fail() {
    FAILS=$((FAILS + 1))
    echo "${CHECK_INDENT}FAIL $1"
    [ -z "${2:-}" ] || printf '%s\n' "$2" | sed "s/^/${CHECK_INDENT}     /"
}

verdict() {
    if [ -z "$2" ]; then pass "$1"; else fail "$1" "$2"; fi
}

expect_eq() {
    if [ "$2" == "$3" ]; then pass "$1 = $3"; else fail "$1: got '$2', expected '$3'"; fi
}
expect_text() {
    if [ "$2" == "$3" ]; then pass "$1"; else fail "$1" "$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3"))"; fi
}
expect_has() {
    if [[ "$2" == *"$3"* ]]; then pass "$1 says '$3'"; else fail "$1: '$2' lacks '$3'"; fi
}
expect_line() {
    if printf '%s\n' "$2" | grep -qxF -- "$3"; then pass "$1"; else fail "$1 (no line: $3)"; fi
}
expect_match() {
    if printf '%s\n' "$2" | grep -qE -- "$3"; then pass "$1"; else fail "$1 (no line matching /$3/)"; fi
}
expect_no_match() {
    local found
    if found=$(printf '%s\n' "$2" | grep -m1 -E -- "$3"); then fail "$1 (found: $found)"; else pass "$1"; fi
}
expect_true() {
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
expect_false() {
    local what=$1
    shift
    if "$@"; then fail "not: $what"; else pass "not: $what"; fi
}
expect_ms() {
    if [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then pass "$1: $2 ms in [$3, $4]"; else fail "$1: $2 ms not in [$3, $4]"; fi
}

check_summary() {
    echo "$1: $PASSES passed, $FAILS failed"
    [ "$FAILS" = 0 ] && [ "$PASSES" -gt 0 ]
}

# --- exit actions, temporary directory ---------------------------------------------
CHECK_AT_EXIT=()
at_exit() { CHECK_AT_EXIT+=("$1"); }
check_run_at_exit() {
    local i
    for ((i = ${#CHECK_AT_EXIT[@]} - 1; i >= 0; i--)); do eval "${CHECK_AT_EXIT[i]}"; done
    CHECK_AT_EXIT=()
}
trap check_run_at_exit EXIT
trap 'exit 130' INT TERM HUP   # via the EXIT trap

check_tmpdir() {
    CHECK_TMP=$(mktemp -d "/tmp/$1.XXXXXX") || exit 1
    at_exit "rm -rf '$CHECK_TMP'"
}

# --- waiting ---------------------------------------------------------------------------
wait_for() {
    local tries=$1 i
    shift
    for ((i = 1; i < tries; i++)); do
        "$@" && return 0
        sleep 0.1
    done
    "$@"
}
