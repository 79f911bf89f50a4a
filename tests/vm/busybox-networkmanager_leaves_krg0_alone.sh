#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 2
# NetworkManager running after switch_root leaves krg0 as krgnet made it.
# The root (build/root-nm.ext4) starts journald, udev's daemon, the D-Bus
# system bus and Debian's NetworkManager, as a node's root does, and holds
# krgnet-node's drop-in (/usr/lib/NetworkManager/conf.d/krgnet.conf) and a
# site's connection profile that would take krg0 over (VLAN 7 on eth0,
# 192.0.2.99/24, autoconnect).  krg.isolate=0 puts krg0 beside eth0 in the
# initial namespace, where NetworkManager sees it.  Once NetworkManager's
# start-up is complete (waited for at most 60 s times the load), it is asked
# to activate its best profile for krg0 (`nmcli device connect krg0`, what
# it does by itself when a device becomes available again); 60 s later krg0
# is unmanaged, its MAC, address, up state and namespace as krgnet left them
# (`krgnet status` 0).  A second VM without the drop-in is the control:
# there NetworkManager takes krg0 and `krgnet status` differs, so the first
# VM's result is the drop-in's doing.
# journald, started before NetworkManager, reads the kernel log from its
# start: krgnet's lines from the initramfs are filed under identifier krgnet.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
NM_ROOT=${VM_ROOT_NM:-$TOP/build/root-nm.ext4}
[ -r "$NM_ROOT" ] || { fail "$NM_ROOT missing (make root-nm-image)"; finish; }

KEEP=nm-dropin CONTROL=nm-no-dropin
CMD="krg.node=4 krg.isolate=0 krgtest.nm=60 krgtest.wait=$(scaled 60)"
VM_ROOT=$NM_ROOT vm_start "$KEEP" --image busybox --cmdline "$CMD"
VM_ROOT=$NM_ROOT vm_start "$CONTROL" --image busybox --cmdline "$CMD krgtest.nm-no-dropin"
expect_true "both VMs reached the real root and reported" vm_wait_all

nm=$(section "$KEEP" "NetworkManager ---")
krg0=$(link_block "$(section "$KEEP" "ip -d link show (initial namespace)")" krg0)
expect_eq "krgnet up exit status" "$(field "$KEEP" krgnet-status)" 0
expect_eq "the drop-in is installed" "$(field "$KEEP" nm-dropin)" present
expect_match "NetworkManager runs and finished its start-up" "$(field "$KEEP" nm-general)" '^running:started:'
expect_match "NetworkManager lists krg0 unmanaged" "$nm" '^nm-device: krg0:vlan:unmanaged:'
expect_match "NetworkManager does not connect krg0 when asked" "$nm" '^nm-connect-krg0: Error: '

expect_match "NetworkManager has the site's profile for krg0" "$nm" '^nm-connection: site-krg0:$'
expect_match "krg0 stays in the initial namespace (krg.isolate=0)" "$krg0" '^[0-9]+: krg0@eth0: '
expect_match "krg0 keeps MAC f0:00:00:00:07:04" "$krg0" '^ +link/ether f0:00:00:00:07:04 brd '
expect_match "krg0 stays up" "$krg0" '^[0-9]+: krg0@[^ ]+ <([^>]*,)?UP[,>]'
expect_eq "krg0 has krgnet's address only" \
    "$(section "$KEEP" "ip -4 addr show (initial namespace)" | awk '/^[0-9]+: / { on = ($2 ~ /^krg0@/) } on && /inet / { print $2 }')" "10.4.135.4/18"
expect_eq "krgnet status after NetworkManager ran" "$(field "$KEEP" nm-krgnet-status)" 0
expect_match "journald files krgnet's initramfs lines under identifier krgnet" \
    "$(section "$KEEP" "journal")" '^ +SYSLOG_IDENTIFIER=krgnet$'

expect_eq "control: no drop-in" "$(field "$CONTROL" nm-dropin)" absent
expect_match "control: NetworkManager connected krg0" "$(section "$CONTROL" "NetworkManager ---")" '^nm-device: krg0:vlan:connected:'
expect_eq "control: krgnet status differs" "$(field "$CONTROL" nm-krgnet-status)" 1
finish
