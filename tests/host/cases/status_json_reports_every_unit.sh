# SPDX-License-Identifier: GPL-2.0-or-later
# status --json (krgnet-server, which krgnet runs): after up every unit
# matches and the record is named; after the failure of a later up, and with
# the link gone, the JSON names the failure and the units that differ, with
# status's exit codes (0, 1).
mk_node 4
krg 4 up 2>/dev/null; expect_eq "up" "$?" 0
out=$(krg 4 status --json 2>&1); rc=$?
expect_eq "status --json after up" "$rc" 0
if jq -e --arg rec "$TMP/state4/net.env" '.matches and .enabled and .record == $rec and .last_failure == null
        and ([.units[] | select(.matches | not)] == []) and ([.units[].unit] | index("link")) != null
        and (.units[] | select(.unit == "link") | .planned | test("^krg0: (macvlan|vlan 7) on eth0, f0:00:00:00:07:04, MTU 1496, up$"))
        and .plan.node == 4' <<<"$out" >/dev/null; then
    pass "every unit matches, the record is named"
else
    fail "status --json: $out"
fi
ip -n "${PFX}k4" link del krg0
EXTRA="krg.phys=eth9 krg.timeout=1" krg 4 up 2>/dev/null; expect_eq "up without its parent" "$?" 111
out=$(krg 4 status --json 2>&1); rc=$?
expect_eq "status --json with krg0 gone" "$rc" 1
if jq -e '(.matches | not) and (.last_failure | startswith("wait for eth9"))
        and (.units[] | select(.unit == "link") | (.matches | not) and .differences == ["krg0: missing"])
        and (.units[] | select(.unit == "parent") | .matches)' <<<"$out" >/dev/null; then
    pass "the failure and the missing link are reported"
else
    fail "status --json: $out"
fi
krg 4 down 2>/dev/null
expect_clean 4
