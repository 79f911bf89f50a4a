# SPDX-License-Identifier: GPL-2.0-or-later
# krg0 attached to a container that still runs is not taken by an attach to
# another one: exit 111 naming the PID that holds it, krg0 stays; with
# --replace it moves.  A container that is gone is not running: its krg0
# goes to the next attach without --replace.
stand_in() {
    ip netns exec "${PFX}n4" "$@" >/dev/null 2>&1 &
    local pid=$! i
    for i in $(seq 100); do
        [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ] && break
        sleep 0.1
    done
    echo "$pid"
}
has_krg0() { nsenter -t "$1" -n ip -o link show krg0 >/dev/null 2>&1 && echo yes || echo no; }

mk_node 4
krg 4 up 2>/dev/null; expect_eq "up" "$?" 0
first=$(stand_in unshare --net sleep 600)
second=$(stand_in unshare --net sleep 600)
third=$(stand_in unshare --net sleep 600)
trap 'kill $first $second $third 2>/dev/null; cleanup' EXIT
krg 4 attach "$first" 2>/dev/null; expect_eq "attach to the first container" "$?" 0
krg 4 attach "$second" 2>"$TMP/err"; expect_eq "attach to a second while the first runs" "$?" 111
expect_eq "says who holds it" "$(cat "$TMP/err")" \
    "krgnet: attach PID $second: krg0 belongs to the running container of PID $first (krgnet attach --replace takes it)"
expect_eq "krg0 stays with the first" "$(has_krg0 "$first")/$(has_krg0 "$second")" "yes/no"
krg 4 attach "$second" --replace 2>/dev/null; expect_eq "attach --replace" "$?" 0
expect_eq "krg0 moved to the second" "$(has_krg0 "$first")/$(has_krg0 "$second")" "no/yes"
# (not this shell's child: wait until its namespace is gone with it)
kill "$second"; wait_for 100 eval "! readlink /proc/$second/ns/net >/dev/null 2>&1"
krg 4 attach "$third" 2>/dev/null; expect_eq "attach once the second is gone" "$?" 0
expect_eq "krg0 in the third" "$(has_krg0 "$third")" "yes"
krg 4 status >/dev/null 2>&1; expect_eq "status" "$?" 0
kill "$first" "$third"
krg 4 down 2>/dev/null; expect_eq "down" "$?" 0
expect_clean 4
