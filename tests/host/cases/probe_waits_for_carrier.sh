# SPDX-License-Identifier: GPL-2.0-or-later
# Carrier before the probe: a NIC that negotiates (here a veth whose bridge
# side comes up 1.5 s late) has no carrier when up raises it.  up waits for
# the carrier (krg.timeout), says how long it took, and only then probes,
# so a duplicate id on the far side is still seen.
mk_node 4
krg 4 up 2>/dev/null; expect_eq "holder of id 4 up" "$?" 0
mk_node 5
ip -n "$BR" link set p5 down
EXTRA="krg.node=4 krg.netns=${PFX}k5 krg.timeout=10" krg 5 up 2>"$TMP/err" & pid=$!
sleep 1.5
ip -n "$BR" link set p5 up
wait $pid; rc=$?
expect_eq "duplicate behind a late carrier" "$rc" 111
grep -q "already held by f0:00:00:00:07:04" "$TMP/err" && pass "the probe saw the holder" || fail "err: $(cat "$TMP/err")"
expect_clean 5
# Without a duplicate: up succeeds and logs the wait.
ip -n "$BR" link set p5 down
EXTRA="krg.netns=${PFX}k5 krg.timeout=10" krg 5 up 2>"$TMP/err" & pid=$!
sleep 1.5
ip -n "$BR" link set p5 up
wait $pid; expect_eq "up behind a late carrier" "$?" 0
ms=$(sed -n 's/.*carrier after \([0-9]*\) ms.*/\1/p' "$TMP/err")
[ -n "$ms" ] && [ "$ms" -ge 1000 ] && pass "carrier took $ms ms, and the log says so" || fail "log: $(cat "$TMP/err")"
# No carrier at all: a one-line failure within krg.timeout, nothing left.
krg 5 down 2>/dev/null
ip -n "$BR" link set p5 down
EXTRA="krg.timeout=1" krg 5 up 2>"$TMP/err"; expect_eq "no carrier" "$?" 111
grep -q "^krgnet: wait for carrier on eth0: " "$TMP/err" && pass "says so" || fail "err: $(cat "$TMP/err")"
expect_clean 5
krg 4 down 2>/dev/null
