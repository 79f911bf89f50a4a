#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The command line's table as `krgnet-server --help` prints it (the help is
# generated from src/cli/options.cpp), one row per line:
#
#   command NAME
#   option NAME COMMAND...          (every command that takes it)
#   format COMMAND NAME...
#
#   tests/lib/help-table.sh build/krgnet-server
# The man pages' lint and the completion test compare against this.
set -eu
"${1:?usage: help-table.sh KRGNET-SERVER}" --help | awk '
    /^options/ { opts = 1; next }
    !opts && /^  [a-z]+ / { print "command", $1; cmds = cmds " " $1; next }
    opts && /^  --format for / {
        cmd = $3; sub(/:$/, "", cmd)
        line = "format " cmd
        for (i = 4; i <= NF; i++) { f = $i; sub(/\(\*\)$/, "", f); line = line " " f }
        print line; next
    }
    opts && /^  --[a-z-]+ / && $1 !~ /,$/ {
        taken = $0; sub(/.*\(/, "", taken); sub(/\).*/, "", taken)
        # "(*)" marks krgnet-server: the last parenthesis that is not it
        if ($0 ~ /\) \(\*\)$/) { taken = $0; sub(/\) \(\*\)$/, "", taken); sub(/.*\(/, "", taken) }
        if (taken == "all") taken = cmds
        gsub(/,| and /, " ", taken)
        print "option", $1, taken
    }'
