#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Checks the manual pages: mandoc's lint must find nothing at warning level
# or above, and the pages must name what the code defines.
#
#   man/lint.sh PAGE...
#
# 1. Self-test: a page with a known warning must make the lint fail, so a
#    mandoc that stopped reporting (or a wrong flag) cannot pass silently.
# 2. mandoc -Tlint -W warning on every PAGE (style notes such as "referenced
#    manual not found" depend on the manuals installed here and are shown by
#    `mandoc -Tlint PAGE`, not counted).
# 3. krgnet.conf.5 names every key of the key table (src/config/keys.cpp:
#    the krg.* name and the net.conf name), krgnet.8 every command, option and
#    format of the command-line table (KRGNET_SERVER --help, generated from
#    src/cli/options.cpp; default build/krgnet-server).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
[ $# -gt 0 ] || { echo "man-lint: no pages given" >&2; exit 2; }
command -v mandoc > /dev/null || { echo "man-lint: mandoc missing (make deps)" >&2; exit 1; }
failed=0

# --- 1. the lint can fail -------------------------------------------------------
tmp=$(mktemp -d /tmp/krgnet-manlint.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
printf '.Dd December 2, 2026\n.Dt BROKEN 1\n.Os\n.Sh NAME\n.Nm broken\n.Nd a page\n.Sh SEE ALSO\n.Xr b 8 ,\n.Xr a 1\n' > "$tmp/broken.1"
if mandoc -Tlint -W warning "$tmp/broken.1" > /dev/null 2>&1; then
    echo "FAIL man-lint self-test: a page with a warning passed the lint"
    failed=1
fi

# --- 2. mandoc ----------------------------------------------------------------------
for page in "$@"; do
    if out=$(mandoc -Tlint -W warning "$page" 2>&1) && [ -z "$out" ]; then
        echo "ok   $page: no mandoc warning"
    else
        echo "FAIL $page: mandoc -Tlint -W warning"
        printf '%s\n' "$out" | sed 's/^/     /'
        failed=1
    fi
done

# --- 3. the pages name what the code defines -------------------------------------------
# names_all PAGE WHAT NAME...: every NAME appears in the rendered PAGE.
names_all() {
    page=$1 what=$2
    shift 2
    text=$(mandoc -Tascii "$page" 2> /dev/null | col -b)
    missing=""
    for name in "$@"; do
        printf '%s\n' "$text" | grep -qF -- "$name" || missing="$missing $name"
    done
    if [ -z "$missing" ]; then
        echo "ok   $page names every $what ($#)"
    else
        echo "FAIL $page does not name these ${what}s:$missing"
        failed=1
    fi
}
for page in "$@"; do
    case $(basename "$page") in
        krgnet.conf.5)
            # {Key::x, "krg.x", "NAME", ...} rows of kKeys (either name may be nullptr); BOOTIF and ip too
            keys=$(sed -n 's/^ *{Key::[a-z_]*, *\(nullptr\|"\([^"]*\)"\), *\(nullptr\|"\([^"]*\)"\),.*/\2 \4/p' \
                "$top/src/config/keys.cpp")
            [ -n "$keys" ] || { echo "FAIL man-lint: no kKeys found in src/config/keys.cpp"; failed=1; }
            # shellcheck disable=SC2086
            names_all "$page" key $keys
            ;;
        krgnet.8)
            table=$("$top/tests/lib/help-table.sh" "${KRGNET_SERVER:-$top/build/krgnet-server}")
            cmds=$(printf '%s\n' "$table" | awk '$1 == "command" { print $2 }')
            opts=$(printf '%s\n' "$table" | awk '$1 == "option" { print $2 }')
            formats=$(printf '%s\n' "$table" | awk '$1 == "format" { for (i = 3; i <= NF; i++) print $i }' | sort -u)
            if [ -z "$cmds" ] || [ -z "$opts" ] || [ -z "$formats" ]; then
                echo "FAIL man-lint: no commands/options found in krgnet-server --help"
                failed=1
            fi
            # shellcheck disable=SC2086
            names_all "$page" "command or option" $cmds $opts
            # shellcheck disable=SC2086
            names_all "$page" "format" $formats
            ;;
    esac
done
exit "$failed"
