# SPDX-License-Identifier: GPL-2.0-or-later
# A historic net.conf brings krg0 up in the state the historic Kerrighed
# network scripts left in the container.  The expected values are what those
# scripts gave, run side by side with krgnet in throwaway namespaces on the
# same files (kerrighed-tools 981210d, the VLAN scripts, with a stand-in
# macvlan where the kernel has no 802.1Q; 51a3ab9, the macvlan variant):
# kind, MAC, MTU, flags, IPv4 and link-local addresses, routes, multicast
# lists and the container's links were equal.  What krgnet does otherwise is
# checked here as such, one row of docs/migrating.md's table each: lo is up
# with 127.0.0.1/8 and ::1 (historic: 127.0.0.1/32 on a down lo), addresses
# carry their broadcast address (historic: none), krg.kind=macvlan is mode
# bridge (historic variant: vepa), NETCONF_ENABLE other than true runs (with
# a warning), and CLUSTERADDR counts only with CLUSTERADDR_ENABLE=true.

# hist_conf FILE [SED-EXPRESSION...]: the keys kerrighed-tools shipped in its
# net.conf (the cluster IP switched off), edited by the expressions.
hist_conf() {
    local file=$1; shift
    printf '%s\n' 'NETCONF_ENABLE=true' 'PHYS=eth0' 'VIRT=krg0' 'VLANID=7' 'VIRTMAC=f0:00:00:00:07:00' \
        'VIRTPREFIX=10.4.135.0/18' 'CLUSTERADDR_ENABLE=false' 'CLUSTERADDR=10.4.199.1/18' \
        'CLUSTERMAC=01:00:00:00:07:00' > "$file"
    local e
    for e in "$@"; do sed -i "$e" "$file"; done
}

# fresh_node ID [MTU]: node ID's namespace, made again.
fresh_node() {
    ip -n "$BR" link del "p$1" 2>/dev/null
    ip netns del "${PFX}n$1" 2>/dev/null
    mk_node "$@"
}

# hup ID CONF: krgnet up on node ID with net.conf CONF; stderr in $TMP/err.
hup() {
    nsenter --net="/run/netns/${PFX}n$1" -- "$KRGNET" up --conf "$2" --state-dir "$TMP/state$1" \
        --cmdline "krg.node=$1 krg.kind=$KIND krg.netns=${PFX}k$1 krg.timeout=1 krg.dad=0" 2>"$TMP/err"
}
hdown() {
    nsenter --net="/run/netns/${PFX}n$1" -- "$KRGNET" down --conf "$2" --state-dir "$TMP/state$1" \
        --cmdline "krg.node=$1 krg.kind=$KIND krg.netns=${PFX}k$1" 2>/dev/null
}
warnings() { grep '^krgnet: warning: ' "$TMP/err" | sed "s|$TMP/||"; }

# The container's state (read once per check into $LINKS and $ADDRS), one fact each.
lfield() { jq -r --arg i "$1" ".[] | select(.ifname == \$i) | $2" <<<"$LINKS"; }
links() { jq -r '[.[].ifname] | sort | join(" ")' <<<"$LINKS"; }
flags() { lfield "$1" '.flags | join(",")'; }
inet() { jq -r --arg i "$1" '[.[] | select(.ifname == $i) | .addr_info[] | select(.family=="inet") | "\(.local)/\(.prefixlen) brd \(.broadcast // "none")"] | join(", ")' <<<"$ADDRS"; }
inet6() { jq -r --arg i "$1" '[.[] | select(.ifname == $i) | .addr_info[] | select(.family=="inet6") | "\(.local)/\(.prefixlen) \(.scope)"] | join(", ")' <<<"$ADDRS"; }
routes() { ip -n "$1" -4 route show table main | sed 's/ *$//' | sort | tr '\n' ';'; }
local_routes() { ip -n "$1" -4 route show table local dev "$2" | awk '{print $1, $2}' | sort | tr '\n' ';'; }
maddrs() { ip -n "$1" maddr show dev "$2" | awk '$1 ~ /^(link|inet|inet6)$/ {print $2}' | sort | tr '\n' ' '; }

# expect_historic NS VIRT MAC MTU ADDR/LEN NET BRD LINKLOCAL SOLICITED [MORE-MAC]:
# the state the historic scripts left, with the documented differences.
expect_historic() {
    local ns=$1 virt=$2 mac=$3 mtu=$4 addr=$5 net=$6 brd=$7 ll=$8 sol=$9 more=${10:-}  # more: unquoted, may be empty
    local ip=${addr%/*} len=${addr#*/}
    LINKS=$(ip -n "$ns" -j -d link show) ADDRS=$(ip -n "$ns" -j addr show)
    expect_eq "links in the container" "$(links)" "$(printf '%s\n' lo "$virt" | sort | tr '\n' ' ' | sed 's/ $//')"
    expect_eq "$virt kind" "$(lfield "$virt" .linkinfo.info_kind)" "$KIND"
    # historic macvlan variant: mode vepa (the kernel's default) -- a documented difference
    [ "$KIND" = macvlan ] && expect_eq "$virt macvlan mode" "$(lfield "$virt" .linkinfo.info_data.mode)" bridge
    expect_eq "$virt MAC" "$(lfield "$virt" .address)" "$mac"
    expect_eq "$virt MTU" "$(lfield "$virt" .mtu)" "$mtu"
    expect_eq "$virt flags" "$(flags "$virt")" "BROADCAST,MULTICAST,UP,LOWER_UP"
    # historic: the same address with no broadcast address
    expect_eq "$virt IPv4" "$(inet "$virt")" "$addr brd $brd${CIP_ADDR:+, $CIP_ADDR}"
    expect_eq "$virt IPv6" "$(inet6 "$virt")" "$ll/64 link"
    expect_eq "main routes" "$(routes "$ns")" \
        "$net/$len dev $virt proto kernel scope link src $ip;${CIP_ROUTE:+$CIP_ROUTE;}"
    expect_eq "local routes of $virt" "$(local_routes "$ns" "$virt")" \
        "$( (printf '%s\n' "broadcast $brd" "local $ip"; [ -n "${CIP_LOCAL:-}" ] && printf '%s\n' "$CIP_LOCAL") | sort | tr '\n' ';')"
    # shellcheck disable=SC2086  # $more: no word or one
    expect_eq "$virt multicast" "$(maddrs "$ns" "$virt")" \
        "$(printf '%s\n' 01:00:5e:00:00:01 224.0.0.1 33:33:00:00:00:01 "33:33:ff:$sol" ff01::1 ff02::1 \
            "ff02::1:ff${sol:0:2}:${sol:3:2}${sol:6:2}" $more | sed '/^ff02::1:ff/s/:0*\([0-9a-f]\{1,4\}\)$/:\1/' | sort | tr '\n' ' ')"
    # historic: 127.0.0.1/32 on lo, lo down
    expect_eq "lo flags" "$(flags lo)" "LOOPBACK,UP,LOWER_UP"
    expect_eq "lo addresses" "$(inet lo); $(inet6 lo)" "127.0.0.1/8 brd none; ::1/128 host"
}

# --- the shipped file's keys: nodes 1, 4, 16 and 200 -----------------------------------
CIP_OFF='hist.conf line 8): no cluster IP without CLUSTERADDR_ENABLE=true'
hist_conf "$TMP/hist.conf"
for id in 1 4 16 200; do
    echo "    node $id, the shipped keys (CLUSTERADDR_ENABLE=false)"
    hex=$(printf %02x "$id")
    fresh_node "$id"
    hup "$id" "$TMP/hist.conf"; expect_eq "node $id up" "$?" 0
    expect_eq "node $id: one warning, the cluster IP switched off" "$(warnings)" \
        "krgnet: warning: CLUSTERADDR=10.4.199.1/18 ($CIP_OFF"
    expect_historic "${PFX}k$id" krg0 "f0:00:00:00:07:$hex" 1496 "10.4.135.$id/18" 10.4.128.0 10.4.191.255 \
        "fe80::f200:ff:fe00:7$hex" "00:07:$hex"
    expect_eq "node $id status" "$(nsenter --net="/run/netns/${PFX}n$id" -- "$KRGNET" status --conf /dev/null \
        --state-dir "$TMP/state$id" --cmdline "krg.node=$id" >/dev/null 2>&1; echo $?)" 0
    hdown "$id" "$TMP/hist.conf"
    expect_clean "$id"
done

# --- the switch on: node 4 gets the cluster IP, as 20clusterip added it -----------------
echo "    node 4, CLUSTERADDR_ENABLE=true"
hist_conf "$TMP/cip.conf" 's/^CLUSTERADDR_ENABLE=.*/CLUSTERADDR_ENABLE=true/'
fresh_node 4
hup 4 "$TMP/cip.conf"; expect_eq "node 4 up with the cluster IP" "$?" 0
CIP_ADDR="10.4.199.1/18 brd 10.4.255.255" CIP_ROUTE="10.4.192.0/18 dev krg0 proto kernel scope link src 10.4.199.1" \
CIP_LOCAL="broadcast 10.4.255.255
local 10.4.199.1" \
    expect_historic "${PFX}k4" krg0 f0:00:00:00:07:04 1496 10.4.135.4/18 10.4.128.0 10.4.191.255 \
    fe80::f200:ff:fe00:704 00:07:04 01:00:00:00:07:00
# status works from the record: the cluster IP the switch turned on is in it
expect_eq "status after up" "$(nsenter --net="/run/netns/${PFX}n4" -- "$KRGNET" status --conf /dev/null \
    --state-dir "$TMP/state4" --cmdline "krg.node=4" >/dev/null 2>&1; echo $?)" 0
expect_eq "the record's cluster IP" "$(grep '^KRG_CLUSTERIP=' "$TMP/state4/net.env")" "KRG_CLUSTERIP=10.4.199.1/18"
hdown 4 "$TMP/cip.conf"
expect_clean 4

# --- variants: MTU 9000 parent, another prefix and MAC, quoted values, VLAN 12 ----------
echo "    node 4 on a parent with MTU 9000"
fresh_node 4 9000
hup 4 "$TMP/hist.conf"; expect_eq "up" "$?" 0
expect_historic "${PFX}k4" krg0 f0:00:00:00:07:04 8996 10.4.135.4/18 10.4.128.0 10.4.191.255 \
    fe80::f200:ff:fe00:704 00:07:04
hdown 4 "$TMP/hist.conf"

echo "    node 4, VIRTPREFIX=192.168.40.0/24, VIRTMAC=02:11:22:33:44:00"
hist_conf "$TMP/prefix.conf" 's|^VIRTPREFIX=.*|VIRTPREFIX=192.168.40.0/24|' 's|^VIRTMAC=.*|VIRTMAC=02:11:22:33:44:00|'
fresh_node 4
hup 4 "$TMP/prefix.conf"; expect_eq "up" "$?" 0
expect_historic "${PFX}k4" krg0 02:11:22:33:44:04 1496 192.168.40.4/24 192.168.40.0 192.168.40.255 \
    fe80::11:22ff:fe33:4404 33:44:04
hdown 4 "$TMP/prefix.conf"

echo "    node 4, quoted values, VIRT='kv0', VLANID=\"12\""
hist_conf "$TMP/quoted.conf" 's|^PHYS=eth0|PHYS="eth0"|' "s|^VIRT=krg0|VIRT='kv0'|" 's|^VLANID=7|VLANID="12"|' \
    's|^VIRTPREFIX=\(.*\)|VIRTPREFIX="\1"|' "s|^VIRTMAC=\(.*\)|VIRTMAC='\1'|"
fresh_node 4
hup 4 "$TMP/quoted.conf"; expect_eq "up" "$?" 0
expect_historic "${PFX}k4" kv0 f0:00:00:00:07:04 1496 10.4.135.4/18 10.4.128.0 10.4.191.255 \
    fe80::f200:ff:fe00:704 00:07:04
# the historic scripts asked for `type vlan id 12`; a macvlan stand-in has no id
if [ "$KIND" = vlan ]; then expect_eq "VLAN id" "$(link_field "${PFX}k4" kv0 .linkinfo.info_data.id)" 12
else expect_eq "VLAN id in net-conf.krgnet" "$(cat "$TMP/state4/net-conf.krgnet")" "kv0 f0:00:00:00:07:04 12"; fi
hdown 4 "$TMP/quoted.conf"
expect_clean 4

# --- the enable switch --------------------------------------------------------------------
echo "    NETCONF_ENABLE=false: nothing, as historic"
hist_conf "$TMP/off.conf" 's/^NETCONF_ENABLE=.*/NETCONF_ENABLE=false/'
fresh_node 4
hup 4 "$TMP/off.conf"; expect_eq "up" "$?" 0
expect_eq "no warning" "$(warnings)" ""
expect_clean 4
echo "    NETCONF_ENABLE=yes: krgnet runs (historic: nothing) and says so"
hist_conf "$TMP/yes.conf" 's/^NETCONF_ENABLE=.*/NETCONF_ENABLE=yes/'
hup 4 "$TMP/yes.conf"; expect_eq "up" "$?" 0
expect_eq "warnings" "$(warnings)" "krgnet: warning: NETCONF_ENABLE=yes (yes.conf line 1): on (the historic scripts ran only on true)
krgnet: warning: CLUSTERADDR=10.4.199.1/18 (yes.conf line 8): no cluster IP without CLUSTERADDR_ENABLE=true"
expect_eq "krg0 there" "$(link_field "${PFX}k4" krg0 .address)" f0:00:00:00:07:04
hdown 4 "$TMP/yes.conf"
expect_clean 4
