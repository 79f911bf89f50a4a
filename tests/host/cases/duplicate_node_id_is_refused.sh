# SPDX-License-Identifier: GPL-2.0-or-later
# Two nodes booted with the same id on one bridge: the second fails the ARP
# probe, names the MAC that holds the address, and leaves nothing behind.
mk_node 4
mk_node 5
krg 4 up 2>/dev/null; expect_eq "first node up" "$?" 0
EXTRA="krg.node=4 krg.netns=${PFX}k5" krg 5 up 2>"$TMP/err"; rc=$?
expect_eq "second node exit status" "$rc" 111
grep -q 'krgnet: .*10.4.135.4.*f0:00:00:00:07:04' "$TMP/err" && pass "message names the address and the holder's MAC" \
    || fail "message: $(cat "$TMP/err")"
expect_eq "one error line" "$(grep -c '^krgnet: ' "$TMP/err")" 1
expect_clean 5
expect_eq "first node still up" "$(link_field ${PFX}k4 krg0 .operstate)" UP
