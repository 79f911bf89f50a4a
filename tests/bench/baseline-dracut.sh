#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot-to-network-ready of the kerrighed dracut image against the baseline,
# a plain dracut network-legacy image doing the same VLAN with vlan=/ip=.
#
#   tests/bench/baseline-dracut.sh OURS.img BASELINE.img     (make bench-dracut)
#
# Both boot the same kernel and root image in QEMU TCG, one vCPU, node 4 with
# a static id, RUNS times each (default 7), alternately.  Both bring the VLAN
# up before switch_root (ours in pre-pivot; the baseline because rd.neednet=1
# makes dracut wait for vlan7), so switch_root is the point where the node's
# network is ready and its root is mounted.  The real init is replaced by
# BusyBox's dmesg (init=/bin/dmesg): the kernel log, with dracut's
# "Switching root" line and its timestamp, ends up on the console even at
# loglevel=4, and nothing else changes before that point.  Measured:
#   switch  seconds since kernel start at dracut's "Switching root" (in the guest)
#   wall    power-on (QEMU start) to that line on the console (host clock,
#           includes firmware and the dmesg dump)
#   krgnet  seconds since kernel start when `krgnet up` finished (ours only)
# Prints both images' sizes and the medians.  The NIC sits on a QEMU hub with
# no other port: no traffic leaves the VM, nothing to clean up on the host.
# TCG timings follow the host's load: compare images from the same run only.
#
# Environment: RUNS (7), VM_KERNEL, VM_ROOT, QEMU, VM_MEM (256)
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
OURS=${1:?usage: baseline-dracut.sh OURS.img BASELINE.img}
BASE=${2:?usage: baseline-dracut.sh OURS.img BASELINE.img}
RUNS=${RUNS:-7}
VM_KERNEL=${VM_KERNEL:-$TOP/build/kernel/vmlinuz}
VM_ROOT=${VM_ROOT:-$TOP/build/root.ext4}
QEMU=${QEMU:-qemu-system-x86_64}
VM_MEM=${VM_MEM:-256}
TIMEOUT=120

COMMON="console=ttyS0 panic=1 loglevel=4 no_timer_check root=/dev/vda rw rd.shell=0 init=/bin/dmesg"
CMD_OURS="krg.node=4"
CMD_BASE="vlan=vlan7:eth0 ip=10.4.135.4:::255.255.192.0::vlan7:none:1496:f0:00:00:00:07:04 rd.neednet=1"

work=$(mktemp -d)
qpid=""
cleanup() {
    [ -n "$qpid" ] && kill "$qpid" 2>/dev/null && wait "$qpid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# boot_once INITRD CMDLINE: prints "<switch> <wall> <krgnet or ->", or fails
# when the VM did not get to switch_root within TIMEOUT.
boot_once() {
    local console=$work/console t0 now wall="" switch up line
    : > "$console"
    t0=$(date +%s%N)
    "$QEMU" -accel tcg -m "$VM_MEM" -smp 1 -nodefaults -no-user-config -no-reboot \
        -display none -vga none -monitor none -serial "file:$console" \
        -netdev hubport,id=n0,hubid=0 -device virtio-net-pci,netdev=n0,mac=52:54:00:00:07:04,romfile= \
        -kernel "$VM_KERNEL" -initrd "$1" -append "$COMMON $2" \
        -drive "file=$VM_ROOT,format=raw,if=virtio,snapshot=on" > "$work/qemu.out" 2>&1 &
    qpid=$!
    while :; do
        now=$(date +%s%N)
        if [ -z "$wall" ] && grep -q 'dracut: Switching root' "$console"; then
            wall=$(( (now - t0) / 1000000 ))
        fi
        kill -0 "$qpid" 2>/dev/null || break         # dmesg exits, the kernel panics, QEMU ends
        [ $(( (now - t0) / 1000000000 )) -lt "$TIMEOUT" ] || break
        sleep 0.05
    done
    kill "$qpid" 2>/dev/null
    wait "$qpid" 2>/dev/null
    qpid=""
    line=$(tr -d '\r' < "$console" | grep -m1 'dracut: Switching root')
    switch=$(printf '%s\n' "$line" | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
    if [ -z "$wall" ] || [ -z "$switch" ]; then
        echo "baseline-dracut: $1 did not reach switch_root; last console lines:" >&2
        tail -n 8 "$console" | tr -d '\r' >&2
        return 1
    fi
    up=$(tr -d '\r' < "$console" | sed -n 's/^kerrighed: krgnet up: exit status 0, done at \([0-9.]*\)s.*/\1/p' | head -n 1)
    printf '%s %d.%03d %s\n' "$switch" $((wall / 1000)) $((wall % 1000)) "${up:--}"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- the runs ---------------------------------------------------------------------
for f in "$OURS" "$BASE" "$VM_KERNEL" "$VM_ROOT"; do
    [ -r "$f" ] || { echo "baseline-dracut: $f missing" >&2; exit 2; }
done
echo "boot-to-network-ready (dracut's switch_root), QEMU TCG, 1 vCPU, ${VM_MEM} MiB, $RUNS runs each, alternating"
echo "host load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$RUNS"); do
    r=$(boot_once "$OURS" "$CMD_OURS") || exit 1
    echo "$r" >> "$work/ours"
    read -r sw wall up <<< "$r"
    echo "  run $i kerrighed: switch_root at ${sw}s (wall ${wall}s), krgnet up done at ${up}s"
    r=$(boot_once "$BASE" "$CMD_BASE") || exit 1
    echo "$r" >> "$work/base"
    read -r sw wall _ <<< "$r"
    echo "  run $i baseline:  switch_root at ${sw}s (wall ${wall}s)"
done
echo "host load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- the table ------------------------------------------------------------------------
col() { awk -v c="$1" '{ print $c }' "$2" | median; }
ours_size=$(stat -c %s "$OURS")
base_size=$(stat -c %s "$BASE")
echo
printf '%-48s %10s %10s %9s %11s\n' "image (medians)" bytes switch wall "krgnet up"
printf '%-48s %10d %9ss %8ss %10ss\n' "${OURS#"$TOP"/} ($CMD_OURS)" "$ours_size" \
    "$(col 1 "$work/ours")" "$(col 2 "$work/ours")" "$(col 3 "$work/ours")"
printf '%-48s %10d %9ss %8ss %11s\n' "${BASE#"$TOP"/} (vlan=/ip=)" "$base_size" \
    "$(col 1 "$work/base")" "$(col 2 "$work/base")" -
awk -v a="$(col 1 "$work/ours")" -v b="$(col 1 "$work/base")" -v sa="$ours_size" -v sb="$base_size" 'BEGIN {
    printf "kerrighed vs baseline: switch_root %+.2fs (%.2fx sooner), size %+d bytes (%.3fx)\n", a - b, b / a, sa - sb, sa / sb }'
