#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the legacy CLUSTERIP backend of cluster_driver against Debian's 6.1
# kernel (which has the target) in one QEMU TCG VM with a throwaway BusyBox
# initramfs, and prints what the kernel did with it.  A smoke check of the
# ip_tables blob and the /proc bucket file on a real CLUSTERIP kernel, and
# `krgnet up` following the node set from 1-4 to 1-5 on that backend.
#   usage: tests/host/drivers/clusterip-vm.sh     (root not needed; run under
#          flock /tmp/krgnet-vm.lock; needs the machine-wide kernel copy)
# Exit 0 when the VM reports "clusterip-vm: PASS".  Measured: PASS on
# 6.1.0-57-amd64 (proc 1,5,9,13; status for node 2 names the difference);
# about 4 minutes of TCG on the shared build machine.
set -euo pipefail
KDIR=${KDIR:-$(ls -d /var/cache/krgnet/kernel/6.1.* | tail -n 1)}
KVER=$(cat "$KDIR/kver")
MODS=$KDIR/lib/modules/$KVER
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

make -s build/static-drivers/cluster_driver
root=$tmp/root
mkdir -p "$root"/{bin,proc,sys,dev,mods}
cp /bin/busybox "$root/bin/busybox"
cp build/static-drivers/cluster_driver "$root/bin/"
cp "${KRGNET:-build/krgnet}" "$root/bin/krgnet"
# ipt_CLUSTERIP, the filter table and a dummy krg0, dependencies first.
for m in net/netfilter/x_tables crypto/crc32c_generic lib/libcrc32c net/ipv4/netfilter/nf_defrag_ipv4 \
         net/ipv6/netfilter/nf_defrag_ipv6 net/netfilter/nf_conntrack net/ipv4/netfilter/ip_tables \
         net/ipv4/netfilter/iptable_filter net/ipv4/netfilter/ipt_CLUSTERIP drivers/net/dummy drivers/net/macvlan; do
    f=$(ls "$MODS/kernel/$m".ko*)
    case $f in
        *.xz) xz -dc "$f" > "$root/mods/$(basename "$m").ko" ;;
        *.zst) zstd -qdc "$f" > "$root/mods/$(basename "$m").ko" ;;
        *) cp "$f" "$root/mods/" ;;
    esac
    echo "$(basename "$m")" >> "$root/mods/order"
done
cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys
for m in $(cat /mods/order); do insmod /mods/$m.ko 2>&1 | sed "s/^/insmod $m: /"; done
ip link add krg0 type dummy && ip link set krg0 up
D=/bin/cluster_driver
ok=1
echo "available: $($D legacy-available)"
$D legacy-install krg0 10.4.199.1/18 01:00:00:00:07:00 1-4 1 || ok=0
echo "proc: $(cat /proc/net/ipt_CLUSTERIP/10.4.199.1)"
echo "status: $($D legacy-status krg0 10.4.199.1 01:00:00:00:07:00 1-4 1)"
[ "$($D legacy-status krg0 10.4.199.1 01:00:00:00:07:00 1-4 1)" = "ok buckets 1,5,9,13" ] || ok=0
echo "status for node 2: $($D legacy-status krg0 10.4.199.1 01:00:00:00:07:00 1-4 2)"
grep -q 01:00:00:00:07:00 /proc/net/dev_mcast 2>/dev/null || grep -q 010000000700 /proc/net/dev_mcast || { echo "no multicast membership"; ok=0; }
ip addr show krg0 | grep -q 10.4.199.1/18 || { echo "no address"; ok=0; }
$D legacy-remove || ok=0
[ -e /proc/net/ipt_CLUSTERIP/10.4.199.1 ] && { echo "proc entry left after remove"; ok=0; }
echo "after remove: $($D legacy-status krg0 10.4.199.1 01:00:00:00:07:00 1-4 1)"
# krgnet up with the CLUSTERIP backend for node 1 of 1-4, then rerun with
# 1-5: the kernel keeps the rule's bucket set, so up reconciles it (-5,-9,
# -13,+6,+11,+16) and status from the record agrees.
ip link del krg0
ip link add eth0 type dummy && ip link set eth0 up
mkdir -p /run /tmp/k
K="krg.node=1 krg.kind=macvlan krg.phys=eth0 krg.clusterip=10.4.199.1/18 krg.clustermac=01:00:00:00:07:00 krg.clusterip_backend=clusterip krg.timeout=1"
krgnet up --conf /dev/null --state-dir /tmp/k --cmdline "$K krg.nodes=1-4" 2>&1 | sed 's/^/krgnet: /'
echo "proc with 1-4: $(nsenter --net=/run/netns/kerrighed cat /proc/net/ipt_CLUSTERIP/10.4.199.1)"
krgnet up --conf /dev/null --state-dir /tmp/k --cmdline "$K krg.nodes=1-5" 2>&1 | sed 's/^/krgnet: /'
p=$(nsenter --net=/run/netns/kerrighed cat /proc/net/ipt_CLUSTERIP/10.4.199.1)
echo "proc with 1-5: $p"
[ "$p" = 1,6,11,16 ] || ok=0
krgnet status --conf /dev/null --state-dir /tmp/k --cmdline "$K krg.nodes=1-5" >/tmp/st 2>&1; rc=$?
sed 's/^/krgnet: status: /' /tmp/st
echo "status after 1-5: $rc"
[ $rc = 0 ] || ok=0
krgnet down --conf /dev/null --state-dir /tmp/k --cmdline "$K krg.nodes=1-5" 2>&1 | sed 's/^/krgnet: /'
[ $ok = 1 ] && echo "clusterip-vm: PASS" || echo "clusterip-vm: FAIL"
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc -R +0:+0 --quiet | gzip -1) > "$tmp/initrd.gz"
timeout 300 qemu-system-x86_64 -accel tcg -m 256 -nographic -no-reboot -kernel "$KDIR/vmlinuz" \
    -initrd "$tmp/initrd.gz" -append "console=ttyS0 panic=-1 quiet" -nic none | tr -d '\r' | tee "$tmp/console" |
    grep -E '^(available|proc|status|after|no |insmod|clusterip-vm|krgnet)'
grep -q "clusterip-vm: PASS" "$tmp/console"
