#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# VMs at once: 1
# dracut image, node 4 from the command line: after switch_root, krg0 is an
# 802.1Q link with id 7, MAC f0:00:00:00:07:04, 10.4.135.4/18 and MTU 1496,
# up, inside the namespace pinned at /run/netns/kerrighed and nowhere else.
# The id is the Kerrighed kernel's own node_id=4, alone: the hooks ask krgnet
# whether there is work, and it takes node_id= when krg.node= is absent.
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

vm_start dracut-node4 --image dracut --cmdline "node_id=4"
vm_wait_all
expect_node_up dracut-node4 4
expect_match "state file names node 4" "$(section dracut-node4 /run/kerrighed/net.env)" '^[A-Z_]*NODE=4$'
finish
