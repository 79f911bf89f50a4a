# SPDX-License-Identifier: GPL-2.0-or-later
# Hook scripts for the historic Kerrighed helpers, in place of their network
# scripts (docs/migrating.md).  `make install` installs them with krgnet
# (install.mk lists them); install-hooks installs only them.
KERRIGHED_DIR ?= /etc/kerrighed
HOOK_SCRIPTS  := krgboot_helper-post.d/50krgnet krgboot_helper-post.d/60krgnet-watch krginit_helper-pre.d/10krgnet krginit_helper-post.d/20krgnet

.PHONY: install-hooks hooks-check
install-hooks:
	for h in $(HOOK_SCRIPTS); do install -D -m 0755 kerrighed-hooks/$$h $(DESTDIR)$(KERRIGHED_DIR)/$$h || exit 1; done

hooks-check:
	shellcheck -s sh $(addprefix kerrighed-hooks/,$(HOOK_SCRIPTS))
cli-tests: hooks-check
