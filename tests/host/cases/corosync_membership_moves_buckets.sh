# SPDX-License-Identifier: GPL-2.0-or-later
# cluster-manager/krgnet-corosync-live against a real corosync membership:
# Debian's corosync (unpacked by tests/host/fetch-corosync.sh, knet over
# UDP) runs in the namespaces of nodes 1 and 2, each node with krgnet's
# cluster IP (nf_tables, macvlan).  The script runs on node 1 with its input
# closed, as a service has it.  corosync on node 2 stops: node 1 serves
# every bucket; it starts again: node 1 serves its own again.  The buckets
# are read from the kernel (the set in node 1's namespace) and status agrees.
COROSYNC=${COROSYNC:-$(dirname "$KRGNET")/corosync}
[ -x "$COROSYNC/usr/sbin/corosync" ] ||
    { fail "no Debian corosync at $COROSYNC (make host-tests fetches it: tests/host/fetch-corosync.sh)"; return; }
LIBS=$COROSYNC/usr/lib/x86_64-linux-gnu
NODES=1,2
CL="krg.clusterip=10.4.199.1/18 krg.clustermac=01:00:00:00:07:00 krg.clusterip_backend=nft krg.nodes=$NODES"
mkdir -p "$TMP/bin"
printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s/usr/sbin/corosync-cmapctl "$@"\n' "$LIBS" "$COROSYNC" > "$TMP/bin/corosync-cmapctl"
chmod +x "$TMP/bin/corosync-cmapctl"

for id in 1 2; do
    mk_node "$id"
    ip -n "${PFX}n$id" link set lo up
    ip -n "${PFX}n$id" addr add "10.77.0.$id/24" dev eth0
    EXTRA="$CL" krg "$id" up 2>/dev/null; expect_eq "node $id up" "$?" 0
    mkdir -p "$TMP/cs$id"
    cat > "$TMP/cs$id/corosync.conf" <<EOF
totem {
    version: 2
    cluster_name: krgtest
    transport: knet
    crypto_cipher: none
    crypto_hash: none
    token: 1000
}
nodelist {
    node {
        nodeid: 1
        name: node1
        ring0_addr: 10.77.0.1
    }
    node {
        nodeid: 2
        name: node2
        ring0_addr: 10.77.0.2
    }
}
quorum {
    provider: corosync_votequorum
    two_node: 1
}
logging {
    to_stderr: yes
    to_syslog: no
    to_logfile: no
}
system {
    state_dir: $TMP/cs$id
}
EOF
done

# corosync ID: corosync in the foreground in node ID's namespace, with a /run
# of its own (its pid file); its pid in $TMP/cs<ID>/pid.
corosync_start() {
    local id=$1
    ip netns exec "${PFX}n$id" unshare -m sh -c \
        "mount -t tmpfs none /run && LD_LIBRARY_PATH='$LIBS' exec '$COROSYNC/usr/sbin/corosync' -f -c '$TMP/cs$id/corosync.conf'" \
        >> "$TMP/cs$id/log" 2>&1 &
    echo $! > "$TMP/cs$id/pid"
}
# corosync_stop ID: SIGTERM, and SIGKILL if it has not gone within 10 s (its
# port must be free before it starts again)
corosync_stop() {
    local pid
    pid=$(cat "$TMP/cs$1/pid")
    kill "$pid" 2>/dev/null
    wait_for 100 eval "! kill -0 $pid 2>/dev/null" || kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}
members_of_1() {
    nsenter --net="/run/netns/${PFX}n1" "$TMP/bin/corosync-cmapctl" -b runtime.members 2>/dev/null |
        sed -n 's/^runtime\.members\.\([0-9]*\)\.status (str) = joined$/\1/p' | paste -sd, -
}
# node 1's buckets as the kernel holds them (the set of the jhash rule)
buckets_of_1() {
    ip netns exec "${PFX}k1" nft list table ip krgnet 2>/dev/null |
        sed -n 's/.* offset 1 { \([0-9, ]*\) }.*/\1/p' | tr -d ' '
}
# (wait_for runs a command again and again: these read the state each time)
members_are() { test "$(members_of_1)" = "$1"; }
buckets_are() { test "$(buckets_of_1)" = "$1"; }

corosync_start 1
corosync_start 2
wait_for 300 members_are 1,2
expect_eq "corosync: nodes 1 and 2 joined" "$(members_of_1)" 1,2

printf '#!/bin/sh\nexec nsenter --net=/run/netns/%s -- %s "$@" --conf /dev/null --state-dir %s\n' \
    "${PFX}n1" "$KRGNET" "$TMP/state1" > "$TMP/bin/krgnet1"
chmod +x "$TMP/bin/krgnet1"
nsenter --net="/run/netns/${PFX}n1" env PATH="$TMP/bin:$PATH" KRGNET="$TMP/bin/krgnet1" \
    setsid sh cluster-manager/krgnet-corosync-live < /dev/null > "$TMP/live.log" 2>&1 &
LIVE=$!
at_exit "kill -- -$LIVE 2>/dev/null"
wait_for 100 grep -q "live 1,2" "$TMP/live.log"
expect_eq "node 1's buckets with both members" "$(buckets_of_1)" "1,3,5,7,9,11,13,15"

corosync_stop 2
wait_for 300 buckets_are 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16
expect_eq "corosync on node 2 stopped: node 1 serves every bucket" "$(buckets_of_1)" "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"
expect_eq "... and says so once" "$(grep -c '(live 1)' "$TMP/live.log")" 1
krg 1 status >/dev/null 2>&1; expect_eq "... status agrees" "$?" 0
expect_eq "the script is still running" "$(kill -0 "$LIVE" 2>/dev/null && echo yes)" yes

corosync_start 2
wait_for 300 buckets_are 1,3,5,7,9,11,13,15
expect_eq "corosync on node 2 back: node 1 serves its own buckets" "$(buckets_of_1)" "1,3,5,7,9,11,13,15"
krg 1 status >/dev/null 2>&1; expect_eq "... status agrees" "$?" 0
[ "$(buckets_of_1)" = "1,3,5,7,9,11,13,15" ] || sed 's/^/    live: /' "$TMP/live.log"

kill -- -"$LIVE" 2>/dev/null
for id in 1 2; do
    corosync_stop "$id"
    EXTRA="$CL" krg "$id" down 2>/dev/null; expect_eq "node $id down" "$?" 0
done
