#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the kerrighed hooks; sourced after dracut-lib.sh.

# krgnet_enabled say|quiet: true when this boot asks for the Kerrighed
# network.  krgnet itself answers, by its own rules (krg.node=, else
# node_id=; /proc/cmdline with /etc/cmdline.d; krg.net= and net.conf): the
# first line of `krgnet plan --layout-only`.  Sets KRGNET_NODE to the id as
# given, "dhcp", or "?" when krgnet could not tell (a configuration it
# refuses: the next krgnet command says why, so this question says nothing:
# a boot shows krgnet's line once).  krg.net=0, or no node id at all:
# nothing to set up (said once, by the cmdline hook).
# shellcheck disable=SC2034
krgnet_enabled() {
    krgnet plan --layout-only > /tmp/krgnet-plan-layout.out 2> /dev/null
    KRGNET_NODE='?'
    read -r _krg_first < /tmp/krgnet-plan-layout.out
    case $_krg_first in
        "krgnet disabled"*)
            [ "$1" = quiet ] || info "kerrighed: krg.net=0, Kerrighed network disabled"
            return 1
            ;;
        "node: not set")
            [ "$1" = quiet ] || warn "kerrighed: no krg.node= (nor node_id=) on the command line, Kerrighed network not configured"
            return 1
            ;;
        "node: "*) KRGNET_NODE=${_krg_first#node: } ;;
    esac
    unset _krg_first
    return 0
}

# krgnet_run NAME ARGS...: run `krgnet ARGS...` with its output in
# /tmp/krgnet-NAME.out and .err, then show what it said on stderr (the
# console), as the BusyBox initramfs does.  On failure KRGNET_MSG holds
# krgnet's own error line (the last line starting `krgnet: `) and its
# status is returned.  The warnings of a run named plan... that passed stay
# in its .err file: `krgnet up` in pre-pivot reads the same sources and
# says them again, and a boot says each once.
# KRGNET_MSG must stay unexported: dracut's init word-splits `export -p`
# before switch_root and dies on the "krg.x=..." inside the message.
# shellcheck disable=SC2034
krgnet_run() {
    _krg_name=$1
    shift
    krgnet "$@" > "/tmp/krgnet-$_krg_name.out" 2> "/tmp/krgnet-$_krg_name.err"
    _krg_rc=$?
    KRGNET_MSG="krgnet: $* failed with status $_krg_rc"
    while read -r _krg_line || [ -n "$_krg_line" ]; do
        case "$_krg_name $_krg_rc $_krg_line" in plan*" 0 krgnet: warning: "*) continue ;; esac
        printf '%s\n' "$_krg_line" >&2
        case "$_krg_line" in krgnet:*) KRGNET_MSG=$_krg_line ;; esac
    done < "/tmp/krgnet-$_krg_name.err"
    unset _krg_name _krg_line
    return "$_krg_rc"
}

# krgnet_fail MESSAGE: stop or go on as krg.onerror= says; the default is
# halt, as in the BusyBox initramfs: a node without its cluster network
# must not come up.
#   halt      dracut's die: FATAL message, "Refusing to continue" (no shell
#             unless rd.shell=1 is given explicitly)
#   shell     FATAL message, then dracut's emergency shell (rd.shell=0: halt);
#             leaving the shell goes on booting
#   continue  warn and boot on without the Kerrighed network
krgnet_fail() {
    case "$(getarg krg.onerror=)" in
        continue)
            warn "$1"
            warn "kerrighed: krg.onerror=continue, booting on without the Kerrighed network"
            ;;
        shell)
            echo "<24>dracut: FATAL: $1" > /dev/kmsg
            emergency_shell -n kerrighed "$1"
            ;;
        *)
            die "$1"
            ;;
    esac
}
