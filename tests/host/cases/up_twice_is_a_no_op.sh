# SPDX-License-Identifier: GPL-2.0-or-later
# Running up twice leaves the same state as running it once, and exits 0.
mk_node 4
krg 4 up 2>/dev/null; expect_eq "first up" "$?" 0
before=$(ip -n ${PFX}k4 -j -d link show krg0 | jq -c '.[0] | {ifindex, address, mtu, operstate}')
addrs_before=$(addr_of ${PFX}k4 krg0)
krg 4 up 2>"$TMP/err"; expect_eq "second up" "$?" 0
after=$(ip -n ${PFX}k4 -j -d link show krg0 | jq -c '.[0] | {ifindex, address, mtu, operstate}')
expect_eq "link unchanged (same ifindex, MAC, MTU, state)" "$after" "$before"
expect_eq "addresses unchanged" "$(addr_of ${PFX}k4 krg0)" "$addrs_before"
expect_eq "one namespace" "$(ip netns list | grep -c "^${PFX}k4\b")" 1
grep -q 'already up' "$TMP/err" && pass "second up says it was already up" || fail "second up did not say 'already up': $(cat "$TMP/err")"
