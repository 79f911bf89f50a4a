# SPDX-License-Identifier: GPL-2.0-or-later
# status compares every object of the cluster IP (nf_tables backend) with the
# plan and names each hand-made change with exit 1: the arp rewrite rule
# flushed, a foreign drop rule, a foreign chain with policy drop, the
# prerouting chain's policy changed, another cluster MAC in the arp rule,
# buckets left from another node set; a rerun of up restores each.  And
# the node set changing: up with nodes 1-4, then with 1-5, leaves node 1
# serving 1,6,11,16 with status 0.
source tests/host/cluster_lib.sh
echo "    (krg0 kind: ${KIND:-macvlan}; krgnet up, nf_tables backend)"
build_cluster_driver || { fail "cannot build cluster_driver"; return; }
CL="krg.clusterip=$CIP/18 krg.clustermac=$CMAC"
mk_node 1
in_k1() { ip netns exec "${PFX}k1" "$@"; }

# status_names WHAT TEXT: status exits 1 naming TEXT, and up restores it.
status_names() {
    local out
    out=$(EXTRA="$CL krg.nodes=1-4" krg 1 status 2>&1); expect_eq "status after $1" "$?" 1
    grep -qF "cluster IP: $2" <<<"$out" && pass "status names it: $2" || fail "status after $1: $out"
    EXTRA="$CL krg.nodes=1-4" krg 1 up 2>/dev/null; expect_eq "up after $1" "$?" 0
    expect_eq "status after up restored it" "$(EXTRA="$CL krg.nodes=1-4" krg 1 status >/dev/null 2>&1; echo $?)" 0
}

EXTRA="$CL krg.nodes=1-4" krg 1 up 2>/dev/null; expect_eq "node 1 of 1-4 up" "$?" 0
expect_eq "status" "$(EXTRA="$CL krg.nodes=1-4" krg 1 status >/dev/null 2>&1; echo $?)" 0

in_k1 nft flush chain arp krgnet output
status_names "the arp rule flushed" "table arp krgnet: 1 chains, 0 rules instead of 1, 1"
in_k1 nft add rule ip krgnet prerouting drop
status_names "a foreign drop rule" "table ip krgnet: 1 chains, 4 rules instead of 1, 3"
in_k1 nft add chain ip krgnet sneaky '{ type filter hook input priority 0; policy drop; }'
status_names "a foreign chain with policy drop" "table ip krgnet: 2 chains, 3 rules instead of 1, 3"
in_k1 nft chain ip krgnet prerouting '{ policy drop; }'
status_names "the prerouting policy set to drop" "table ip krgnet: 1 chains, 3 rules instead of 1, 3 (a chain or rule differs)"
in_k1 nft flush chain arp krgnet output
in_k1 nft add rule arp krgnet output arp saddr ip "$CIP" arp saddr ether set 01:00:00:00:07:99
status_names "another cluster MAC in the arp rule" "table arp krgnet: 1 chains, 1 rules instead of 1, 1 (a chain or rule differs)"
# krgnet's own rules for nodes 1-5, written by another program
in_k1 "$CDRV" install krg0 "$CIP/18" "$CMAC" 1-5 1 || fail "cluster_driver install"
status_names "buckets of nodes 1-5 under a 1-4 plan" "buckets 1,6,11,16 instead of 1,5,9,13"

# The node set grows: the rerun replaces the buckets, status agrees.
EXTRA="$CL krg.nodes=1-5" krg 1 up 2>"$TMP/up"; expect_eq "rerun with nodes 1-5" "$?" 0
grep -q "buckets 1,6,11,16" "$TMP/up" && pass "up says the new buckets" || fail "up: $(cat "$TMP/up")"
expect_eq "kernel's bucket set" "$(in_k1 nft list ruleset | grep -o 'offset 1 { [0-9, ]* }')" "offset 1 { 1, 6, 11, 16 }"
expect_eq "status with nodes 1-5" "$(EXTRA="$CL krg.nodes=1-5" krg 1 status >/dev/null 2>&1; echo $?)" 0
EXTRA="$CL krg.nodes=1-5" krg 1 down 2>/dev/null; expect_eq "down" "$?" 0
