#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pre-pivot hook: the real root is mounted and DHCP, if any, is done: create
# the VLAN in its pinned namespace.  switch_root moves /run into the real
# root, so /run/netns/<name> and /run/kerrighed/ survive it.
# Like the BusyBox initramfs, leaves /run/kerrighed/up.status (krgnet's exit
# status) and up.time (seconds since boot when it finished) and prints both.

# shellcheck source-path=SCRIPTDIR source=krgnet-lib.sh
command -v krgnet_fail > /dev/null || . /lib/krgnet-lib.sh

# systemd-networkd (a systemd image's network module) leases in the
# background, and nothing orders this hook after it: with krg.node=dhcp,
# wait (at most KRGNET_LEASE_WAIT seconds) until a link has an IPv4
# address, when networkd has written the lease krgnet reads.
KRGNET_LEASE_WAIT=60
KRGNET_WAIT_ONLINE=/usr/lib/systemd/systemd-networkd-wait-online

if krgnet_enabled quiet; then
    if [ "$KRGNET_NODE" = dhcp ] && [ -x "$KRGNET_WAIT_ONLINE" ]; then
        echo "kerrighed: waiting for systemd-networkd's DHCP lease" >&2
        "$KRGNET_WAIT_ONLINE" --ipv4 --any --timeout="$KRGNET_LEASE_WAIT" ||
            echo "kerrighed: systemd-networkd has no IPv4 address after ${KRGNET_LEASE_WAIT}s" >&2
    fi
    # ip_tables registers the socket options through which krgnet asks for,
    # and installs, the CLUSTERIP target; unlike nf_tables nothing loads it
    # on demand.  Absent on kernels without CLUSTERIP: then nf_tables serves.
    # Loaded for a cluster IP from any source (command line or net.conf), as
    # krgnet reads it, so that `auto` depends only on the configuration and
    # the kernel.
    if krgnet plan --layout-only 2> /dev/null | grep -qx 'cluster IP'; then
        modprobe -a -q iptable_filter ipt_CLUSTERIP 2> /dev/null || :
    fi
    krgnet_run up up
    _krg_status=$?
    read -r _krg_ready _ < /proc/uptime
    mkdir -p /run/kerrighed
    echo "$_krg_status" > /run/kerrighed/up.status
    echo "$_krg_ready" > /run/kerrighed/up.time
    echo "kerrighed: krgnet up: exit status $_krg_status, done at ${_krg_ready}s since boot" >&2
    [ "$_krg_status" = 0 ] || krgnet_fail "$KRGNET_MSG"
    unset _krg_status _krg_ready KRGNET_MSG KRGNET_NODE
fi
