#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 2
# Site defaults packed into the BusyBox image (make initramfs SITE=dir) reach
# krgnet and /init with their precedence: net.conf < /etc/cmdline.d/*.conf <
# kernel command line.  The image carries VIRTMAC=f0:00:00:00:08:00 and
# VIRTMTU=1400 in net.conf, "krg.mtu=1300 krg.onerror=continue" in
# cmdline.d; node 6 gets f0:00:00:00:08:06 and MTU 1300, and a bad krg.node
# boots on (continue from cmdline.d) instead of halting (the default).
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
SITE=$VM_LOGDIR/site-fixture
IMG=$VM_LOGDIR/initramfs-site.cpio.gz
KVER=$(cat "$TOP/build/kernel/kver" 2>/dev/null)

rm -rf "$SITE"
mkdir -p "$SITE/etc/cmdline.d" "$SITE/etc/kerrighed"
printf 'VIRTMAC=f0:00:00:00:08:00\nVIRTMTU=1400\n' > "$SITE/etc/kerrighed/net.conf"
printf 'krg.mtu=1300 krg.onerror=continue\n' > "$SITE/etc/cmdline.d/50-site.conf"
KRGNET=${KRGNET:-$TOP/build/krgnet} KMODDIR=${VM_KMODDIR:-$TOP/build/kernel/lib/modules/$KVER} \
    SITE=$SITE "$TOP/initramfs/mkinitramfs.sh" "$IMG" || exit 1

OK=site-node6 BAD=site-bad
vm_start "$OK" --image busybox --initrd "$IMG" --cmdline "krg.node=6"
vm_start "$BAD" --image busybox --initrd "$IMG" --cmdline "krg.node=300"
expect_true "both VMs reached the real root and reported" vm_wait_all

krg0=$(section "$OK" "ip -d addr show" | awk '/^[0-9]+: / { on = ($2 ~ /^krg0@/) } on')
expect_true "node6: krgnet up exit status 0" test "$(field "$OK" krgnet-status)" = 0
expect_true "node6: MAC from net.conf's template: f0:00:00:00:08:06" \
    grep -qE '^ +link/ether f0:00:00:00:08:06 ' <<< "$krg0"
expect_true "node6: MTU 1300 (cmdline.d beats net.conf's 1400)" \
    grep -qE '^[0-9]+: krg0@[^ ]+ <[^>]*> mtu 1300 ' <<< "$krg0"
expect_true "node6: 10.4.135.6/18" grep -qE '^ +inet 10\.4\.135\.6/18 ' <<< "$krg0"
expect_true "bad id: krgnet's error on the console" \
    grep -q '^krgnet: krg\.node=300 (kernel command line)' <(console_text "$BAD")
expect_true "bad id: krg.onerror=continue from cmdline.d, not the default halt" \
    grep -q '^init: krg.onerror=continue' <(console_text "$BAD")
expect_true "bad id: the real root saw status 100" test "$(field "$BAD" krgnet-status)" = 100
finish busybox-site_defaults_in_image_apply
