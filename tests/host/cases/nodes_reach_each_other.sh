# SPDX-License-Identifier: GPL-2.0-or-later
# Three nodes on one bridge reach each other from their container namespaces.
for id in 1 2 3; do mk_node $id; krg $id up 2>/dev/null; expect_eq "node $id up" "$?" 0; done
for from in 1 2 3; do
    for to in 1 2 3; do
        [ $from = $to ] && continue
        ip netns exec ${PFX}k$from ping -c1 -W2 -q 10.4.135.$to >/dev/null \
            && pass "ping $from -> $to" || fail "ping $from -> $to"
    done
done
