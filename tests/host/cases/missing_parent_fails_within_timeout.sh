# SPDX-License-Identifier: GPL-2.0-or-later
# A parent that never appears fails within krg.timeout + 1 s, leaving nothing.
mk_node 4
start=$(date +%s%N)
EXTRA="krg.phys=eth9 krg.timeout=2" krg 4 up 2>"$TMP/err"; rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_eq "exit status" "$rc" 111
[ "$ms" -ge 1900 ] && [ "$ms" -le 3000 ] && pass "gave up after $ms ms (timeout 2 s)" || fail "gave up after $ms ms, expected 2000..3000"
grep -q '^krgnet: .*eth9.*' "$TMP/err" && pass "message names eth9" || fail "message: $(cat "$TMP/err")"
expect_eq "one error line" "$(grep -c '^krgnet: ' "$TMP/err")" 1
expect_clean 4
