#!/bin/bash
# Boot-to-network-ready of the kerrighed dracut image against the baseline,
# a plain dracut network-legacy image doing the same VLAN with vlan=/ip=.
#
#   tests/bench/baseline-dracut.sh OURS.img BASELINE.img     (make bench-dracut)
#
# Both boot the same kernel and root image in QEMU TCG, one vCPU, node 4 with
# a static id, RUNS times each (default 5), alternately.  Measured:
#   ready   power-on (QEMU start) to the first report line of the real root's
#           init: both images bring the VLAN up before switch_root (ours in
#           pre-pivot, the baseline because rd.neednet=1 makes dracut wait for
#           vlan7), so this is boot-to-network-ready, root mounted included
#   krgnet  seconds since kernel start when `krgnet up` finished (ours only;
#           /run/kerrighed/up.time, printed in the report)
# Prints both images' sizes and the medians.  The NIC sits on a QEMU hub with
# no other port: no traffic leaves the VM, nothing to clean up on the host.
#
# Environment: RUNS (5), VM_KERNEL, VM_ROOT, QEMU, VM_MEM (256)
set -uo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
OURS=${1:?usage: baseline-dracut.sh OURS.img BASELINE.img}
BASE=${2:?usage: baseline-dracut.sh OURS.img BASELINE.img}
RUNS=${RUNS:-5}
VM_KERNEL=${VM_KERNEL:-$TOP/build/kernel/vmlinuz}
VM_ROOT=${VM_ROOT:-$TOP/build/root.ext4}
QEMU=${QEMU:-qemu-system-x86_64}
VM_MEM=${VM_MEM:-256}
TIMEOUT=120

COMMON="console=ttyS0 panic=3 loglevel=4 krgtest.report=/dev/ttyS1 root=/dev/vda rw rd.shell=0"
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

# boot_once INITRD CMDLINE: prints "<ready seconds> <krgnet-ready or ->",
# or fails when the VM did not report within TIMEOUT.
boot_once() {
    local console=$work/console report=$work/report t0 now ready="" up
    : > "$console"
    : > "$report"
    t0=$(date +%s%N)
    "$QEMU" -accel tcg -m "$VM_MEM" -smp 1 -nodefaults -no-user-config -no-reboot \
        -display none -vga none -monitor none \
        -serial "file:$console" -serial "file:$report" \
        -netdev hubport,id=n0,hubid=0 -device virtio-net-pci,netdev=n0,mac=52:54:00:00:07:04,romfile= \
        -kernel "$VM_KERNEL" -initrd "$1" -append "$COMMON $2" \
        -drive "file=$VM_ROOT,format=raw,if=virtio,snapshot=on" > "$work/qemu.out" 2>&1 &
    qpid=$!
    while :; do
        now=$(date +%s%N)
        if [ -z "$ready" ] && grep -q '^=== report ===' "$report"; then
            ready=$(( (now - t0) / 1000000 ))
        fi
        [ -n "$ready" ] && grep -q '^=== end ===' "$report" && break
        kill -0 "$qpid" 2>/dev/null || break
        [ $(( (now - t0) / 1000000000 )) -lt "$TIMEOUT" ] || break
        sleep 0.05
    done
    kill "$qpid" 2>/dev/null
    wait "$qpid" 2>/dev/null
    qpid=""
    if [ -z "$ready" ] || ! grep -q '^=== end ===' "$report"; then
        echo "baseline-dracut: $1 did not report; last console lines:" >&2
        tail -n 8 "$console" | tr -d '\r' >&2
        return 1
    fi
    up=$(tr -d '\r' < "$report" | sed -n 's/^krgnet-ready: //p')
    [ "$up" = none ] && up=-
    printf '%d.%03d %s\n' $((ready / 1000)) $((ready % 1000)) "${up:--}"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- the runs ---------------------------------------------------------------------
for f in "$OURS" "$BASE" "$VM_KERNEL" "$VM_ROOT"; do
    [ -r "$f" ] || { echo "baseline-dracut: $f missing" >&2; exit 2; }
done
echo "boot-to-network-ready, QEMU TCG, 1 vCPU, ${VM_MEM} MiB, $RUNS runs each (alternating)"
for i in $(seq 1 "$RUNS"); do
    r=$(boot_once "$OURS" "$CMD_OURS") || exit 1
    echo "$r" >> "$work/ours"
    echo "  run $i kerrighed: ready ${r% *}s, krgnet up done at ${r#* }s since boot"
    r=$(boot_once "$BASE" "$CMD_BASE") || exit 1
    echo "$r" >> "$work/base"
    echo "  run $i baseline:  ready ${r% *}s"
done

# --- the table ------------------------------------------------------------------------
ours_ready=$(awk '{ print $1 }' "$work/ours" | median)
base_ready=$(awk '{ print $1 }' "$work/base" | median)
ours_up=$(awk '{ print $2 }' "$work/ours" | median)
ours_size=$(stat -c %s "$OURS")
base_size=$(stat -c %s "$BASE")
echo
printf '%-44s %12s %14s %14s\n' image bytes "ready (median)" "krgnet up at"
printf '%-44s %12d %13ss %13ss\n' "${OURS#"$TOP"/} ($CMD_OURS)" "$ours_size" "$ours_ready" "$ours_up"
printf '%-44s %12d %13ss %14s\n' "${BASE#"$TOP"/} (vlan=/ip=)" "$base_size" "$base_ready" "-"
awk -v a="$ours_ready" -v b="$base_ready" -v sa="$ours_size" -v sb="$base_size" 'BEGIN {
    printf "kerrighed vs baseline: ready %+.3fs (%.2fx), size %+d bytes (%.3fx)\n", a - b, b / a, sa - sb, sa / sb }'
