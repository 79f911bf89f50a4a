# SPDX-License-Identifier: GPL-2.0-or-later
# up waits for a parent that appears while it waits (RTNLGRP_LINK, no polling).
ensure_bridge
ip netns add ${PFX}n4
( sleep 0.5; ip -n "$BR" link add p4 type veth peer name eth0 netns ${PFX}n4; ip -n "$BR" link set p4 master br0 up ) &
EXTRA="krg.phys=eth0 krg.timeout=5" krg 4 up 2>"$TMP/err"; expect_eq "up" "$?" 0
wait
expect_eq "MAC" "$(link_field ${PFX}k4 krg0 .address)" f0:00:00:00:07:04
