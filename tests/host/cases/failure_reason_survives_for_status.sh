# SPDX-License-Identifier: GPL-2.0-or-later
# A failed up keeps its one-line reason in the state directory (the
# initramfs's /tmp is gone after switch_root); status shows it, a later
# successful up clears it.
mk_node 4
EXTRA="krg.phys=eth9 krg.timeout=1" krg 4 up 2>/dev/null; expect_eq "up without its parent" "$?" 111
grep -q '^wait for eth9: ' "$TMP/state4/last-failure" && pass "reason kept" || fail "last-failure: $(cat "$TMP/state4/last-failure" 2>&1)"
out=$(EXTRA="krg.phys=eth9" krg 4 status 2>&1); rc=$?
expect_eq "status after the failure" "$rc" 1
grep -q '^last up failed: wait for eth9' <<<"$out" && pass "status shows it" || fail "status: $out"
krg 4 up 2>/dev/null; expect_eq "up" "$?" 0
[ -e "$TMP/state4/last-failure" ] && fail "last-failure still there" || pass "a successful up clears it"
expect_eq "status" "$(krg 4 status >/dev/null 2>&1; echo $?)" 0
krg 4 down 2>/dev/null
expect_clean 4
