# SPDX-License-Identifier: GPL-2.0-or-later
# dracut images with the kerrighed module, the network-legacy baseline, install.
#
#   make dracut            build/initramfs-dracut.img: dracut + 50kerrighed (+ DHCP)
#   make dracut-baseline   build/initramfs-dracut-baseline.img: plain dracut doing
#                          the same VLAN with vlan=/ip= (network-legacy), no krgnet
#   make vm-tests-dracut   the VM tests of the dracut image (tests/vm/dracut-*.sh
#                          and the image-generic ones, tests/vm/run-all dracut)
#   make bench-dracut      boot both images in QEMU TCG: sizes and boot-to-ready times
#   (make install: install.mk)
#
# The module is found through a private dracut tree, build/dracut/base: links
# to everything in /usr/lib/dracut plus modules.d/50kerrighed -> dracut-module/
# 50kerrighed, given to dracut as dracutbasedir.  dracut looks for modules in
# $dracutbasedir/modules.d only, so nothing is installed on the build machine
# and the system's /etc/dracut.conf{,.d} is not read (--conf /dev/null).
# No kernel needs to be installed: --kver/--kmoddir point at build/kernel/
# (or KERNEL=/KMODDIR=, toolchain/kernel.mk).
#
# Variables:
#   DRACUT_DHCP=1          add a dracut network module, for krg.node=dhcp with
#                          rd.neednet=1 ip=<if>:dhcp (0: smaller image; node ids
#                          from krg.node= or a PXE loader's ip=)
#   DRACUT_NET=legacy      which one: legacy (network-legacy: dhclient),
#                          networkd (systemd-networkd) or network-manager
#                          (NetworkManager); both need DRACUT_INIT=systemd.
#                          network-manager installs Debian's NetworkManager
#                          unpacked in DRACUT_NM_DIR (build/nm, toolchain/
#                          fetch-nm.sh): dracut runs in a private mount
#                          namespace that sees it under /usr
#                          (dracut-module/with-nm.sh), nothing is installed
#   DRACUT_NICS="e1000 virtio_net"   NIC drivers kept in both images; every other
#                          drivers/net module is omitted ("all": keep them all)
#   DRACUT_ROOT_DRIVERS="virtio_pci virtio_blk ext4"   what mounting the root needs
#   DRACUT_ADD=            more dracut modules, e.g. "nfs" for root=nfs:...
#   DRACUT_INIT=shell      dracut's shell init (99base); "systemd" for a
#                          systemd-based image (hooks then run from
#                          dracut-cmdline.service and dracut-pre-pivot.service)
#   DRACUT_COMPRESS=zstd   or gzip, xz, ...
#   KRGNET=build/krgnet    the helper packed into the image
#   DRACUT_DEPS=           more files the image is rebuilt after (make
#                          vm-tests-deb: the packages' stamp, since dpkg-deb
#                          gives the unpacked files the changelog's date)
#   KERNEL= KMODDIR=       another kernel (toolchain/kernel.mk)

DRACUT           ?= dracut
DRACUT_SYSDIR    ?= /usr/lib/dracut
DRACUT_DHCP      ?= 1
DRACUT_NET       ?= legacy
DRACUT_NICS      ?= e1000 virtio_net
DRACUT_ROOT_DRIVERS ?= virtio_pci virtio_blk ext4
DRACUT_ADD       ?=
DRACUT_INIT      ?= shell
DRACUT_COMPRESS  ?= zstd
KRGNET           ?= $(B)/krgnet
DRACUT_DEPS      ?=

DRACUT_IMG       := $(B)/initramfs-dracut.img
DRACUT_BASELINE  := $(B)/initramfs-dracut-baseline.img
DRACUT_WORK      := $(B)/dracut
DRACUT_BASE      := $(DRACUT_WORK)/base
# where the module comes from: this tree, or (make vm-tests-deb) the one
# unpacked from the krgnet-dracut package
DRACUT_MODULE    ?= dracut-module/50kerrighed
DRACUT_MODULE_FILES := $(wildcard $(DRACUT_MODULE)/*)

# dracut modules of both images; the kerrighed image adds "kerrighed".
DRACUT_INIT_MODS_shell   := dash
DRACUT_INIT_MODS_systemd := systemd systemd-initrd dracut-systemd
DRACUT_NET_MODS_legacy   := network-legacy network
DRACUT_NET_MODS_networkd := systemd-networkd network
DRACUT_NET_MODS_network-manager := network-manager network
# what the network module's dracut run needs and is wrapped in
DRACUT_NM_DIR    ?= $(B)/nm
DRACUT_NET_DEPS_network-manager := $(DRACUT_NM_DIR)/version dracut-module/with-nm.sh
DRACUT_NET_WRAP_network-manager  = sh dracut-module/with-nm.sh $(abspath $(DRACUT_NM_DIR))
DRACUT_NET_MODS  := $(if $(filter 1,$(DRACUT_DHCP)),$(DRACUT_NET_MODS_$(DRACUT_NET)))
DRACUT_MODS      := $(DRACUT_INIT_MODS_$(DRACUT_INIT)) rootfs-block $(DRACUT_ADD)

# Everything both images share; evaluated in the recipe (the kernel may not
# exist yet when make reads this).
dracut_args = --force --quiet --no-hostonly --no-hostonly-cmdline --nofscks \
    --no-early-microcode --reproducible --conf /dev/null \
    --confdir $(abspath $(DRACUT_WORK)/conf.d) --tmpdir $(abspath $(DRACUT_WORK)/tmp) \
    --kver $(KERNEL_VER) --kmoddir $(abspath $(KERNEL_MODDIR)) \
    --add-drivers "$(DRACUT_ROOT_DRIVERS)" --$(DRACUT_COMPRESS)

# Rebuilt when a build variable changes, too.
DRACUT_VARS := $(DRACUT_DHCP)|$(DRACUT_NET)|$(DRACUT_NICS)|$(DRACUT_ROOT_DRIVERS)|$(DRACUT_ADD)|$(DRACUT_INIT)|$(DRACUT_COMPRESS)|$(KRGNET)|$(KERNEL)|$(KMODDIR)
$(DRACUT_WORK)/vars: dracut-force
	@mkdir -p $(@D)
	@echo '$(DRACUT_VARS)' | cmp -s - $@ || echo '$(DRACUT_VARS)' > $@

# The NIC drivers left out (DRACUT_NICS), as a dracut.conf.d snippet of the
# private configuration directory, the only one dracut reads here.
$(DRACUT_WORK)/conf.d/10-nics.conf: dracut-module/nic-omit.sh $(KERNEL_DEP) $(DRACUT_WORK)/vars
	@mkdir -p $(@D)
	@{ echo "# generated by dracut-module/dracut.mk: NIC drivers other than DRACUT_NICS=$(DRACUT_NICS)"; \
	   $(if $(filter all,$(DRACUT_NICS)),:,printf 'omit_drivers+=" %s "\n' \
	       "$$(sh dracut-module/nic-omit.sh $(KERNEL_MODDIR) $(DRACUT_NICS) | tr '\n' ' ')"); } > $@.tmp
	@mv $@.tmp $@

# The private dracut tree (see the top of this file).
$(DRACUT_BASE)/.stamp: dracut-module/dracut.mk $(wildcard $(DRACUT_SYSDIR)/dracut-version.sh)
	@test -x $(DRACUT_SYSDIR)/dracut-install || { echo "dracut: $(DRACUT_SYSDIR) missing (apt-get install dracut-core)"; exit 1; }
	@test -d $(DRACUT_SYSDIR)/modules.d/35network-legacy || { echo "dracut: network-legacy missing (apt-get install dracut-network)"; exit 1; }
	rm -rf $(DRACUT_BASE)
	mkdir -p $(DRACUT_BASE)/modules.d $(DRACUT_WORK)/conf.d $(DRACUT_WORK)/tmp
	for f in $(DRACUT_SYSDIR)/*; do \
	    [ "$${f##*/}" = modules.d ] || ln -s "$$f" $(DRACUT_BASE)/; done
	for m in $(DRACUT_SYSDIR)/modules.d/*; do \
	    [ "$${m##*/}" = 50kerrighed ] || ln -s "$$m" $(DRACUT_BASE)/modules.d/; done
	ln -s $(abspath $(DRACUT_MODULE)) $(DRACUT_BASE)/modules.d/50kerrighed
	touch $@

$(DRACUT_IMG): $(DRACUT_BASE)/.stamp $(DRACUT_WORK)/conf.d/10-nics.conf $(DRACUT_MODULE_FILES) \
               $(KRGNET) $(KERNEL_DEP) $(DRACUT_WORK)/vars $(DRACUT_DEPS) $(if $(DRACUT_NET_MODS),$(DRACUT_NET_DEPS_$(DRACUT_NET)))
	dracutbasedir=$(abspath $(DRACUT_BASE)) KRGNET_BIN=$(abspath $(KRGNET)) \
	KRGNET_DRIVERS="$(DRACUT_NICS)" $(if $(DRACUT_NET_MODS),$(DRACUT_NET_WRAP_$(DRACUT_NET))) \
	    $(DRACUT) $(dracut_args) -m "$(DRACUT_MODS) $(DRACUT_NET_MODS) kerrighed" $@.tmp
	mv $@.tmp $@
	@printf 'dracut: %s: %s bytes\n' $@ $$(stat -c %s $@)

# The baseline always has network-legacy: it makes the VLAN itself.
$(DRACUT_BASELINE): $(DRACUT_BASE)/.stamp $(DRACUT_WORK)/conf.d/10-nics.conf $(KERNEL_DEP) $(DRACUT_WORK)/vars
	dracutbasedir=$(abspath $(DRACUT_BASE)) \
	    $(DRACUT) $(dracut_args) -m "$(DRACUT_MODS) network-legacy network" $@.tmp
	mv $@.tmp $@
	@printf 'dracut: %s: %s bytes\n' $@ $$(stat -c %s $@)

.PHONY: dracut dracut-baseline vm-tests-dracut bench-dracut dracut-force
dracut: $(DRACUT_IMG)
dracut-baseline: $(DRACUT_BASELINE)

# --- VM tests and benchmark (QEMU TCG; root) ----------------------------------------
# The dracut-*.sh tests, then the image-generic ones (tests/vm/*.sh without an
# image prefix: one node, PXE, three nodes, the attach hook) booted from the
# dracut image; tests/vm/lib.sh is their library.
vm-tests-dracut: $(DRACUT_IMG) $(ROOT_IMAGE) $(KERNEL_DEP) $(KERNEL_ELF) $(KRGNET) $(B)/krgnet-server
	@$(VM_ENV) DRACUT_IMG=$(abspath $(DRACUT_IMG)) tests/vm/run-all dracut

bench-dracut: $(DRACUT_IMG) $(DRACUT_BASELINE) $(ROOT_IMAGE) $(KERNEL_DEP)
	@tests/bench/baseline-dracut.sh $(DRACUT_IMG) $(DRACUT_BASELINE)
