#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut image, krg.onerror=shell: a bad krg.* value opens dracut's emergency
# shell on the console (rd.shell allowed), with krgnet's message; the boot
# does not go on by itself.
# shellcheck source=tests/vm/dracut-lib.sh
. "$(dirname "$0")/dracut-lib.sh"

bad="krg.node=300"
msg=$("$KRGNET" plan --conf /dev/null --cmdline "$bad" 2>&1 >/dev/null)
case $msg in
    "krgnet: "*krg.node=300*) pass "host krgnet rejects $bad: $msg" ;;
    *) fail "host krgnet does not reject '$bad' with one krgnet: line (got '$msg')" ;;
esac

# Without the runner's rd.shell=0: the shell waits on the console until the
# timeout, which is the expected outcome here.
VM_CMDLINE_dracut="root=/dev/vda rw" boot dracut-onerror-shell --cmdline "$bad krg.onerror=shell" --timeout 40
expect "no report: the boot waits in the shell" "$OUT" '^vm dracut-onerror-shell: timed out after [0-9]+s'
expect_fixed "krgnet's message on the console" "$CONSOLE" "dracut: FATAL: $msg"
expect_fixed "dracut's emergency shell opened" "$CONSOLE" "Dropping to debug shell."
expect "the shell prompt is named kerrighed" "$CONSOLE" '^kerrighed:/# '
expect_not "krgnet up never ran" "$CONSOLE" 'kerrighed: krgnet up:'
finish
