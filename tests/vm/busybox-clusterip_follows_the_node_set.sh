#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 1
# The CLUSTERIP backend on Debian's 6.1 kernel (the build machine's kernel
# has no CLUSTERIP), in one small VM with an initramfs of its own
# (tests/host/drivers/clusterip-vm.sh): the ip_tables blob and the bucket
# file through cluster_driver, then `krgnet up` for node 1 of 1-4
# (1,5,9,13), rerun with 1-5: the kernel kept the old bucket set, up
# reconciles it to 1,6,11,16, and status is 0.  About 40 s of TCG.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
out=$(cd "$TOP" && KRGNET=$KRGNET bash tests/host/drivers/clusterip-vm.sh 2>&1)
sed 's/^/    /' <<<"$out"
expect_has "CLUSTERIP: node 1 of 1-4 then 1-5 serves 1,6,11,16" "$out" "proc with 1-5: 1,6,11,16"
expect_has "CLUSTERIP: status after the rerun" "$out" "status after 1-5: 0"
expect_has "CLUSTERIP: the driver's checks" "$out" "clusterip-vm: PASS"
finish "busybox-clusterip_follows_the_node_set"
