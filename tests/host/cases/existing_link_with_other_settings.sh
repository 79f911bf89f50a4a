# SPDX-License-Identifier: GPL-2.0-or-later
# An existing krg0 with other settings is reported and left alone, unless
# --replace is given.
mk_node 4
krg 4 up 2>/dev/null; expect_eq "up" "$?" 0
EXTRA="krg.mac=f0:00:00:00:08:00" krg 4 up 2>"$TMP/err"; expect_eq "up with another MAC" "$?" 111
grep -q 'krgnet: .*krg0.*f0:00:00:00:08:04' "$TMP/err" && pass "the difference is reported" || fail "message: $(cat "$TMP/err")"
expect_eq "left alone" "$(link_field ${PFX}k4 krg0 .address)" f0:00:00:00:07:04
EXTRA="krg.mac=f0:00:00:00:08:00" krg 4 up --replace 2>/dev/null; expect_eq "up --replace" "$?" 0
expect_eq "replaced" "$(link_field ${PFX}k4 krg0 .address)" f0:00:00:00:08:04
expect_eq "net-conf.krgnet follows" "$(cat "$TMP/state4/net-conf.krgnet")" "krg0 f0:00:00:00:08:04 7"
