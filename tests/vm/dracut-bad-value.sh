#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 2
# dracut image, a bad krg.* value: the cmdline hook stops the boot with
# krgnet's own one-line message (krg.onerror=halt, the default), before any
# network is touched; with krg.onerror=continue the node boots on without
# the Kerrighed network.  The two VMs boot at the same time.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

bad="krg.node=4 krg.vlan=5000"
# The message krgnet gives for this command line (no net.conf in the image).
msg=$("$KRGNET" plan --conf /dev/null --cmdline "$bad" 2>&1 >/dev/null)
case $msg in
    "krgnet: "*krg.vlan=5000*) pass "host krgnet rejects $bad: $msg" ;;
    *) fail "host krgnet does not reject '$bad' with one krgnet: line (got '$msg')" ;;
esac

vm_start dracut-bad-default --image dracut --cmdline "$bad" --timeout 90
vm_start dracut-bad-continue --image dracut --cmdline "$bad krg.onerror=continue" --timeout 90
vm_wait_all

# --- default: halt ------------------------------------------------------------------
console=$(console_text dracut-bad-default)
expect_eq "boot stopped before the real root" "$(vm_status dracut-bad-default)" 1
expect_match "the VM stopped by itself (no timeout)" "$(vm_progress dracut-bad-default)" '^vm dracut-bad-default: stopped \('
expect_line "krgnet's own line on the console" "$console" "$msg"
expect_eq "exactly one krgnet: line on the console" "$(printf '%s\n' "$console" | grep -c '^krgnet: ')" 1
expect_has "krgnet's message on the console as dracut FATAL" "$console" "dracut: FATAL: $msg"
expect_has "dracut refuses to continue" "$console" "dracut: Refusing to continue"
expect_no_match "stopped in the cmdline hook: krgnet up never ran" "$console" 'kerrighed: krgnet up:'
expect_no_match "no root mounted" "$console" 'Mounted root filesystem|=== report ==='

# --- krg.onerror=continue -------------------------------------------------------------
console=$(console_text dracut-bad-continue)
expect_eq "krg.onerror=continue boots into the real root" "$(vm_status dracut-bad-continue)" 0
expect_has "krgnet's message on the console as a warning" "$console" "dracut Warning: $msg"
expect_has "the warning says the boot goes on" "$console" "krg.onerror=continue, booting on without the Kerrighed network"
expect_eq "krgnet up failed with the configuration status" "$(field dracut-bad-continue krgnet-status)" 100
expect_has "no pinned namespace" "$(section dracut-bad-continue "ip -d addr show")" "no /run/netns/kerrighed"
expect_no_match "no krg0 anywhere" "$(section dracut-bad-continue "ip -d link show (initial namespace)")" 'krg0|vlan protocol'
finish
