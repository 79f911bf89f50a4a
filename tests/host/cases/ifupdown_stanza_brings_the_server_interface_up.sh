# plan --format ifupdown, read by Debian's real ifup (unpacked by
# tests/host/fetch-ifupdown.sh; --no-scripts, its own interfaces file and
# state directory): the server's krg0 comes up as krgnet plans it, and
# krgnet status --json agrees unit by unit; ifdown removes it again.
IFUP=${IFUP:-$(dirname "$KRGNET")/ifupdown/sbin/ifup}
[ -x "$IFUP" ] || { fail "no Debian ifup at $IFUP (make host-tests fetches it: tests/host/fetch-ifupdown.sh)"; return; }
mk_node 254
SRV="krg.node=254 krg.kind=${KIND:-macvlan} krg.isolate=0 krg.timeout=2"
"$KRGNET" plan --conf /dev/null --cmdline "$SRV" --format ifupdown > "$TMP/interfaces"; expect_eq "plan --format ifupdown" "$?" 0
mkdir -p "$TMP/ifstate"
ifupdown() {  # ifupdown ifup|ifdown: the real one, nothing of /etc/network
    ip netns exec "${PFX}n254" "$(dirname "$IFUP")/$1" --no-scripts -i "$TMP/interfaces" --state-dir "$TMP/ifstate" krg0
}
out=$(ifupdown ifup 2>&1); expect_eq "ifup krg0 ($out)" "$?" 0
expect_eq "krg0's MAC" "$(link_field "${PFX}n254" krg0 .address)" "f0:00:00:00:07:fe"
expect_eq "krg0's MTU" "$(link_field "${PFX}n254" krg0 .mtu)" "1496"
expect_eq "krg0's kind" "$(link_field "${PFX}n254" krg0 .linkinfo.info_kind)" "${KIND:-macvlan}"
expect_eq "krg0's address" "$(addr_of "${PFX}n254" krg0)" "10.4.135.254/18"
# status of the same layout: parent, link and address as planned (no
# record: the hand-off files are up's, not ifupdown's)
out=$(nsenter --net="/run/netns/${PFX}n254" -- "$KRGNET" status --json --conf /dev/null --cmdline "$SRV" --state-dir "$TMP/state254" 2>&1)
if jq -e '[.units[] | select(.matches) | .unit] as $ok | ["parent", "netns", "link", "address"] - $ok == []' <<<"$out" > /dev/null; then
    pass "krgnet status: parent, link and address match the plan"
else
    fail "status --json: $out"
fi
out=$(ifupdown ifdown 2>&1); expect_eq "ifdown krg0 ($out)" "$?" 0
expect_eq "krg0 gone after ifdown" "$(ip -n "${PFX}n254" -o link show krg0 2>/dev/null)" ""
expect_clean 254
