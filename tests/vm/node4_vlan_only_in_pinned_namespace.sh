#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 1
# Node 4 (krg.node=4, direct kernel boot): after switch_root, krg0 is an
# 802.1Q link with id 7 on eth0, MAC f0:00:00:00:07:04, 10.4.135.4/18,
# MTU 1496, state UP, inside the pinned namespace /run/netns/kerrighed only.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
VM=${VM_IMAGE}-node4

vm_start "$VM" --image "$VM_IMAGE" --cmdline "krg.node=4"
expect_true "the VM booted, switched root and reported" vm_wait_all

ns=$(section "$VM" "ip -d addr show")
init=$(section "$VM" "ip -d link show")
# the krg0 block of the namespace listing: from "N: krg0@..." to the next link
krg0=$(awk '/^[0-9]+: / { on = ($2 ~ /^krg0(@|:)/) } on' <<< "$ns")

expect_true "the report comes from the real root (/dev/vda, ext4)" \
    test "$(field "$VM" root-fs)" = "/dev/vda ext4"
expect_true "the 802.1Q module is loaded (8021q)" \
    grep -qw 8021q <<< "$(field "$VM" modules)"
expect_true "krgnet up exit status 0" test "$(field "$VM" krgnet-status)" = 0
expect_true "krgnet up finished before switch_root (ready time recorded)" \
    grep -qE '^[0-9]+\.[0-9]+$' <<< "$(field "$VM" krgnet-ready)"
expect_true "the pinned namespace exists after switch_root" \
    grep -q '^[0-9]*: lo: ' <<< "$ns"
expect_true "krg0 is in the pinned namespace" test -n "$krg0"
expect_true "krg0 is an 802.1Q VLAN with id 7" \
    grep -qE '^ +vlan protocol 802\.1Q id 7 ' <<< "$krg0"
expect_true "krg0 MAC is f0:00:00:00:07:04" \
    grep -qE '^ +link/ether f0:00:00:00:07:04 brd ' <<< "$krg0"
expect_true "krg0 MTU is 1496" grep -qE '^[0-9]+: krg0@[^ ]+ <[^>]*> mtu 1496 ' <<< "$krg0"
expect_true "krg0 is UP" grep -qE '^[0-9]+: krg0@[^ ]+ <([^>]*,)?UP(,[^>]*)?>' <<< "$krg0"
expect_true "krg0 has exactly 10.4.135.4/18" \
    test "$(grep -cE '^ +inet ' <<< "$krg0")-$(grep -cE '^ +inet 10\.4\.135\.4/18 ' <<< "$krg0")" = 1-1
expect_true "krg0's parent is in the initial namespace (link-netnsid)" \
    grep -q 'link-netnsid ' <<< "$krg0"
expect_true "the initial namespace has eth0 (the parent)" grep -qE '^[0-9]+: eth0: ' <<< "$init"
expect_true "the initial namespace has no krg0 and no VLAN link" \
    test "$(grep -cE '^[0-9]+: krg0|vlan protocol' <<< "$init")" = 0
expect_true "the pinned namespace holds only lo and krg0" \
    test "$(grep -cE '^[0-9]+: ' <<< "$ns")" = 2
finish "node4_vlan_only_in_pinned_namespace ($VM_IMAGE)"
