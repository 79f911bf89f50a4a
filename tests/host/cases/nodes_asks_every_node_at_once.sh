# SPDX-License-Identifier: GPL-2.0-or-later
# `krgnet nodes` asks all 253 other declared nodes at once, within one probe
# window (krg.dad), and never for longer than krg.timeout: 4 of 254 up, the
# answers are printed as they come, before the silent nodes, and the whole
# sweep takes about one window (one node after another took 75 s here).
# The sweeps read the command line (no record in $TMP/none): krg.dad and
# krg.timeout are not part of the record.
for id in 1 2 3 4; do
    mk_node $id
    EXTRA="krg.nodes=1-254" krg $id up 2>/dev/null; expect_eq "node $id up" "$?" 0
done
ms() { date +%s%3N; }
start=$(ms)
EXTRA="krg.nodes=1-254 krg.dad=300" krg 1 nodes --state-dir "$TMP/none" > "$TMP/nodes" 2>"$TMP/err"; rc=$?
took=$(($(ms) - start))
expect_eq "nodes with 250 silent nodes" "$rc" 1
expect_eq "lines" "$(wc -l < "$TMP/nodes")" 254
expect_eq "answers" "$(grep -c "answers from f0:00:00:00:07:0[234]$" "$TMP/nodes")" 3
expect_eq "silent" "$(grep -c "  no answer$" "$TMP/nodes")" 250
expect_eq "the answers come first, as they arrive" \
    "$(sed -n '2,4s/^node \([0-9]*\) .*answers from.*/\1/p' "$TMP/nodes" | sort | tr '\n' ' ')" "2 3 4 "
[ "$took" -lt 3000 ] && pass "one 300 ms window: $took ms" || fail "took $took ms for one 300 ms window"
# krg.timeout bounds the window: krg.dad=10000 with krg.timeout=1
start=$(ms)
EXTRA="krg.nodes=1-254 krg.dad=10000 krg.timeout=1" krg 1 nodes --state-dir "$TMP/none" > "$TMP/nodes" 2>"$TMP/err"; rc=$?
took=$(($(ms) - start))
expect_eq "nodes bounded by krg.timeout" "$rc" 1
expect_eq "answers within the bound" "$(grep -c "answers from" "$TMP/nodes")" 3
[ "$took" -lt 4000 ] && pass "krg.timeout=1 bounds krg.dad=10000: $took ms" || fail "took $took ms with krg.timeout=1"
[ -s "$TMP/err" ] && fail "stderr: $(cat "$TMP/err")"
for id in 1 2 3 4; do EXTRA="krg.nodes=1-254" krg $id down 2>/dev/null; expect_clean $id; done
