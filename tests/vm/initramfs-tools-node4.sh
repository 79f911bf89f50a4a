#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# initramfs-tools image (Debian's mkinitramfs with initramfs-tools/hooks/krgnet
# and scripts/init-bottom/krgnet), node 4 from the command line: after /init
# moved /run into the real root, krg0 is an 802.1Q link with id 7, MAC
# f0:00:00:00:07:04, 10.4.135.4/18 and MTU 1496, up, inside the namespace
# pinned at /run/netns/kerrighed and nowhere else.
#
# Environment: ITOOLS_IMG (build/initramfs-tools.img, make initramfs-tools-image).
# Uses the helpers of the dracut tests (tests/vm/dracut-lib.sh) with this image.
# The image's udev renames NICs (ens2...): net.ifnames=0 keeps eth0, the
# default krg.phys (a real node would give krg.phys=bootif or the new name).
DRACUT_IMG=${ITOOLS_IMG:-$(cd "$(dirname "$0")/../.." && pwd)/build/initramfs-tools.img}
export DRACUT_IMG
# shellcheck source=tests/vm/dracut-lib.sh
. "$(dirname "$0")/dracut-lib.sh"
TEST=initramfs-tools-node4

boot itools-node4 --cmdline "krg.node=4 net.ifnames=0"
expect "the image is initramfs-tools' (its init mounted the root)" "$CONSOLE" \
    '^(Begin: |)(Mounting root file system|Running /scripts/init-bottom)'
expect_node_up 4
expect "state file names node 4" "$(report_section /run/kerrighed/net.env)" '^[A-Z_]*NODE=4$'
expect "krgnet's own log line reached the console" "$CONSOLE" \
    'krgnet: node 4: krg0 \(vlan 7 on eth0\) f0:00:00:00:07:04 10\.4\.135\.4/18 mtu 1496 in netns kerrighed'

# krg.node=dhcp on a local root: the script leases eth0 with initramfs-tools'
# configure_networking (klibc ipconfig) and hands /run/net-eth0.conf to
# krgnet; a dnsmasq on 10.4.7.0/18 leases 10.4.7.4 to this MAC -> node 4.
ns=krgitools-$$
dpid=""
# shellcheck disable=SC2317  # run by the traps
cleanup() {
    [ -n "$dpid" ] && kill "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
    ip netns del "$ns" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
if ip netns add "$ns" && ip -n "$ns" link add br0 type bridge &&
        ip -n "$ns" addr add 10.4.7.254/18 dev br0 && ip -n "$ns" link set br0 up; then
    dlog=$VM_LOGDIR/itools-dhcp-dnsmasq.log
    ip netns exec "$ns" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 \
        --interface=br0 --bind-interfaces --no-resolv --no-hosts --leasefile-ro --log-dhcp \
        --log-facility=- --dhcp-range=10.4.7.100,10.4.7.200,255.255.192.0 \
        --dhcp-host=52:54:00:00:07:04,10.4.7.4 > "$dlog" 2>&1 &
    dpid=$!
    boot itools-dhcp-node4 --node-net "$ns:br0" --mac 52:54:00:00:07:04 \
        --cmdline "krg.node=dhcp net.ifnames=0"
    expect "the script leased eth0 itself" "$CONSOLE" 'kerrighed: krg.node=dhcp: leasing eth0 \(configure_networking\)$'
    expect "dnsmasq leased 10.4.7.4" "$(cat "$dlog")" 'DHCPACK\(br0\) 10\.4\.7\.4 52:54:00:00:07:04'
    expect_node_up 4
else
    fail "cannot set up the boot network in namespace $ns"
fi

# krg.onerror=continue with a NIC that does not exist: the node boots on
boot itools-up-fails --cmdline "krg.node=4 krg.phys=eth9 krg.timeout=1 krg.onerror=continue"
expect_eq "with krg.onerror=continue a failing up still reaches the real root" "$BOOT_STATUS" 0
expect_eq "up.status records the failure (111)" "$(report_value krgnet-status)" 111
expect "the console says it boots on" "$CONSOLE" '^kerrighed: krg.onerror=continue: booting on without the cluster network$'

# default policy (halt): the node stops before the real root
boot itools-halt --cmdline "krg.node=4 krg.phys=eth9 krg.timeout=1"
expect_eq "with the default krg.onerror=halt the node never reports" "$BOOT_STATUS" 1
expect "the console says it halts" "$CONSOLE" '^kerrighed: krg.onerror=halt: halting this node$'
expect "the kernel halted" "$CONSOLE" 'reboot: System halted'
finish
