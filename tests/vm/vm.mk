# SPDX-License-Identifier: GPL-2.0-or-later
# VM tier (QEMU TCG) and the demo.
#
#   make vm-tests                   the VM tests of the BusyBox image
#   make vm-tests VM_IMAGES="busybox dracut"
#                                   ... and of the dracut image: generic tests
#                                   run per image, <image>-*.sh once per image
#                                   (tests/vm/run-all)
#   make demo                       PXE-boot a small cluster, print its table
#
# Both need root (network namespaces, taps) and no network access outside
# the namespaces they create.

VM_IMAGES ?= busybox
VM_IMAGE_FILE_busybox := $(INITRAMFS)
VM_IMAGE_FILE_dracut  := $(B)/initramfs-dracut.img

VM_ENV = VM_KERNEL=$(KERNEL_IMAGE) VM_KERNEL_ELF=$(KERNEL_ELF) VM_ROOT=$(ROOT_IMAGE) VM_ROOT_NM=$(ROOT_NM_IMAGE) KRGNET=$(KRGNET) \
         VM_KMODDIR=$(KERNEL_MODDIR) \
         VM_INITRD_busybox=$(INITRAMFS) VM_INITRD_dracut=$(B)/initramfs-dracut.img

.PHONY: vm-tests demo demo-run
vm-tests: $(KRGNET) $(B)/krgnet-server $(KERNEL_DEP) $(KERNEL_ELF) $(ROOT_IMAGE) $(ROOT_NM_IMAGE) $(foreach i,$(VM_IMAGES),$(VM_IMAGE_FILE_$(i)))
	@$(VM_ENV) tests/vm/run-all $(VM_IMAGES)

# deps first and alone, even under -j: the images are built once every
# package is there
demo: deps
	@$(MAKE) --no-print-directory demo-run
demo-run: $(KRGNET) $(B)/krgnet-server $(KERNEL_DEP) $(INITRAMFS) $(ROOT_IMAGE)
	@$(VM_ENV) tests/demo/demo.sh
