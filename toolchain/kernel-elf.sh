#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The uncompressed kernel inside a bzImage, for the VM tier's direct boots.
#
#   toolchain/kernel-elf.sh VMLINUZ OUT
#
# A bzImage holds the kernel compressed, behind a decompressor that runs
# first at every boot.  Under TCG that decompressor is emulated instruction
# by instruction: about 6 s of each boot of Debian's xz-compressed kernel.
# A kernel built with CONFIG_PVH carries an ELF note (Xen's PHYS32_ENTRY,
# note type 0x12) through which QEMU starts the uncompressed ELF directly
# (-kernel vmlinux): the same kernel, the same command line and initrd,
# without the decompression.
#
# This finds the compressed payload by its magic (xz, zstd or gzip),
# unpacks it, and writes OUT only when the result is an ELF with that note.
# Otherwise OUT is left empty and one line says so: tests/vm/run then boots
# the bzImage itself, a few seconds slower per VM.  PXE boots always load the
# bzImage (iPXE, as a node does).
set -uo pipefail
[ $# = 2 ] || { echo "usage: toolchain/kernel-elf.sh VMLINUZ OUT" >&2; exit 2; }
in=$1 out=$2
[ -r "$in" ] || { echo "kernel-elf: $in: not readable" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
tmp=$out.tmp
trap 'rm -f "$tmp"' EXIT

# first offset of a byte string (a grep -P pattern of \xNN) in the file
offset_of() {
    LC_ALL=C grep -aboP -m1 "$1" "$in" 2>/dev/null | head -n 1 | cut -d: -f1
}

has_pvh_note() {
    [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] &&
        readelf -n "$1" 2>/dev/null | grep -qE '^[[:space:]]*Xen[[:space:]]+0x[0-9a-f]+[[:space:]]+Unknown note type: \(0x00000012\)'
}

for kind in xz zstd gzip; do
    case $kind in
        xz)   magic='\xfd7zXZ\x00'  unpack='xz -dc --single-stream' ;;
        zstd) magic='\x28\xb5\x2f\xfd' unpack='zstd -dcq' ;;
        gzip) magic='\x1f\x8b\x08'   unpack='gzip -dcq' ;;
    esac
    off=$(offset_of "$magic")
    [ -n "$off" ] || continue
    # (trailing bytes after the stream make zstd and gzip complain: the
    # result is judged by its ELF header and note, not the exit status)
    tail -c +"$((off + 1))" "$in" | $unpack > "$tmp" 2> /dev/null
    if has_pvh_note "$tmp"; then
        mv "$tmp" "$out"
        echo "kernel-elf: $out: the uncompressed kernel of $in ($kind), PVH entry"
        exit 0
    fi
done
: > "$out"
echo "kernel-elf: $in: no uncompressed kernel with a PVH entry found; the VM tier boots the bzImage"
exit 0
