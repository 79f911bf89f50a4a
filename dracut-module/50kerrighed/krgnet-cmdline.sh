#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# cmdline hook: validate krg.* and net.conf before anything else happens, so
# a bad value stops the boot at once with krgnet's own message.
# With krg.node=dhcp the id is not known yet: `plan --layout-only` checks
# everything else, and `krgnet up` in pre-pivot checks the leased id.

# shellcheck source-path=SCRIPTDIR source=krgnet-lib.sh
command -v krgnet_fail > /dev/null || . /lib/krgnet-lib.sh

if krgnet_enabled say; then
    if [ "$KRGNET_NODE" = dhcp ]; then
        krgnet_run plan plan --layout-only || krgnet_fail "$KRGNET_MSG"
    else
        krgnet_run plan plan || krgnet_fail "$KRGNET_MSG"
    fi
    unset KRGNET_MSG KRGNET_NODE
fi
