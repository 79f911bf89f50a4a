// SPDX-License-Identifier: GPL-2.0-or-later
// nf_tables rule expressions as libnftnl encodes them (attribute order and
// NLA_F_NESTED flags as nft 1.0.6 sends them), for nl/nft.cpp.  Each call
// appends one NFTA_LIST_ELEM to the open NFTA_RULE_EXPRESSIONS nest.
#pragma once

#include <cstddef>
#include <cstdint>

#include "nl/msg.h"

namespace krg::nl::expr {

inline constexpr uint32_t kReg1 = 1, kReg2 = 2, kRegVerdict = 0;

void meta_load(NlBuf& b, uint32_t key, uint32_t dreg);
void meta_set(NlBuf& b, uint32_t key, uint32_t sreg);
void cmp(NlBuf& b, uint32_t op, uint32_t sreg, const void* data, size_t len);
void payload_load(NlBuf& b, uint32_t base, uint32_t offset, uint32_t len, uint32_t dreg);
void payload_write(NlBuf& b, uint32_t base, uint32_t offset, uint32_t len, uint32_t sreg);
// ntoh or hton (NFT_BYTEORDER_*) of len bytes in words of size bytes.
void byteorder(NlBuf& b, uint32_t reg, uint32_t op, uint32_t len, uint32_t size);
// ct KEY => dreg (original direction)
void ct_load(NlBuf& b, uint32_t key, uint32_t dreg);
// reg = (reg & mask) ^ 0, 4 bytes
void bitwise_and(NlBuf& b, uint32_t reg, uint32_t mask);
void jhash(NlBuf& b, uint32_t sreg, uint32_t len, uint32_t mod, uint32_t seed, uint32_t offset, uint32_t dreg);
void lookup(NlBuf& b, uint32_t sreg, const char* set, uint32_t set_id);
void immediate(NlBuf& b, uint32_t dreg, const void* data, size_t len);
void verdict(NlBuf& b, uint32_t code);

// NFTA_DATA_VALUE inside a nest of type `type`.
void data_value(NlBuf& b, uint16_t type, const void* data, size_t len);

}  // namespace krg::nl::expr
