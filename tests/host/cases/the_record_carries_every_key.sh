# SPDX-License-Identifier: GPL-2.0-or-later
# up with a value other than the default for every recorded key; then
# status and down with no configuration at all (an empty command line, no
# net.conf): they work from the record alone, so each value must be in it.
# A key the record forgot would leave status comparing against the default
# (another link name, namespace, MAC, prefix, MTU, cluster IP...) and down
# removing nothing.
mk_node 7
ip -n "${PFX}n7" link set eth0 name eno7
ns=${PFX}rt
all="krg.node=7 krg.phys=eno7 krg.virt=kv7 krg.kind=${KIND:-macvlan} krg.vlan=12 krg.mac=02:00:00:00:0c:00
     krg.prefix=10.9.128.0/18 krg.mtu=1400 krg.netns=$ns krg.isolate=1 krg.clusterip=10.9.192.1/18
     krg.clustermac=01:00:5e:09:c0:01 krg.nodes=1-4,7 krg.clusterip_backend=nft krg.timeout=1 krg.dad=50"
in_node() { nsenter --net="/run/netns/${PFX}n7" -- "$KRGNET" "$@" --conf /dev/null --state-dir "$TMP/state7"; }
in_node up --cmdline "$(echo $all)" 2>"$TMP/err"; expect_eq "up with every key set" "$?" 0
grep -v "does not answer ARP" "$TMP/err" | grep -q "warning\|error" && fail "up said: $(cat "$TMP/err")"
expect_eq "kv7's MAC" "$(link_field "$ns" kv7 .address)" "02:00:00:00:0c:07"
expect_eq "kv7's MTU" "$(link_field "$ns" kv7 .mtu)" "1400"
for key in KRG_VLAN=12 KRG_BACKEND=nft KRG_TIMEOUT=1 KRG_DAD=50 KRG_NODES=1-4,7 KRG_CLUSTERIP=10.9.192.1/18; do
    grep -qx "$key" "$TMP/state7/net.env" && pass "net.env holds $key" || fail "net.env lacks $key: $(cat "$TMP/state7/net.env")"
done
out=$(in_node status --cmdline "" 2>&1); rc=$?
expect_eq "status from the record alone" "$rc" 0
[ "$rc" = 0 ] || echo "$out" | sed 's/^/      /'
in_node down --cmdline "" 2>/dev/null; expect_eq "down from the record alone" "$?" 0
[ -e "/run/netns/$ns" ] && fail "down left the namespace $ns" || pass "down removed the namespace $ns"
[ -e "$TMP/state7/net.env" ] && fail "down left net.env" || pass "down removed net.env"
