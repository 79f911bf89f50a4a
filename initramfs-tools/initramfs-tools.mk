# SPDX-License-Identifier: GPL-2.0-or-later
# Debian's initramfs-tools with the krgnet hook and boot script.
#
#   make initramfs-tools-image      build/initramfs-tools.img (mkinitramfs, root)
#   make vm-tests-initramfs-tools   boot it in QEMU: tests/vm/initramfs-tools-node4.sh
#
# initramfs-tools/mkimage.sh says how mkinitramfs is run for a kernel that is
# not installed.  Variables: KRGNET, KERNEL=/KMODDIR= (toolchain/kernel.mk),
# ITOOLS_MODULES, ITOOLS_COMPRESS (see mkimage.sh).

ITOOLS_IMG  := $(B)/initramfs-tools.img
ITOOLS_SRCS := initramfs-tools/mkimage.sh initramfs-tools/hooks/krgnet \
               initramfs-tools/scripts/init-bottom/krgnet

$(ITOOLS_IMG): $(ITOOLS_SRCS) $(KRGNET) $(KERNEL_DEP)
	KRGNET_BIN=$(KRGNET) initramfs-tools/mkimage.sh $@ $(KERNEL_MODDIR)

.PHONY: initramfs-tools-image vm-tests-initramfs-tools
initramfs-tools-image: $(ITOOLS_IMG)
# What tests/vm/initramfs-tools-*.sh need (tests/vm/run-all initramfs-tools).
VM_ENV_initramfs_tools = ITOOLS_IMG=$(abspath $(ITOOLS_IMG)) KRGNET=$(abspath $(KRGNET))
vm-tests-initramfs-tools: $(ITOOLS_IMG) $(ROOT_IMAGE) $(KRGNET) $(KERNEL_DEP) $(KERNEL_ELF)
	@$(VM_ENV) VM_ENV_initramfs_tools="$(VM_ENV_initramfs_tools)" tests/vm/run-all initramfs-tools
