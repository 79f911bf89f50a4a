# SPDX-License-Identifier: GPL-2.0-or-later
# Node 2, up, sweeps the node set (`krgnet nodes`) again and again while
# node 1 boots.  Its ARP requests for 10.4.135.1 must not look like another
# host's probe for that address (RFC 5227: sender 0.0.0.0), or node 1 takes
# them for a rival and refuses its own, rightful address.  `make demo` saw
# exactly that: node 2's check of node 1 (before its cluster IP) halted node
# 1 during node 1's duplicate-address probe.  Once node 1 is up, the same
# requests get its answer.
mk_node 1
mk_node 2
EXTRA="krg.nodes=1-2" krg 2 up 2>/dev/null; expect_eq "node 2 up" "$?" 0
(
    while [ ! -e "$TMP/stop" ]; do EXTRA="krg.nodes=1-2 krg.dad=100" krg 2 nodes >/dev/null 2>&1; done
) &
sweeper=$!
sleep 0.5
EXTRA="krg.nodes=1-2 krg.dad=1500" krg 1 up 2>"$TMP/err"; rc=$?
touch "$TMP/stop"
wait "$sweeper"
expect_eq "node 1's up while node 2 keeps asking for 10.4.135.1" "$rc" 0
[ "$rc" = 0 ] || echo "      node 1 said: $(cat "$TMP/err")"
EXTRA="krg.nodes=1-2" krg 2 nodes > "$TMP/nodes" 2>&1; rc=$?
expect_eq "node 2's nodes once node 1 is up" "$rc" 0
grep -q "^node 1  10.4.135.1  answers from f0:00:00:00:07:01" "$TMP/nodes" \
    && pass "node 1 answers node 2's request" || fail "nodes said: $(cat "$TMP/nodes")"
