# SPDX-License-Identifier: GPL-2.0-or-later
# A pin file without a namespace behind it (left by a crashed run) does not
# block up, and down removes it.
mk_node 4
touch /run/netns/${PFX}k4
krg 4 up 2>"$TMP/err"; expect_eq "up over a stale pin file" "$?" 0
expect_eq "MAC" "$(link_field ${PFX}k4 krg0 .address)" f0:00:00:00:07:04
krg 4 down 2>/dev/null
touch /run/netns/${PFX}k4
krg 4 down 2>"$TMP/err"; expect_eq "down over a stale pin file" "$?" 0
expect_clean 4
