// SPDX-License-Identifier: GPL-2.0-or-later
/* The bucket the CLUSTERIP target gives a source address, as an oracle for
 * the nf_tables rule: written from the kernel's source, not from krgnet's.
 *   net/ipv4/netfilter/ipt_CLUSTERIP.c, clusterip_hashfn(), hash mode
 *     sourceip: hashval = jhash_1word(ntohl(iph->saddr), hash_initval);
 *     return reciprocal_scale(hashval, num_total_nodes) + 1;
 *     (hash_initval is 0 unless --hash-init is given; total nodes 16)
 *   include/linux/jhash.h: jhash_1word(a, initval) =
 *     __jhash_nwords(a, 0, 0, initval + JHASH_INITVAL + (1 << 2)), which adds
 *     initval to a, b and c and runs __jhash_final(a, b, c), returning c
 *   include/linux/kernel.h: reciprocal_scale(val, n) = ((u64)val * n) >> 32
 * usage: clusterip_oracle A.B.C.D...   prints "A.B.C.D BUCKET" per address */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>

#define JHASH_INITVAL 0xdeadbeefu
#define TOTAL_NODES 16u

static uint32_t rol32(uint32_t word, unsigned shift) { return (word << shift) | (word >> (32 - shift)); }

static uint32_t jhash_1word(uint32_t a, uint32_t initval) {
    uint32_t b = 0, c = 0;
    initval += JHASH_INITVAL + (1 << 2);
    a += initval;
    b += initval;
    c += initval;
    /* __jhash_final */
    c ^= b; c -= rol32(b, 14);
    a ^= c; a -= rol32(c, 11);
    b ^= a; b -= rol32(a, 25);
    c ^= b; c -= rol32(b, 16);
    a ^= c; a -= rol32(c, 4);
    b ^= a; b -= rol32(a, 14);
    c ^= b; c -= rol32(b, 24);
    return c;
}

static uint32_t reciprocal_scale(uint32_t val, uint32_t ep_ro) { return (uint32_t)(((uint64_t)val * ep_ro) >> 32); }

int main(int argc, char** argv) {
    for (int i = 1; i < argc; i++) {
        struct in_addr saddr;
        if (inet_pton(AF_INET, argv[i], &saddr) != 1) {
            fprintf(stderr, "clusterip_oracle: %s: not an IPv4 address\n", argv[i]);
            return 2;
        }
        printf("%s %u\n", argv[i], reciprocal_scale(jhash_1word(ntohl(saddr.s_addr), 0), TOTAL_NODES) + 1);
    }
    return 0;
}
