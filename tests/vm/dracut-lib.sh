#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers of the dracut VM tests (tests/vm/dracut-*.sh), and their runner.
#
#   tests/vm/dracut-lib.sh TEST...     run the tests, two at a time (two cores,
#                                      one TCG vCPU each); exit 1 if any failed
#
# A test sources this file, boots VMs with `boot`, checks with `expect*`
# and ends with `finish`.  Every failed check prints "FAIL <test>: <what>"
# and makes the test fail; the VM's console log is kept under build/vm/.
#
# Environment: DRACUT_IMG (build/initramfs-dracut.img), KRGNET (build/krgnet,
# used to compute the messages the VM must print), VM_TIMEOUT.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN=$TOP/tests/vm/run
export VM_INITRD_dracut=${DRACUT_IMG:-${VM_INITRD_dracut:-$TOP/build/initramfs-dracut.img}}
KRGNET=${KRGNET:-$TOP/build/krgnet}
VM_LOGDIR=${VM_LOGDIR:-$TOP/build/vm}
export VM_LOGDIR

# --- runner ---------------------------------------------------------------------
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -u
    [ $# -gt 0 ] || { echo "dracut-lib.sh: no tests given" >&2; exit 2; }
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    pids=() names=() failed=0 n=0
    wait_one() {   # wait for the oldest running test, print its output
        local pid=${pids[0]} name=${names[0]}
        wait "$pid" || failed=$((failed + 1))
        cat "$out/$name.log"
        pids=("${pids[@]:1}") names=("${names[@]:1}")
    }
    start=$(date +%s)
    for t in "$@"; do
        name=$(basename "$t" .sh)
        bash "$t" > "$out/$name.log" 2>&1 &
        pids+=($!) names+=("$name") n=$((n + 1))
        [ ${#pids[@]} -lt 2 ] || wait_one
    done
    while [ ${#pids[@]} -gt 0 ]; do wait_one; done
    echo "vm-tests-dracut: $((n - failed))/$n tests passed in $(( $(date +%s) - start ))s"
    [ "$failed" = 0 ]
    exit
fi

# --- helpers for the tests ----------------------------------------------------------
set -u
TEST=$(basename "$0" .sh)
FAILS=0
OUT=""          # stdout of the last boot (progress lines + report)
CONSOLE=""      # console log of the last boot
BOOT_STATUS=0

fail() { echo "FAIL $TEST: $*"; FAILS=$((FAILS + 1)); }
pass() { echo "ok   $TEST: $*"; }

# boot NAME [run options...]: boots one VM of the dracut image; sets OUT,
# CONSOLE and BOOT_STATUS (run's status: 0 reported, 1 did not).
boot() {
    local name=$1
    shift
    OUT=$("$RUN" --image dracut --name "$name" "$@" 2>&1)
    BOOT_STATUS=$?
    CONSOLE=$(tr -d '\r' < "$VM_LOGDIR/$name/console.log" 2>/dev/null)
    printf '%s\n' "$OUT" | grep '^vm ' | sed "s/^/     /"
    [ "$BOOT_STATUS" -le 1 ] || printf '%s\n' "$OUT" | grep -v '^vm ' | sed "s/^/     run: /"
}

# report_section TITLE: the lines of the report after "--- TITLE" up to the
# next "---" or "=== end ===".
report_section() {
    printf '%s\n' "$OUT" | awk -v t="--- $1" '
        index($0, t) == 1 { on = 1; next }
        on && (/^--- / || /^=== end ===$/) { exit }
        on { print }'
}

# report_value KEY: the value of a "KEY: value" line of the report.
report_value() {
    printf '%s\n' "$OUT" | sed -n "s/^$1: //p" | head -n 1
}

# link_block TEXT IFNAME: the lines of `ip -d addr|link show` output in TEXT
# that belong to interface IFNAME.
link_block() {
    printf '%s\n' "$1" | awk -v n="$2" '
        /^[0-9]+: / { split($2, a, /[@:]/); on = (a[1] == n) }
        on { print }'
}

# expect WHAT TEXT REGEX: TEXT has a line matching the extended REGEX.
expect() {
    if printf '%s\n' "$2" | grep -qE -- "$3"; then pass "$1"; else fail "$1 (no line matching /$3/)"; fi
}
# expect_not WHAT TEXT REGEX: no line of TEXT matches REGEX.
expect_not() {
    if printf '%s\n' "$2" | grep -qE -- "$3"; then
        fail "$1 (found: $(printf '%s\n' "$2" | grep -m1 -E -- "$3"))"
    else
        pass "$1"
    fi
}
# expect_fixed WHAT TEXT STRING: TEXT contains STRING literally.
expect_fixed() {
    if printf '%s\n' "$2" | grep -qF -- "$3"; then pass "$1"; else fail "$1 (missing: $3)"; fi
}
# expect_line WHAT TEXT LINE: TEXT has LINE as a whole line, literally.
expect_line() {
    if printf '%s\n' "$2" | grep -qxF -- "$3"; then pass "$1"; else fail "$1 (no line: $3)"; fi
}
expect_eq() {   # expect_eq WHAT GOT WANT
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1 (got '$2', want '$3')"; fi
}

# expect_node_up NODE: the report shows krg0 for NODE exactly as DESIGN.md
# derives it, inside the pinned namespace only.
expect_node_up() {
    local node=$1 hex ns initial krg0
    hex=$(printf '%02x' "$node")
    expect_eq "VM booted into the real root and reported" "$BOOT_STATUS" 0
    expect_eq "krgnet up exit status" "$(report_value krgnet-status)" 0
    expect "pre-pivot hook ran krgnet up before switch_root" "$CONSOLE" \
        '^kerrighed: krgnet up: exit status 0, done at [0-9.]+s since boot$'
    ns=$(report_section "ip -d addr show (namespace kerrighed)")
    initial=$(report_section "ip -d link show (initial namespace)")
    krg0=$(link_block "$ns" krg0)
    expect "krg0 exists in the pinned namespace after switch_root" "$krg0" '^[0-9]+: krg0@'
    expect "krg0 is 802.1Q id 7" "$krg0" '^ +vlan protocol 802\.1Q id 7 '
    expect "krg0 MAC f0:00:00:00:07:$hex" "$krg0" "^ +link/ether f0:00:00:00:07:$hex brd "
    expect "krg0 address 10.4.135.$node/18" "$krg0" "^ +inet 10\\.4\\.135\\.$node/18 "
    expect "krg0 MTU 1496" "$krg0" '^[0-9]+: krg0@[^ ]+ <[^>]*> mtu 1496 '
    expect "krg0 is up" "$krg0" '^[0-9]+: krg0@[^ ]+ <([^>]*,)?UP[,>]'
    expect "loopback is up in the pinned namespace" "$(link_block "$ns" lo)" '^[0-9]+: lo: <[^>]*\bUP\b'
    expect "eth0 stays in the initial namespace" "$initial" '^[0-9]+: eth0: '
    expect_not "no krg0 in the initial namespace" "$initial" '^[0-9]+: krg0[@:]'
    expect_not "no VLAN at all in the initial namespace" "$initial" 'vlan protocol'
}

finish() {
    if [ "$FAILS" = 0 ]; then
        echo "PASS $TEST"
        exit 0
    fi
    echo "FAIL $TEST: $FAILS check(s) failed; logs in ${VM_LOGDIR#"$TOP"/}/"
    exit 1
}

[ -x "$KRGNET" ] || { echo "FAIL $TEST: $KRGNET missing (make)"; exit 1; }
[ -r "$VM_INITRD_dracut" ] || { echo "FAIL $TEST: $VM_INITRD_dracut missing (make dracut)"; exit 1; }
