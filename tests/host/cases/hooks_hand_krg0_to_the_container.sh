# SPDX-License-Identifier: GPL-2.0-or-later
# The hook scripts for the historic helpers (kerrighed-hooks/): the
# container-side krginit_helper-pre.d/10krgnet waits until the host-side
# krgboot_helper-post.d/50krgnet has attached krg0 (given the container's
# PID as its first argument, as krgboot_helper passes it); 20krgnet adds
# nothing; without a record both container-side hooks do nothing.
HOOKS=$(cd "$(dirname "$KRGNET")/.." && pwd)/kerrighed-hooks
mk_node 4
krg 4 up 2>/dev/null; expect_eq "up" "$?" 0
# krgnet as the hook finds it in PATH, with this case's sources and state
cat >"$TMP/krgnet" <<WRAP
#!/bin/sh
exec nsenter --net=/run/netns/${PFX}n4 -- "$KRGNET" "\$@" --conf /dev/null --state-dir "$TMP/state4" --cmdline "$(base_cmdline 4)"
WRAP
chmod +x "$TMP/krgnet"

ip netns exec "${PFX}n4" unshare --net sleep 600 >/dev/null 2>&1 &
container=$!
wait_for 100 grep -qx sleep "/proc/$container/comm" 2>/dev/null
at_exit 'kill $container 2>/dev/null'

# the container's pre.d hook starts first and waits (krginit_helper passes its conf as $1)
KRGNET_STATE_DIR=$TMP/state4 KRGNET_WAIT=30 nsenter -t "$container" -n \
    sh "$HOOKS/krginit_helper-pre.d/10krgnet" /etc/kerrighed/krginit_helper.conf 2>"$TMP/pre.err" &
waiter=$!
sleep 1
expect_eq "10krgnet waits while krg0 is not there" "$(kill -0 "$waiter" 2>/dev/null && echo waiting)" waiting

PATH="$TMP:$PATH" sh "$HOOKS/krgboot_helper-post.d/50krgnet" "$container" 2>"$TMP/post.err"
expect_eq "50krgnet with the container's PID" "$?" 0
wait "$waiter"; expect_eq "10krgnet returns once krg0 is there" "$?" 0
expect_eq "krg0 with its address in the container" \
    "$(nsenter -t "$container" -n ip -o -4 addr show krg0 | awk '{print $4}')" 10.4.135.4/18
KRGNET_STATE_DIR=$TMP/state4 nsenter -t "$container" -n sh "$HOOKS/krginit_helper-post.d/20krgnet" /etc/kerrighed/krginit_helper.conf 2>"$TMP/err"
expect_eq "20krgnet without a cluster IP" "$?:$(cat "$TMP/err")" "0:"
expect_eq "addresses untouched by the container-side hooks" \
    "$(nsenter -t "$container" -n ip -o -4 addr show krg0 | wc -l)" 1
PATH="$TMP:$PATH" sh "$HOOKS/krgboot_helper-post.d/50krgnet" "$container" 2>/dev/null
expect_eq "50krgnet again (the container restarted its helper)" "$?" 0
# historic scripts beside net.conf are named, one warning each
mkdir -p "$TMP/kerrighed/krgboot_helper-post.d" "$TMP/kerrighed/krginit_helper-pre.d"
: >"$TMP/kerrighed/net.conf"; : >"$TMP/kerrighed/krgboot_helper-post.d/50net"; : >"$TMP/kerrighed/krginit_helper-pre.d/10net"
krg 4 attach "$container" --conf "$TMP/kerrighed/net.conf" 2>"$TMP/err"; expect_eq "attach with historic scripts" "$?" 0
expect_eq "warnings" "$(grep -c '^krgnet: warning: historic ' "$TMP/err")" 2
grep -q "historic $TMP/kerrighed/krgboot_helper-post.d/50net is still installed: it creates a second krg0 with the same MAC" "$TMP/err" \
    && pass "the post.d script is named with what it would do" || fail "warnings: $(cat "$TMP/err")"
expect_eq "status after the hooks" "$(krg 4 status >/dev/null 2>&1; echo $?)" 0

# bad or missing input
out=$(PATH="$TMP:$PATH" sh "$HOOKS/krgboot_helper-post.d/50krgnet" 2>&1); rc=$?
expect_eq "50krgnet without a PID" "$rc:$out" "2:50krgnet: expected the container's PID as the first argument, got ''"
mkdir "$TMP/empty"
KRGNET_STATE_DIR=$TMP/empty KRGNET_WAIT=1 sh "$HOOKS/krginit_helper-pre.d/10krgnet" x; expect_eq "10krgnet without a record" "$?" 0
KRGNET_STATE_DIR=$TMP/empty sh "$HOOKS/krginit_helper-post.d/20krgnet" x; expect_eq "20krgnet without a record" "$?" 0
out=$(KRGNET_STATE_DIR=$TMP/state4 KRGNET_WAIT=1 unshare --net sh "$HOOKS/krginit_helper-pre.d/10krgnet" x 2>&1); rc=$?
expect_eq "10krgnet gives up when krg0 never arrives" "$rc" 1
grep -q "^10krgnet: krg0 with 10.4.135.4/18 did not arrive in this namespace within 1 s" <<<"$out" \
    && pass "and says why in one line" || fail "10krgnet: $out"
printf 'KRG_VIRT=krg0\nKRG_CLUSTERIP=10.4.199.1/18\n' >"$TMP/empty/net.env"
out=$(KRGNET_STATE_DIR=$TMP/empty nsenter -t "$container" -n sh "$HOOKS/krginit_helper-post.d/20krgnet" x 2>&1); rc=$?
expect_eq "20krgnet with a cluster IP that is not there" "$rc:$out" \
    "0:20krgnet: cluster IP 10.4.199.1/18 is not on krg0; krgnet adds it (see krgnet status on the host)"

# make install puts them where the helpers look (run-parts wants them executable)
make -s -C "$(dirname "$HOOKS")" install-hooks DESTDIR="$TMP/root" >/dev/null; expect_eq "make install-hooks" "$?" 0
for h in krgboot_helper-post.d/50krgnet krginit_helper-pre.d/10krgnet krginit_helper-post.d/20krgnet; do
    [ -x "$TMP/root/etc/kerrighed/$h" ] && pass "installed /etc/kerrighed/$h" || fail "not installed: $h"
done

krg 4 down 2>/dev/null; expect_eq "down" "$?" 0
expect_clean 4
kill "$container" 2>/dev/null
