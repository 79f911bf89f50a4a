#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut image, `krgnet up` failing in the pre-pivot hook (the parent NIC
# does not exist; the configuration itself is valid): its message reaches
# the console and the boot stops (krg.onerror=halt, the default).
# shellcheck source=tests/vm/dracut-lib.sh
. "$(dirname "$0")/dracut-lib.sh"

cmd="krg.node=4 krg.phys=eth9 krg.timeout=1"
if "$KRGNET" plan --conf /dev/null --cmdline "$cmd" > /dev/null 2>&1; then
    pass "host krgnet accepts $cmd"
else
    fail "host krgnet rejects '$cmd': the cmdline hook would stop first"
fi

boot dracut-up-fails --cmdline "$cmd" --timeout 90
expect_eq "boot stopped before the real root's init" "$BOOT_STATUS" 1
expect "the VM stopped by itself (no timeout)" "$OUT" '^vm dracut-up-fails: stopped \('
expect "pre-pivot hook ran krgnet up and saw it fail" "$CONSOLE" \
    '^kerrighed: krgnet up: exit status (100|111), done at [0-9.]+s since boot$'
expect "krgnet's own line names eth9" "$CONSOLE" '^krgnet: .*eth9'
expect "krgnet's message names eth9, as dracut FATAL" "$CONSOLE" 'dracut: FATAL: krgnet: .*eth9'
expect_not "the real root's init never ran" "$CONSOLE" '=== report ==='
finish
