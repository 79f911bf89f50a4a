# SPDX-License-Identifier: GPL-2.0-or-later
# Without CAP_NET_ADMIN (and CAP_SYS_ADMIN), up fails with a clear error and
# leaves nothing behind.
mk_node 4
nsenter --net=/run/netns/${PFX}n4 -- setpriv --bounding-set=-net_admin,-sys_admin --inh-caps=-net_admin,-sys_admin -- \
    "$KRGNET" up --conf /dev/null --state-dir "$TMP/state4" --cmdline "$(base_cmdline 4)" 2>"$TMP/err"
expect_eq "exit status" "$?" 111
grep -q '^krgnet: .*Operation not permitted.*CAP_' "$TMP/err" && pass "says which capability is missing" || fail "message: $(cat "$TMP/err")"
expect_eq "one error line" "$(grep -c '^krgnet: ' "$TMP/err")" 1
expect_clean 4
