# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# The VM tier's library, for every test of tests/vm and the demo (bash;
# sourced, not run; tests/vm/run-all runs the tests).  The checks (pass,
# fail, expect_eq, expect_true, expect_match...) are tests/lib/check.sh's.
#
#   LOAD_FACTOR              how much slower than idle the machine is now,
#                            counting the VMs a test starts (load-lib.sh);
#                            `scaled S` is S seconds times it
#   vm_ns WHAT               a namespace name: krgt-<run-all tag>-WHAT-<pid>
#   vm_net_up NS             namespace NS with bridge br0 up (removed at exit)
#   pxe_server_up NS IMAGE NODES...
#                            dnsmasq in NS: DHCP + TFTP + iPXE script on br0,
#                            10.4.7.254/18; NODES are "id mac" pairs getting
#                            10.4.7.<id> and name node<id> by MAC (dhcp-host
#                            lines from `krgnet table --format dnsmasq`),
#                            plus PXE_HOSTS ("mac,address[,name]" ...) as
#                            they are; VM_PXE_IP_<IMAGE> replaces the ip=
#                            the loader appends (e.g. "dhcp")
#   dhcp_server_up NS HOST...
#                            dnsmasq in NS: DHCP only on br0, 10.4.7.254/18,
#                            a pool 10.4.7.100-200 and dnsmasq's --dhcp-host
#                            HOSTs ("mac,address[,name]"); `dnsmasq_log NS`
#                            is its log (DHCPACK lines)
#   vm_start NAME ARGS...    tests/vm/run --name NAME ARGS in the background;
#                            a VM that reported stays up (krgtest.stay) until
#                            vm_release: every VM of the test reported
#   vm_release               stop the VMs that stay (called by vm_wait_all)
#   vm_power_cycle CLIENT NODE AGAIN ARGS...
#                            NODE powered off (its QEMU killed) once CLIENT
#                            has its first answers, and booted again at once
#                            as VM AGAIN (vm_start AGAIN ARGS...: NODE's MAC
#                            and command line), its NIC plugged in once
#                            CLIENT saw its flows move (krgtest.failover)
#   vm_starve NAME MS        from VM NAME's `krgnet up done` until it reported,
#                            let its QEMU run only MS ms of every second
#                            (SIGSTOP/SIGCONT): a VM starved on a busy host
#   vm_wait_all              wait for every vm_start; 0 when all reported
#   vm_status NAME           run's status for VM NAME: 0 it reported, 1 it
#                            did not (timeout, halt, panic)
#   vm_progress NAME         run's "vm NAME: ..." lines (booted, reported,
#                            stopped, timed out)
#   report NAME / console NAME
#                            the VM's report and console files (report
#                            sections: see root-init)
#   section NAME TITLE / field NAME KEY / console_text NAME
#                            a report section, a "KEY: value" of the report,
#                            the console without carriage returns
#   link_block TEXT IFNAME   the lines of `ip -d addr|link show` output TEXT
#                            that belong to interface IFNAME
#   expect_node_up NAME NODE the checks that VM NAME came up as NODE through
#                            an image's hook (dracut, initramfs-tools)
#   capture_start NS [BR]    tcpdump on bridge BR (br0) of NS: ARP, ICMP and
#                            everything tagged, to $VM_LOGDIR/<NS>.pcap
#   explain NAME [ADDR]      why VM NAME may have failed: its console tail, its
#                            NIC's receive filter changes, its neighbours, and
#                            what the capture saw to and from ADDR (its krg0)
#   finish [NAME]            ends the test (NAME: the script's name): PASS, or
#                            FAIL after explaining every VM it started
#
# Environment: KRGNET (build/krgnet), VM_IMAGE (busybox), VM_LOGDIR
# (build/vm), DRACUT_IMG (the dracut image booted by --image dracut), and
# tests/vm/run's.
#
# Every namespace, dnsmasq and VM started here is removed at exit, also when
# a test fails or is interrupted.

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# shellcheck source=tests/lib/check.sh
. "$TOP/tests/lib/check.sh"
CHECK_INDENT="  "
TEST=$(basename "$0" .sh)
VM_RUN=$TOP/tests/vm/run
VM_LOGDIR=${VM_LOGDIR:-$TOP/build/vm}
VM_IMAGE=${VM_IMAGE:-busybox}
KRGNET=${KRGNET:-$TOP/build/krgnet}
export VM_INITRD_dracut=${DRACUT_IMG:-${VM_INITRD_dracut:-$TOP/build/initramfs-dracut.img}}
export VM_LOGDIR
mkdir -p "$VM_LOGDIR"
# shellcheck source=tests/vm/load-lib.sh
. "$TOP/tests/vm/load-lib.sh"
LOAD_FACTOR=$(load_factor 4)    # up to four VMs per test

LIB_NETNS=()
LIB_PIDS=()
LIB_VMS=()
LIB_ALL_VMS=()
declare -A LIB_STATUS=()
LIB_CAPTURE=""
LIB_HOLD=$VM_LOGDIR/.release-$$
rm -f "$LIB_HOLD"

lib_cleanup() {
    local pid ns
    for pid in "${LIB_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${LIB_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    for ns in "${LIB_NETNS[@]}"; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
        ip netns del "$ns" 2>/dev/null
    done
    LIB_PIDS=() LIB_NETNS=()
    rm -f "$LIB_HOLD"
}
at_exit lib_cleanup

# --- network ----------------------------------------------------------------------
# KRG_VM_TAG (set by run-all) lets the runner find exactly what it left behind.
vm_ns() { echo "krgt-${KRG_VM_TAG:-0}-$1-$$"; }

vm_net_up() {
    local ns=$1
    ip netns del "$ns" 2>/dev/null
    ip netns add "$ns" || return 1
    LIB_NETNS+=("$ns")
    ip -n "$ns" link set lo up
    ip -n "$ns" link add br0 type bridge forward_delay 0 || return 1
    ip -n "$ns" link set br0 up
}

# dnsmasq_start NS READY ARGS...: dnsmasq on br0 of NS, the boot network's
# server at 10.4.7.254/18, logging to `dnsmasq_log NS`; returns once a log
# line matches READY (its last start-up line).
dnsmasq_dir() { echo "$VM_LOGDIR/dnsmasq-$1"; }
dnsmasq_log() { echo "$(dnsmasq_dir "$1")/dnsmasq.log"; }
dnsmasq_start() {
    local ns=$1 ready=$2 dir
    shift 2
    dir=$(dnsmasq_dir "$ns")
    ip -n "$ns" addr add 10.4.7.254/18 dev br0 || return 1
    ip netns exec "$ns" dnsmasq --keep-in-foreground --user=root --group=root --port=0 \
        --interface=br0 --bind-interfaces --log-dhcp \
        --log-facility="$dir/dnsmasq.log" --pid-file="$dir/dnsmasq.pid" "$@" &
    LIB_PIDS+=($!)
    wait_for "$(scaled 50)" grep -q "$ready" "$dir/dnsmasq.log" 2>/dev/null && return 0
    echo "dnsmasq did not start:" >&2
    cat "$dir/dnsmasq.log" >&2
    return 1
}

dhcp_server_up() {
    local ns=$1 host args=()
    shift
    rm -rf "$(dnsmasq_dir "$ns")"
    mkdir -p "$(dnsmasq_dir "$ns")"
    for host in "$@"; do args+=(--dhcp-host="$host"); done
    dnsmasq_start "$ns" 'DHCP, IP range' --conf-file=/dev/null --no-resolv --no-hosts --leasefile-ro \
        --dhcp-range=10.4.7.100,10.4.7.200,255.255.192.0 "${args[@]}"
}

# pxe_server_up NS IMAGE "id mac"... : serves kernel + IMAGE's initrd over TFTP
pxe_server_up() {
    local ns=$1 image=$2 dir var initrd base line id mac ipparam
    shift 2
    dir=$(dnsmasq_dir "$ns")
    rm -rf "$dir"
    mkdir -p "$dir/tftp"
    var=VM_INITRD_$image
    initrd=${!var:-}
    [ -n "$initrd" ] || case $image in
        busybox) initrd=$TOP/build/initramfs.cpio.gz ;;
        dracut) initrd=$TOP/build/initramfs-dracut.img ;;
    esac
    var=VM_CMDLINE_$image
    base=${!var:-}
    [ -n "$base" ] || case $image in
        busybox) base="root=/dev/vda rw" ;;
        dracut) base="root=/dev/vda rw rd.shell=0" ;;
    esac
    # the loader's ip=: the 4 fields the kernel's syntax starts with; dracut
    # refuses a client address without its interface and autoconf fields
    # (${...} are iPXE settings, expanded by iPXE)
    var=VM_PXE_IP_$image
    ipparam=${!var:-}
    # shellcheck disable=SC2016
    [ -n "$ipparam" ] || case $image in
        dracut) ipparam='${ip}:${next-server}:${gateway}:${netmask}:${hostname}:eth0:none' ;;
        *) ipparam='${ip}:${next-server}:${gateway}:${netmask}' ;;
    esac
    cp "${VM_KERNEL:-$TOP/build/kernel/vmlinuz}" "$dir/tftp/vmlinuz" || return 1
    cp "$initrd" "$dir/tftp/initrd.img" || return 1
    # The loader appends the boot address; krg.node=dhcp takes the id from it.
    cat > "$dir/tftp/boot.ipxe" <<EOF
#!ipxe
echo krgnet PXE: \${net0/mac} is \${ip}, loading from \${next-server}
kernel tftp://\${next-server}/vmlinuz console=ttyS0 panic=3 loglevel=4 no_timer_check krgtest.report=/dev/ttyS1 $base ${PXE_CMDLINE:-} ip=$ipparam krg.node=dhcp BOOTIF=01-\${net0/mac:hexhyp}
initrd tftp://\${next-server}/initrd.img
boot
EOF
    chmod -R a+rX "$dir"
    # iPXE configures IPv6 alongside DHCP and waits ~10 s for a router
    # advertisement that never comes: answer with an RA (router lifetime 0,
    # a ULA prefix that exists only on this bridge).  And iPXE waits ~2 s for
    # ProxyDHCP offers unless told there are none (iPXE option 175.176).
    ip -n "$ns" addr add fd00:4:7::fe/64 dev br0 nodad || return 1
    # The dhcp-host lines are what an operator gets from krgnet-server:
    # `krgnet table --format dnsmasq` of a MAC-to-id file (docs/operator.md).
    for line in "$@"; do
        read -r id mac <<< "$line"
        echo "$mac $id"
    done > "$dir/macs"
    "$KRGNET" table --conf /dev/null --cmdline "krg.nodes=1-254" --format dnsmasq \
        --macs "$dir/macs" --boot-prefix 10.4.7.0/18 > "$dir/hosts.conf" || return 1
    for line in ${PXE_HOSTS:-}; do echo "dhcp-host=$line"; done >> "$dir/hosts.conf"
    dnsmasq_start "$ns" 'TFTP root' --conf-file="$dir/hosts.conf" \
        --dhcp-range=10.4.0.0,static,255.255.192.0,1h --dhcp-option=option:router \
        --dhcp-option=encap:175,176,1b \
        --enable-ra --dhcp-range=fd00:4:7::,ra-only,64,1h --ra-param=br0,60,0 \
        --dhcp-boot=boot.ipxe --dhcp-leasefile="$dir/leases" \
        --enable-tftp --tftp-root="$dir/tftp"
}

# --- VMs --------------------------------------------------------------------------
vm_start() {
    local name=$1
    shift
    : > "$VM_LOGDIR/$name.out"     # now, not when the job starts: no stale lines seen
    "$VM_RUN" --name "$name" --hold-until "$LIB_HOLD" "$@" > "$VM_LOGDIR/$name.out" 2>&1 &
    LIB_PIDS+=($!)
    LIB_VMS+=("$name:$!")
    LIB_ALL_VMS+=("$name")
}

# vm_failover CLIENT NODE: in the background, pauses VM NODE (SIGSTOP: it
# answers nothing) once CLIENT reported its first answers ("--- ask tcp ---",
# root-init's krgtest.ask), and lets it run again once CLIENT saw its flows
# move (krgtest.failover's first section).  Writes the times to
# $VM_LOGDIR/NODE.failover.
vm_failover() {
    local client=$1 node=$2 pid
    (
        # this run's files: both VMs past krgnet up (vm_start emptied .out)
        until grep -q "^vm $client: krgnet up done" "$VM_LOGDIR/$client.out" 2>/dev/null &&
              grep -q "^vm $node: krgnet up done" "$VM_LOGDIR/$node.out" 2>/dev/null; do
            vm_done "$client" && exit 0
            sleep 0.2
        done
        until grep -q '^--- ask tcp ---' "$(report "$client")" 2>/dev/null; do vm_done "$client" && exit 0; sleep 0.2; done
        pid=$(cat "$VM_LOGDIR/$node/qemu.pid")
        trap 'kill -CONT "$pid" 2>/dev/null; exit 0' TERM   # never leave it stopped
        kill -STOP "$pid"
        echo "paused $node at $(date +%T.%N)" > "$VM_LOGDIR/$node.failover"
        until grep -q '^--- failover: udp without' "$(report "$client")" 2>/dev/null; do vm_done "$client" && break; sleep 0.2; done
        kill -CONT "$pid"
        echo "resumed $node at $(date +%T.%N)" >> "$VM_LOGDIR/$node.failover"
    ) &
    LIB_PIDS+=($!)
}

# vm_power_cycle CLIENT NODE AGAIN ARGS...: VM AGAIN (vm_start AGAIN ARGS,
# here, so that vm_wait_all waits for it) waits to be powered on; in the
# background, once NODE and CLIENT are past krgnet up, NODE reported and
# CLIENT has its first answers ("--- ask tcp ---", root-init's
# krgtest.ask), NODE's QEMU is killed (the plug pulled: no shutdown, no
# frame more) and AGAIN powered on at once; its NIC joins the bridge once
# CLIENT saw its flows move (krgtest.failover's first section), which its
# boot normally takes longer than.  Writes the times to
# $VM_LOGDIR/NODE.failover.
vm_power_cycle() {
    local client=$1 node=$2 again=$3 pid
    shift 3
    local on=$VM_LOGDIR/$again.power-on plug=$VM_LOGDIR/$again.plug
    rm -f "$on" "$plug"
    vm_start "$again" --power-on-when "$on" --plug-when "$plug" "$@"
    (
        # a failed run: AGAIN never boots, or its cable goes in at once
        give_up() { [ -e "$on" ] && touch "$plug"; [ -e "$on" ] || echo never > "$on"; exit 0; }
        trap give_up TERM
        # this run's files: both VMs past krgnet up (vm_start emptied .out)
        until grep -q "^vm $client: krgnet up done" "$VM_LOGDIR/$client.out" 2>/dev/null &&
              grep -q "^vm $node: reported" "$VM_LOGDIR/$node.out" 2>/dev/null; do
            { vm_done "$client" || grep -q "^vm $node: \(off\|timed out\|stopped\)" "$VM_LOGDIR/$node.out"; } && give_up
            sleep 0.2
        done
        until grep -q '^--- ask tcp ---' "$(report "$client")" 2>/dev/null; do vm_done "$client" && give_up; sleep 0.2; done
        pid=$(cat "$VM_LOGDIR/$node/qemu.pid")
        kill -KILL "$pid"
        echo on > "$on"
        echo "powered $node off at $(date +%T.%N), $again on" > "$VM_LOGDIR/$node.failover"
        until grep -q '^--- failover: udp without' "$(report "$client")" 2>/dev/null; do vm_done "$client" && break; sleep 0.2; done
        touch "$plug"
        echo "plugged $again's NIC in at $(date +%T.%N)" >> "$VM_LOGDIR/$node.failover"
    ) &
    LIB_PIDS+=($!)
}

vm_starve() {
    local name=$1 run_ms=$2 pid
    rm -f "$VM_LOGDIR/$name.starve"
    (
        until grep -q "^vm $name: krgnet up done" "$VM_LOGDIR/$name.out" 2>/dev/null; do
            vm_done "$name" && exit 0
            sleep 0.1
        done
        pid=$(cat "$VM_LOGDIR/$name/qemu.pid")
        trap 'kill -CONT "$pid" 2>/dev/null; exit 0' TERM   # never leave it stopped
        echo "starving $name (qemu $pid): ${run_ms} ms of every second" > "$VM_LOGDIR/$name.starve"
        while ! vm_done "$name" && kill -STOP "$pid" 2>/dev/null; do
            sleep "$(awk -v r="$run_ms" 'BEGIN { printf "%.3f", (1000 - r) / 1000 }')"
            kill -CONT "$pid" 2>/dev/null
            sleep "$(awk -v r="$run_ms" 'BEGIN { printf "%.3f", r / 1000 }')"
        done
        kill -CONT "$pid" 2>/dev/null
        echo "starved until $(date +%T)" >> "$VM_LOGDIR/$name.starve"
    ) &
    LIB_PIDS+=($!)
}

# vm_done NAME: the VM reported or ended (run prints one of these lines)
vm_done() { grep -q "^vm $1: \(reported\|off\|timed out\|stopped\)" "$VM_LOGDIR/$1.out" 2>/dev/null; }
vm_release() { touch "$LIB_HOLD"; }

# vm_wait_all: waits for every VM; prints each one's progress; 1 if any failed
vm_wait_all() {
    local entry name pid rc=0 busy=1
    # each run ends by itself (its timeout): no bound needed here
    while [ "$busy" = 1 ]; do
        busy=0
        for entry in "${LIB_VMS[@]}"; do
            kill -0 "${entry#*:}" 2>/dev/null && ! vm_done "${entry%%:*}" && busy=1
        done
        [ "$busy" = 0 ] || sleep 0.2
    done
    vm_release
    for entry in "${LIB_VMS[@]}"; do
        name=${entry%%:*} pid=${entry#*:}
        wait "$pid"
        LIB_STATUS[$name]=$?
        [ "${LIB_STATUS[$name]}" = 0 ] || rc=1
        grep '^vm ' "$VM_LOGDIR/$name.out"
        # what run printed besides its progress and the report: a usage error
        [ "${LIB_STATUS[$name]}" -le 1 ] || grep -v '^vm ' "$VM_LOGDIR/$name.out" | sed 's/^/     run: /'
    done
    LIB_VMS=()
    return $rc
}
vm_status() { echo "${LIB_STATUS[$1]:-none}"; }
vm_progress() { grep '^vm ' "$VM_LOGDIR/$1.out"; }

report() { echo "$VM_LOGDIR/$1/report.log"; }
console() { echo "$VM_LOGDIR/$1/console.log"; }
console_text() { tr -d '\r' < "$(console "$1")" 2>/dev/null; }

# section NAME TITLE: lines of report section "--- TITLE ..." up to the next one
section() {
    tr -d '\r' < "$(report "$1")" |
        awk -v t="--- $2" 'index($0, t) == 1 { on = 1; next } /^(---|===) / { on = 0 } on'
}
field() { tr -d '\r' < "$(report "$1")" | sed -n "s/^$2: //p" | head -n1; }
link_block() {
    printf '%s\n' "$1" | awk -v n="$2" '
        /^[0-9]+: / { split($2, a, /[@:]/); on = (a[1] == n) }
        on { print }'
}

# expect_node_up NAME NODE [NIC]: VM NAME reported krg0 for NODE exactly as
# DESIGN.md derives it, inside the pinned namespace only, made by the
# image's hook before switch_root (the dracut and initramfs-tools images),
# on the boot NIC NIC (eth0); `krgnet status` agreed after switch_root.
# (A systemd image's console prefixes the hook's lines with the kernel's
# time and the service's name.)
expect_node_up() {
    local vm=$1 node=$2 nic=${3:-eth0} hex ns initial krg0
    hex=$(printf '%02x' "$node")
    expect_eq "VM booted into the real root and reported" "$(vm_status "$vm")" 0
    expect_eq "krgnet up exit status" "$(field "$vm" krgnet-status)" 0
    expect_eq "krgnet status after switch_root" "$(field "$vm" status-after-switch-root)" 0
    expect_match "pre-pivot hook ran krgnet up before switch_root" "$(console_text "$vm")" \
        '^(\[ *[0-9.]+\] [-a-z]+\[[0-9]+\]: )?kerrighed: krgnet up: exit status 0, done at [0-9.]+s since boot$'
    ns=$(section "$vm" "ip -d addr show (namespace kerrighed)")
    initial=$(section "$vm" "ip -d link show (initial namespace)")
    krg0=$(link_block "$ns" krg0)
    expect_match "krg0 exists in the pinned namespace after switch_root" "$krg0" '^[0-9]+: krg0@'
    expect_match "krg0 is 802.1Q id 7" "$krg0" '^ +vlan protocol 802\.1Q id 7 '
    expect_match "krg0 MAC f0:00:00:00:07:$hex" "$krg0" "^ +link/ether f0:00:00:00:07:$hex brd "
    expect_match "krg0 address 10.4.135.$node/18" "$krg0" "^ +inet 10\\.4\\.135\\.$node/18 "
    expect_match "krg0 MTU 1496" "$krg0" '^[0-9]+: krg0@[^ ]+ <[^>]*> mtu 1496 '
    expect_match "krg0 is up" "$krg0" '^[0-9]+: krg0@[^ ]+ <([^>]*,)?UP[,>]'
    expect_match "loopback is up in the pinned namespace" "$(link_block "$ns" lo)" '^[0-9]+: lo: <[^>]*\bUP\b'
    expect_match "$nic stays in the initial namespace" "$initial" "^[0-9]+: $nic: "
    expect_no_match "no krg0 in the initial namespace" "$initial" '^[0-9]+: krg0[@:]'
    expect_no_match "no VLAN at all in the initial namespace" "$initial" 'vlan protocol'
}

# --- diagnosis ---------------------------------------------------------------------
capture_start() {
    local ns=$1 br=${2:-br0}
    LIB_CAPTURE=$VM_LOGDIR/$ns.pcap
    rm -f "$LIB_CAPTURE"
    # `vlan` last: the expressions after it look inside the tag
    ip netns exec "$ns" tcpdump -i "$br" -n -U -s 128 -w "$LIB_CAPTURE" \
        'arp or icmp or vlan' 2>"$VM_LOGDIR/$ns.tcpdump.log" &
    LIB_PIDS+=($!)
    # tcpdump says "listening on" once its socket is bound
    wait_for "$(scaled 50)" grep -q 'listening on' "$VM_LOGDIR/$ns.tcpdump.log" 2>/dev/null && return 0
    echo "capture: tcpdump did not start: $(cat "$VM_LOGDIR/$ns.tcpdump.log")" >&2
    return 1
}

# capture_about ADDR [MAC]: the VLAN's ARP and ICMP frames that involve ADDR
# (or go to MAC), counted by kind, then the last ones (wall-clock times, to
# compare with the other VMs' logs)
capture_about() {
    local addr=$1 mac=${2:-} lines
    [ -s "$LIB_CAPTURE" ] || { echo "  (no capture)"; return; }
    lines=$(tcpdump -r "$LIB_CAPTURE" -n -e -tttt 'vlan and (arp or icmp)' 2>/dev/null |
        awk -v a="$addr" -v m="$mac" 'index($0, a " ") || index($0, a ",") || index($0, a ":") || (m != "" && index($0, "> " m))')
    printf '  ARP requests from %s: %s, ARP replies for it: %s, echo requests from it: %s, echo replies to it: %s\n' "$addr" \
        "$(grep -c "Request who-has .* tell $addr," <<< "$lines")" \
        "$(grep -c "> $mac.*Reply .* is-at" <<< "$lines")" \
        "$(grep -c "$addr > .*echo request" <<< "$lines")" \
        "$(grep -c "> $addr: ICMP echo reply" <<< "$lines")"
    tail -n 8 <<< "$lines" | sed 's/^/  /'
}

explain() {
    local name=$1 addr=${2:-} mac
    echo "--- $name: last console lines"
    tail -n 10 "$(console "$name")" 2>/dev/null | tr -d '\r' | sed 's/^/  /'
    echo "--- $name: its NIC's receive filter (QMP query-rx-filter after each change)"
    tail -n 6 "$VM_LOGDIR/$name/rx-filter.log" 2>/dev/null | sed 's/^/  /'
    if [ -s "$(report "$name")" ]; then
        echo "--- $name: report diagnostics"
        section "$name" "diagnostics" | grep -E '^(uptime|clocksource|eth[0-9]+ flags|neighbours)|FAILED|INCOMPLETE|REACHABLE|STALE|DELAY|PROBE|^<' | sed 's/^/  /'
        grep -E '^ping ' "$(report "$name")" | tr -d '\r' | sed 's/^/  /'
    fi
    [ -n "$addr" ] || addr=$(section "$name" "ip -d addr show" 2>/dev/null | grep -oE 'inet 10\.4\.135\.[0-9]+' | head -n1 | cut -d' ' -f2)
    mac=$(section "$name" "ip -d addr show" 2>/dev/null | grep -oE 'link/ether f0:[0-9a-f:]+' | head -n1 | cut -d' ' -f2)
    if [ -n "$addr" ] && [ -n "$LIB_CAPTURE" ]; then
        echo "--- $name: the capture on the bridge about $addr${mac:+ ($mac)}"
        capture_about "$addr" "$mac"
    fi
}

# --- the end of a test ------------------------------------------------------------------
# shellcheck disable=SC2120  # NAME is optional
finish() {
    local name=${1:-$TEST}
    if [ "$FAILS" = 0 ] && [ "$PASSES" -gt 0 ]; then
        echo "PASS $name"
        exit 0
    fi
    local vm
    for vm in "${LIB_ALL_VMS[@]}"; do explain "$vm"; done
    echo "FAIL $name: $FAILS of $((PASSES + FAILS)) checks failed (logs in ${VM_LOGDIR#"$TOP"/})"
    exit 1
}
