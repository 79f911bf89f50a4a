# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for the host-namespace tier, sourced by tests/host/cases/*.sh.
# Every object a case creates carries the prefix $PFX, and cleanup removes
# everything with that prefix, on success, failure or interrupt.  The checks
# (pass, fail, expect_eq...) are tests/lib/check.sh's.
# shellcheck shell=bash

CHECK_INDENT="    "
# shellcheck source=tests/lib/check.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"
PFX=${PFX:-krgt$$}
check_tmpdir "$PFX"
TMP=$CHECK_TMP
BR=${PFX}br            # namespace holding the bridge all nodes plug into

cleanup() {
    local ns
    for ns in $(ip netns list | awk '{print $1}' | grep "^$PFX" || true); do
        # processes first (none should be left), then the namespace
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
        ip netns del "$ns" 2>/dev/null
    done
}
at_exit cleanup

# The bridge namespace, created once per case.
ensure_bridge() {
    ip netns list | grep -q "^$BR\b" && return
    ip netns add "$BR"
    ip -n "$BR" link add br0 type bridge
    ip -n "$BR" link set br0 up
}

# mk_node ID [MTU]: namespace ${PFX}n<ID> with eth0 plugged into the bridge.
mk_node() {
    local id=$1 mtu=${2:-1500} ns=${PFX}n$1
    ensure_bridge
    ip netns add "$ns"
    ip -n "$BR" link add "p$id" mtu "$mtu" type veth peer name eth0 netns "$ns"
    ip -n "$ns" link set eth0 mtu "$mtu"
    ip -n "$BR" link set "p$id" master br0 up
}

# The cmdline every case starts from: node's own container namespace name,
# macvlan (this kernel has no 802.1Q), short timeouts.
base_cmdline() { echo "krg.node=$1 krg.kind=${KIND:-macvlan} krg.netns=${PFX}k$1 krg.timeout=2 krg.dad=200"; }

# krg ID COMMAND [krgnet args...]: run krgnet inside node ID's namespace with
# node ID's state directory; extra kernel parameters come from $EXTRA.
krg() {
    local id=$1; shift
    local cmd=$1; shift
    local state=(--state-dir "$TMP/state$id")
    [ "$cmd" != plan ] || state=()  # plan reads no record
    nsenter --net="/run/netns/${PFX}n$id" -- "$KRGNET" "$cmd" --conf /dev/null \
        "${state[@]}" --cmdline "$(base_cmdline "$id") ${EXTRA:-}" "$@"
}

# Links of a namespace as JSON lines (ip -j -d).
links_json() { ip -n "$1" -j -d link show; }
link_field() { ip -n "$1" -j -d link show "$2" 2>/dev/null | jq -r ".[0]$3"; }
addr_of() { ip -n "$1" -j addr show "$2" 2>/dev/null | jq -r '.[0].addr_info[] | select(.family=="inet") | "\(.local)/\(.prefixlen)"'; }

# The server, node 254, as krgnet-server's networkd and ifupdown formats
# describe it: in the initial namespace of its node namespace.
SERVER_CMDLINE="krg.node=254 krg.phys=eth0 krg.kind=${KIND:-macvlan} krg.isolate=0 krg.timeout=2"

# expect_server_krg0: node 254's krg0, set up by another program from those
# formats, is what krgnet plans: MAC, MTU, kind and address, and krgnet
# status --json finds parent, netns, link and address as planned (no
# record: the hand-off files are up's).  Returns 1 when status disagrees.
expect_server_krg0() {
    local ns=${PFX}n254 out
    expect_eq "krg0's MAC" "$(link_field "$ns" krg0 .address)" "f0:00:00:00:07:fe"
    expect_eq "krg0's MTU" "$(link_field "$ns" krg0 .mtu)" "1496"
    expect_eq "krg0's kind" "$(link_field "$ns" krg0 .linkinfo.info_kind)" "${KIND:-macvlan}"
    expect_eq "krg0's address" "$(addr_of "$ns" krg0)" "10.4.135.254/18"
    out=$(nsenter --net="/run/netns/$ns" -- "$KRGNET" status --json --conf /dev/null --cmdline "$SERVER_CMDLINE" \
        --state-dir "$TMP/state254" 2>&1)
    if jq -e '[.units[] | select(.matches) | .unit] as $ok | ["parent", "netns", "link", "address"] - $ok == []' <<<"$out" > /dev/null; then
        pass "krgnet status: parent, link and address match the plan"
    else
        fail "status --json: $out"
        return 1
    fi
}

# leftovers: prints any krgnet object left behind for node ID (empty = none).
leftovers() {
    local id=$1
    ip netns list | awk '{print $1}' | grep "^${PFX}k$id\$"
    [ -e "/run/netns/${PFX}k$id" ] && echo "file /run/netns/${PFX}k$id"
    ip -n "${PFX}n$id" -o link show krg0 2>/dev/null
    # last-failure is kept on purpose (the reason of a failed up outlives the initramfs)
    ls "$TMP/state$id" 2>/dev/null | grep -vx last-failure | sed "s/^/state file /"
    true
}
expect_clean() {
    local left
    left=$(leftovers "$1")
    if [ -z "$left" ]; then pass "node $1: nothing left behind"; else fail "node $1 left: $left"; fi
}
