#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Re-records the golden netlink bytes in this folder (as root): runs iproute2
# and nft under strace in throwaway network namespaces and keeps the bytes of
# chosen sendmsg/recvmsg calls as C-includable hex (README.md lists them).
#   usage: tests/golden/nl/capture.sh [outdir]     (default: beside this script)
#   ONLY=cluster tests/golden/nl/capture.sh          only the cluster-IP ruleset files
#   ONLY=clusterip tests/golden/nl/capture.sh        only the ip_tables CLUSTERIP blobs
# Needs: ip (iproute2), nft, strace; kernel with veth, macvlan, nf_tables.
# The kernel may lack 802.1Q: the vlan request is still recorded (strace sees
# the bytes) and the kernel's refusal becomes the ext-ack error golden.
set -euo pipefail

out=${1:-$(cd "$(dirname "$0")" && pwd)}
ns=krgcap$$
target=krgcapt$$
tmp=$(mktemp -d)
mkdir -p "$out"
sleeper=
cleanup() {
    [ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
    ip netns del "$ns" 2>/dev/null || true
    ip netns del "$target" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$ns"
ip netns add "$target"
ip -n "$ns" link add veth0 type veth peer name veth1
ip -n "$ns" link set veth0 up

# run NAME CMD...: strace CMD inside $ns; records one line per syscall into
# $tmp/NAME: "<syscall> <hex bytes...>" (empty transfers are skipped).
run() {
    local name=$1; shift
    ip netns exec "$ns" strace -o "$tmp/$name.strace" -e trace=sendmsg,sendto,recvmsg \
        -e write=all -e read=all -xx -s 65536 "$@" >/dev/null 2>&1 || true
    awk '
        /^(sendmsg|sendto|recvmsg)\(/ { flush(); call = substr($0, 1, index($0, "(") - 1); hex = ""; next }
        /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  / { hex = hex " " substr($0, 11, 49); next }
        function flush() { gsub(/ +/, " ", hex); if (call != "" && hex != " " && hex != "") print call hex; call = "" }
        END { flush() }
    ' "$tmp/$name.strace" > "$tmp/$name"
}

# keep NAME KIND N FILE COMMENT [first]: writes the Nth (1-based, -1 = last)
# record of KIND (send|recv) from run NAME to FILE as "0x..," lines, 16 per
# line; with "first", only its first message (iproute2 sends some requests
# from a larger zeroed struct).
keep() {
    local name=$1 kind=$2 n=$3 file=$4 comment=$5 only=${6:-} pat
    case $kind in send) pat='^send(msg|to) ' ;; recv) pat='^recvmsg ' ;; esac
    local line
    if [ "$n" = -1 ]; then line=$(grep -E "$pat" "$tmp/$name" | tail -n 1)
    else line=$(grep -E "$pat" "$tmp/$name" | sed -n "${n}p"); fi
    [ -n "$line" ] || { echo "capture: no $kind #$n in $name" >&2; exit 1; }
    {
        printf '// %s\n' "$comment"
        echo "$line" | cut -d' ' -f2- | tr ' ' '\n' | grep -v '^$' |
            awk -v only="$only" '
                { b[NR] = $0 }
                END {
                    n = NR
                    if (only == "first") n = hex(b[1]) + 256 * hex(b[2]) + 65536 * hex(b[3])
                    for (i = 1; i <= n; i++) { printf "0x%s,", b[i]; if (i % 16 == 0) printf "\n" }
                    if (n % 16) printf "\n"
                }
                function hex(s) { return index("0123456789abcdef", substr(s, 1, 1)) * 16 - 16 + index("0123456789abcdef", substr(s, 2, 1)) - 1 }'
    } > "$out/$file"
}

mac=f0:00:00:00:07:04

if [ -z "${ONLY:-}" ]; then

run macvlan ip link add link veth0 name krg0 address $mac mtu 1496 type macvlan mode bridge
keep macvlan send -1 newlink_macvlan.hex "ip link add link veth0 name krg0 address $mac mtu 1496 type macvlan mode bridge"
keep macvlan recv -1 ack.reply.hex "ACK of: ip link add ... type macvlan mode bridge"

run dup ip link add link veth0 name krg0 address $mac mtu 1496 type macvlan mode bridge
keep dup recv -1 eexist.reply.hex "EEXIST reply (no ext-ack text) to a second: ip link add link veth0 name krg0 ... type macvlan"

run vlan ip link add link veth0 name krg1 address $mac mtu 1496 type vlan id 7
keep vlan send -1 newlink_vlan.hex "ip link add link veth0 name krg1 address $mac mtu 1496 type vlan id 7"
run vlanns ip link add link veth0 name krg1 address $mac mtu 1496 netns "$target" type vlan id 7
keep vlanns send -1 newlink_vlan_netns.hex "ip link add link veth0 name krg1 address $mac mtu 1496 netns NS type vlan id 7 (IFLA_NET_NS_FD = ip's fd)"
if ! grep -q 8021q /proc/modules 2>/dev/null && ! [ -d /sys/module/8021q ]; then
    keep vlan recv -1 extack.reply.hex "EOPNOTSUPP with ext-ack 'Unknown device type': the vlan create above on a kernel without 8021q"
fi

run macvlanns ip link add link veth0 name krg2 address $mac mtu 1496 netns "$target" type macvlan mode bridge
keep macvlanns send -1 newlink_macvlan_netns.hex "ip link add link veth0 name krg2 address $mac mtu 1496 netns NS type macvlan mode bridge"
run vethns ip link add name krg3 address $mac mtu 1500 netns "$target" type veth peer name krg3h mtu 1500
keep vethns send -1 newlink_veth_netns.hex "ip link add name krg3 address $mac mtu 1500 netns NS type veth peer name krg3h mtu 1500"

run up ip link set krg0 up
keep up send -1 setlink_up.hex "ip link set krg0 up"

run show ip link show dev krg0
keep show send 2 getlink_name.hex "ip link show dev krg0 (second request: the name lookup)"
keep show recv 2 getlink_macvlan.reply.hex "reply to the name lookup of: ip link show dev krg0 (a macvlan on veth0, up)"
keep show send 4 getlink_index.hex "ip link show dev krg0 (fourth request: its parent veth0 by ifindex)"

run dump ip link show
keep dump send -1 dumplink.hex "ip link show (RTM_GETLINK dump)"
keep dump recv 2 dumplink.reply.hex "first datagram of the dump of: ip link show (lo, veth1, veth0, krg0; NLM_F_MULTI)"
keep dump recv 3 dumplink_done.reply.hex "second datagram of the dump of: ip link show (NLMSG_DONE)"

run addaddr ip addr add 10.4.135.4/18 brd + dev krg0
keep addaddr send -1 newaddr.hex "ip addr add 10.4.135.4/18 brd + dev krg0"

run showaddr ip -4 addr show dev krg0
keep showaddr send 3 getaddr_dump.hex "ip -4 addr show dev krg0 (third request: the RTM_GETADDR dump; its first nlmsg_len bytes)" first
keep showaddr recv 3 getaddr.reply.hex "first datagram of the dump of: ip -4 addr show dev krg0 (10.4.135.4/18; NLM_F_MULTI)"
keep showaddr recv 4 getaddr_done.reply.hex "second datagram of the dump of: ip -4 addr show dev krg0 (NLMSG_DONE)"

run deladdr ip addr del 10.4.135.4/18 dev krg0
keep deladdr send -1 deladdr.hex "ip addr del 10.4.135.4/18 dev krg0"

run del ip link del krg0
keep del send -1 dellink.hex "ip link del krg0"

# A move into another namespace by a process's namespace file (krgnet attach).
ip netns exec "$target" sleep 60 &
sleeper=$!
ip -n "$ns" link add link veth0 name krg3 type macvlan mode bridge
run setns ip link set krg3 netns "/proc/$sleeper/ns/net"
keep setns send -1 setlink_netns.hex "ip link set krg3 netns /proc/PID/ns/net (IFLA_NET_NS_FD = ip's fd; krg3 a macvlan on veth0)"
kill "$sleeper"

run missing ip link show dev krg0
keep missing recv -1 enodev.reply.hex "ENODEV reply to the name lookup of: ip link show dev krg0 (after it was deleted)"

run nft nft add table inet krgtest
keep nft send -1 nft_newtable_batch.hex "nft add table inet krgtest (BATCH_BEGIN, NEWTABLE, BATCH_END in one sendmsg)"
ip netns exec "$ns" nft delete table inet krgtest
fi

if [ -z "${ONLY:-}" ] || [ "${ONLY:-}" = cluster ]; then
# The cluster-IP ruleset (src/nl/nft.h) for node 1 of 1-4 (buckets 1,5,9,13),
# cluster IP 10.4.199.1, seed 0, cluster MAC 01:00:00:00:07:00.
cat > "$tmp/cluster.nft" <<'NFT'
add table ip krgnet
delete table ip krgnet
table ip krgnet {
	chain prerouting {
		type filter hook prerouting priority mangle; policy accept;
		iifname "krg0" ip daddr 10.4.199.1 jhash ip saddr mod 16 seed 0x0 offset 1 { 1, 5, 9, 13 } meta pkttype set host accept
		iifname "krg0" ip daddr 10.4.199.1 ct state related meta pkttype set host accept
		iif != "lo" ip daddr 10.4.199.1 drop
	}
}
add table arp krgnet
delete table arp krgnet
table arp krgnet {
	chain output {
		type filter hook output priority 0; policy accept;
		arp saddr ip 10.4.199.1 arp saddr ether set 01:00:00:00:07:00
	}
}
NFT
printf 'add table ip krgnet\ndelete table ip krgnet\nadd table arp krgnet\ndelete table arp krgnet\n' > "$tmp/remove.nft"
run cluster nft -f "$tmp/cluster.nft"
keep cluster send -1 nft_cluster_batch.hex "nft -f cluster.nft (capture.sh: add/delete/define table ip krgnet and arp krgnet, node 1 of 1-4)"
run clusterlist nft list table ip krgnet
keep clusterlist send 3 nft_getchain.hex "nft list table ip krgnet (third request: GETCHAIN dump of every family)"
keep clusterlist send 6 nft_getsetelem.hex "nft list table ip krgnet (sixth request: GETSETELEM dump of __set0)"
keep clusterlist recv 9 nft_getsetelem.reply.hex "first datagram answering nft_getsetelem: elements 1, 5, 9, 13 in the order the kernel keeps them"
keep clusterlist send 8 nft_getrule.hex "nft list table ip krgnet (eighth request: GETRULE dump of table ip krgnet)"
keep clusterlist recv 12 nft_getrule.reply.hex "first datagram answering nft_getrule: the three prerouting rules"
run clusterrm nft -f "$tmp/remove.nft"
keep clusterrm send -1 nft_cluster_remove.hex "nft -f remove.nft: add table; delete table, for ip krgnet then arp krgnet"
# nft has no syntax for a bare byte swap; a shift of the address is the
# rule that makes it send the `byteorder` step krgnet puts before the hash.
printf 'table ip t {\n\tchain c {\n\t\tjhash ip saddr >> 8 mod 16 seed 0x0 offset 1 1\n\t}\n}\n' > "$tmp/byteorder.nft"
run byteorder nft -f "$tmp/byteorder.nft"
keep byteorder send -1 nft_byteorder_rule.hex "nft -f byteorder.nft: table ip t { chain c { jhash ip saddr >> 8 mod 16 seed 0x0 offset 1 1 } }"
fi

# The legacy CLUSTERIP rule (src/sys/iptables.h): the IPT_SO_SET_REPLACE blob
# iptables-legacy writes in a fresh namespace.  Recorded even where the
# kernel has no CLUSTERIP target: the blob is sent before the kernel refuses.
# keep_ipt NAME FILE COMMENT CMD...: the last IPT_SO_SET_REPLACE of CMD.
keep_ipt() {
    local name=$1 file=$2 comment=$3; shift 3
    ip netns exec "$ns" strace -o "$tmp/$name.strace" -e trace=setsockopt -xx -s 100000 "$@" >/dev/null 2>&1 || true
    grep IPT_SO_SET_REPLACE "$tmp/$name.strace" | tail -n 1 | grep -o '"\\x.*"' | tr -d '"' | sed 's/\\x/ /g' > "$tmp/$name"
    [ -s "$tmp/$name" ] || { echo "capture: no IPT_SO_SET_REPLACE from $*" >&2; exit 1; }
    {
        printf '// %s\n' "$comment"
        tr ' ' '\n' < "$tmp/$name" | grep -v '^$' | awk '{ printf "0x%s,", $0; if (NR % 16 == 0) printf "\n" } END { if (NR % 16) printf "\n" }'
    } > "$out/$file"
}
if [ "${ONLY:-}" = "" ] || [ "${ONLY:-}" = clusterip ]; then
    keep_ipt iptnew ipt_clusterip_replace.hex \
        "iptables-legacy -I INPUT -i krg0 -d 10.4.199.1 -j CLUSTERIP --new --hashmode sourceip --clustermac 01:00:00:00:07:00 --total-nodes 16 --local-node 1 (fresh namespace)" \
        iptables-legacy -I INPUT -i krg0 -d 10.4.199.1 -j CLUSTERIP --new --hashmode sourceip \
        --clustermac 01:00:00:00:07:00 --total-nodes 16 --local-node 1
    keep_ipt iptflush ipt_filter_empty_replace.hex "iptables-legacy -F INPUT (fresh namespace: the empty filter table)" \
        iptables-legacy -F INPUT
fi

echo "capture: wrote $(ls "$out"/*.hex | wc -l) files to $out"
