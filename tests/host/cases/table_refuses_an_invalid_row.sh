# SPDX-License-Identifier: GPL-2.0-or-later
# table validates every row it prints: a declared node whose address is the
# prefix's network or broadcast address, or outside it, is an error.
out=$("$KRGNET" table --conf /dev/null --cmdline "krg.nodes=1-4,200 krg.prefix=10.4.135.0/25" 2>&1); rc=$?
expect_eq "table with node 200 outside 10.4.135.0/25" "$rc" 100
expect_eq "message" "$out" "krgnet: node 200: node's address falls outside the prefix (10.4.135.0/25)"
out=$("$KRGNET" table --conf /dev/null --cmdline "krg.nodes=1-4" 2>&1); rc=$?
expect_eq "table without a node id" "$rc" 0
expect_eq "rows" "$(grep -c '^[0-9]' <<<"$out")" 5
