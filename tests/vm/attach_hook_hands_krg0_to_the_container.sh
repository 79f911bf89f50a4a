#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 1
# The hand-off to a container that makes its own network namespace (docs/migrating.md): node 1 boots with the cluster IP; after switch_root the
# test root starts a stand-in container (`unshare -n sleep`) and runs the
# installed krgboot_helper-post.d/50krgnet with its PID, as the historic
# krgboot_helper does.  krg0, its address and the cluster IP end up inside
# the container's namespace, /run/netns/kerrighed pins that namespace,
# `krgnet status` agrees, and a second attach is a no-op.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
VM=${VM_IMAGE}-attach

vm_start "$VM" --image "$VM_IMAGE" \
    --cmdline "krg.node=1 krg.nodes=1-4 krg.clusterip=10.4.199.1/18 krg.clustermac=01:00:00:00:07:00 krgtest.attach"
expect_true "the VM booted, switched root and reported" vm_wait_all

cont=$(section "$VM" "container: ip -d addr show")
krg0=$(awk '/^[0-9]+: / { on = ($2 ~ /^krg0(@|:)/) } on' <<< "$cont")

expect_true "krgnet up exit status 0 (in the initramfs)" test "$(field "$VM" krgnet-status)" = 0
expect_true "the hook ran krgnet attach with the container's PID: exit 0" test "$(field "$VM" hook-status)" = 0
expect_true "krg0 is in the container's namespace" test -n "$krg0"
expect_true "krg0 is still the 802.1Q VLAN 7 with f0:00:00:00:07:01" \
    grep -qE '^ +link/ether f0:00:00:00:07:01 brd ' <<< "$krg0"
expect_true "krg0 is UP in the container" grep -qE '^[0-9]+: krg0@[^ ]+ <([^>]*,)?UP(,[^>]*)?>' <<< "$krg0"
expect_true "krg0 has its address 10.4.135.1/18 in the container" grep -qE '^ +inet 10\.4\.135\.1/18 ' <<< "$krg0"
expect_true "krg0 has the cluster IP 10.4.199.1/18 in the container" grep -qE '^ +inet 10\.4\.199\.1/18 ' <<< "$krg0"
expect_true "lo is up in the container" grep -qE '^[0-9]+: lo: <[^>]*UP' <<< "$cont"
cns=$(field "$VM" container-netns)
expect_true "/run/netns/kerrighed pins the container's namespace (same inode $cns)" \
    test -n "$cns" -a "$cns" = "$(field "$VM" pinned-netns)"
expect_true "krgnet status after attach: exit 0" test "$(field "$VM" status-status)" = 0
expect_true "a second attach: exit 0" test "$(field "$VM" attach-again-status)" = 0
expect_true "a second attach says it is already attached" grep -q "already attached" <<< "$(field "$VM" attach-again)"
# Both images load ip_tables and ipt_CLUSTERIP with krg.clusterip, so `auto`
# picks CLUSTERIP, in the container's namespace too; node 1 of 1-4 serves
# bucket 1 and every fourth undeclared one.
expect_true "the container's CLUSTERIP entry for 10.4.199.1 serves buckets 1,5,9,13" \
    grep -qx '/proc/net/ipt_CLUSTERIP/10.4.199.1: 1,5,9,13' <<< "$(section "$VM" "container: ipt_CLUSTERIP")"
finish "attach_hook_hands_krg0_to_the_container ($VM_IMAGE)"
