#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# src/nl on the real kernel (root): the carrier wait before the
# probe (class 8) and an address dump longer than one reply datagram.
#   - veth pair va/vb in a throwaway namespace, va up, vb down: va has no carrier
#     until vb comes up.  wait_for_carrier(va) must return when vb comes up
#     (and not before), time out with one line when it never does, and
#     return at once when the carrier is already there.
#   - 600 addresses on a veth end (a dump of several datagrams):
#     list_addrs() must return all of them.
# The namespace is removed on exit, whatever happens.
# Usage (top of the tree): tests/host/nl-carrier.sh
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
OUT=build/host-tests
DRIVER=$OUT/nl_driver
ns=krgcar$$

if [ "$(id -u)" != 0 ]; then
    echo "nl-carrier: FAILED: needs root (namespaces); it is not skipped" >&2
    exit 1
fi
CHECK_INDENT="  "
# shellcheck source=tests/lib/check.sh
. tests/lib/check.sh
check_tmpdir "$ns"
at_exit "ip netns del $ns 2>/dev/null"

# --- set-up: build the driver ------------------------------------------------------
mapfile -t objs < <(find src/nl src/base -name '*.cpp' | sed 's|^src/\(.*\)\.cpp$|build/host/\1.o|' | sort)
make -s "${objs[@]}" || exit 1
mkdir -p "$OUT"
g++ -std=c++20 -fno-exceptions -fno-rtti -g -O1 -D_GNU_SOURCE -fsanitize=address,undefined \
    -fno-sanitize-recover=all -fno-omit-frame-pointer -Wall -Wextra -Wshadow \
    -Isrc -Ibuild/gen -o "$DRIVER" tests/host/drivers/nl_driver.cpp "${objs[@]}" || exit 1

in_ns() { ip netns exec "$ns" "$@"; }
ms_now() { echo $(( $(date +%s%N) / 1000000 )); }

ip netns add "$ns" || exit 1
ip -n "$ns" link set lo up
ip -n "$ns" link add va type veth peer name vb || exit 1
ip -n "$ns" link set va up

# --- carrier arrives late: returned when the peer comes up, not before -------------
DELAY_MS=1500
in_ns "$DRIVER" carrier va 20000 >"$CHECK_TMP/out" 2>&1 &
pid=$!
wait_for 100 grep -q waiting "$CHECK_TMP/out" 2>/dev/null
sleep "$((DELAY_MS / 1000)).$((DELAY_MS % 1000))"
ip -n "$ns" link set vb up
wait "$pid"; rc=$?
out=$(cat "$CHECK_TMP/out")
took=$(sed -n 's/^carrier after \([0-9]*\) ms$/\1/p' <<<"$out")
if [ "$rc" = 0 ] && [ -n "$took" ] && [ "$took" -ge $((DELAY_MS * 9 / 10)) ] && [ "$took" -lt 20000 ]; then
    pass "late carrier is waited for: carrier after $took ms (peer up after ${DELAY_MS} ms)"
else
    fail "late carrier: exit $rc, output: $out"
fi

# --- carrier already there: at once -------------------------------------------------
out=$(in_ns "$DRIVER" carrier va 20000 2>&1); rc=$?
took=$(sed -n 's/^carrier after \([0-9]*\) ms$/\1/p' <<<"$out")
if [ "$rc" = 0 ] && [ -n "$took" ] && [ "$took" -lt 1000 ]; then
    pass "carrier already up: carrier after $took ms"
else
    fail "carrier already up: exit $rc, output: $out"
fi

# --- no carrier ever: one line after the timeout ------------------------------------
ip -n "$ns" link set vb down
start=$(ms_now)
out=$(in_ns "$DRIVER" carrier va 1000 2>&1); rc=$?
spent=$(( $(ms_now) - start ))
want="krgnet: wait for carrier on va: no carrier after 1 s"
if [ "$rc" = 111 ] && [ "$(grep -v '^waiting$' <<<"$out")" = "$want" ] && [ "$spent" -ge 1000 ]; then
    pass "no carrier: '$want' after $spent ms, exit 111"
else
    fail "no carrier: exit $rc after $spent ms, output: $out"
fi

# --- 600 addresses: a dump of several datagrams, read whole ---------------------------
# Each IPv4 RTM_NEWADDR is 76 bytes; once a socket has received into its
# 32 KiB buffer the kernel fills dump datagrams up to that size (200
# addresses, 15 KB, still fit in one): 600 make ~45 KB, two datagrams or
# more.  On a veth end: this kernel may have no dummy driver.
for i in $(seq 0 599); do echo "addr add 10.9.$((i / 200)).$((i % 200 + 1))/24 dev vb"; done | ip -n "$ns" -batch - || exit 1
ip -n "$ns" addr add 10.8.0.1/24 dev va  # another link's: not counted
out=$(in_ns "$DRIVER" addrs vb 2>&1); rc=$?
if [ "$rc" = 0 ] && [ "$out" = "600 addresses, 600 distinct" ]; then
    pass "600 addresses on vb: $out"
else
    fail "600 addresses on vb: exit $rc, output: $out"
fi

check_summary nl-carrier
