# SPDX-License-Identifier: GPL-2.0-or-later
# Static musl C++ toolchain: libstdc++'s headers (header-only types) on top of
# Debian's musl-dev, no libstdc++/libsupc++ runtime, no exceptions, no RTTI.
# Included by the top-level Makefile; defines MUSL_CXX, MUSL_CXXFLAGS, MUSL_LINK.

OPT          ?= -Oz -fno-inline-functions-called-once
GCC_VER      ?= $(shell $(CXX) -dumpversion | cut -d. -f1)
MUSL_INC     := /usr/include/x86_64-linux-musl
MUSL_LIB     := /usr/lib/x86_64-linux-musl
GCC_LIBDIR   := $(shell $(CXX) -print-file-name=)
KINC         := build/kinc

MUSL_CXX      := $(CXX)
MUSL_CXXFLAGS := -flto $(MUSL_EXTRA) -fno-pie -std=c++20 -fno-exceptions -fno-rtti -fno-threadsafe-statics \
                 -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector \
                 $(OPT) -ffunction-sections -fdata-sections \
                 -nostdinc -nostdinc++ \
                 -isystem /usr/include/c++/$(GCC_VER) \
                 -isystem /usr/include/x86_64-linux-gnu/c++/$(GCC_VER) \
                 -isystem $(MUSL_INC) -isystem $(KINC) \
                 -isystem $(GCC_LIBDIR)include \
                 '-D__GLIBC_PREREQ(a,b)=0' -D_GNU_SOURCE -DKRG_STATIC=1
# -fno-pie/-no-pie: a static executable at a fixed address needs no
# position-independent code, and its constant tables of pointers stay in
# .rodata (no relocations).  common-page-size=64: the data segment follows
# the text in the file without the page of padding ld adds to save a page
# of memory (up to 4 KiB of file for a few hundred bytes of data).
# -flto-partition=one: the whole program is optimised as one unit (the
# default splits it into two, and calls across them are never inlined nor
# merged): 416 bytes of the helper, the link stays a few seconds.
MUSL_LDFLAGS  := -flto -flto-partition=one $(OPT) -no-pie -static -nostdlib -nostartfiles -Wl,--gc-sections -Wl,-z,norelro -Wl,-z,noseparate-code \
                 -Wl,-z,common-page-size=64 -Wl,--build-id=none
MUSL_CRT_BEGIN := $(MUSL_LIB)/crt1.o $(MUSL_LIB)/crti.o
MUSL_CRT_END   := -L$(MUSL_LIB) -lc $(GCC_LIBDIR)libgcc.a $(MUSL_LIB)/crtn.o

# Kernel UAPI headers from linux-libc-dev, without glibc's headers beside them.
$(KINC)/.stamp:
	mkdir -p $(KINC)
	ln -sfn /usr/include/linux $(KINC)/linux
	ln -sfn /usr/include/asm-generic $(KINC)/asm-generic
	ln -sfn /usr/include/x86_64-linux-gnu/asm $(KINC)/asm
	touch $@
