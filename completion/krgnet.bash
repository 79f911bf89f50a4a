# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for krgnet(8)                              -*- shell-script -*-
#
# Commands, options, --format values per command, files and directories for
# the options that take them, and krg.* keys (with their fixed values) inside
# --cmdline.  Needs nothing from the bash-completion package.
# Installed as $(PREFIX)/share/bash-completion/completions/krgnet.

# The kernel command line keys (src/config/config.h, kKeys; tests/install/run
# checks that both lists agree).
_krgnet_keys="krg.node= krg.phys= krg.virt= krg.vlan= krg.mac= krg.prefix= krg.mtu=
    krg.clusterip= krg.clustermac= krg.nodes= krg.isolate= krg.netns= krg.timeout=
    krg.kind= krg.bridge= krg.net= krg.dad= krg.clusterip_backend= krg.onerror= BOOTIF= ip= node_id="

# _krgnet_key_values PARAM: the values offered after "key=" for PARAM.
_krgnet_key_values() {
    case $1 in
        krg.node=*) echo "dhcp 1 2 3 4 254" ;;
        krg.phys=*) echo "bootif $(ls /sys/class/net 2> /dev/null)" ;;
        krg.bridge=*) # the bridges there are
            local b
            for b in /sys/class/net/*/bridge; do [ -d "$b" ] && b=${b%/bridge} && echo "${b##*/}"; done ;;
        krg.kind=*) echo "vlan veth macvlan" ;;
        krg.clusterip_backend=*) echo "auto nft clusterip" ;;
        krg.onerror=*) echo "halt shell continue" ;;
        krg.mtu=*) echo "auto" ;;
        krg.isolate=* | krg.net=*) echo "1 0 yes no true false on off" ;;
    esac
}

# _krgnet_formats COMMAND: the --format values COMMAND takes.
_krgnet_formats() {
    case $1 in
        plan) echo "text env ip nft json networkd ifupdown" ;;
        table) echo "text json hosts ethers dnsmasq" ;;
    esac
}

# _krgnet_options COMMAND: the options COMMAND takes.
_krgnet_options() {
    local sources="--cmdline --cmdline-file --conf --lease"
    case $1 in
        plan) echo "$sources --format --layout-only" ;;
        table) echo "$sources --format --names --macs --boot-prefix" ;;
        up) echo "$sources --replace --state-dir" ;;
        status) echo "$sources --state-dir --json" ;;
        down | nodes) echo "$sources --state-dir" ;;
        attach) echo "$sources --state-dir --netns-path --replace" ;;
        buckets) echo "$sources --state-dir --live" ;;
        watch) echo "$sources --state-dir" ;;
        *) echo "$sources --format --replace --state-dir --help --version" ;;
    esac
}

_krgnet() {
    local cur prev cmd word i
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=""
    [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}

    # the command, if one was typed already (values of options skipped)
    cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
            --cmdline | --cmdline-file | --conf | --lease | --state-dir | --format | --netns-path | \
                --names | --macs | --boot-prefix | --live) ((i++)) ;;
            -*) ;;
            *) cmd=$word; break ;;
        esac
    done

    case $prev in
        --conf | --cmdline-file | --lease | --netns-path | --macs)
            compopt -o filenames 2> /dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return 0
            ;;
        --state-dir)
            compopt -o filenames 2> /dev/null
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            return 0
            ;;
        --format)
            mapfile -t COMPREPLY < <(compgen -W "$(_krgnet_formats "${cmd:-plan}")" -- "$cur")
            return 0
            ;;
        --cmdline)
            # the last blank-separated parameter of the (quoted) value
            local head="" param=$cur q=""
            case $param in \'* | \"*) q=${param:0:1} param=${param:1} ;; esac
            case $param in *" "*) head="${param% *} " param=${param##* } ;; esac
            local -a list
            case $param in
                *=*) mapfile -t list < <(compgen -P "${param%%=*}=" -W "$(_krgnet_key_values "$param")" -- "${param#*=}") ;;
                *) mapfile -t list < <(compgen -W "$_krgnet_keys" -- "$param") ;;
            esac
            compopt -o nospace 2> /dev/null
            for word in "${list[@]}"; do COMPREPLY+=("$q$head$word"); done
            return 0
            ;;
    esac

    if [ -z "$cmd" ]; then
        case $cur in
            -*) mapfile -t COMPREPLY < <(compgen -W "$(_krgnet_options "") " -- "$cur") ;;
            *) mapfile -t COMPREPLY < <(compgen -W "plan table up down status nodes attach buckets watch" -- "$cur") ;;
        esac
    else
        mapfile -t COMPREPLY < <(compgen -W "$(_krgnet_options "$cmd")" -- "$cur")
    fi
    return 0
}
complete -F _krgnet krgnet krgnet-server
