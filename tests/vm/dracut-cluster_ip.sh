#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut image, the cluster IP: the module packs nf_tables, nft_hash, nft_ct
# and the legacy iptable_filter/ipt_CLUSTERIP, and the pre-pivot hook loads
# the latter for a cluster IP (`krgnet plan --layout-only` says so), so
# krgnet (backend auto) uses CLUSTERIP on Debian's 6.1 kernel, and nf_tables
# with krg.clusterip_backend=nft (what kernels without CLUSTERIP use).
# Node 1 of 1-3 brings 10.4.199.1/18 up on krg0 once per backend, and after
# switch_root krgnet status finds it as planned.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

CLUSTER="krg.node=1 krg.nodes=1-3 krg.clusterip=10.4.199.1/18 krg.clustermac=01:00:00:00:07:00"
vm_start dracut-clusterip-auto --image dracut --cmdline "$CLUSTER krg.clusterip_backend=auto"
vm_start dracut-clusterip-nft --image dracut --cmdline "$CLUSTER krg.clusterip_backend=nft"
vm_wait_all
for backend in auto:CLUSTERIP:ipt_CLUSTERIP nft:nf_tables:nft_ct; do
    IFS=: read -r kind via module <<< "$backend"
    vm=dracut-clusterip-$kind
    expect_node_up "$vm" 1
    expect_match "[$kind] $module loaded from the image" "$(field "$vm" modules)" "(^| )$module "
    expect_match "[$kind] 10.4.199.1/18 on krg0 in the pinned namespace" \
        "$(section "$vm" "ip -d addr show (namespace kerrighed)")" 'inet 10\.4\.199\.1/18 .*krg0'
    expect_match "[$kind] krgnet up used $via" "$(console_text "$vm")" "cluster IP 10\\.4\\.199\\.1/18 via $via"
    expect_match "[$kind] krgnet status after switch_root: the kernel's state matches the plan" \
        "$(section "$vm" "cluster IP (namespace")" "the kernel's state matches the plan"
done
finish dracut-cluster_ip
