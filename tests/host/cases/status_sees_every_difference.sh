# SPDX-License-Identifier: GPL-2.0-or-later
# status exits 1, not 0 and not an error status, for each difference: the
# parent down or with a lowered MTU, an extra address on krg0, net-conf.krgnet
# missing, a stale pin file.
mk_node 4
krg 4 up 2>/dev/null; expect_eq "up" "$?" 0
expect_eq "status" "$(krg 4 status >/dev/null 2>&1; echo $?)" 0
check() {  # check WHAT GREP-PATTERN
    local out rc
    out=$(krg 4 status 2>&1); rc=$?
    expect_eq "status with $1" "$rc" 1
    grep -q "$2" <<<"$out" && pass "names it" || fail "status: $out"
}
ip -n "${PFX}n4" link set eth0 down
check "the parent down" "^parent eth0: down"
ip -n "${PFX}n4" link set eth0 up
ip -n "${PFX}k4" addr add 10.9.9.4/24 dev krg0
check "an extra address" "^krg0: unexpected address 10.9.9.4/24"
ip -n "${PFX}k4" addr del 10.9.9.4/24 dev krg0
mv "$TMP/state4/net-conf.krgnet" "$TMP/net-conf.krgnet"
check "net-conf.krgnet missing" "net-conf.krgnet: missing"
mv "$TMP/net-conf.krgnet" "$TMP/state4/net-conf.krgnet"
ip -n "${PFX}n4" link set eth0 mtu 1400
check "the parent's MTU below krg0's" "^parent eth0: MTU 1400 is below krg0's planned 1496"
# The kernel lowered krg0 with its parent, and does not raise it again.
ip -n "${PFX}n4" link set eth0 mtu 1500
check "krg0 left at the lowered MTU" "^krg0: MTU 1400, expected 1496"
krg 4 down 2>/dev/null
touch "/run/netns/${PFX}k4"
check "a stale pin file" "stale pin file"
# down removes only what a record proves krgnet made: there is none now.
krg 4 down 2>/dev/null; expect_eq "down without a record" "$?" 0
expect_eq "a pin file nobody recorded stays" "$(test -e "/run/netns/${PFX}k4" && echo yes || echo no)" yes
rm -f "/run/netns/${PFX}k4"
expect_clean 4
