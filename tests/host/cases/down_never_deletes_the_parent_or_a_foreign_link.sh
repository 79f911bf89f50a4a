# SPDX-License-Identifier: GPL-2.0-or-later
# down deletes only the link krgnet created: never the parent NIC (a
# krg.virt equal to krg.phys is refused before anything runs), never a link
# of the recorded name that is something else (a veth; a macvlan on
# another parent).
mk_node 4
EXTRA="krg.virt=eth0" krg 4 plan 2>"$TMP/err" >/dev/null; expect_eq "plan with krg.virt=eth0" "$?" 100
grep -q "krg.virt=eth0 (kernel command line): is the parent NIC's name" "$TMP/err" && pass "names the rule" || fail "plan: $(cat "$TMP/err")"
EXTRA="krg.virt=eth0" krg 4 down 2>/dev/null; expect_eq "down with krg.virt=eth0" "$?" 100
EXTRA="krg.virt=eth0 krg.isolate=0" krg 4 down 2>/dev/null; expect_eq "down with krg.virt=eth0, isolation off" "$?" 100
expect_eq "parent still there" "$(link_field "${PFX}n4" eth0 .ifname)" "eth0"
# A foreign krg0 (a veth) where krgnet would look, isolation off.
ip -n "${PFX}n4" link add krg0 type veth peer name krgpeer
EXTRA="krg.isolate=0" krg 4 down 2>"$TMP/err"; expect_eq "down with a foreign krg0" "$?" 111
grep -q "not the link krgnet created (another kind of link): left alone" "$TMP/err" && pass "says why" || fail "down: $(cat "$TMP/err")"
expect_eq "foreign krg0 still there" "$(link_field "${PFX}n4" krg0 .linkinfo.info_kind)" "veth"
ip -n "${PFX}n4" link del krg0
# A macvlan krg0 with krgnet's MAC on another NIC (eth1) after a real up,
# isolation off: the name, kind and MAC are krgnet's, only the parent differs.
EXTRA="krg.isolate=0" krg 4 up 2>/dev/null; expect_eq "up, isolation off" "$?" 0
ip -n "${PFX}n4" link del krg0
ip -n "${PFX}n4" link add eth1 type veth peer name eth1p
ip -n "${PFX}n4" link add krg0 link eth1 address f0:00:00:00:07:04 type macvlan mode bridge
EXTRA="krg.isolate=0" krg 4 down 2>"$TMP/err"; expect_eq "down with krg0 on eth1" "$?" 111
grep -q "not the link krgnet created (another parent): left alone" "$TMP/err" && pass "says why" || fail "down: $(cat "$TMP/err")"
expect_eq "krg0 on eth1 still there" "$(link_field "${PFX}n4" krg0 .link)" "eth1"
ip -n "${PFX}n4" link del krg0
ip -n "${PFX}n4" link del eth1
rm -rf "$TMP/state4"
expect_clean 4
