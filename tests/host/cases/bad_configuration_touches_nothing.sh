# SPDX-License-Identifier: GPL-2.0-or-later
# A bad value is refused before anything is touched: exit 100, one line.
mk_node 4
ip -n ${PFX}n4 link set eth0 down
EXTRA="krg.vlan=4095" krg 4 up 2>"$TMP/err"; expect_eq "exit status" "$?" 100
expect_eq "message" "$(cat "$TMP/err")" "krgnet: krg.vlan=4095 (kernel command line): not a VLAN id (1..4094)"
expect_eq "parent still down" "$(link_field ${PFX}n4 eth0 '.flags | index("UP") != null')" false
expect_clean 4
