# SPDX-License-Identifier: GPL-2.0-or-later
# down removes the interface, the pinned namespace and the state files, and
# succeeds when there is nothing to remove.
mk_node 4
krg 4 up 2>/dev/null; expect_eq "up" "$?" 0
krg 4 down 2>/dev/null; expect_eq "down" "$?" 0
expect_clean 4
krg 4 down 2>/dev/null; expect_eq "down with nothing to remove" "$?" 0
expect_eq "status after down" "$(krg 4 status >/dev/null 2>&1; echo $?)" 1
