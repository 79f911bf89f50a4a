# SPDX-License-Identifier: GPL-2.0-or-later
# BusyBox initramfs and the test/demo root image.
#
#   make initramfs        build/initramfs.cpio.gz   (/init, BusyBox, krgnet, modules)
#   make root-image       build/root.ext4           (real root of the VM tier and demo)
#   make root-nm-image    build/root-nm.ext4        (the same with NetworkManager running
#                                                    for krgtest.nm: toolchain/fetch-nm.sh)
#
# Variables:
#   SITE=dir              pack dir/etc/cmdline.d/*.conf and dir/etc/kerrighed/net.conf
#                         as site defaults (initramfs/site holds an example)
#   NFS=1                 also pack the NFS client modules (root=nfs:SERVER:/PATH)
#   EXTRA_MODULES="igb"   more NIC drivers, loaded at boot
#   KRGNET=path           the helper to pack (default build/krgnet)
#   KERNEL= KMODDIR=      another kernel (toolchain/kernel.mk)

INITRAMFS     := $(B)/initramfs.cpio.gz
ROOT_IMAGE    := $(B)/root.ext4
ROOT_NM_IMAGE := $(B)/root-nm.ext4
KRGNET        ?= $(B)/krgnet
SITE          ?=
NFS           ?= 0
EXTRA_MODULES ?=

INITRAMFS_SRCS := initramfs/mkinitramfs.sh initramfs/init initramfs/udhcpc.script \
                  initramfs/modules.list \
                  $(if $(SITE),$(wildcard $(SITE)/etc/cmdline.d/*.conf $(SITE)/etc/kerrighed/net.conf))

# Rebuilt when a build variable changes, too.
INITRAMFS_VARS := $(KRGNET)|$(SITE)|$(NFS)|$(EXTRA_MODULES)|$(KERNEL)|$(KMODDIR)
$(B)/initramfs.vars: FORCE
	@mkdir -p $(B)
	@echo '$(INITRAMFS_VARS)' | cmp -s - $@ || echo '$(INITRAMFS_VARS)' > $@

$(INITRAMFS): $(INITRAMFS_SRCS) $(KRGNET) $(KERNEL_DEP) $(B)/initramfs.vars
	KRGNET=$(KRGNET) KMODDIR=$(KERNEL_MODDIR) SITE=$(SITE) NFS=$(NFS) \
	    EXTRA_MODULES="$(EXTRA_MODULES)" initramfs/mkinitramfs.sh $@

$(ROOT_IMAGE): initramfs/mkroot.sh initramfs/root-init $(KRGNET) $(B)/krgnet-server $(wildcard kerrighed-hooks/*.d/*) \
               $(B)/static-drivers/cluster_driver
	@mkdir -p $(B)
	KRGNET=$(KRGNET) CLUSTER_DRIVER=$(B)/static-drivers/cluster_driver initramfs/mkroot.sh $@

$(B)/nm/version: toolchain/fetch-nm.sh
	sh toolchain/fetch-nm.sh $(B)/nm

$(ROOT_NM_IMAGE): initramfs/mkroot.sh initramfs/root-init $(KRGNET) $(B)/krgnet-server $(wildcard kerrighed-hooks/*.d/*) \
               $(B)/static-drivers/cluster_driver netmanagers/NetworkManager-krgnet.conf $(B)/nm/version
	@mkdir -p $(B)
	KRGNET=$(KRGNET) CLUSTER_DRIVER=$(B)/static-drivers/cluster_driver NM_DIR=$(B)/nm SIZE=96M initramfs/mkroot.sh $@

.PHONY: initramfs root-image root-nm-image FORCE
initramfs: $(INITRAMFS)
root-image: $(ROOT_IMAGE)
root-nm-image: $(ROOT_NM_IMAGE)
FORCE:
