#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 1
# dracut image, `krgnet up` failing in the pre-pivot hook (the parent NIC
# does not exist; the configuration itself is valid): its message reaches
# the console and the boot stops (krg.onerror=halt, the default).
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

cmd="krg.node=4 krg.phys=eth9 krg.timeout=1"
if "$KRGNET" plan --conf /dev/null --cmdline "$cmd" > /dev/null 2>&1; then
    pass "host krgnet accepts $cmd"
else
    fail "host krgnet rejects '$cmd': the cmdline hook would stop first"
fi

vm_start dracut-up-fails --image dracut --cmdline "$cmd" --timeout 90
vm_wait_all
console=$(console_text dracut-up-fails)
expect_eq "boot stopped before the real root's init" "$(vm_status dracut-up-fails)" 1
expect_match "the VM stopped by itself (no timeout)" "$(vm_progress dracut-up-fails)" '^vm dracut-up-fails: stopped \('
expect_match "pre-pivot hook ran krgnet up and saw it fail" "$console" \
    '^kerrighed: krgnet up: exit status (100|111), done at [0-9.]+s since boot$'
expect_match "krgnet's own line names eth9" "$console" '^krgnet: .*eth9'
expect_match "krgnet's message names eth9, as dracut FATAL" "$console" 'dracut: FATAL: krgnet: .*eth9'
expect_no_match "the real root's init never ran" "$console" '=== report ==='
finish
