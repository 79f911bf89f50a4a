#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Turns a Kconfig .config into the C++ header the code reads:
#   CONFIG_X=y      -> inline constexpr bool ENABLE_X = true;  #define KRG_X 1
#   # CONFIG_X is not set -> ENABLE_X = false;                 #define KRG_X 0
# (KRG_X only where a list must leave out a feature's symbol, which
# if constexpr cannot: the unit list.)
#   CONFIG_X=123    -> inline constexpr long CONFIG_X = 123;
#   CONFIG_X="str"  -> inline constexpr const char CONFIG_X[] = "str";
# and the version (debian/changelog's, the Makefile passes it):
#   #define KRG_VERSION "0.2"
# Usage: genconfig.sh .config VERSION > build/gen/generated/config.h
set -eu
config=$1
version=${2:-}
case $version in
    '' | *[!0-9A-Za-z.+~]*) echo "genconfig: bad version '$version' (from debian/changelog)" >&2; exit 1 ;;
esac
printf '// Generated from %s by toolchain/genconfig.sh; do not edit.\n#pragma once\n\n' "$config"
printf '#define KRG_VERSION "%s"\n' "$version"
awk '
/^CONFIG_[A-Za-z0-9_]+=y$/ { split($0, kv, "="); name = substr(kv[1], 8);
    printf "inline constexpr bool ENABLE_%s = true;\n#define KRG_%s 1\n", name, name; next }
/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { name = substr($2, 8);
    printf "inline constexpr bool ENABLE_%s = false;\n#define KRG_%s 0\n", name, name; next }
/^CONFIG_[A-Za-z0-9_]+=-?[0-9]+$/ { eq = index($0, "="); 
    printf "inline constexpr long %s = %s;\n", substr($0, 1, eq - 1), substr($0, eq + 1); next }
/^CONFIG_[A-Za-z0-9_]+=".*"$/ { eq = index($0, "=");
    printf "inline constexpr const char %s[] = %s;\n", substr($0, 1, eq - 1), substr($0, eq + 1); next }
/^#/ || /^$/ { next }
{ printf "genconfig: unrecognised line: %s\n", $0 > "/dev/stderr"; exit 1 }
' "$config"
