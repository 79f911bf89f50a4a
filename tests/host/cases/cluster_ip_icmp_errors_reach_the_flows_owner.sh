# SPDX-License-Identifier: GPL-2.0-or-later
# Path MTU discovery through a router (nf_tables backend, macvlan): four
# nodes 1-4 serve the cluster IP; a router on their network forwards to
# eight client namespaces over a link of MTU 1280, while the clients' own
# MTU is 1500 (so they announce an MSS of 1460).  Each client fetches 64 KiB
# over TCP from the cluster IP: the node's full-size segments do not fit the
# router's link, the router sends "fragmentation needed" to the cluster IP,
# and every node receives it.  The error's source is the router, hashed to
# one bucket, so only `ct state related` lets it through on the node that
# owns the connection.  All eight transfers complete; then, with that rule
# deleted on every node, exactly the clients whose flows another node than
# the router's bucket owner serves stall (the rule is what makes it work).
# Only `owner` of cluster_driver is needed: the static build, made once.
make -s build/static-drivers/cluster_driver || { fail "cannot build cluster_driver"; return; }
CLUSTER_DRIVER=$PWD/build/static-drivers/cluster_driver
source tests/host/cluster_lib.sh
NODES=1-4 BIG=65536 TPORT=7100 ROUTER=${PFX}r
RNODE=10.4.135.250 RCIP=10.4.199.254   # the router's addresses on the nodes' network
CL="krg.clusterip=$CIP/18 krg.clustermac=$CMAC krg.nodes=$NODES"
kr() { EXTRA="$CL" krg "$@"; }
PY=/usr/bin/python3   # not a version manager's shim: 8 start at once
[ -x "$PY" ] || PY=python3

# serve_big: every connection to CIP:TPORT gets BIG bytes, then EOF.
# shellcheck disable=SC2016  # python's text
SERVE='
import socket, sys, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(16); print("serving", flush=True)
def give(c):
    with c: c.sendall(b"x" * int(sys.argv[3]))
while True:
    c, _ = s.accept(); threading.Thread(target=give, args=(c,), daemon=True).start()'
# fetch SRC: "SRC BYTES" received from CIP:TPORT before EOF or 3 s of silence.
FETCH='
import socket, sys
c = socket.socket(); c.settimeout(3); c.bind((sys.argv[1], 0)); n = 0
try:
    c.connect((sys.argv[2], int(sys.argv[3])))
    while True:
        b = c.recv(65536)
        if not b: break
        n += len(b)
except OSError: pass
print(sys.argv[1], n)'

ensure_bridge
for id in 1 2 3 4; do
    mk_node "$id"
    kr "$id" up 2>/dev/null; expect_eq "node $id up" "$?" 0
    ip -n "${PFX}k$id" route add 10.9.0.0/24 via "$RNODE" dev krg0
    : > "$TMP/big$id"
    ip netns exec "${PFX}k$id" "$PY" -c "$SERVE" "$CIP" "$TPORT" "$BIG" >"$TMP/big$id" 2>&1 &
    SERVERS+=($!)
    wait_for 50 grep -q serving "$TMP/big$id" || fail "node $id: server did not start: $(cat "$TMP/big$id")"
done

# The router: eth0 on the nodes' bridge, bridge cbr (MTU 1280) to the clients.
ip netns add "$ROUTER"
ip -n "$BR" link add pr type veth peer name eth0 netns "$ROUTER"
ip -n "$BR" link set pr master br0 up
ip -n "$ROUTER" link set lo up
ip -n "$ROUTER" link set eth0 up
ip -n "$ROUTER" addr add "$RNODE/18" dev eth0
ip -n "$ROUTER" addr add "$RCIP/18" dev eth0
ip -n "$ROUTER" link add cbr mtu 1280 type bridge
ip -n "$ROUTER" addr add 10.9.0.1/24 dev cbr
ip -n "$ROUTER" link set cbr up
ip netns exec "$ROUTER" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.icmp_ratelimit=0
for c in 1 2 3 4 5 6 7 8; do
    ip netns add "${PFX}c$c"
    ip -n "$ROUTER" link add "c$c" mtu 1280 type veth peer name eth0 netns "${PFX}c$c"
    ip -n "$ROUTER" link set "c$c" master cbr up
    ip -n "${PFX}c$c" link set lo up
    ip -n "${PFX}c$c" link set eth0 mtu 1500 up
    ip -n "${PFX}c$c" addr add "10.9.0.$((10 + c))/24" dev eth0
    ip -n "${PFX}c$c" addr add "10.9.0.$((40 + c))/24" dev eth0
    ip -n "${PFX}c$c" route add default via 10.9.0.1
done

# fetch_all BASE: each client fetches from its source 10.9.0.(BASE+c), all at
# once; prints "SRC BYTES" per client.  A fresh source per round: the nodes
# keep the path MTU they learnt per destination.
fetch_all() {
    local c pids=()
    for c in 1 2 3 4 5 6 7 8; do
        ip netns exec "${PFX}c$c" "$PY" -c "$FETCH" "10.9.0.$(($1 + c))" "$CIP" "$TPORT" > "$TMP/fetch$c" &
        pids+=($!)
    done
    wait "${pids[@]}"
    cat "$TMP"/fetch?
}
icmp_frag_sent() {
    ip netns exec "$ROUTER" awk '/^Icmp: [A-Z]/ { for (i = 2; i <= NF; i++) if ($i == "OutDestUnreachs") f = i }
                                 /^Icmp: [0-9]/ { print $f }' /proc/net/snmp
}

before=$(icmp_frag_sent)
got=$(fetch_all 10)
echo "    with the related rule: $(tr '\n' ' ' <<<"$got")"
expect_eq "every client received $BIG bytes" "$(awk -v b="$BIG" '$2 != b' <<<"$got" | wc -l)" 0
expect_true "the router sent ICMP destination unreachable (it was needed)" test "$(icmp_frag_sent)" -gt "$before"
expect_eq "the owners learnt path MTU 1280 towards their clients" \
    "$(for s in 11 12 13 14 15 16 17 18; do
           owner=$("$CDRV" owner "$NODES" "10.9.0.$s" | awk '{ print $2 }')
           ip -n "${PFX}k$owner" route get "10.9.0.$s" | grep -c 'mtu 1280'
       done | grep -c '^1$')" 8

# Without the related rule only the node owning the router's bucket takes
# the error: the other nodes' transfers stall.
for id in 1 2 3 4; do
    handle=$(ip netns exec "${PFX}k$id" nft -a list chain ip krgnet prerouting | awk '/ct state related/ { print $NF }')
    ip netns exec "${PFX}k$id" nft delete rule ip krgnet prerouting handle "$handle"
done
router_owner=$("$CDRV" owner "$NODES" "$RCIP" | awk '{ print $2 }')
# shellcheck disable=SC2046  # one argument per source
"$CDRV" owner "$NODES" $(seq -f '10.9.0.%g' 41 48) > "$TMP/owners"
stall=$(awk -v r="$router_owner" '$2 != r { print $1 }' "$TMP/owners")
expect_eq "second-round flows of the router's bucket owner (node $router_owner), of other nodes" \
    "$(awk -v r="$router_owner" '$2 == r' "$TMP/owners" | wc -l), $(wc -l <<<"$stall")" "2, 6"
got=$(fetch_all 40)
echo "    without it: $(tr '\n' ' ' <<<"$got")"
expect_eq "exactly the flows of the router's bucket owner completed" \
    "$(awk -v b="$BIG" '$2 != b { print $1 }' <<<"$got" | sort | tr '\n' ' ')" "$(tr '\n' ' ' <<<"$stall")"
expect_eq "status names the missing rule" "$(kr 2 status >/dev/null 2>&1; echo $?)" 1
expect_eq "up puts it back" "$(kr 2 up >/dev/null 2>&1; kr 2 status >/dev/null 2>&1; echo $?)" 0

cluster_stop_servers
for id in 1 2 3 4; do kr "$id" down 2>/dev/null; done
