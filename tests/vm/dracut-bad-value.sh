#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut image, a bad krg.* value: the cmdline hook stops the boot with
# krgnet's own one-line message (krg.onerror=halt, the default), before any
# network is touched; with krg.onerror=continue the node boots on without
# the Kerrighed network.
# shellcheck source=tests/vm/dracut-lib.sh
. "$(dirname "$0")/dracut-lib.sh"

bad="krg.node=4 krg.vlan=5000"
# The message krgnet gives for this command line (no net.conf in the image).
msg=$("$KRGNET" plan --conf /dev/null --cmdline "$bad" 2>&1 >/dev/null)
case $msg in
    "krgnet: "*krg.vlan=5000*) pass "host krgnet rejects $bad: $msg" ;;
    *) fail "host krgnet does not reject '$bad' with one krgnet: line (got '$msg')" ;;
esac

# --- default: halt ------------------------------------------------------------------
boot dracut-bad-default --cmdline "$bad" --timeout 90
expect_eq "boot stopped before the real root" "$BOOT_STATUS" 1
expect "the VM stopped by itself (no timeout)" "$OUT" '^vm dracut-bad-default: stopped \('
expect_line "krgnet's own line on the console" "$CONSOLE" "$msg"
expect_eq "exactly one krgnet: line on the console" "$(printf '%s\n' "$CONSOLE" | grep -c '^krgnet: ')" 1
expect_fixed "krgnet's message on the console as dracut FATAL" "$CONSOLE" "dracut: FATAL: $msg"
expect_fixed "dracut refuses to continue" "$CONSOLE" "dracut: Refusing to continue"
expect_not "stopped in the cmdline hook: krgnet up never ran" "$CONSOLE" 'kerrighed: krgnet up:'
expect_not "no root mounted" "$CONSOLE" 'Mounted root filesystem|=== report ==='

# --- krg.onerror=continue -------------------------------------------------------------
boot dracut-bad-continue --cmdline "$bad krg.onerror=continue" --timeout 90
expect_eq "krg.onerror=continue boots into the real root" "$BOOT_STATUS" 0
expect_fixed "krgnet's message on the console as a warning" "$CONSOLE" "dracut Warning: $msg"
expect_fixed "the warning says the boot goes on" "$CONSOLE" "krg.onerror=continue, booting on without the Kerrighed network"
expect_eq "krgnet up failed with the configuration status" "$(report_value krgnet-status)" 100
expect_fixed "no pinned namespace" "$(report_section "ip -d addr show")" "no /run/netns/kerrighed"
expect_not "no krg0 anywhere" "$(report_section "ip -d link show (initial namespace)")" 'krg0|vlan protocol'
finish
