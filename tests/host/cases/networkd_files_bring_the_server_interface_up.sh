# SPDX-License-Identifier: GPL-2.0-or-later
# plan --format networkd, read by the machine's real systemd-networkd in a
# throwaway network and mount namespace: its own /run/systemd (tmpfs), the
# rendered files bind-mounted on /etc/systemd/network, /sys read-only (so
# networkd does not wait for a udev that is not there).  The server's krg0
# comes up as krgnet plans it and krgnet status --json agrees unit by unit.
NETWORKD=${NETWORKD:-/lib/systemd/systemd-networkd}
[ -x "$NETWORKD" ] || { fail "no systemd-networkd at $NETWORKD (package systemd, make deps)"; return; }
mk_node 254
"$KRGNET" plan --conf /dev/null --cmdline "$SERVER_CMDLINE" --format networkd > "$TMP/networkd.txt"; expect_eq "plan --format networkd" "$?" 0
# "# --- /path" starts a file; "# --- eth0's own .network file" the line
# eth0's own file needs, here a file of its own (the test owns eth0)
mkdir -p "$TMP/network"
awk -v dir="$TMP/network" '
    /^# --- \// { n = split($3, part, "/"); f = dir "/" part[n]; next }
    /^# --- /   { f = dir "/10-eth0.network"; print "[Match]\nName=eth0\n\n[Network]\nLinkLocalAddressing=no" > f; next }
    /^#/        { next }
    f           { print > f }' "$TMP/networkd.txt"
expect_eq "files rendered" "$(cd "$TMP/network" && ls | tr '\n' ' ')" "10-eth0.network 50-krg0.netdev 50-krg0.network "
cat > "$TMP/networkd.sh" <<SCRIPT
set -e
mkdir -p /run/systemd /etc/systemd/network
mount -t tmpfs tmpfs /run/systemd
mkdir -p /run/systemd/netif
chown systemd-network: /run/systemd/netif 2>/dev/null || :
mount --bind "$TMP/network" /etc/systemd/network
exec ip netns exec "${PFX}n254" sh -c 'mount -o remount,ro /sys && exec "$NETWORKD"'
SCRIPT
unshare -m --propagation private sh "$TMP/networkd.sh" > "$TMP/networkd.log" 2>&1 &
nd=$!
# networkd creates krg0 and configures it within a second or two idle: wait
# up to 10 s times the machine's load factor (tests/vm/load-lib.sh)
# shellcheck source=tests/vm/load-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../vm/load-lib.sh"
krg0_configured() { [ -n "$(addr_of "${PFX}n254" krg0)" ] && [ "$(link_field "${PFX}n254" krg0 .operstate)" = UP ]; }
wait_for $((100 * $(load_factor))) krg0_configured
expect_server_krg0 || sed 's/^/      networkd: /' "$TMP/networkd.log"
kill "$nd" 2>/dev/null
ip netns pids "${PFX}n254" | xargs -r kill 2>/dev/null
wait "$nd" 2>/dev/null
ip -n "${PFX}n254" link del krg0 2>/dev/null
expect_clean 254
