# SPDX-License-Identifier: GPL-2.0-or-later
# krg.isolate=0: the link is created in the namespace krgnet runs in; no
# namespace is pinned; down removes the link.
mk_node 4
EXTRA="krg.isolate=0" krg 4 up 2>/dev/null; expect_eq "up" "$?" 0
expect_eq "MAC in the initial namespace" "$(link_field ${PFX}n4 krg0 .address)" f0:00:00:00:07:04
expect_eq "address" "$(addr_of ${PFX}n4 krg0)" 10.4.135.4/18
expect_eq "no pinned namespace" "$(test -e /run/netns/${PFX}k4 && echo yes || echo no)" no
EXTRA="krg.isolate=0" krg 4 status >/dev/null 2>&1; expect_eq "status" "$?" 0
EXTRA="krg.isolate=0" krg 4 down 2>/dev/null; expect_eq "down" "$?" 0
expect_clean 4
