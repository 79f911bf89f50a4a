# SPDX-License-Identifier: GPL-2.0-or-later
# The legacy CLUSTERIP backend (ip_tables socket options, sys/iptables.h).
# Where the kernel offers the CLUSTERIP target (up to 6.2, Kerrighed's own)
# the flows are spread as by the nf_tables backend, by the CLUSTERIP hash.
# Where it does not (this host), installing fails with one clear line and
# leaves the filter table, the address and the namespace as they were.
source tests/host/cluster_lib.sh
build_cluster_driver || { fail "cannot build cluster_driver"; return; }
cluster_node 1
have=$(ip netns exec "${PFX}n1" "$CDRV" legacy-available)
echo "    (kernel $(uname -r): CLUSTERIP target available: $have)"
if [ "$have" = yes ]; then
    ip netns del "${PFX}n1"; ip -n "$BR" link del p1
    cluster_client 64
    BACKEND=legacy run_layout 1-4 1 2 3 4
    BACKEND=legacy run_layout 1,6,11 1 6 11
else
    expect_eq "availability answer" "$have" no
    before=$(ip netns exec "${PFX}n1" iptables-legacy -S | tr '\n' ' ')
    err=$(ip netns exec "${PFX}n1" "$CDRV" legacy-install krg0 "$CIP/18" "$CMAC" 1-4 1 2>&1)
    expect_eq "install exit status" "$?" 111
    expect_eq "install error" "$err" \
        "krgnet: install CLUSTERIP rule table filter: IPT_SO_SET_REPLACE: No such file or directory (no CLUSTERIP target in this kernel)"
    expect_eq "filter table untouched" "$(ip netns exec "${PFX}n1" iptables-legacy -S | tr '\n' ' ')" "$before"
    expect_eq "no cluster IP address" "$(ip -n "${PFX}n1" -o addr show to "$CIP" | wc -l)" 0
    expect_eq "status" "$(ip netns exec "${PFX}n1" "$CDRV" legacy-status krg0 "$CIP" "$CMAC" 1-4 1)" "rule missing"
    ip netns exec "${PFX}n1" "$CDRV" legacy-remove; expect_eq "remove (writes the empty table)" "$?" 0
    expect_eq "filter table after remove" "$(ip netns exec "${PFX}n1" iptables-legacy -S | tr '\n' ' ')" \
        "-P INPUT ACCEPT -P FORWARD ACCEPT -P OUTPUT ACCEPT "
fi
