#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 1
# dracut image, krg.onerror=shell: a bad krg.* value opens dracut's emergency
# shell on the console (rd.shell allowed), with krgnet's message; a command
# typed there runs, and the boot does not go on by itself: the shell waits
# (the typed line sleeps 5 s first) until the typed line powers the VM off,
# and the real root never reports.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

bad="krg.node=300"
msg=$("$KRGNET" plan --conf /dev/null --cmdline "$bad" 2>&1 >/dev/null)
case $msg in
    "krgnet: "*krg.node=300*) pass "host krgnet rejects $bad: $msg" ;;
    *) fail "host krgnet does not reject '$bad' with one krgnet: line (got '$msg')" ;;
esac

# Without the runner's rd.shell=0.  (The VM's shell computes 42: the typed
# line is not just echoed back.  sysrq o powers off; QEMU then exits.)
# shellcheck disable=SC2016
VM_CMDLINE_dracut="root=/dev/vda rw" vm_start dracut-onerror-shell --image dracut \
    --cmdline "$bad krg.onerror=shell" --timeout 60 \
    --send-after '^kerrighed:/# ' 'echo shell-ran-$((6 * 7)); sleep 5; echo o > /proc/sysrq-trigger\n'
vm_wait_all
console=$(console_text dracut-onerror-shell)
expect_match "no report: the boot waited in the shell until it was powered off" \
    "$(vm_progress dracut-onerror-shell)" '^vm dracut-onerror-shell: stopped \(qemu exited\)'
expect_line "a command typed in the shell ran" "$console" "shell-ran-42"
expect_has "krgnet's message on the console" "$console" "dracut: FATAL: $msg"
expect_has "dracut's emergency shell opened" "$console" "Dropping to debug shell."
expect_match "the shell prompt is named kerrighed" "$console" '^kerrighed:/# '
expect_no_match "krgnet up never ran" "$console" 'kerrighed: krgnet up:'
finish
