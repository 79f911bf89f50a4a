# SPDX-License-Identifier: GPL-2.0-or-later
# plan --format ifupdown, read by Debian's real ifup (unpacked by
# tests/host/fetch-ifupdown.sh; --no-scripts, its own interfaces file and
# state directory): the server's krg0 comes up as krgnet plans it, and
# krgnet status --json agrees unit by unit; ifdown removes it again.
IFUP=${IFUP:-$(dirname "$KRGNET")/ifupdown/sbin/ifup}
[ -x "$IFUP" ] || { fail "no Debian ifup at $IFUP (make host-tests fetches it: tests/host/fetch-ifupdown.sh)"; return; }
mk_node 254
"$KRGNET" plan --conf /dev/null --cmdline "$SERVER_CMDLINE" --format ifupdown > "$TMP/interfaces"; expect_eq "plan --format ifupdown" "$?" 0
mkdir -p "$TMP/ifstate"
ifupdown() {  # ifupdown ifup|ifdown: the real one, nothing of /etc/network
    ip netns exec "${PFX}n254" "$(dirname "$IFUP")/$1" --no-scripts -i "$TMP/interfaces" --state-dir "$TMP/ifstate" krg0
}
out=$(ifupdown ifup 2>&1); expect_eq "ifup krg0 ($out)" "$?" 0
expect_server_krg0
out=$(ifupdown ifdown 2>&1); expect_eq "ifdown krg0 ($out)" "$?" 0
expect_eq "krg0 gone after ifdown" "$(ip -n "${PFX}n254" -o link show krg0 2>/dev/null)" ""
expect_clean 254
