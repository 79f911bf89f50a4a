#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 3
# A bad krg.* value (krg.node=300): krgnet's one-line "krgnet: ..." error is
# on the console, and /init follows krg.onerror: the default (halt) stops the
# node before the real root; continue boots the real root without the
# cluster network and records krgnet's status (100: bad configuration);
# shell opens a console shell (a command typed there runs) and resumes the
# boot when it exits.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
HALT=busybox-onerror-default
CONT=busybox-onerror-continue
SHELL_VM=busybox-onerror-shell

vm_start "$HALT" --image busybox --cmdline "krg.node=300" --timeout 90
vm_start "$CONT" --image busybox --cmdline "krg.node=300 krg.onerror=continue" --timeout 90
# (the VM's shell computes 42: the typed line is not just echoed back)
# shellcheck disable=SC2016
vm_start "$SHELL_VM" --image busybox --cmdline "krg.node=300 krg.onerror=shell" --timeout 90 \
    --send-after 'krg.onerror=shell' 'echo shell-ran-$((6 * 7))\nexit\n'
vm_wait_all

# error_lines VM: krgnet's own stderr lines on the console (not kernel-log copies)
error_lines() { console_text "$1" | grep -E '^krgnet: '; }

for vm in "$HALT" "$CONT" "$SHELL_VM"; do
    expect_true "$vm: exactly one krgnet: line on the console" \
        test "$(error_lines "$vm" | wc -l)" = 1
    expect_true "$vm: it names krg.node=300 and the kernel command line" \
        grep -q 'krg\.node=300 (kernel command line)' <(error_lines "$vm")
done
echo "  ($HALT says: $(error_lines "$HALT"))"

expect_true "default: /init reports exit status 100" \
    grep -q '^init: krgnet up: exit status 100,' <(console_text "$HALT")
expect_true "default: the node halts (krg.onerror=halt)" \
    grep -q '^init: krg.onerror=halt: halting this node' <(console_text "$HALT")
expect_true "default: the kernel halted" grep -q 'reboot: System halted' "$(console "$HALT")"
expect_true "default: the real root never ran (no report)" \
    test ! -s "$(report "$HALT")"

expect_true "continue: /init says it boots on" \
    grep -q '^init: krg.onerror=continue: booting on' <(console_text "$CONT")
expect_true "continue: the real root ran and reported" grep -q '^=== end ===' "$(report "$CONT")"
expect_true "continue: the real root sees krgnet's status 100" \
    test "$(field "$CONT" krgnet-status)" = 100
expect_true "continue: no pinned namespace" \
    grep -q '^no /run/netns/kerrighed$' <(section "$CONT" "ip -d addr show")
expect_true "continue: no krg0 anywhere" \
    test "$(tr -d '\r' < "$(report "$CONT")" | grep -c 'krg0')" = 0
expect_true "shell: /init opened the console shell" \
    grep -q '^init: krg.onerror=shell: console shell' <(console_text "$SHELL_VM")
expect_true "shell: a command typed there ran (shell-ran-42)" \
    grep -q '^shell-ran-42$' <(console_text "$SHELL_VM")
expect_true "shell: leaving it resumed the boot (real root, status 100)" \
    test "$(field "$SHELL_VM" krgnet-status)" = 100
finish busybox-bad_krg_value_follows_onerror
