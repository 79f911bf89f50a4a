# SPDX-License-Identifier: GPL-2.0-or-later
# A node numbered by DHCP: after switch_root its lease (in the initramfs's
# /tmp) is gone.  status and down work from the record up left, and say so.
mk_node 4
printf 'new_ip_address=10.4.7.4\nnew_host_name=node4\n' > "$TMP/lease"
EXTRA="krg.node=dhcp" krg 4 up --lease "$TMP/lease" 2>/dev/null; expect_eq "up with the lease" "$?" 0
expect_eq "address" "$(addr_of "${PFX}k4" krg0)" "10.4.135.4/18"
rm "$TMP/lease"
EXTRA="krg.node=dhcp" krg 4 plan --lease "$TMP/lease" >/dev/null 2>&1; expect_eq "plan without the lease" "$?" 100
out=$(EXTRA="krg.node=dhcp" krg 4 status --lease "$TMP/lease" 2>&1); rc=$?
expect_eq "status without the lease" "$rc" 0
grep -q "^plan: node 4 from the record $TMP/state4/net.env" <<<"$out" && pass "status says it used the record" || fail "status: $out"
EXTRA="krg.node=dhcp" krg 4 down --lease "$TMP/lease" 2>"$TMP/err"; expect_eq "down without the lease" "$?" 0
grep -q "from the record" "$TMP/err" && pass "down says it used the record" || fail "down: $(cat "$TMP/err")"
expect_clean 4
