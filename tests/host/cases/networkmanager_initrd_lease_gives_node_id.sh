# SPDX-License-Identifier: GPL-2.0-or-later
# krg.node=dhcp with no krg.phys, after Debian's real NetworkManager ran the
# way dracut's network-manager module runs it in the initramfs:
# nm-initrd-generator turns ip=eth0:dhcp into a profile, then
# `NetworkManager --configure-and-quit=initrd` leases 10.4.7.4 (host name
# node4) from dnsmasq and quits, leaving its device state keyfile
# /run/NetworkManager/devices/<ifindex>.  krgnet reads it: node 4, the
# parent eth0 named by that file; up, status and down then work from it.
# NetworkManager (unpacked by toolchain/fetch-nm.sh, never installed) runs in
# the node's namespace with its own /run/NetworkManager, /var/lib, host name
# and a read-only sysfs (no udev to wait for), in a private mount namespace
# that krgnet's commands share.
NM_DIR=${NM_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/build/nm}
[ -x "$NM_DIR/usr/sbin/NetworkManager" ] || { fail "no $NM_DIR/usr/sbin/NetworkManager (make host-tests unpacks it)"; return; }
command -v dnsmasq > /dev/null || { fail "no dnsmasq (package dnsmasq-base, make deps)"; return; }
# shellcheck source=tests/vm/load-lib.sh disable=SC2119
. "$(dirname "${BASH_SOURCE[0]}")/../../vm/load-lib.sh"

mk_node 4
mac=$(link_field "${PFX}n4" eth0 .address)
ip -n "$BR" addr add 10.4.7.254/18 dev br0
ip netns exec "$BR" dnsmasq --keep-in-foreground --user=root --group=root --port=0 --interface=br0 \
    --bind-interfaces --conf-file=/dev/null --no-resolv --no-hosts --leasefile-ro \
    --dhcp-range=10.4.7.100,10.4.7.200,255.255.192.0 --dhcp-host="$mac,10.4.7.4,node4" \
    --log-facility="$TMP/dnsmasq.log" &
dns=$!
wait_for $((50 * $(load_factor))) grep -q 'DHCP, IP range' "$TMP/dnsmasq.log" 2> /dev/null

mkdir -p "$TMP/nm-conf" "$TMP/state4"
# Debian's configuration, without the Wired connection its plugins would add
printf '[main]\nplugins=keyfile\nno-auto-default=*\n' > "$TMP/nm-conf/NetworkManager.conf"
cat > "$TMP/nm.sh" <<SCRIPT
mount -t tmpfs tmpfs /run/NetworkManager
mount -t tmpfs tmpfs /var/lib
mount -t sysfs -o ro sysfs /sys
hostname krgt-nm
"$NM_DIR/usr/lib/NetworkManager/nm-initrd-generator" -- ip=eth0:dhcp rd.neednet=1 || exit 1
timeout $((60 * $(load_factor))) "$NM_DIR/usr/sbin/NetworkManager" --configure-and-quit=initrd --no-daemon \
    --config="$TMP/nm-conf/NetworkManager.conf" --state-file=/run/NetworkManager/state > "$TMP/nm.log" 2>&1
echo "NetworkManager: exit status \$?"
echo "--- device state"
cat "/run/NetworkManager/devices/\$(cat /sys/class/net/eth0/ifindex)"
cmdline="$(base_cmdline 4) krg.node=dhcp"
echo "--- plan"
"$KRGNET" plan --conf /dev/null --cmdline "\$cmdline" 2>&1
"$KRGNET" up --conf /dev/null --state-dir "$TMP/state4" --cmdline "\$cmdline" 2>&1
echo "up: exit status \$?"
grep '^KRG_PHYS=' "$TMP/state4/net.env"
"$KRGNET" status --conf /dev/null --state-dir "$TMP/state4" > /dev/null 2>&1
echo "status: exit status \$?"
ip -j -d link show krg0 2> /dev/null > "$TMP/krg0-initial.json"
ip -n "${PFX}k4" -j addr show krg0 > "$TMP/krg0.json" 2>&1
"$KRGNET" down --conf /dev/null --state-dir "$TMP/state4" 2>&1
echo "down: exit status \$?"
SCRIPT
# the mount point of NetworkManager's private /run/NetworkManager, removed
# after unless the machine had one
made_run_nm=0
[ -d /run/NetworkManager ] || { mkdir /run/NetworkManager && made_run_nm=1; }
unshare -m -u --propagation private nsenter --net="/run/netns/${PFX}n4" sh "$TMP/nm.sh" > "$TMP/out" 2>&1
[ "$made_run_nm" = 0 ] || rmdir /run/NetworkManager
kill "$dns" 2> /dev/null
wait "$dns" 2> /dev/null

expect_match "NetworkManager leased and quit" "$(cat "$TMP/out")" '^NetworkManager: exit status 0$'
expect_match "its device state holds the leased address" "$(cat "$TMP/out")" '^dhcp4\.ip_address=10\.4\.7\.4$'
expect_match "plan: node 4 from NetworkManager's device state" "$(cat "$TMP/out")" \
    '^node 4 \(from DHCP lease /run/NetworkManager/devices/[0-9]+\)$'
expect_match "plan: the parent is named by that file" "$(cat "$TMP/out")" \
    '^  parent +named by DHCP lease /run/NetworkManager/devices/[0-9]+$'
expect_match "plan: its NIC, eth0" "$(cat "$TMP/out")" '^  interface +krg0: macvlan on eth0$'
expect_match "krgnet up" "$(cat "$TMP/out")" '^up: exit status 0$'
expect_eq "krg0's MAC" "$(jq -r '.[0].address' "$TMP/krg0.json" 2> /dev/null)" f0:00:00:00:07:04
expect_eq "krg0's address" "$(jq -r '.[0].addr_info[] | select(.family=="inet") | "\(.local)/\(.prefixlen)"' "$TMP/krg0.json" 2> /dev/null)" 10.4.135.4/18
expect_eq "krg0 is up" "$(jq -r '.[0].flags | index("UP") != null' "$TMP/krg0.json" 2> /dev/null)" true
expect_match "the record names eth0" "$(cat "$TMP/out")" '^KRG_PHYS=eth0$'
expect_match "status" "$(cat "$TMP/out")" '^status: exit status 0$'
expect_match "down" "$(cat "$TMP/out")" '^down: exit status 0$'
[ "$FAILS" = 0 ] || { sed 's/^/      /' "$TMP/out"; grep -E 'dhcp4|<warn>|<error>' "$TMP/nm.log" | head -n 10 | sed 's/^/      NM: /'; }
expect_clean 4
