#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# sys/netns on the real kernel (root): pinning exactly as `ip netns add`
# does, reopening, removal, sockets made inside a pinned namespace, a real
# kernel refusal rolled back, and interplay with iproute2 and nsenter.
#
# Everything runs in a private mount namespace (unshare -m) over a temporary
# directory and a private tmpfs on /run/netns, so nothing outside changes;
# a trap removes every pin and the temporary directory, also on failure.
# Usage (top of the tree): tests/host/netns-pin.sh
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
OUT=build/host-tests
DRIVER=$OUT/netns_driver
PFX=krgpin$$

if [ "$(id -u)" != 0 ]; then
    echo "netns-pin: FAILED: needs root (mounts, namespaces); it is not skipped" >&2
    exit 1
fi

# --- set-up: build the driver, then re-run inside a private mount namespace --
if [ -z "${KRG_NETNS_PIN_INNER:-}" ]; then
    objs=(build/host/sys/netns.o build/host/base/errno_text.o build/host/base/log.o build/host/base/text.o)
    make -s "${objs[@]}" || exit 1
    mkdir -p "$OUT"
    g++ -std=c++20 -fno-exceptions -fno-rtti -g -O1 -D_GNU_SOURCE -fsanitize=address,undefined \
        -fno-sanitize-recover=all -fno-omit-frame-pointer -Wall -Wextra -Wshadow \
        -Isrc -Ibuild/gen -o "$DRIVER" tests/host/drivers/netns_driver.cpp "${objs[@]}" || exit 1
    exec unshare --mount --propagation private env KRG_NETNS_PIN_INNER=1 "$0" "$@"
fi

CHECK_INDENT="    "
# shellcheck source=tests/lib/check.sh
. tests/lib/check.sh
check_tmpdir "$PFX"
TMP=$CHECK_TMP
DIR=$TMP/netns
mount -t tmpfs "$PFX" /run/netns  # private to this mount namespace

cleanup() {
    local f
    for f in "$DIR"/* "$TMP"/limited/* /run/netns/*; do
        [ -e "$f" ] || continue
        umount -l "$f" 2>/dev/null
        rm -f "$f"
    done
    while umount -l "$DIR" 2>/dev/null; do :; done
    umount -l /run/netns 2>/dev/null
}
at_exit cleanup

listed() { ip netns list | grep -q "^$1\b"; }
in_our_namespace() { ip link show "$1" >/dev/null 2>&1; }
run() { out=$("$@" 2>"$TMP/err"); rc=$?; err=$(cat "$TMP/err"); }
host_ino=$(stat -L -c %i /proc/self/ns/net)

echo "--- add pins a new namespace the way ip netns add does"
run "$DRIVER" add "$DIR" a
expect_eq "exit status" "$rc" 0
ino=${out#ino=}
expect_eq "propagation of $DIR" "$(findmnt -n -o PROPAGATION --mountpoint "$DIR")" shared
expect_eq "file system on $DIR/a" "$(findmnt -n -o FSTYPE --mountpoint "$DIR/a")" nsfs
expect_eq "namespace inode of the pin" "$(stat -L -c %i "$DIR/a")" "$ino"
expect_true "a new namespace, not ours" [ "$ino" != "$host_ino" ]
expect_eq "nsenter --net: namespace" "$(nsenter --net="$DIR/a" readlink /proc/self/ns/net)" "net:[$ino]"
expect_eq "nsenter --net: links" "$(nsenter --net="$DIR/a" ip -o link | awk -F': ' '{print $2}')" lo

echo "--- add of an existing name is refused and the pin left alone"
run "$DRIVER" add "$DIR" a
expect_eq "exit status" "$rc" 111
expect_has "error" "$err" "pin namespace $DIR/a: create: File exists (already pinned)"
expect_eq "pin after the refusal" "$(stat -L -c %i "$DIR/a")" "$ino"
expect_eq "mounts of $DIR (no stacked binds)" "$(findmnt -n --mountpoint "$DIR" | wc -l)" 1

echo "--- open and ensure find the same namespace"
run "$DRIVER" open "$DIR" a
expect_eq "open" "$out" "ino=$ino"
run "$DRIVER" ensure "$DIR" a
expect_eq "ensure existing" "$out" "ino=$ino created=0"
run "$DRIVER" ensure "$DIR" b
expect_has "ensure absent" "$out" "created=1"

echo "--- a netlink socket made in a pinned namespace talks to that namespace"
nsenter --net="$DIR/a" ip link add "${PFX}x" type veth peer name "${PFX}y"
run "$DRIVER" sock "$DIR" a "${PFX}x"
expect_has "RTM_GETLINK in a" "$out" "found ${PFX}x"
run "$DRIVER" sock "$DIR" b "${PFX}x"
expect_eq "RTM_GETLINK in b" "$out" "absent ${PFX}x"
expect_false "${PFX}x in our namespace" in_our_namespace "${PFX}x"

echo "--- the default directory is /run/netns, shared with iproute2"
run "$DRIVER" add - "${PFX}d"
expect_eq "exit status" "$rc" 0
expect_true "ip netns list shows ${PFX}d" listed "${PFX}d"
expect_eq "ip netns exec: links" "$(ip netns exec "${PFX}d" ip -o link | awk -F': ' '{print $2}')" lo
ip netns add "${PFX}i"
run "$DRIVER" open - "${PFX}i"
expect_eq "open of an ip netns add pin" "$rc" 0
run "$DRIVER" del - "${PFX}i"
expect_false "ip netns list shows ${PFX}i after del" listed "${PFX}i"

echo "--- a stale file (no namespace on it) is reported, replaced by ensure"
touch "$DIR/s"
run "$DRIVER" open "$DIR" s
expect_eq "exit status" "$rc" 111
expect_has "error" "$err" "stale file without a namespace"
run "$DRIVER" ensure "$DIR" s
expect_has "ensure over a stale file" "$out" "created=1"
expect_eq "file system on $DIR/s" "$(findmnt -n -o FSTYPE --mountpoint "$DIR/s")" nsfs

echo "--- del removes mount and file; again is no error"
run "$DRIVER" del "$DIR" a
expect_eq "exit status" "$rc" 0
expect_false "$DIR/a exists" [ -e "$DIR/a" ]
expect_eq "mounts on $DIR/a" "$(findmnt -n --mountpoint "$DIR/a" | wc -l)" 0
run "$DRIVER" del "$DIR" a
expect_eq "second del" "$rc" 0

echo "--- without CAP_SYS_ADMIN: a clear error and nothing left"
run setpriv --bounding-set -sys_admin "$DRIVER" add "$DIR" nocap
expect_eq "exit status" "$rc" 111
expect_has "error" "$err" "(needs CAP_SYS_ADMIN)"
expect_false "$DIR/nocap left behind" [ -e "$DIR/nocap" ]

echo "--- the kernel refusing the namespace halfway: file removed again"
# A user namespace whose net-namespace quota is 0: unshare(CLONE_NEWNET)
# fails with ENOSPC after the placeholder file exists.
mkdir -p "$TMP/limited"
# shellcheck disable=SC2016  # expanded by the inner sh
run unshare --user --map-root-user --mount sh -c \
    'echo 0 > /proc/sys/user/max_net_namespaces && exec "$0" add "$1" r' "$DRIVER" "$TMP/limited"
expect_eq "exit status" "$rc" 111
expect_has "error" "$err" "unshare: No space left on device"
expect_false "$TMP/limited/r left behind" [ -e "$TMP/limited/r" ]

check_summary netns-pin
