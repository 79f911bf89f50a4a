# SPDX-License-Identifier: GPL-2.0-or-later
# The MTU is the parent's minus 4 unless krg.mtu says otherwise, never above
# the parent's (refused before anything is created).
mk_node 4 9000
krg 4 up 2>/dev/null; expect_eq "up" "$?" 0
expect_eq "MTU on a 9000 parent" "$(link_field ${PFX}k4 krg0 .mtu)" 8996
krg 4 down 2>/dev/null
EXTRA="krg.mtu=1400" krg 4 up 2>/dev/null; expect_eq "up with krg.mtu" "$?" 0
expect_eq "krg.mtu" "$(link_field ${PFX}k4 krg0 .mtu)" 1400
krg 4 down 2>/dev/null
EXTRA="krg.mtu=9500" krg 4 up 2>"$TMP/err"; expect_eq "krg.mtu above the parent's" "$?" 100
grep -q '^krgnet: krg.mtu=9500.*9000' "$TMP/err" && pass "message names both MTUs" || fail "message: $(cat "$TMP/err")"
expect_clean 4
