# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# How much slower than on an idle machine the VMs may run right now: the
# factor every wait of the VM tier and the demo is multiplied by (sourced by
# tests/vm/run, tests/vm/lib.sh and so the tests and the demo).
#
#   load_factor [EXTRA]   runnable tasks per core, counting EXTRA tasks about
#                         to start (the VMs of a test), rounded up; at least 1,
#                         at most VM_LOAD_MAX (6); VM_LOAD_FACTOR=N forces N
#   scaled SECONDS        SECONDS * $LOAD_FACTOR
#
# A TCG guest is one host thread that wants a whole core: on two cores shared
# with other jobs it runs at cores/runnable of its idle speed.  The runnable
# count is the larger of the 1-minute load average (recent history) and the
# tasks runnable at this instant (a batch that has just started).

load_factor() {
    if [ -n "${VM_LOAD_FACTOR:-}" ]; then
        echo "$VM_LOAD_FACTOR"
        return
    fi
    awk -v extra="${1:-0}" -v cpus="$(nproc)" -v max="${VM_LOAD_MAX:-6}" '{
        split($4, r, "/")
        run = r[1] - 1                        # less the awk reading this
        load = $1 > run ? $1 : run
        f = (load + extra) / cpus
        n = int(f); if (n < f) n++
        if (n < 1) n = 1
        if (n > max) n = max
        print n
    }' /proc/loadavg
}

scaled() { echo $(( $1 * ${LOAD_FACTOR:-1} )); }
