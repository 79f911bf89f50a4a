# SPDX-License-Identifier: GPL-2.0-or-later
# attach PID: krg0 leaves the pinned namespace for the namespace of a
# stand-in container (a process started with unshare --net from the node's
# own namespace, as krgboot clones the container), configured there; the pin
# follows it; status is clean; a second attach is a no-op; down removes
# everything.  Refusals (a PID that is gone, the node's own namespace, a file
# that is no namespace) and a failure after the move (rolled back) leave
# krg0 where it was.

# stand_in CMD...: starts CMD in node 4's namespace in the background, waits
# until it has exec'd sleep, and prints its pid.
stand_in() {
    ip netns exec "${PFX}n4" "$@" >/dev/null 2>&1 &
    local pid=$!
    wait_for 100 grep -qx sleep "/proc/$pid/comm" 2>/dev/null
    echo "$pid"
}
ns_inode() { stat -L -c %i "$1"; }
link_count_in() { nsenter -t "$1" -n ip -o link show krg0 2>/dev/null | wc -l; }
addr_in() { nsenter -t "$1" -n ip -j addr show krg0 2>/dev/null | jq -r '.[0].addr_info[] | select(.family=="inet") | "\(.local)/\(.prefixlen)"'; }

mk_node 4
krg 4 up 2>/dev/null; expect_eq "up" "$?" 0
container=$(stand_in unshare --net sleep 600)
old=$(stand_in ip netns exec "${PFX}k4" sleep 600)   # keeps the old pinned namespace for a look
host=$(stand_in sleep 600)                            # a process in the node's own namespace
at_exit 'kill $container $old $host 2>/dev/null'

# --- refusals leave everything as it was ---------------------------------
out=$(krg 4 attach 4194304 2>&1); rc=$?
expect_eq "attach to a PID that is gone" "$rc" 111
expect_eq "its one line" "$out" "krgnet: attach PID 4194304: no such process"
out=$(krg 4 attach "$host" 2>&1); rc=$?
expect_eq "attach to the node's own namespace" "$rc" 111
expect_eq "its one line" "$out" "krgnet: attach PID $host: the host's own network namespace (krg0 would leave the container)"
: >"$TMP/not-a-namespace"
out=$(krg 4 attach --netns-path "$TMP/not-a-namespace" 2>&1); rc=$?
expect_eq "attach to a file that is no namespace" "$rc" 111
expect_eq "its one line" "$out" "krgnet: attach $TMP/not-a-namespace: not a network namespace"
expect_eq "krg0 still in the pinned namespace" "$(link_count_in "$old")" 1
expect_eq "status after the refusals" "$(krg 4 status >/dev/null 2>&1; echo $?)" 0

# --- a failure after the move is rolled back -----------------------------
# The hand-off record cannot be rewritten (a directory stands where its
# historic-format line goes, and the record differs so the unit rewrites it).
mv "$TMP/state4/net-conf.krgnet" "$TMP/saved-line"
mkdir "$TMP/state4/net-conf.krgnet"
out=$(krg 4 attach "$container" 2>&1); rc=$?
expect_eq "attach whose last step fails" "$rc" 111
grep -q "rollback:" <<<"$out" && pass "the rollback says what it could not redo" || fail "no rollback line: $out"
expect_eq "krg0 back in the old namespace" "$(link_count_in "$old")" 1
expect_eq "its address back" "$(addr_in "$old")" 10.4.135.4/18
expect_eq "nothing in the container" "$(link_count_in "$container")" 0
expect_eq "pin restored" "$(ns_inode "/run/netns/${PFX}k4")" "$(ns_inode "/proc/$old/ns/net")"
rmdir "$TMP/state4/net-conf.krgnet"
mv "$TMP/saved-line" "$TMP/state4/net-conf.krgnet"
expect_eq "status after the rollback" "$(krg 4 status >/dev/null 2>&1; echo $?)" 0

# --- attach -----------------------------------------------------------------
krg 4 attach "$container" 2>"$TMP/err"; expect_eq "attach" "$?" 0
grep -q "krg0 attached to PID $container" "$TMP/err" && pass "attach says where krg0 went" || fail "attach: $(cat "$TMP/err")"
expect_eq "krg0 in the container" "$(link_count_in "$container")" 1
expect_eq "its address there" "$(addr_in "$container")" 10.4.135.4/18
expect_eq "krg0 up there" "$(nsenter -t "$container" -n ip -j link show krg0 | jq -r '.[0].flags | index("UP") != null')" true
expect_eq "lo up there" "$(nsenter -t "$container" -n ip -j link show lo | jq -r '.[0].flags | index("UP") != null')" true
expect_eq "MAC kept" "$(nsenter -t "$container" -n ip -j link show krg0 | jq -r '.[0].address')" f0:00:00:00:07:04
expect_eq "nothing left in the old namespace" "$(link_count_in "$old")" 0
expect_eq "the pin is the container's namespace" "$(ns_inode "/run/netns/${PFX}k4")" \
    "$(readlink "/proc/$container/ns/net" | tr -dc 0-9)"
expect_eq "the record names the container's namespace" "$(sed -n 's/^KRG_NETNS_ID=//p' "$TMP/state4/net.env")" \
    "$(stat -L -c %d:%i "/proc/$container/ns/net")"
expect_eq "ip netns exec finds krg0 by name" "$(ip netns exec "${PFX}k4" ip -o -4 addr show krg0 | awk '{print $4}')" 10.4.135.4/18
expect_eq "status after attach" "$(krg 4 status >/dev/null 2>&1; echo $?)" 0
krg 4 attach "$container" 2>"$TMP/err"; expect_eq "second attach" "$?" 0
grep -q "already attached" "$TMP/err" && pass "second attach is a no-op" || fail "second attach: $(cat "$TMP/err")"
krg 4 attach --netns-path "/proc/$container/ns/net" 2>/dev/null; expect_eq "attach by --netns-path, same namespace" "$?" 0

# --- down removes everything, wherever krg0 went ------------------------------
krg 4 down 2>/dev/null; expect_eq "down" "$?" 0
expect_eq "no krg0 in the container" "$(link_count_in "$container")" 0
expect_clean 4
kill "$container" "$old" "$host" 2>/dev/null
