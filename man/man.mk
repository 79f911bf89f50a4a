# SPDX-License-Identifier: GPL-2.0-or-later
# Manual pages: krgnet(8), krgnet.conf(5), dracut.kerrighed(7), in mdoc.
#
#   make man-lint    mandoc -Tlint at warning level, plus the pages against
#                    the code's keys, commands and options (man/lint.sh)
#
# `make install` installs them gzipped (install.mk).

MAN_PAGES := man/krgnet.8 man/krgnet.conf.5 man/dracut.kerrighed.7

.PHONY: man-lint
man-lint: $(B)/krgnet-server
	@man/lint.sh $(MAN_PAGES)
