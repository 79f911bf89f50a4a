# SPDX-License-Identifier: GPL-2.0-or-later
# make install / make uninstall, the way distributions expect.
#
#   make install   [DESTDIR=/tmp/root] [PREFIX=/usr] [SBINDIR=..] [MANDIR=..] ...
#   make uninstall (same variables): removes exactly what install put
#   make install-tests   tests/install/run: install, uninstall and completion
#
# What goes where (PREFIX=/usr):
#   $(SBINDIR)/krgnet                                  the static helper
#   $(SBINDIR)/krgnet-server                           its operator's formats (krgnet runs it)
#   $(MANDIR)/man{8,5,7}/*.gz                          man pages, gzip -9n
#   $(DRACUTMODULESDIR)/50kerrighed/                   the dracut module
#   $(INITRAMFSTOOLSDIR)/{hooks,scripts/..}/krgnet     the initramfs-tools hook and boot script
#   $(BASHCOMPDIR)/krgnet                              bash completion
#   $(DATADIR)/krgnet/initramfs/                       the BusyBox initramfs builder
#   $(DATADIR)/krgnet/net.conf.sample                  every net.conf key, commented
#   $(DOCDIR)/examples/net.conf                        a link to it
#   $(DOCDIR)/README.md, $(DOCDIR)/docs/*.md           the documentation
#   $(SYSCONFDIR)/kerrighed/net.conf                   only when absent (the sample), and
#                                                      only with INSTALL_NETCONF=yes (the
#                                                      default; the package's postinst does it)
#   $(SYSCONFDIR)/kerrighed/krg{boot,init}_helper-*.d/  the hook scripts for the historic
#                                                      helpers (kerrighed-hooks/, docs/migrating.md)
#   $(SYSTEMDUNITDIR)/krgnet-{status,watch}.service    the booted node's units (systemd/)
#   $(OCFDIR)/kerrighed/krgnet-buckets                 Pacemaker's resource agent (cluster-manager/)
#   $(DATADIR)/krgnet/krgnet-corosync-live             buckets from corosync's membership
#   $(SYSTEMDNETWORKDIR)/05-krgnet-krg0.network        networkd: krg0 unmanaged (netmanagers/)
#   $(NMCONFDIR)/krgnet.conf                           NetworkManager: krg0 unmanaged
#   $(SYSCONFDIR)/network/interfaces.d/krgnet          ifupdown: no-auto-down, no-scripts krg0
#
# DRACUTMODULESDIR comes from `pkg-config --variable=dracutmodulesdir dracut`
# when dracut's .pc file is there, else $(PREFIX)/lib/dracut/modules.d;
# SYSTEMDUNITDIR likewise from systemd's systemdsystemunitdir, else
# $(PREFIX)/lib/systemd/system, and SYSTEMDNETWORKDIR is its ../network.
# SYSCONFDIR stays /etc whatever PREFIX is: krgnet reads /etc/kerrighed/net.conf.

PREFIX      ?= /usr
SBINDIR     ?= $(PREFIX)/sbin
DATADIR     ?= $(PREFIX)/share
MANDIR      ?= $(DATADIR)/man
DOCDIR      ?= $(DATADIR)/doc/krgnet
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
INITRAMFSTOOLSDIR ?= $(DATADIR)/initramfs-tools
SYSCONFDIR  ?= /etc
INSTALL_NETCONF ?= yes
PKG_CONFIG  ?= pkg-config
NMCONFDIR   ?= $(PREFIX)/lib/NetworkManager/conf.d
OCFDIR      ?= $(PREFIX)/lib/ocf/resource.d
ifeq ($(origin SYSTEMDUNITDIR),undefined)
SYSTEMDUNITDIR := $(or $(shell $(PKG_CONFIG) --variable=systemdsystemunitdir systemd 2>/dev/null),$(PREFIX)/lib/systemd/system)
endif
SYSTEMDNETWORKDIR ?= $(patsubst %/system,%/network,$(SYSTEMDUNITDIR))
ifeq ($(origin DRACUTMODULESDIR),undefined)
DRACUTMODULESDIR := $(or $(shell $(PKG_CONFIG) --variable=dracutmodulesdir dracut 2>/dev/null),$(PREFIX)/lib/dracut/modules.d)
endif

# Man pages: .Dd and .Os from debian/changelog (KRGNET_DATE, KRGNET_VERSION),
# turned from mdoc into man(7) by mandoc (groff's mdoc heads every page
# "BSD ..."), gzipped without name or time stamp (reproducible).  A .so page
# is copied as it is.
$(B)/man/gen/%: man/% debian/changelog
	@mkdir -p $(@D)
	@if grep -q '^\.so ' $<; then cp $< $@; else \
	    sed -e 's/^\.Dd \$$Mdocdate\$$$$/.Dd $(KRGNET_DATE)/' -e 's/^\.Os krgnet$$/.Os krgnet $(KRGNET_VERSION)/' $< > $@.mdoc && \
	    grep -qx '\.Dd $(KRGNET_DATE)' $@.mdoc && grep -qx '\.Os krgnet $(KRGNET_VERSION)' $@.mdoc || \
	        { echo "man: $<: no '.Dd $$Mdocdate$$' or '.Os krgnet' line to fill in"; exit 1; }; \
	    mandoc -Tman $@.mdoc > $@.tmp && rm $@.mdoc && mv $@.tmp $@; fi
.PRECIOUS: $(B)/man/gen/%
$(B)/man/%.gz: $(B)/man/gen/%
	@mkdir -p $(@D)
	gzip -9n < $< > $@.tmp && mv $@.tmp $@

# Everything install puts, as MODE SOURCE DESTINATION triples; uninstall
# removes the same destinations.
INSTALL_FILES = \
    0755 $(B)/krgnet                           $(SBINDIR)/krgnet \
    0755 $(B)/krgnet-server                    $(SBINDIR)/krgnet-server \
    0644 $(B)/man/krgnet.8.gz                  $(MANDIR)/man8/krgnet.8.gz \
    0644 $(B)/man/krgnet-server.8.gz           $(MANDIR)/man8/krgnet-server.8.gz \
    0644 $(B)/man/krgnet.conf.5.gz             $(MANDIR)/man5/krgnet.conf.5.gz \
    0644 $(B)/man/dracut.kerrighed.7.gz        $(MANDIR)/man7/dracut.kerrighed.7.gz \
    0755 dracut-module/50kerrighed/module-setup.sh      $(DRACUTMODULESDIR)/50kerrighed/module-setup.sh \
    0755 dracut-module/50kerrighed/krgnet-cmdline.sh    $(DRACUTMODULESDIR)/50kerrighed/krgnet-cmdline.sh \
    0755 dracut-module/50kerrighed/krgnet-pre-pivot.sh  $(DRACUTMODULESDIR)/50kerrighed/krgnet-pre-pivot.sh \
    0755 dracut-module/50kerrighed/krgnet-lib.sh        $(DRACUTMODULESDIR)/50kerrighed/krgnet-lib.sh \
    0644 completion/krgnet.bash                $(BASHCOMPDIR)/krgnet \
    0755 initramfs-tools/hooks/krgnet          $(INITRAMFSTOOLSDIR)/hooks/krgnet \
    0755 initramfs-tools/scripts/init-bottom/krgnet  $(INITRAMFSTOOLSDIR)/scripts/init-bottom/krgnet \
    0755 initramfs/mkinitramfs.sh              $(DATADIR)/krgnet/initramfs/mkinitramfs.sh \
    0755 initramfs/init                        $(DATADIR)/krgnet/initramfs/init \
    0755 initramfs/udhcpc.script               $(DATADIR)/krgnet/initramfs/udhcpc.script \
    0644 initramfs/modules.list                $(DATADIR)/krgnet/initramfs/modules.list \
    0644 dracut-module/net.conf.sample         $(DATADIR)/krgnet/net.conf.sample \
    0644 README.md                             $(DOCDIR)/README.md \
    $(foreach f,$(DOC_PAGES),0644 $(f) $(DOCDIR)/$(f)) \
    0755 kerrighed-hooks/krgboot_helper-post.d/50krgnet  $(SYSCONFDIR)/kerrighed/krgboot_helper-post.d/50krgnet \
    0755 kerrighed-hooks/krgboot_helper-post.d/60krgnet-watch  $(SYSCONFDIR)/kerrighed/krgboot_helper-post.d/60krgnet-watch \
    0755 cluster-manager/krgnet-buckets        $(OCFDIR)/kerrighed/krgnet-buckets \
    0755 cluster-manager/krgnet-corosync-live  $(DATADIR)/krgnet/krgnet-corosync-live \
    0755 kerrighed-hooks/krginit_helper-pre.d/10krgnet   $(SYSCONFDIR)/kerrighed/krginit_helper-pre.d/10krgnet \
    0755 kerrighed-hooks/krginit_helper-post.d/20krgnet  $(SYSCONFDIR)/kerrighed/krginit_helper-post.d/20krgnet \
    0644 systemd/krgnet-status.service         $(SYSTEMDUNITDIR)/krgnet-status.service \
    0644 systemd/krgnet-watch.service          $(SYSTEMDUNITDIR)/krgnet-watch.service \
    0644 netmanagers/05-krgnet-krg0.network    $(SYSTEMDNETWORKDIR)/05-krgnet-krg0.network \
    0644 netmanagers/NetworkManager-krgnet.conf  $(NMCONFDIR)/krgnet.conf \
    0644 netmanagers/ifupdown-krgnet           $(SYSCONFDIR)/network/interfaces.d/krgnet
DOC_PAGES = $(sort $(wildcard docs/*.md))
# (a link, relative: DOCDIR/examples/net.conf -> DATADIR/krgnet/net.conf.sample)
EXAMPLE_LINK = $(DOCDIR)/examples/net.conf
# (bash-completion loads a command's completion by its name: krgnet-server -> krgnet)
COMPLETION_LINK = $(BASHCOMPDIR)/krgnet-server
# Directories that are krgnet's alone: uninstall removes them when empty.
INSTALL_DIRS = $(DRACUTMODULESDIR)/50kerrighed $(DATADIR)/krgnet/initramfs $(DATADIR)/krgnet \
               $(DOCDIR)/examples $(DOCDIR)/docs $(DOCDIR) $(SYSCONFDIR)/kerrighed/krgboot_helper-post.d \
               $(SYSCONFDIR)/kerrighed/krginit_helper-pre.d $(SYSCONFDIR)/kerrighed/krginit_helper-post.d \
               $(SYSCONFDIR)/kerrighed $(OCFDIR)/kerrighed
NETCONF_DEST = $(SYSCONFDIR)/kerrighed/net.conf

INSTALL_SOURCES = $(filter-out 0%,$(foreach f,$(INSTALL_FILES),$(if $(filter /%,$(f)),,$(f))))

.PHONY: install uninstall install-tests
install: $(INSTALL_SOURCES)
	@set -e; set -- $(INSTALL_FILES); \
	while [ $$# -ge 3 ]; do \
	    echo "install -m $$1 $$2 $(DESTDIR)$$3"; \
	    install -D -m $$1 $$2 "$(DESTDIR)$$3"; \
	    shift 3; \
	done
	@# the installed BusyBox builder packs the installed krgnet by default
	@f="$(DESTDIR)$(DATADIR)/krgnet/initramfs/mkinitramfs.sh"; \
	sed -i 's|^KRGNET=$${KRGNET:-build/krgnet}$$|KRGNET=$${KRGNET:-$(SBINDIR)/krgnet}|' "$$f"; \
	grep -qx 'KRGNET=$${KRGNET:-$(SBINDIR)/krgnet}' "$$f" || { echo "install: KRGNET default not found in $$f"; exit 1; }
	@mkdir -p "$(DESTDIR)$(DOCDIR)/examples"
	ln -sfn "$$(realpath -m --relative-to="$(DOCDIR)/examples" "$(DATADIR)/krgnet/net.conf.sample")" "$(DESTDIR)$(EXAMPLE_LINK)"
	ln -sfn krgnet "$(DESTDIR)$(COMPLETION_LINK)"
	@if [ "$(INSTALL_NETCONF)" != yes ]; then \
	    echo "install: INSTALL_NETCONF=$(INSTALL_NETCONF), $(NETCONF_DEST) left alone"; \
	elif [ -e "$(DESTDIR)$(NETCONF_DEST)" ]; then \
	    echo "install: $(DESTDIR)$(NETCONF_DEST) exists, kept"; \
	else \
	    echo "install -m 0644 dracut-module/net.conf.sample $(DESTDIR)$(NETCONF_DEST)"; \
	    install -D -m 0644 dracut-module/net.conf.sample "$(DESTDIR)$(NETCONF_DEST)"; \
	fi

# net.conf goes only while it is still the sample install put there.
uninstall:
	@set -e; set -- $(INSTALL_FILES); \
	while [ $$# -ge 3 ]; do \
	    if [ -e "$(DESTDIR)$$3" ] || [ -L "$(DESTDIR)$$3" ]; then \
	        echo "rm $(DESTDIR)$$3"; rm -f "$(DESTDIR)$$3"; fi; \
	    shift 3; \
	done
	@for l in $(EXAMPLE_LINK) $(COMPLETION_LINK); do \
	    if [ -L "$(DESTDIR)$$l" ]; then echo "rm $(DESTDIR)$$l"; rm -f "$(DESTDIR)$$l"; fi; done
	@if [ "$(INSTALL_NETCONF)" != yes ]; then :; \
	elif cmp -s dracut-module/net.conf.sample "$(DESTDIR)$(NETCONF_DEST)"; then \
	    echo "rm $(DESTDIR)$(NETCONF_DEST)"; rm -f "$(DESTDIR)$(NETCONF_DEST)"; \
	elif [ -e "$(DESTDIR)$(NETCONF_DEST)" ]; then \
	    echo "uninstall: $(DESTDIR)$(NETCONF_DEST) differs from the sample, kept"; fi
	@for d in $(INSTALL_DIRS); do \
	    [ ! -d "$(DESTDIR)$$d" ] || rmdir --ignore-fail-on-non-empty "$(DESTDIR)$$d"; done

install-tests: $(INSTALL_SOURCES) $(B)/krgnet-server $(B)/ifupdown/sbin/ifup
	@tests/install/run

# --- Debian packages ------------------------------------------------------------------
#   make deb         build/krgnet_*.deb, krgnet-dracut_*.deb, krgnet-initramfs-tools_*.deb
#   make deb-check   lintian (no error), the packages' contents, unpacked into
#                    build/deb/check-root and checked there (tests/install/deb-check)
#   make vm-tests-deb  two dracut images from the module unpacked in
#                    build/deb/root, both with systemd: one with systemd-networkd
#                    (as Debian 12's dracut makes it), one with NetworkManager
#                    (dracut's network-manager module, Debian's package unpacked
#                    by toolchain/fetch-nm.sh); each PXE-booted as nodes 4 and 9
#                    from DHCP (tests/vm/dracut-from-package.sh)
# dpkg-buildpackage writes beside the source tree, so it builds a copy in
# build/deb/src (the working tree's files, untracked ones too, as git lists
# them) and the .deb files are copied to build/.
DEB_DIR  := $(B)/deb
DEB_ROOT := $(DEB_DIR)/root
DEB_SRCS := $(shell git ls-files --cached --others --exclude-standard 2>/dev/null)

.PHONY: deb deb-check vm-tests-deb
deb: $(DEB_DIR)/.built
$(DEB_DIR)/.built: $(DEB_SRCS)
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_DIR)/src
	git ls-files -z --cached --others --exclude-standard | \
	    tar --null --ignore-failed-read -T - -cf - | tar -xf - -C $(DEB_DIR)/src
	cd $(DEB_DIR)/src && dpkg-buildpackage -b -us -uc > ../build.log 2>&1 || \
	    { tail -n 30 ../build.log; echo "deb: dpkg-buildpackage failed, see $(DEB_DIR)/build.log"; exit 1; }
	rm -f $(B)/krgnet*_*.deb
	cp $(DEB_DIR)/*.deb $(B)/
	@ls -l $(B)/krgnet*_*.deb
	touch $@

deb-check: $(DEB_DIR)/.built
	@tests/install/deb-check $(DEB_DIR) $(DEB_DIR)/check-root

# The packages unpacked for the packages' images (deb-check unpacks its own
# copy: it empties it first, and may run beside the VM tier).
$(DEB_ROOT)/.unpacked: $(DEB_DIR)/.built
	rm -rf $(DEB_ROOT)
	mkdir -p $(DEB_ROOT)
	for d in $(DEB_DIR)/*.deb; do dpkg-deb -x "$$d" $(DEB_ROOT) || exit 1; done
	touch $@

DRACUT_PKG_IMG := $(B)/initramfs-dracut-pkg.img
DRACUT_PKG_WORK := $(B)/dracut-pkg
DRACUT_PKG_NM_IMG := $(B)/initramfs-dracut-pkg-nm.img
DRACUT_PKG_NM_WORK := $(B)/dracut-pkg-nm
DRACUT_PKG_ARGS = DRACUT_MODULE=$(DEB_ROOT)/usr/lib/dracut/modules.d/50kerrighed DRACUT_INIT=systemd \
    KRGNET=$(DEB_ROOT)/usr/sbin/krgnet DRACUT_DEPS=$(DEB_ROOT)/.unpacked

# The two images (dracut.mk, in a make of their own: its variables differ);
# side by side under -j, each in its own work directory.
.PHONY: deb-images deb-image-networkd deb-image-nm
deb-images: deb-image-networkd deb-image-nm
deb-image-networkd: $(DEB_ROOT)/.unpacked $(KERNEL_DEP)
	@$(MAKE) --no-print-directory $(DRACUT_PKG_IMG) DRACUT_IMG=$(DRACUT_PKG_IMG) \
	    DRACUT_WORK=$(DRACUT_PKG_WORK) DRACUT_NET=networkd $(DRACUT_PKG_ARGS)
deb-image-nm: $(DEB_ROOT)/.unpacked $(KERNEL_DEP)
	@$(MAKE) --no-print-directory $(DRACUT_PKG_NM_IMG) DRACUT_IMG=$(DRACUT_PKG_NM_IMG) \
	    DRACUT_WORK=$(DRACUT_PKG_NM_WORK) DRACUT_NET=network-manager $(DRACUT_PKG_ARGS)

# What tests/vm/dracut-from-package.sh needs (tests/vm/run-all deb).
VM_ENV_deb = DRACUT_IMG=$(abspath $(DRACUT_PKG_IMG)) DEB_ROOT=$(abspath $(DEB_ROOT)) \
    DRACUT_NM_IMG=$(abspath $(DRACUT_PKG_NM_IMG)) \
    DRACUT_PKG_LINK=$(abspath $(DRACUT_PKG_WORK))/base/modules.d/50kerrighed \
    KRGNET=$(abspath $(DEB_ROOT))/usr/sbin/krgnet
vm-tests-deb: deb-images $(ROOT_IMAGE) $(KERNEL_DEP) $(KERNEL_ELF)
	@$(VM_ENV) VM_ENV_deb="$(VM_ENV_deb)" tests/vm/run-all deb
