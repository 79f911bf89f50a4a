# SPDX-License-Identifier: GPL-2.0-or-later
# up: the link exists only in the pinned namespace, with the derived MAC, MTU,
# address and state UP; loopback is up there; the hand-off files match `plan`.
mk_node 4
krg 4 up 2>"$TMP/err"; expect_eq "up exit status" "$?" 0
ns=${PFX}k4
expect_eq "pinned file" "$(test -e /run/netns/$ns && echo yes)" yes
expect_eq "kind" "$(link_field "$ns" krg0 .linkinfo.info_kind)" "$KIND"
[ "$KIND" = vlan ] && expect_eq "vlan id" "$(link_field "$ns" krg0 .linkinfo.info_data.id)" 7
expect_eq "MAC" "$(link_field "$ns" krg0 .address)" f0:00:00:00:07:04
expect_eq "MTU" "$(link_field "$ns" krg0 .mtu)" 1496
expect_eq "state" "$(link_field "$ns" krg0 .operstate)" UP
expect_eq "address" "$(addr_of "$ns" krg0)" 10.4.135.4/18
expect_eq "loopback" "$(link_field "$ns" lo '.flags | index("UP") != null')" true
expect_eq "krg0 in the node's own namespace" "$(ip -n ${PFX}n4 -o link show krg0 2>/dev/null | wc -l)" 0
expect_eq "parent up" "$(link_field ${PFX}n4 eth0 '.flags | index("UP") != null')" true
# the hand-off files: exactly plan's env lines with the parent's MTU, the
# parent found (nothing names it in plan) and the pinned namespace's
# identity resolved
expected=$(nsenter --net=/run/netns/${PFX}n4 "$KRGNET" plan --format env --conf /dev/null \
    --cmdline "$(base_cmdline 4)" | sed "s/^KRG_MTU=auto\$/KRG_MTU=1496/; s/^KRG_PHYS=\$/KRG_PHYS=eth0/
    s/^KRG_NETNS_ID=\$/KRG_NETNS_ID=$(stat -L -c %d:%i "/run/netns/$ns")/")
expect_eq "net.env" "$(cat "$TMP/state4/net.env")" "$expected"
expect_eq "net-conf.krgnet" "$(cat "$TMP/state4/net-conf.krgnet")" "krg0 f0:00:00:00:07:04 7"
# the hand-off works with the usual tools
expect_eq "ip netns exec" "$(ip netns exec "$ns" ip -o -4 addr show krg0 | awk '{print $4}')" 10.4.135.4/18
expect_eq "nsenter --net" "$(nsenter --net=/run/netns/$ns ip -o link show krg0 | wc -l)" 1
expect_eq "status after up" "$(krg 4 status >/dev/null 2>&1; echo $?)" 0
grep -q '^krgnet: ' "$TMP/err" && pass "up logs its lines with the krgnet: prefix" || fail "no krgnet: log line on stderr"
