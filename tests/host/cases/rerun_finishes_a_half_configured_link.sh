# SPDX-License-Identifier: GPL-2.0-or-later
# A rerun finds krg0 with the planned settings but down and without its
# address (an operator's mistake, or a crash between steps) and finishes it.
mk_node 4
krg 4 up 2>/dev/null; expect_eq "up" "$?" 0
ip -n ${PFX}k4 addr flush dev krg0
ip -n ${PFX}k4 link set krg0 down
expect_eq "status sees the difference" "$(krg 4 status >/dev/null 2>&1; echo $?)" 1
krg 4 up 2>"$TMP/err"; expect_eq "rerun" "$?" 0
expect_eq "state" "$(link_field ${PFX}k4 krg0 .operstate)" UP
expect_eq "address" "$(addr_of ${PFX}k4 krg0)" 10.4.135.4/18
expect_eq "status after the rerun" "$(krg 4 status >/dev/null 2>&1; echo $?)" 0
