#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 2
# initramfs-tools image (Debian's mkinitramfs with initramfs-tools/hooks/krgnet
# and scripts/init-bottom/krgnet), node 4 from the command line (the
# Kerrighed kernel's node_id=4 alone: the script asks krgnet whether there
# is work, and it takes node_id= when krg.node= is absent): after /init
# moved /run into the real root, krg0 is an 802.1Q link with id 7, MAC
# f0:00:00:00:07:04, 10.4.135.4/18 and MTU 1496, up, inside the namespace
# pinned at /run/netns/kerrighed and nowhere else.
#
# Environment: ITOOLS_IMG (build/initramfs-tools.img, make initramfs-tools-image).
# The image is booted the dracut image's way (tests/vm/run --image dracut).
# The image's udev renames NICs (ens2...): net.ifnames=0 keeps eth0, which
# the console line below names (krgnet finds the only NIC whatever its name).
DRACUT_IMG=${ITOOLS_IMG:-$(cd "$(dirname "$0")/../.." && pwd)/build/initramfs-tools.img}
export DRACUT_IMG
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

vm_start itools-node4 --image dracut --cmdline "node_id=4 net.ifnames=0"
# krg.node=dhcp on a local root, no krg.phys: the script leases the boot NIC
# with initramfs-tools' configure_networking (klibc ipconfig), krgnet reads
# /run/net-eth0.conf itself and takes eth0, the lease's NIC, as the parent;
# a dnsmasq on 10.4.7.0/18 leases 10.4.7.4 to this MAC -> node 4.
NS=$(vm_ns itools-dhcp)
dhcp_net=0
if vm_net_up "$NS" && dhcp_server_up "$NS" 52:54:00:00:07:04,10.4.7.4; then
    dhcp_net=1
    vm_start itools-dhcp-node4 --image dracut --node-net "$NS:br0" --mac 52:54:00:00:07:04 \
        --cmdline "krg.node=dhcp net.ifnames=0"
else
    fail "cannot set up the boot network in namespace $NS"
fi
vm_wait_all

console=$(console_text itools-node4)
expect_match "the image is initramfs-tools' (its init mounted the root)" "$console" \
    '^(Begin: |)(Mounting root file system|Running /scripts/init-bottom)'
expect_node_up itools-node4 4
expect_match "state file names node 4" "$(section itools-node4 /run/kerrighed/net.env)" '^[A-Z_]*NODE=4$'
expect_match "krgnet's own log line reached the console" "$console" \
    'krgnet: node 4: krg0 \(vlan 7 on eth0\) f0:00:00:00:07:04 10\.4\.135\.4/18 mtu 1496 in netns kerrighed'

if [ "$dhcp_net" = 1 ]; then
    expect_match "the script leased the boot NIC itself" "$(console_text itools-dhcp-node4)" \
        'kerrighed: krg.node=dhcp: leasing the boot NIC \(configure_networking\)$'
    expect_match "the parent is the klibc lease's NIC" "$(section itools-dhcp-node4 /run/kerrighed/net.env)" '^KRG_PHYS=eth0$'
    expect_match "dnsmasq leased 10.4.7.4" "$(cat "$(dnsmasq_log "$NS")")" 'DHCPACK\(br0\) 10\.4\.7\.4 52:54:00:00:07:04'
    expect_node_up itools-dhcp-node4 4
fi

# The cluster IP from this image: hooks/krgnet packs nf_tables, nft_hash,
# nft_ct and the legacy iptable_filter/ipt_CLUSTERIP; the init-bottom script
# loads the latter for krg.clusterip, so krgnet (backend auto) uses CLUSTERIP
# on Debian's 6.1 kernel, and nf_tables with krg.clusterip_backend=nft (what
# kernels without CLUSTERIP use).  Node 1 of 1-3 brings 10.4.199.1 up on
# krg0, once per backend.
CLUSTER="krg.node=1 krg.nodes=1-3 krg.clusterip=10.4.199.1/18 krg.clustermac=01:00:00:00:07:00 net.ifnames=0"
vm_start itools-clusterip-auto --image dracut --cmdline "$CLUSTER krg.clusterip_backend=auto"
vm_start itools-clusterip-nft --image dracut --cmdline "$CLUSTER krg.clusterip_backend=nft"
vm_wait_all
for backend in auto:CLUSTERIP:ipt_CLUSTERIP nft:nf_tables:nft_hash; do
    IFS=: read -r kind via module <<< "$backend"
    vm=itools-clusterip-$kind
    expect_eq "[cluster IP, $kind] booted into the real root and reported" "$(vm_status "$vm")" 0
    expect_eq "[cluster IP, $kind] krgnet up exit status" "$(field "$vm" krgnet-status)" 0
    expect_match "[cluster IP, $kind] $module loaded from the image" "$(field "$vm" modules)" "(^| )$module "
    expect_match "[cluster IP, $kind] 10.4.199.1/18 on krg0 in the pinned namespace" \
        "$(section "$vm" "ip -d addr show (namespace kerrighed)")" 'inet 10\.4\.199\.1/18 .*krg0'
    expect_match "[cluster IP, $kind] krgnet up used $via" "$(console_text "$vm")" "cluster IP 10\\.4\\.199\\.1/18 via $via"
    expect_match "[cluster IP, $kind] krgnet status after switch_root: the kernel's state matches the plan" \
        "$(section "$vm" "cluster IP (namespace")" "the kernel's state matches the plan"
done

# krg.onerror=continue with a NIC that does not exist: the node boots on;
# with the default policy (halt) the node stops before the real root
vm_start itools-up-fails --image dracut --cmdline "krg.node=4 krg.phys=eth9 krg.timeout=1 krg.onerror=continue"
vm_start itools-halt --image dracut --cmdline "krg.node=4 krg.phys=eth9 krg.timeout=1"
vm_wait_all
expect_eq "with krg.onerror=continue a failing up still reaches the real root" "$(vm_status itools-up-fails)" 0
expect_eq "up.status records the failure (111)" "$(field itools-up-fails krgnet-status)" 111
expect_match "the console says it boots on" "$(console_text itools-up-fails)" \
    '^kerrighed: krg.onerror=continue: booting on without the cluster network$'
expect_eq "with the default krg.onerror=halt the node never reports" "$(vm_status itools-halt)" 1
expect_match "the console says it halts" "$(console_text itools-halt)" '^kerrighed: krg.onerror=halt: halting this node$'
expect_match "the kernel halted" "$(console_text itools-halt)" 'reboot: System halted'
finish initramfs-tools-node4
