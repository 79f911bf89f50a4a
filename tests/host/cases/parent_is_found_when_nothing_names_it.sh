# SPDX-License-Identifier: GPL-2.0-or-later
# Without krg.phys or PHYS, the parent NIC is found: BOOTIF= first, then the
# NIC of the lease that gave the node id, then ip='s device, then the only
# Ethernet NIC with carrier; several with carrier is a refusal (exit 100)
# naming them, with nothing created.  The record names the NIC found.
recorded_phys() { sed -n 's/^KRG_PHYS=//p' "$TMP/state4/net.env" 2>/dev/null; }
plan4() { nsenter --net="/run/netns/${PFX}n4" -- "$KRGNET" plan --conf /dev/null --cmdline "$(base_cmdline 4) ${EXTRA:-}"; }

mk_node 4
plan4 2>/dev/null | grep -q '^  parent     found by up' && pass "plan: found by up" || fail "plan: $(plan4 2>&1)"
krg 4 up 2>"$TMP/err"; expect_eq "up with one NIC" "$?" 0
expect_eq "the only NIC is the parent" "$(recorded_phys)" eth0
expect_eq "krg0 on it" "$(link_field ${PFX}k4 krg0 .address)" f0:00:00:00:07:04
krg 4 status >/dev/null 2>&1; expect_eq "status from the record" "$?" 0
krg 4 down 2>/dev/null

# A second NIC with carrier: ambiguous.
nic=kl$$  # a name no other run uses: its lease file below lives in /run
ip -n "$BR" link add "q4" type veth peer name "$nic" netns ${PFX}n4
ip -n "$BR" link set q4 master br0 up
ip -n ${PFX}n4 link set eth0 up
ip -n ${PFX}n4 link set "$nic" up
krg 4 up 2>"$TMP/err"; expect_eq "up with two NICs with carrier" "$?" 100
expect_eq "one line" "$(wc -l <"$TMP/err")" 1
grep -q "^krgnet: find parent NIC: 2 Ethernet NICs with carrier (+): .*eth0+.*$nic+.*(set krg.phys)" "$TMP/err" \
    && pass "the refusal lists both" || fail "err: $(cat "$TMP/err")"
expect_clean 4

# BOOTIF= picks the NIC with that MAC.
mac=$(link_field ${PFX}n4 "$nic" .address)
EXTRA="BOOTIF=01-${mac//:/-}" krg 4 up 2>/dev/null; expect_eq "up with BOOTIF" "$?" 0
expect_eq "BOOTIF's NIC" "$(recorded_phys)" "$nic"
krg 4 down 2>/dev/null

# ip='s device field.
EXTRA="ip=10.4.7.4::10.4.7.254:255.255.192.0:node4:$nic:off" plan4 2>/dev/null |
    grep -q '^  parent     named by DHCP lease ip= parameter' && pass "plan: ip= named it" || fail "plan with ip="
EXTRA="ip=10.4.7.4::10.4.7.254:255.255.192.0:node4:$nic:off" krg 4 up 2>/dev/null; expect_eq "up with ip=" "$?" 0
expect_eq "ip='s device" "$(recorded_phys)" "$nic"
krg 4 down 2>/dev/null

# The NIC of klibc's lease (initramfs-tools' /run/net-<if>.conf).
lease=/run/net-$nic.conf
printf "DEVICE='%s'\nIPV4ADDR='10.4.7.4'\nHOSTNAME='node4'\n" "$nic" >"$lease"
EXTRA="krg.node=dhcp" krg 4 up 2>"$TMP/err"; rc=$?
rm -f "$lease"
expect_eq "up with a klibc lease" "$rc" 0
expect_eq "the lease's NIC" "$(recorded_phys)" "$nic"
expect_eq "node id from the lease" "$(sed -n 's/^KRG_NODE=//p' "$TMP/state4/net.env")" 4
krg 4 down 2>/dev/null

# A name always wins.
EXTRA="krg.phys=eth0 BOOTIF=01-${mac//:/-}" krg 4 up 2>/dev/null; expect_eq "up with krg.phys" "$?" 0
expect_eq "krg.phys wins" "$(recorded_phys)" eth0
krg 4 down 2>/dev/null
expect_clean 4
