// SPDX-License-Identifier: GPL-2.0-or-later
#include "nl/nft_expr.h"

namespace krg::nl::expr {

namespace {

constexpr uint16_t N = NLA_F_NESTED;

// NFTA_LIST_ELEM { NFTA_EXPR_NAME, NFTA_EXPR_DATA { ... } }: returns the two
// nests for end().
struct Open {
    nlattr* elem;
    nlattr* data;
};

Open start(NlBuf& b, const char* name) {
    nlattr* elem = b.nest_start(NFTA_LIST_ELEM | N);
    b.put_strz(NFTA_EXPR_NAME, name);
    return {elem, b.nest_start(NFTA_EXPR_DATA | N)};
}

void end(NlBuf& b, Open o) {
    b.nest_end(o.data);
    b.nest_end(o.elem);
}

}  // namespace

void data_value(NlBuf& b, uint16_t type, const void* data, size_t len) {
    nlattr* d = b.nest_start(type | N);
    b.put_attr(NFTA_DATA_VALUE, data, len);
    b.nest_end(d);
}

void meta_load(NlBuf& b, uint32_t key, uint32_t dreg) {
    Open o = start(b, "meta");
    b.put_be32(NFTA_META_KEY, key);
    b.put_be32(NFTA_META_DREG, dreg);
    end(b, o);
}

void meta_set(NlBuf& b, uint32_t key, uint32_t sreg) {
    Open o = start(b, "meta");
    b.put_be32(NFTA_META_KEY, key);
    b.put_be32(NFTA_META_SREG, sreg);
    end(b, o);
}

void cmp(NlBuf& b, uint32_t op, uint32_t sreg, const void* data, size_t len) {
    Open o = start(b, "cmp");
    b.put_be32(NFTA_CMP_SREG, sreg);
    b.put_be32(NFTA_CMP_OP, op);
    data_value(b, NFTA_CMP_DATA, data, len);
    end(b, o);
}

void payload_load(NlBuf& b, uint32_t base, uint32_t offset, uint32_t len, uint32_t dreg) {
    Open o = start(b, "payload");
    b.put_be32(NFTA_PAYLOAD_DREG, dreg);
    b.put_be32(NFTA_PAYLOAD_BASE, base);
    b.put_be32(NFTA_PAYLOAD_OFFSET, offset);
    b.put_be32(NFTA_PAYLOAD_LEN, len);
    end(b, o);
}

void payload_write(NlBuf& b, uint32_t base, uint32_t offset, uint32_t len, uint32_t sreg) {
    // No checksum attributes: the ARP header has none.
    Open o = start(b, "payload");
    b.put_be32(NFTA_PAYLOAD_SREG, sreg);
    b.put_be32(NFTA_PAYLOAD_BASE, base);
    b.put_be32(NFTA_PAYLOAD_OFFSET, offset);
    b.put_be32(NFTA_PAYLOAD_LEN, len);
    end(b, o);
}

void byteorder(NlBuf& b, uint32_t reg, uint32_t op, uint32_t len, uint32_t size) {
    Open o = start(b, "byteorder");
    b.put_be32(NFTA_BYTEORDER_SREG, reg);
    b.put_be32(NFTA_BYTEORDER_DREG, reg);
    b.put_be32(NFTA_BYTEORDER_OP, op);
    b.put_be32(NFTA_BYTEORDER_LEN, len);
    b.put_be32(NFTA_BYTEORDER_SIZE, size);
    end(b, o);
}

void ct_load(NlBuf& b, uint32_t key, uint32_t dreg) {
    Open o = start(b, "ct");
    b.put_be32(NFTA_CT_KEY, key);
    b.put_be32(NFTA_CT_DREG, dreg);
    end(b, o);
}

void bitwise_and(NlBuf& b, uint32_t reg, uint32_t mask) {
    constexpr uint32_t zero = 0;
    Open o = start(b, "bitwise");
    b.put_be32(NFTA_BITWISE_SREG, reg);
    b.put_be32(NFTA_BITWISE_DREG, reg);
    b.put_be32(NFTA_BITWISE_LEN, sizeof mask);
    data_value(b, NFTA_BITWISE_MASK, &mask, sizeof mask);
    data_value(b, NFTA_BITWISE_XOR, &zero, sizeof zero);
    end(b, o);
}

void jhash(NlBuf& b, uint32_t sreg, uint32_t len, uint32_t mod, uint32_t seed, uint32_t offset, uint32_t dreg) {
    Open o = start(b, "hash");
    b.put_be32(NFTA_HASH_SREG, sreg);
    b.put_be32(NFTA_HASH_DREG, dreg);
    b.put_be32(NFTA_HASH_LEN, len);
    b.put_be32(NFTA_HASH_MODULUS, mod);
    b.put_be32(NFTA_HASH_SEED, seed);
    b.put_be32(NFTA_HASH_OFFSET, offset);
    b.put_be32(NFTA_HASH_TYPE, NFT_HASH_JENKINS);
    end(b, o);
}

void lookup(NlBuf& b, uint32_t sreg, const char* set, uint32_t set_id) {
    Open o = start(b, "lookup");
    b.put_be32(NFTA_LOOKUP_SREG, sreg);
    b.put_strz(NFTA_LOOKUP_SET, set);
    b.put_be32(NFTA_LOOKUP_SET_ID, set_id);
    end(b, o);
}

void immediate(NlBuf& b, uint32_t dreg, const void* data, size_t len) {
    Open o = start(b, "immediate");
    b.put_be32(NFTA_IMMEDIATE_DREG, dreg);
    data_value(b, NFTA_IMMEDIATE_DATA, data, len);
    end(b, o);
}

void verdict(NlBuf& b, uint32_t code) {
    Open o = start(b, "immediate");
    b.put_be32(NFTA_IMMEDIATE_DREG, kRegVerdict);
    nlattr* d = b.nest_start(NFTA_IMMEDIATE_DATA | N);
    nlattr* v = b.nest_start(NFTA_DATA_VERDICT | N);
    b.put_be32(NFTA_VERDICT_CODE, code);
    b.nest_end(v);
    b.nest_end(d);
    end(b, o);
}

}  // namespace krg::nl::expr
