# SPDX-License-Identifier: GPL-2.0-or-later
# The record names the namespace up pinned by its identity (KRG_NETNS_ID,
# device:inode), and down, attach and status act on /run/netns/<name> only
# while it holds that namespace: an operator's namespace pinned under the
# recorded name after krgnet's was removed, or under the default name read
# from a record cut down to KRG_NODE=4, survives down with its interfaces.
# A record that names no identity still lets down delete the krg0 it
# proves, but never unpins.  Without a record, attach refuses.

ns_id() { stat -L -c %d:%i "$1"; }
recorded_id() { sed -n 's/^KRG_NETNS_ID=//p' "$TMP/state4/net.env"; }
pin=/run/netns/${PFX}k4

mk_node 4
# --- up records the identity; down removes that pin ----------------------------
krg 4 up 2>/dev/null; expect_eq "up" "$?" 0
expect_eq "KRG_NETNS_ID is the pinned namespace's device:inode" "$(recorded_id)" "$(ns_id "$pin")"
krg 4 down 2>/dev/null; expect_eq "down" "$?" 0
[ -e "$pin" ] && fail "down left krgnet's own pin" || pass "down unpins the namespace up recorded"
expect_clean 4

# --- the recorded name, another namespace: an operator re-created it ------------
krg 4 up 2>/dev/null; expect_eq "up again" "$?" 0
ip netns del "${PFX}k4"
ip netns add "${PFX}k4"
ip -n "${PFX}k4" link add opa type veth peer name opb
operator=$(ns_id "$pin")
out=$(krg 4 status 2>&1); rc=$?
expect_eq "status with another namespace pinned under the name" "$rc" 1
grep -qx "namespace ${PFX}k4: not the namespace up recorded" <<<"$out" \
    && pass "status names it" || fail "status: $out"
sleeper=$(ip netns exec "${PFX}n4" unshare --net sleep 600 >/dev/null 2>&1 & echo $!)
at_exit 'kill $sleeper 2>/dev/null'
wait_for 100 grep -qx sleep "/proc/$sleeper/comm" 2>/dev/null
out=$(krg 4 attach "$sleeper" 2>&1); rc=$?
expect_eq "attach with another namespace pinned under the name" "$rc" 111
expect_eq "its one line" "$out" "krgnet: attach PID $sleeper: namespace ${PFX}k4 holds another namespace than the one up recorded"
krg 4 down 2>"$TMP/err"; expect_eq "down with another namespace pinned under the name" "$?" 0
expect_eq "its one line" "$(cat "$TMP/err")" \
    "krgnet: down: node 4 from the record $TMP/state4/net.env
krgnet: down: /run/netns/${PFX}k4 holds another namespace than the one up recorded: left pinned"
expect_eq "the operator's pin still holds its namespace" "$(ns_id "$pin")" "$operator"
expect_eq "and its link" "$(link_field "${PFX}k4" opa .ifname)" "opa"
[ -e "$TMP/state4/net.env" ] && fail "the record is kept" || pass "the record is removed: nothing of krgnet's is left to reach"
ip netns del "${PFX}k4"

# --- a record without KRG_NETNS_ID: krg0 removed, the pin kept ------------------
krg 4 up 2>/dev/null; expect_eq "up a third time" "$?" 0
sed -i '/^KRG_NETNS_ID=/d' "$TMP/state4/net.env"
out=$(krg 4 attach "$sleeper" 2>&1); rc=$?
expect_eq "attach from a record naming no namespace" "$rc" 111
expect_eq "its one line" "$out" \
    "krgnet: attach PID $sleeper: the record does not name the namespace up pinned (no KRG_NETNS_ID)"
krg 4 down 2>"$TMP/err"; expect_eq "down from a record naming no namespace" "$?" 0
grep -qx "krgnet: down: /run/netns/${PFX}k4 left pinned: the record does not name the namespace up pinned (no KRG_NETNS_ID)" \
    "$TMP/err" && pass "says why the pin stays" || fail "down: $(cat "$TMP/err")"
expect_eq "the krg0 the record proves is deleted" "$(ip -n "${PFX}k4" -o link show krg0 2>/dev/null | wc -l)" 0
[ -e "$pin" ] && pass "the pin stays" || fail "down unpinned a namespace the record does not name"
ip netns del "${PFX}k4"

# --- no record: attach refuses ----------------------------------------------------
out=$(krg 4 attach "$sleeper" 2>&1); rc=$?
expect_eq "attach without a record" "$rc" 111
expect_eq "its one line" "$out" \
    "krgnet: attach PID $sleeper: no record of up ($TMP/state4/net.env): nothing krgnet made to attach (krgnet up first)"

# --- a record cut down to KRG_NODE=4: the default name, an operator's namespace --
# In a mount namespace of its own with a private /run/netns, so the
# default name /run/netns/kerrighed of this machine is never touched.
krg 4 up 2>/dev/null; expect_eq "up a fourth time" "$?" 0
printf 'KRG_NODE=4\n' >"$TMP/state4/net.env"
: >"$TMP/node-ns"
unshare --mount --propagation private bash -c '
    mount --bind "/run/netns/$1n4" "$2/node-ns" && mount -t tmpfs krgt-netns /run/netns || exit 9
    ip netns add kerrighed && ip -n kerrighed link add opa type veth peer name opb || exit 9
    before=$(stat -L -c %d:%i /run/netns/kerrighed)
    nsenter --net="$2/node-ns" -- "$KRGNET" down --state-dir "$2/state4" 2>"$2/err"; echo "rc=$?"
    [ "$(stat -L -c %d:%i /run/netns/kerrighed 2>/dev/null)" = "$before" ] && echo "pin kept"
    ip -n kerrighed -o link show opa >/dev/null 2>&1 && echo "opa kept"
' _ "$PFX" "$TMP" >"$TMP/cut"
expect_eq "down from a record cut to KRG_NODE=4, an operator's namespace of the default name" \
    "$(cat "$TMP/cut")" "rc=0
pin kept
opa kept"
grep -qx "krgnet: down: /run/netns/kerrighed left pinned: the record does not name the namespace up pinned (no KRG_NETNS_ID)" \
    "$TMP/err" && pass "says why the pin stays" || fail "down: $(cat "$TMP/err")"
ip netns del "${PFX}k4"
kill "$sleeper" 2>/dev/null
expect_clean 4
