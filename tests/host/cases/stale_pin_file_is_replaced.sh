# SPDX-License-Identifier: GPL-2.0-or-later
# A pin file without a namespace behind it (left by a crashed run) does not
# block up.  down removes only what a record proves krgnet made: without a
# record, such a file stays (nothing recorded), and the next up replaces it.
mk_node 4
touch /run/netns/${PFX}k4
krg 4 up 2>"$TMP/err"; expect_eq "up over a stale pin file" "$?" 0
expect_eq "MAC" "$(link_field ${PFX}k4 krg0 .address)" f0:00:00:00:07:04
krg 4 down 2>/dev/null
touch /run/netns/${PFX}k4
krg 4 down 2>"$TMP/err"; expect_eq "down without a record, over a stale pin file" "$?" 0
expect_eq "a pin file nobody recorded stays" "$(test -e "/run/netns/${PFX}k4" && echo yes || echo no)" yes
krg 4 up 2>/dev/null; expect_eq "up replaces it again" "$?" 0
krg 4 down 2>/dev/null; expect_eq "down from the record" "$?" 0
expect_clean 4
