# SPDX-License-Identifier: GPL-2.0-or-later
# Test kernel for the VM tier: Debian's current stock kernel, fetched once.
#
#   make kernel                      fetch + unpack + depmod into build/kernel/
#   make ... KERNEL=/boot/vmlinuz-X KMODDIR=/lib/modules/X
#                                    use another kernel instead (both needed)
#
# For the other fragments (initramfs, dracut, VM tier), evaluated in recipes:
#   $(KERNEL_IMAGE)   the bzImage to boot
#   $(KERNEL_MODDIR)  its lib/modules/<kver> directory
#   $(KERNEL_VER)     <kver>
#   $(KERNEL_DEP)     prerequisite that makes them exist
#   $(KERNEL_ELF)     the same kernel uncompressed, for the VM tier's direct
#                     boots (toolchain/kernel-elf.sh; empty when the kernel
#                     has no PVH entry: the bzImage is booted then)

KERNEL_DIR := $(B)/kernel

ifeq ($(KERNEL),)
ifneq ($(KMODDIR),)
$(error KMODDIR= needs KERNEL= too)
endif
KERNEL_IMAGE  := $(KERNEL_DIR)/vmlinuz
KERNEL_DEP    := $(KERNEL_DIR)/kver
KERNEL_MODDIR  = $(KERNEL_DIR)/lib/modules/$(shell cat $(KERNEL_DIR)/kver 2>/dev/null)
else
ifeq ($(KMODDIR),)
$(error KERNEL= needs KMODDIR=/path/to/lib/modules/<kver> too)
endif
KERNEL_IMAGE  := $(KERNEL)
KERNEL_DEP    := $(KERNEL)
KERNEL_MODDIR := $(patsubst %/,%,$(KMODDIR))
endif
KERNEL_VER     = $(notdir $(KERNEL_MODDIR))
KERNEL_ELF    := $(KERNEL_DIR)/vmlinux

$(KERNEL_ELF): $(KERNEL_DEP) toolchain/kernel-elf.sh
	@toolchain/kernel-elf.sh $(KERNEL_IMAGE) $@

$(KERNEL_DIR)/kver:
	sh toolchain/fetch-kernel.sh $(KERNEL_DIR)

.PHONY: kernel
kernel: $(KERNEL_DEP)
	@echo "kernel: $(KERNEL_IMAGE) $(KERNEL_VER) ($(KERNEL_MODDIR))"
