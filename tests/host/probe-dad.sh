#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# sys/probe on the real kernel (root): duplicate-address detection by ARP
# between two network namespaces joined by a veth pair.
#
#   ${PFX}a: pa 52:54:00:aa:00:01  (the prober: the parent NIC of a booting node)
#   ${PFX}b: pb f0:00:00:00:07:04, 10.4.135.4/18  (the holder)
#
# The kernel has no 802.1Q, so VLAN holders are played by
# drivers/arp_responder, which reads pb raw and answers with in-frame tags;
# the prober's kernel strips those tags into PACKET_AUXDATA, as a NIC with
# VLAN offload would.  Runs in a private mount namespace (its own
# /run/netns); a trap kills the responders and removes both namespaces.
# Usage (top of the tree): tests/host/probe-dad.sh
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
OUT=build/host-tests
PROBE=$OUT/probe_driver
RESPONDER=$OUT/arp_responder
PFX=krgdad$$
A=${PFX}a B=${PFX}b
SELF_MAC=52:54:00:aa:00:01 HOLDER_MAC=f0:00:00:00:07:04
SLACK_MS=300  # scheduling slack on a loaded build machine

if [ "$(id -u)" != 0 ]; then
    echo "probe-dad: FAILED: needs root (raw sockets, namespaces); it is not skipped" >&2
    exit 1
fi

# --- set-up: build the drivers, then re-run inside a private mount namespace --
if [ -z "${KRG_PROBE_DAD_INNER:-}" ]; then
    objs=(build/host/sys/probe.o build/host/sys/netns.o build/host/base/errno_text.o build/host/base/log.o build/host/base/text.o)
    make -s "${objs[@]}" || exit 1
    mkdir -p "$OUT"
    for d in probe_driver arp_responder; do
        g++ -std=c++20 -fno-exceptions -fno-rtti -g -O1 -D_GNU_SOURCE -fsanitize=address,undefined \
            -fno-sanitize-recover=all -fno-omit-frame-pointer -Wall -Wextra -Wshadow \
            -Isrc -Ibuild/gen -o "$OUT/$d" "tests/host/drivers/$d.cpp" "${objs[@]}" || exit 1
    done
    exec unshare --mount --propagation private env KRG_PROBE_DAD_INNER=1 "$0" "$@"
fi

CHECK_INDENT="    "
# shellcheck source=tests/lib/check.sh
. tests/lib/check.sh
check_tmpdir "$PFX"
TMP=$CHECK_TMP
PIDS=()
mount -t tmpfs "$PFX" /run/netns  # `ip netns add` pins stay in this mount namespace

cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    ip netns del "$A" 2>/dev/null
    ip netns del "$B" 2>/dev/null  # the veth pair goes with them
    umount -l /run/netns 2>/dev/null
}
at_exit cleanup

# probe TARGET VLAN TIMEOUT_MS [IFNAME]: runs the driver in A; sets out, err, rc, ms.
probe() {
    out=$(ip netns exec "$A" "$PROBE" "${4:-pa}" "$1" "$2" "$3" 2>"$TMP/err"); rc=$?
    err=$(cat "$TMP/err")
    ms=$(sed -n 's/.* ms=\([0-9]*\)$/\1/p' <<<"$out"); ms=${ms:-0}
}
# responder IP MAC MODE REPLY_VLAN: a raw ARP answerer on pb, logging to $TMP/IP.log.
responder() {
    ip netns exec "$B" "$RESPONDER" pb "$1" "$2" "$3" "$4" >"$TMP/$1.log" 2>&1 &
    PIDS+=($!)
    wait_for 50 grep -q '^ready' "$TMP/$1.log" && return
    fail "responder for $1 did not start: $(cat "$TMP/$1.log")"
}

ip netns add "$A"
ip netns add "$B"
ip -n "$A" link add pa address "$SELF_MAC" type veth peer name pb address "$HOLDER_MAC" netns "$B"
ip -n "$A" link set pa up
ip -n "$B" link set pb up
ip -n "$B" addr add 10.4.135.4/18 dev pb

echo "--- an untagged holder answers: taken, its MAC named, without waiting out the timeout"
probe 10.4.135.4 0 3000
expect_eq "exit status" "$rc" 1
expect_has "result" "$out" "taken $HOLDER_MAC sent=1"
expect_ms "time to the answer" "$ms" 0 1000

echo "--- nobody holds the address: free at the timeout, three probes"
probe 10.4.135.5 0 1500
expect_eq "exit status" "$rc" 0
expect_has "result" "$out" "free sent=3"
expect_ms "time to free" "$ms" 1500 $((1500 + SLACK_MS))

echo "--- a VLAN 7 probe is tagged: the untagged holder's kernel ignores it"
probe 10.4.135.4 7 1000
expect_eq "exit status" "$rc" 0
expect_has "result" "$out" "free sent=3"

echo "--- a holder on VLAN 7 answers tagged: taken (tag read from PACKET_AUXDATA)"
responder 10.4.135.6 f0:00:00:00:07:06 reply 7
probe 10.4.135.6 7 3000
expect_eq "exit status" "$rc" 1
expect_has "result" "$out" "taken f0:00:00:00:07:06"
expect_ms "time to the answer" "$ms" 0 1000
expect_eq "probe seen by the holder" "$(head -n 1 <(grep '^request' "$TMP/10.4.135.6.log"))" \
    "request vlan=7 tag=aux src=$SELF_MAC sha=$SELF_MAC spa=0.0.0.0 tpa=10.4.135.6 len=64"

echo "--- an untagged probe ignores that VLAN 7 answer"
probe 10.4.135.6 0 600
expect_eq "exit status" "$rc" 0
expect_eq "answers the holder sent" "$(grep -c '^request vlan=0' "$TMP/10.4.135.6.log")" 3

echo "--- an answer on VLAN 8 does not count for VLAN 7"
responder 10.4.135.7 f0:00:00:00:07:07 reply 8
probe 10.4.135.7 7 600
expect_eq "exit status" "$rc" 0
expect_eq "answers the holder sent" "$(grep -c '^request vlan=7' "$TMP/10.4.135.7.log")" 3

echo "--- another node probing for the same address at the same time: taken"
responder 10.4.135.8 f0:00:00:00:07:08 probe 7
probe 10.4.135.8 7 3000
expect_eq "exit status" "$rc" 1
expect_has "result" "$out" "taken f0:00:00:00:07:08"

echo "--- a macvlan with the derived MAC on the parent does not hide the answer"
ip -n "$A" link add krg0 link pa address "$HOLDER_MAC" type macvlan mode bridge
ip -n "$A" link set krg0 up
probe 10.4.135.4 0 3000
expect_eq "exit status" "$rc" 1
expect_has "result" "$out" "taken $HOLDER_MAC"
ip -n "$A" link del krg0

echo "--- a tagged probe is promiscuous only while it runs; the parent's filter is left as found"
# (the promiscuous window must not leave a NIC's filter changed; docs/boot.md)
promiscuity() { ip -n "$A" -d link show pa | grep -o 'promiscuity [0-9]*' | cut -d' ' -f2; }
expect_eq "promiscuity before" "$(promiscuity)" 0
ip netns exec "$A" "$PROBE" pa 10.4.135.9 7 3000 > "$TMP/bg.out" 2>&1 &
bg=$!
seen=0
while kill -0 "$bg" 2>/dev/null; do
    [ "$(promiscuity)" = 1 ] && seen=1
    sleep 0.1
done
wait "$bg"
expect_eq "promiscuous during the tagged probe" "$seen" 1
expect_has "when probe_address returned (before krg0 is created)" "$(cat "$TMP/bg.out")" "promisc-after=0"
expect_eq "promiscuity after the tagged probe" "$(promiscuity)" 0
probe 10.4.135.9 0 300
expect_eq "promiscuity after an untagged probe" "$(promiscuity)" 0

echo "--- failures are one clear line"
out=$(ip netns exec "$A" setpriv --bounding-set -net_raw "$PROBE" pa 10.4.135.4 0 500 2>&1); rc=$?
expect_eq "without CAP_NET_RAW: exit status" "$rc" 111
expect_has "without CAP_NET_RAW" "$out" "krgnet: probe 10.4.135.4 on pa: socket: Operation not permitted (needs CAP_NET_RAW)"
ip -n "$A" link set pa down
probe 10.4.135.4 0 500
expect_eq "parent down: exit status" "$rc" 111
expect_has "parent down" "$err" "krgnet: probe 10.4.135.4 on pa: send: Network is down (is the parent NIC up?)"
ip -n "$A" link set pa up
probe 10.4.135.4 0 500 nosuch0
expect_eq "parent absent: exit status" "$rc" 111
expect_has "parent absent" "$err" "krgnet: probe 10.4.135.4 on nosuch0: parent: No such device"

check_summary probe-dad
