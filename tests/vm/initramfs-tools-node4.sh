#!/bin/bash
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
