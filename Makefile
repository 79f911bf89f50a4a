# SPDX-License-Identifier: GPL-2.0-or-later
# krgnet — every entry point.  `make help` lists them.
.DEFAULT_GOAL := all
SHELL := /bin/bash
.DELETE_ON_ERROR:
# make's built-in `%: %.sh` would overwrite tests/bench/failover with its body
# failover.sh whenever a rule lists both (make deb lists every tracked file)
%: %.sh

CXX      ?= g++
ifeq ($(origin CXX),default)
CXX := g++
endif
B        := build
KCONFIG  := kconfig/Kconfig
DOTCONFIG ?= .config

include toolchain/musl.mk

# --- the version: debian/changelog's first entry is the one source ---------------
# KRGNET_VERSION (its upstream part, 0.2 of 0.2-1) reaches the code as
# KRG_VERSION in config.h and the man pages' .Os; KRGNET_DATE (the entry's
# date) is their .Dd.  A new version is a new changelog entry (dch -v).
KRGNET_VERSION := $(shell sed -n '1s/^krgnet (\([^-)]*\).*/\1/p' debian/changelog)
KRGNET_DATE := $(shell LC_ALL=C date -u -d "$$(sed -n 's/^ -- .*>  //p' debian/changelog | head -n 1)" '+%B %-d, %Y')

# --- configuration (Kconfig -> .config -> build/gen/config.h) ---------------
CONFIG_SRC := $(if $(wildcard $(DOTCONFIG)),$(DOTCONFIG),$(B)/defconfig.config)

$(B)/defconfig.config: kconfig/defconfig $(KCONFIG)
	@mkdir -p $(B)
	KCONFIG_CONFIG=$@ kconfig-conf --defconfig=kconfig/defconfig $(KCONFIG) >/dev/null

$(B)/gen/generated/config.h: $(CONFIG_SRC) toolchain/genconfig.sh debian/changelog
	@mkdir -p $(@D)
	sh toolchain/genconfig.sh $< $(KRGNET_VERSION) > $@.tmp && mv $@.tmp $@

.PHONY: defconfig olddefconfig menuconfig
defconfig:
	KCONFIG_CONFIG=$(DOTCONFIG) kconfig-conf --defconfig=kconfig/defconfig $(KCONFIG)
olddefconfig:
	KCONFIG_CONFIG=$(DOTCONFIG) kconfig-conf --olddefconfig $(KCONFIG)
menuconfig:
	KCONFIG_CONFIG=$(DOTCONFIG) kconfig-mconf $(KCONFIG)

# --- sources ------------------------------------------------------------------
# Features switched off in .config take their files out of the build
# (BusyBox style: src-$(CONFIG_X) += ...); the rest is compiled always.
-include $(CONFIG_SRC)
CLUSTERIP_SRCS := $(wildcard src/cluster/buckets.cpp src/cluster/describe.cpp src/node/clusterip*.cpp src/nl/nft*.cpp src/sys/iptables.cpp src/sys/mcast.cpp)
FEATURE_SRCS := $(CLUSTERIP_SRCS)
src-y := $(sort $(filter-out $(FEATURE_SRCS),$(shell find src -name '*.cpp' ! -name main.cpp)))
src-$(CONFIG_CLUSTERIP) += $(CLUSTERIP_SRCS)
src-y := $(sort $(src-y))
# krgnet-server's own sources: the operator's formats and commands, never in
# the helper (docs/design.md "krgnet-server").
SERVER_SRCS := src/cli/server.cpp src/cli/buckets.cpp src/cli/watch.cpp src/cli/nodes.cpp src/cli/attach.cpp src/config/render.cpp src/config/macs.cpp src/node/describe.cpp
HELPER_SRCS := $(filter-out $(SERVER_SRCS),$(src-y))
MAIN  := src/main.cpp
HDRS  := $(shell find src -name '*.h')

WARN := -Wall -Wextra -Wshadow -Wno-missing-field-initializers
INCS := -Isrc -I$(B)/gen

# --- the static helper ----------------------------------------------------------
STATIC_OBJS := $(patsubst src/%.cpp,$(B)/static/%.o,$(HELPER_SRCS) $(MAIN))

$(B)/static/%.o: src/%.cpp $(HDRS) $(B)/gen/generated/config.h $(KINC)/.stamp toolchain/musl.mk
	@mkdir -p $(@D)
	$(MUSL_CXX) $(MUSL_CXXFLAGS) $(WARN) $(INCS) -c $< -o $@

$(B)/krgnet.unstripped: $(STATIC_OBJS)
	$(MUSL_CXX) $(MUSL_LDFLAGS) -o $@ $(MUSL_CRT_BEGIN) $^ $(MUSL_CRT_END)

$(B)/krgnet: $(B)/krgnet.unstripped
	strip --strip-all -R .comment -o $@ $<

# --- krgnet-server: the same program with the operator's formats -------------------
# (config/render.h): JSON, networkd, ifupdown, hosts, ethers, dnsmasq.  It never
# enters an initramfs, so it has no size budget; build/krgnet runs it for them.
SERVER_OBJS := $(patsubst src/%.cpp,$(B)/server/%.o,$(src-y) $(MAIN))

$(B)/server/%.o: src/%.cpp $(HDRS) $(B)/gen/generated/config.h $(KINC)/.stamp toolchain/musl.mk
	@mkdir -p $(@D)
	$(MUSL_CXX) $(MUSL_CXXFLAGS) -DKRG_SERVER_TOOL=1 $(WARN) $(INCS) -c $< -o $@

$(B)/krgnet-server: $(SERVER_OBJS)
	$(MUSL_CXX) $(MUSL_LDFLAGS) -o $@.unstripped $(MUSL_CRT_BEGIN) $^ $(MUSL_CRT_END)
	strip --strip-all -R .comment -o $@ $@.unstripped

.PHONY: all
all: $(B)/krgnet $(B)/krgnet-server

# --- host build (glibc, ASan+UBSan) for unit tests and fuzzers ---------------
# (with krgnet-server's formats: the sanitizers see the renderers too)
HOST_CXXFLAGS := -std=c++20 -fno-exceptions -fno-rtti -g -O1 -D_GNU_SOURCE -DKRG_SERVER_TOOL=1 \
                 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_OBJS := $(patsubst src/%.cpp,$(B)/host/%.o,$(src-y))

$(B)/host/%.o: src/%.cpp $(HDRS) $(B)/gen/generated/config.h
	@mkdir -p $(@D)
	$(CXX) $(HOST_CXXFLAGS) $(WARN) $(INCS) -c $< -o $@

$(B)/host/main.o: $(MAIN) $(HDRS) $(B)/gen/generated/config.h
	@mkdir -p $(@D)
	$(CXX) $(HOST_CXXFLAGS) $(WARN) $(INCS) -c $< -o $@

$(B)/krgnet-host: $(HOST_OBJS) $(B)/host/main.o
	$(CXX) $(HOST_CXXFLAGS) -o $@ $^

# --- unit tests (CMocka) ----------------------------------------------------------
# tests/unit/test_X.cpp -> build/unit/test_X; an optional tests/unit/test_X.wrap
# holds extra linker flags (-Wl,--wrap=...) for fault injection.
UNIT_SRCS  := $(sort $(wildcard tests/unit/test_*.cpp))
UNIT_BINS  := $(patsubst tests/unit/%.cpp,$(B)/unit/%,$(UNIT_SRCS))

$(B)/unit/%: tests/unit/%.cpp $(HOST_OBJS) $(wildcard tests/unit/*.h tests/golden/*/*)
	@mkdir -p $(@D)
	$(CXX) $(HOST_CXXFLAGS) $(WARN) $(INCS) -Itests/unit -o $@ $< $(HOST_OBJS) \
	    $(shell cat tests/unit/$*.wrap 2>/dev/null) -lcmocka

.PHONY: unit
unit: $(UNIT_BINS)
	@tests/unit/run $(UNIT_BINS)

# --- fuzzers (libFuzzer) -------------------------------------------------------------
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.cpp))
FUZZ_BINS := $(patsubst tests/fuzz/%.cpp,$(B)/fuzz/%,$(FUZZ_SRCS))
FUZZ_SECONDS ?= 5
FUZZ_BASEFLAGS := -std=c++20 -fno-exceptions -fno-rtti -g -O1 -D_GNU_SOURCE -fno-sanitize-recover=all
FUZZ_CXXFLAGS := $(FUZZ_BASEFLAGS) -fsanitize=fuzzer,address,undefined

# The sources are compiled once for all fuzzers (coverage and sanitizers,
# libFuzzer's main only at the link), not once per fuzzer.
FUZZ_OBJS := $(patsubst src/%.cpp,$(B)/fuzz/obj/%.o,$(src-y))
.SECONDARY: $(FUZZ_OBJS)
$(B)/fuzz/obj/%.o: src/%.cpp $(HDRS) $(B)/gen/generated/config.h
	@mkdir -p $(@D)
	clang++ $(FUZZ_BASEFLAGS) -fsanitize=fuzzer-no-link,address,undefined $(INCS) -c $< -o $@

$(B)/fuzz/%: tests/fuzz/%.cpp $(wildcard tests/fuzz/*.h) $(FUZZ_OBJS)
	@mkdir -p $(@D)
	clang++ $(FUZZ_CXXFLAGS) $(INCS) -o $@ $< $(FUZZ_OBJS)

.PHONY: fuzz fuzz-short
fuzz-short: $(FUZZ_BINS)
	@tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ_BINS)
fuzz: $(FUZZ_BINS)
	@tests/fuzz/run $${FUZZ_SECONDS:-120} $(FUZZ_BINS)

# --- the minimal build (kconfig/minimal.config) ----------------------------------------
# The same sources with the optional features off, in build/minimal/.
MINIMAL := $(B)/minimal

$(MINIMAL)/.config: kconfig/minimal.config $(KCONFIG)
	@mkdir -p $(@D)
	KCONFIG_CONFIG=$@ kconfig-conf --defconfig=kconfig/minimal.config $(KCONFIG) >/dev/null

.PHONY: minimal
# ($(KINC) first: both builds use it, and only this make may create it)
minimal: $(MINIMAL)/.config $(KINC)/.stamp
	@$(MAKE) --no-print-directory B=$(MINIMAL) DOTCONFIG=$(MINIMAL)/.config $(MINIMAL)/krgnet $(MINIMAL)/krgnet.unstripped

# --- binary checks ----------------------------------------------------------------------
# Two budgets: the default build (every feature) and the minimal one.
SIZE_BUDGET         := 98304
SIZE_BUDGET_MINIMAL := 65536

.PHONY: check-binary size
check-binary: $(B)/krgnet $(B)/krgnet.unstripped minimal
	@tests/check-binary $(B)/krgnet.unstripped $(B)/krgnet $(SIZE_BUDGET)
	@tests/check-binary $(MINIMAL)/krgnet.unstripped $(MINIMAL)/krgnet $(SIZE_BUDGET_MINIMAL)
size: $(B)/krgnet minimal
	@ok=0; for pair in "$(B)/krgnet $(SIZE_BUDGET) default" "$(MINIMAL)/krgnet $(SIZE_BUDGET_MINIMAL) minimal"; do \
	   set -- $$pair; s=$$(stat -c %s $$1); \
	   printf '%-22s %6d bytes stripped, %s budget %d (%d%%)\n' $$1: $$s $$3 $$2 $$((s * 100 / $$2)); \
	   [ $$s -le $$2 ] || ok=1; \
	 done; exit $$ok

# --- host-namespace tier (root) ---------------------------------------------------------
# CMocka programs that need root and the real kernel (fault injection on real syscalls).
HOSTCHECK_SRCS := $(sort $(wildcard tests/host/test_*.cpp))
HOSTCHECK_BINS := $(patsubst tests/host/%.cpp,$(B)/hostcheck/%,$(HOSTCHECK_SRCS))

# Each wraps the system calls of the tier's one fault seam (tests/host/hostcheck.h).
$(B)/hostcheck/%: tests/host/%.cpp $(HOST_OBJS) tests/host/hostcheck.h tests/host/hostcheck.wrap
	@mkdir -p $(@D)
	$(CXX) $(HOST_CXXFLAGS) $(WARN) $(INCS) -o $@ $< $(HOST_OBJS) \
	    $(shell cat tests/host/hostcheck.wrap) -lcmocka

.PHONY: host-tests
# (Debian's ifup, unpacked, not installed: the ifupdown stanza case finds it
# beside build/krgnet)
$(B)/ifupdown/sbin/ifup:
	@tests/host/fetch-ifupdown.sh $(B)/ifupdown

# (Debian's corosync, unpacked, not installed: the corosync membership case)
$(B)/corosync/version:
	@tests/host/fetch-corosync.sh $(B)/corosync

host-tests: $(B)/krgnet $(B)/krgnet-server $(HOSTCHECK_BINS) $(B)/ifupdown/sbin/ifup $(B)/nm/version $(B)/corosync/version
	@tests/host/run $(B)/krgnet $(HOSTCHECK_BINS)

# --- fragments owned by their folders -----------------------------------------
# kernel fetch, BusyBox initramfs, root image, VM tier, demo, dracut module, bench
-include toolchain/kernel.mk
-include initramfs/initramfs.mk
-include dracut-module/dracut.mk
-include tests/vm/vm.mk
-include tests/bench/bench.mk
-include man/man.mk
-include install.mk
-include initramfs-tools/initramfs-tools.mk
-include tests/scale/scale.mk
-include tests/host/drivers/static.mk
-include kerrighed-hooks/hooks.mk

# --- everything ----------------------------------------------------------------------------
# --- CLI behaviour (exit statuses, one-line errors) -----------------------------
.PHONY: docs-links
docs-links:
	@tests/docs/links

# Every README/docs command block marked runnable (```sh runnable) runs, and
# prints what the page shows.
.PHONY: docs-runnable
docs-runnable: $(B)/krgnet $(B)/krgnet-server
	@tests/docs/runnable

# Every source and script carries the SPDX line of the licence (COPYING).
.PHONY: license-check
license-check:
	@tests/license/spdx

# --- the shell test library (tests/lib/check.sh), the VM tier's runner
# (tests/vm/run-all, with stand-in tests: root) and its kernel unpacker
# (toolchain/kernel-elf.sh, on what is no PVH kernel) checked by themselves --
.PHONY: lib-tests
lib-tests:
	@tests/lib/selftest
	@tests/vm/run-all-selftest
	@tests/vm/kernel-elf-selftest

.PHONY: cli-tests
cli-tests: $(B)/krgnet $(B)/krgnet-server minimal
	@tests/cli/run $(B)/krgnet $(MINIMAL)/krgnet
	@tests/cli/boot-scripts $(B)/krgnet

.PHONY: check check-build check-tiers check-lanes check-tiers-in-order check-vm
# Every tier must run; one that cannot (no root, no QEMU, no kernel) fails
# rather than being skipped.  Three steps, each a make of its own:
#   1. deps, alone: the other steps start once every package is there;
#   2. check-build, -j2: every program, package and image the tiers use,
#      two jobs at a time (compilers, dpkg-buildpackage, dracut);
#   3. two lanes side by side: the tiers without VMs, one after the other
#      (cheap and local first), and the VM tier (tests/vm/run-all: every
#      image's tests, side by side within its VM slots).
# The VM tier is most of the time; the other lane mostly waits (the host
# tier's namespaces) and takes little of the two cores from it.
check: deps
	@$(MAKE) --no-print-directory -j2 check-build
	@$(MAKE) --no-print-directory -j2 check-lanes
	@echo "make check: all tiers passed"
check-tiers: license-check lib-tests man-lint docs-links docs-runnable check-binary unit fuzz-short cli-tests install-tests deb-check host-tests scale-tests
check-lanes: check-tiers-in-order check-vm
check-tiers-in-order:
	@$(MAKE) --no-print-directory -j1 check-tiers
CHECK_VM_IMAGES := busybox dracut deb initramfs-tools
CHECK_VM_DEPS = $(KRGNET) $(B)/krgnet-server $(KERNEL_DEP) $(KERNEL_ELF) $(ROOT_IMAGE) $(ROOT_NM_IMAGE) \
    $(INITRAMFS) $(DRACUT_IMG) $(ITOOLS_IMG) deb-images
check-vm: $(CHECK_VM_DEPS)
	@$(VM_ENV) DRACUT_IMG=$(abspath $(DRACUT_IMG)) VM_ENV_deb="$(VM_ENV_deb)" \
	    VM_ENV_initramfs_tools="$(VM_ENV_initramfs_tools)" tests/vm/run-all $(CHECK_VM_IMAGES)
check-build: $(B)/krgnet $(B)/krgnet.unstripped $(B)/krgnet-server minimal $(UNIT_BINS) $(FUZZ_BINS) \
    $(HOSTCHECK_BINS) $(B)/ifupdown/sbin/ifup $(B)/nm/version $(B)/corosync/version \
    $(INSTALL_SOURCES) $(DEB_DIR)/.built $(CHECK_VM_DEPS)

.PHONY: deps
deps:
	sh toolchain/deps.sh

.PHONY: clean
clean:
	rm -rf $(B)

# --- a fresh machine: one line pointing at `make deps`, not a compiler error ---
# (order-only: checked before the first build step, never a reason to rebuild)
.PHONY: need-tools
need-tools:
	@command -v kconfig-conf > /dev/null || { echo "krgnet: kconfig-conf is missing (package kconfig-frontends): run 'make deps' first, as root"; exit 1; }
	@test -f $(MUSL_LIB)/crt1.o -a -f $(MUSL_INC)/stdio.h || { echo "krgnet: musl is missing (package musl-dev): run 'make deps' first, as root"; exit 1; }
	@command -v $(CXX) > /dev/null || { echo "krgnet: $(CXX) is missing (package build-essential): run 'make deps' first, as root"; exit 1; }
$(B)/defconfig.config $(B)/gen/generated/config.h $(STATIC_OBJS) $(SERVER_OBJS) $(HOST_OBJS): | need-tools

.PHONY: help
help:
	@echo 'Build'
	@echo '  make deps             install the Debian packages of toolchain/packages.txt (root)'
	@echo '  make all              build/krgnet and build/krgnet-server (what a bare make does)'
	@echo '  make size             both builds against their budgets (96 KiB, 64 KiB)'
	@echo '  make minimal          build/minimal/krgnet from kconfig/minimal.config'
	@echo '  make defconfig        .config from kconfig/defconfig'
	@echo '  make olddefconfig     update .config to the current Kconfig'
	@echo '  make menuconfig       edit .config (build-time defaults, features)'
	@echo '  make clean            remove build/'
	@echo '  make help             this list'
	@echo 'Boot images'
	@echo '  make kernel           fetch the test kernel into build/kernel/ (or KERNEL= KMODDIR=)'
	@echo '  make initramfs        build/initramfs.cpio.gz: the BusyBox initramfs'
	@echo '  make root-image       build/root.ext4: the real root of the VM tier and demo'
	@echo '  make root-nm-image    build/root-nm.ext4: the same root with NetworkManager running'
	@echo '  make dracut           build/initramfs-dracut.img: dracut with the 50kerrighed module'
	@echo '  make dracut-baseline  build/initramfs-dracut-baseline.img: plain dracut vlan=/ip='
	@echo '  make initramfs-tools-image  build/initramfs-tools.img: Debian mkinitramfs + krgnet hook (root)'
	@echo '  make demo             PXE-boot a small cluster in QEMU and print its table'
	@echo '  make demo-run         the demo itself, after make deps (what make demo runs)'
	@echo 'Install and packages'
	@echo '  make install          install (DESTDIR= PREFIX= SBINDIR= MANDIR= DRACUTMODULESDIR=)'
	@echo '  make uninstall        remove what install put (same variables)'
	@echo '  make install-hooks    only the hook scripts for krgboot_helper/krginit_helper'
	@echo '  make deb              build/krgnet*.deb: krgnet, krgnet-dracut, krgnet-initramfs-tools'
	@echo 'Tests'
	@echo '  make check            every tier below: check-build, then the tiers without VMs beside check-vm'
	@echo '  make check-build      every program, package and image the tiers use (-j2 in make check)'
	@echo '  make check-vm         every VM test of every image, side by side (tests/vm/run-all)'
	@echo '  make lib-tests        the shell test library and the VM runner (tests/vm/run-all) checked by themselves'
	@echo '  make man-lint         mandoc lint of man/, pages against the code'
	@echo '  make docs-links       every README/docs link resolves inside the repo'
	@echo '  make docs-runnable    the README/docs blocks marked runnable print what they show'
	@echo '  make license-check    every source and script names its licence (SPDX line)'
	@echo '  make check-binary     static, no C++ runtime symbols, within budget'
	@echo '  make unit             CMocka unit tests (ASan+UBSan)'
	@echo '  make fuzz-short       the fuzzers for FUZZ_SECONDS=5 each'
	@echo '  make fuzz             the fuzzers for longer (120 s each)'
	@echo '  make cli-tests        exit statuses and messages of the command line'
	@echo '  make install-tests    install/uninstall into throwaway roots, completion'
	@echo '  make hooks-check      shellcheck of the kerrighed-hooks scripts'
	@echo '  make scale-tests      N = 1 and 16 nodes up at one moment (the short scale test)'
	@echo '  make host-tests       the real kernel in throwaway namespaces (root)'
	@echo '  make vm-tests         the BusyBox image in QEMU (root)'
	@echo '  make vm-tests-dracut  the dracut image in QEMU (root)'
	@echo '  make deb-check        lintian, contents, the packages unpacked into build/deb/check-root'
	@echo '  make deb-images       the two systemd dracut images of vm-tests-deb, from build/deb/root'
	@echo '  make vm-tests-deb     two systemd dracut images (networkd, NetworkManager) from the unpacked package, PXE-booted in QEMU (root)'
	@echo '  make vm-tests-initramfs-tools  the initramfs-tools image in QEMU (root)'
	@echo 'Benchmarks'
	@echo '  make bench            krgnet up/down against iproute2 and BusyBox ip scripts'
	@echo '  make bench-dracut     the dracut image against plain dracut vlan=/ip='
	@echo '  make bench-scale      N = 1, 16, 64, 254 nodes up at one moment (docs/scale.md)'
	@echo '  make bench-failover   krgnet watch: failover, return, restore times; its cost at 16 nodes'
