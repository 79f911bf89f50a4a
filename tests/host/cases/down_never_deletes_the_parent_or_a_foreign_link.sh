# SPDX-License-Identifier: GPL-2.0-or-later
# down deletes only what the record proves krgnet made: never the parent NIC
# (a krg.virt equal to krg.phys is refused before anything runs), nothing at
# all without a record, and never a link of the recorded name that is
# something else: another kind, another parent (a macvlan on eth1) or
# another MAC.  It keeps the record while something is left, so a rerun
# still knows what to remove.
mk_node 4
EXTRA="krg.phys=eth0 krg.virt=eth0" krg 4 plan 2>"$TMP/err" >/dev/null; expect_eq "plan with krg.virt=eth0" "$?" 100
grep -q "krg.virt=eth0 (kernel command line): is the parent NIC's name" "$TMP/err" && pass "names the rule" || fail "plan: $(cat "$TMP/err")"
# The same with the parent found (nothing names it): refused once found.
EXTRA="krg.virt=eth0 krg.isolate=0" krg 4 up 2>"$TMP/err"; expect_eq "up with krg.virt = the found parent" "$?" 100
grep -q "^krgnet: find parent eth0: is krg.virt's name" "$TMP/err" && pass "says so" || fail "up: $(cat "$TMP/err")"
# No record: nothing is removed, whatever the configuration says: not an
# operator's namespace pinned under krg.netns's name, not a krg0.
ip netns add "${PFX}k4"
ip -n "${PFX}k4" link add opa type veth peer name opb
krg 4 down 2>/dev/null; expect_eq "down without a record, a namespace of that name pinned" "$?" 0
expect_eq "the operator's namespace and its link still there" "$(link_field "${PFX}k4" opa .ifname)" "opa"
ip netns del "${PFX}k4"
ip -n "${PFX}n4" link add krg0 type veth peer name krgpeer
EXTRA="krg.isolate=0" krg 4 down 2>"$TMP/err"; expect_eq "down without a record" "$?" 0
grep -q "^krgnet: down: nothing recorded (no $TMP/state4/net.env): nothing removed$" "$TMP/err" \
    && pass "says nothing is recorded" || fail "down: $(cat "$TMP/err")"
expect_eq "a krg0 nobody recorded still there" "$(link_field "${PFX}n4" krg0 .linkinfo.info_kind)" "veth"
expect_eq "parent still there" "$(link_field "${PFX}n4" eth0 .ifname)" "eth0"
ip -n "${PFX}n4" link del krg0
ip -n "${PFX}n4" link add eth1 type veth peer name eth1p
# With a record (a real up, isolation off, eth0 named: eth1 is there too),
# each impostor in krg0's place is left alone, and so is the record.
# impostor WHY ip-link-add-arguments...
impostor() {
    local why=$1; shift
    EXTRA="krg.isolate=0 krg.phys=eth0" krg 4 up 2>/dev/null; expect_eq "up, isolation off" "$?" 0
    ip -n "${PFX}n4" link del krg0
    ip -n "${PFX}n4" link add "$@"
    EXTRA="krg.isolate=0 krg.phys=eth0" krg 4 down 2>"$TMP/err"; expect_eq "down with krg0 of $why" "$?" 111
    grep -q "not the link krgnet created ($why): left alone" "$TMP/err" && pass "says why" || fail "down: $(cat "$TMP/err")"
    expect_eq "krg0 of $why still there" "$(link_field "${PFX}n4" krg0 .ifname)" "krg0"
    [ -e "$TMP/state4/net.env" ] && pass "the record is kept" || fail "the record is gone, krg0 is not"
    ip -n "${PFX}n4" link del krg0
}
impostor "another kind of link" krg0 type veth peer name krgpeer
impostor "another parent" krg0 link eth1 address f0:00:00:00:07:04 type macvlan mode bridge
impostor "another MAC" krg0 link eth0 address f0:00:00:00:07:99 type macvlan mode bridge
EXTRA="krg.isolate=0 krg.phys=eth0" krg 4 up 2>/dev/null; expect_eq "up again" "$?" 0
EXTRA="krg.isolate=0 krg.phys=eth0" krg 4 down 2>/dev/null; expect_eq "down of krgnet's own krg0" "$?" 0
expect_eq "record removed" "$(test -e "$TMP/state4/net.env" && echo yes || echo no)" no
ip -n "${PFX}n4" link del eth1
expect_clean 4
