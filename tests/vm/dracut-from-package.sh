#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The krgnet-dracut and krgnet packages, unpacked into a throwaway root
# (make deb-check), give a dracut image that boots: node 4 from the command
# line gets krg0 (802.1Q id 7, f0:00:00:00:07:04, 10.4.135.4/18, MTU 1496)
# in the namespace pinned at /run/netns/kerrighed only.  The image must hold
# the packaged module's hooks and the packaged krgnet, byte for byte.
#
# Environment: DRACUT_IMG (build/initramfs-dracut-pkg.img), DEB_ROOT
# (build/deb/root), DRACUT_PKG_LINK (the module link of the private dracut
# tree, build/dracut-pkg/base/modules.d/50kerrighed), set by make vm-tests-deb.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DEB_ROOT=${DEB_ROOT:-$TOP/build/deb/root}
export DRACUT_IMG=${DRACUT_IMG:-$TOP/build/initramfs-dracut-pkg.img}
export KRGNET=${KRGNET:-$DEB_ROOT/usr/sbin/krgnet}
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

module=$DEB_ROOT/usr/lib/dracut/modules.d/50kerrighed
[ -x "$module/module-setup.sh" ] || { echo "FAIL $TEST: $module missing (make deb-check)"; exit 1; }
# the private dracut tree make vm-tests-deb built the image with
link=${DRACUT_PKG_LINK:-$TOP/build/dracut-pkg/base/modules.d/50kerrighed}
if [ "$(readlink -f "$link")" = "$(readlink -f "$module")" ]; then
    pass "dracut found 50kerrighed in the unpacked package ($link)"
else
    fail "dracut's 50kerrighed ($link) is not the unpacked package's"
fi
# in_image PATH FILE: PATH inside the image equals FILE
in_image() { cmp -s <(lsinitrd -f "$1" "$DRACUT_IMG" 2> /dev/null) "$2"; }
if in_image usr/sbin/krgnet "$DEB_ROOT/usr/sbin/krgnet"; then
    pass "the image holds the packaged krgnet"
else
    fail "the image's /usr/sbin/krgnet is not the packaged one"
fi
if in_image usr/lib/dracut/hooks/pre-pivot/60-krgnet-pre-pivot.sh "$module/krgnet-pre-pivot.sh"; then
    pass "the image's pre-pivot hook is the packaged module's"
else
    fail "the image's pre-pivot hook is not the packaged module's"
fi

vm_start dracut-pkg-node4 --image dracut --cmdline "krg.node=4"
vm_wait_all
expect_node_up dracut-pkg-node4 4
expect_match "state file names node 4" "$(section dracut-pkg-node4 /run/kerrighed/net.env)" '^[A-Z_]*NODE=4$'
finish
