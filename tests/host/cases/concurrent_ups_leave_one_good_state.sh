# SPDX-License-Identifier: GPL-2.0-or-later
# Two up at once (a unit started twice, a hook and an operator): one run
# lock for the whole run; the second waits, then finds krg0 up as planned.
# Both exit 0 and the winner's state survives.
mk_node 4
krg 4 up 2>"$TMP/err1" & a=$!
krg 4 up 2>"$TMP/err2" & b=$!
wait $a; ra=$?
wait $b; rb=$?
expect_eq "first up" "$ra" 0
expect_eq "second up" "$rb" 0
expect_eq "pinned" "$(ip netns list | awk '{print $1}' | grep -c "^${PFX}k4\$")" 1
expect_eq "krg0 address" "$(addr_of "${PFX}k4" krg0)" "10.4.135.4/18"
expect_eq "status" "$(krg 4 status >/dev/null 2>&1; echo $?)" 0
cat "$TMP/err1" "$TMP/err2" | grep -q "already up as planned" && pass "one of them found it up" || fail "logs: $(cat "$TMP/err1" "$TMP/err2")"
# up and down at once: whichever wins, the other sees a whole state.
krg 4 down 2>/dev/null & a=$!
krg 4 up 2>/dev/null & b=$!
wait $a; ra=$?; wait $b; rb=$?
expect_eq "down beside up" "$ra" 0
expect_eq "up beside down" "$rb" 0
st=$(krg 4 status >/dev/null 2>&1; echo $?)
if [ "$st" = 0 ] || [ -z "$(leftovers 4)" ]; then pass "state is whole (status $st)"; else fail "half state: $(leftovers 4)"; fi
krg 4 down 2>/dev/null
expect_clean 4
