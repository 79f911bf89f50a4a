# SPDX-License-Identifier: GPL-2.0-or-later
# The networkd drop-in krgnet-node installs (netmanagers/05-krgnet-krg0.network,
# Unmanaged=yes) keeps the machine's real systemd-networkd off krg0: with a
# site's catch-all .network (Name=*, an extra address) next to it, networkd
# running in krg0's namespace configures lo, and krg0 stays as krgnet left it
# (krgnet status exit 0, no extra address).
NETWORKD=${NETWORKD:-/lib/systemd/systemd-networkd}
[ -x "$NETWORKD" ] || { fail "no systemd-networkd at $NETWORKD (package systemd, make deps)"; return; }
mk_node 4
krg 4 up 2> /dev/null; expect_eq "krgnet up" "$?" 0
mkdir -p "$TMP/network"
cp "$(dirname "${BASH_SOURCE[0]}")/../../../netmanagers/05-krgnet-krg0.network" "$TMP/network/"
printf '[Match]\nName=*\n\n[Network]\nAddress=192.0.2.99/24\nLinkLocalAddressing=no\n' > "$TMP/network/90-site-everything.network"
cat > "$TMP/networkd.sh" <<SCRIPT
set -e
mkdir -p /run/systemd /etc/systemd/network
mount -t tmpfs tmpfs /run/systemd
mkdir -p /run/systemd/netif
chown systemd-network: /run/systemd/netif 2>/dev/null || :
mount --bind "$TMP/network" /etc/systemd/network
exec ip netns exec "${PFX}k4" sh -c 'mount -o remount,ro /sys && exec "$NETWORKD"'
SCRIPT
unshare -m --propagation private sh "$TMP/networkd.sh" > "$TMP/networkd.log" 2>&1 &
nd=$!
# networkd gives lo the site's address within a second or two idle: wait up
# to 10 s times the machine's load factor, then as long again for krg0
# shellcheck source=tests/vm/load-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../vm/load-lib.sh"
has_addr() { ip -n "$1" -4 addr show "$2" | grep -q "$3"; }   # has_addr NS IFNAME ADDRESS
wait_for $((100 * $(load_factor))) has_addr "${PFX}k4" lo 192.0.2.99
expect_eq "networkd ran: lo has the catch-all file's 192.0.2.99/24" \
    "$(ip -n "${PFX}k4" -4 -o addr show lo | grep -c 'inet 192.0.2.99/24')" 1
wait_for $((20 * $(load_factor))) has_addr "${PFX}k4" krg0 192.0.2.99
expect_eq "krg0 has only krgnet's address" "$(addr_of "${PFX}k4" krg0 | tr '\n' ' ')" "10.4.135.4/18 "
krg 4 status > "$TMP/status.out" 2>&1
expect_eq "krgnet status (the kernel matches the plan)" "$?" 0
grep -q 'krg0' "$TMP/networkd.log" && sed 's/^/      networkd: /' "$TMP/networkd.log" | grep krg0 | head -n 5
kill "$nd" 2> /dev/null
ip netns pids "${PFX}k4" | xargs -r kill 2> /dev/null
wait "$nd" 2> /dev/null
krg 4 down 2> /dev/null; expect_eq "krgnet down" "$?" 0
expect_clean 4
