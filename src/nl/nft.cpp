// SPDX-License-Identifier: GPL-2.0-or-later
// The cluster-IP batches (nft.h); the read-back is in nft_query.cpp and the
// expression encodings in nft_expr.cpp.
#include "nl/nft.h"

#include <arpa/inet.h>
#include <linux/netfilter.h>

#include <cstring>

#include "base/text.h"
#include "nl/link.h"
#include "nl/nft_expr.h"

namespace krg::nl {

namespace {

using namespace expr;

constexpr uint16_t N = NLA_F_NESTED;
constexpr uint16_t kAck = NLM_F_REQUEST | NLM_F_ACK;  // + ACK: README deviation
constexpr char kAnonSet[] = "__set%d";   // the kernel picks the number
constexpr uint32_t kSetId = 1;           // ties the lookup to the set in this batch
constexpr int32_t kPrioMangle = -150;    // NF_IP_PRI_MANGLE
constexpr uint32_t kLoIfindex = 1;       // loopback is ifindex 1 in every namespace
constexpr uint8_t kPacketHost = 0;       // PACKET_HOST
constexpr uint32_t kCtRelated = 4;       // NF_CT_STATE_BIT(IP_CT_RELATED)
constexpr uint32_t kZero = 0;
// Offsets in the IPv4 header and in an Ethernet/IPv4 ARP packet.
constexpr uint32_t kIpSaddr = 12, kIpDaddr = 16, kArpSha = 8, kArpSpa = 14;

void msg(NlBuf& b, uint16_t type, uint16_t flags, uint8_t family) {
    b.put_header(nft_type(type), flags);
    put_nfgen(b, family);
}

void table(NlBuf& b, uint16_t type, uint8_t family) {
    msg(b, type, kAck, family);
    b.put_strz(NFTA_TABLE_NAME, kNftTable);
    if (type == NFT_MSG_NEWTABLE) b.put_be32(NFTA_TABLE_FLAGS, 0);
}

// add table; delete table: leaves no table of that family, whatever existed.
void drop_table(NlBuf& b, uint8_t family) {
    table(b, NFT_MSG_NEWTABLE, family);
    table(b, NFT_MSG_DELTABLE, family);
}

void chain(NlBuf& b, uint8_t family, const char* name, uint32_t hook, int32_t prio) {
    msg(b, NFT_MSG_NEWCHAIN, kAck | NLM_F_CREATE, family);
    b.put_strz(NFTA_CHAIN_TABLE, kNftTable);
    b.put_strz(NFTA_CHAIN_NAME, name);
    b.put_strz(NFTA_CHAIN_TYPE, "filter");
    b.put_be32(NFTA_CHAIN_POLICY, NF_ACCEPT);
    nlattr* h = b.nest_start(NFTA_CHAIN_HOOK | N);
    b.put_be32(NFTA_HOOK_HOOKNUM, hook);
    b.put_be32(NFTA_HOOK_PRIORITY, uint32_t(prio));
    b.nest_end(h);
}

nlattr* rule_start(NlBuf& b, uint8_t family, const char* chain_name) {
    msg(b, NFT_MSG_NEWRULE, kAck | NLM_F_CREATE | NLM_F_APPEND, family);
    b.put_strz(NFTA_RULE_TABLE, kNftTable);
    b.put_strz(NFTA_RULE_CHAIN, chain_name);
    return b.nest_start(NFTA_RULE_EXPRESSIONS | N);
}

// nft's record of the set key's type (NFTA_SET_USERDATA), so that `nft list`
// prints the set as "jhash ip saddr mod 16 seed 0x0 offset 1 { ... }": TLVs
// of (type u8, len u8, value): key byte order = host, then "typeof" = the
// hash expression (kind 0x18) with its type, seed-given flag, mod, seed,
// offset.
struct Tlv {
    uint8_t type, len;
    uint32_t v;
} __attribute__((packed));
constexpr struct {
    Tlv order;
    uint8_t typeof_type, typeof_len;
    Tlv kind;
    uint8_t data_type, data_len;
    Tlv hash[5];
} __attribute__((packed)) kSetUserdata = {
    {0, 4, 1}, 3, 38, {0, 4, 0x18}, 1, 30,
    {{0, 4, NFT_HASH_JENKINS}, {1, 4, 1}, {2, 4, kBuckets}, {3, 4, kClusterSeed}, {4, 4, 1}},
};

void bucket_set(NlBuf& b, uint16_t buckets) {
    uint32_t n = uint32_t(__builtin_popcount(buckets));
    msg(b, NFT_MSG_NEWSET, kAck | NLM_F_CREATE, kNfprotoIpv4);
    b.put_strz(NFTA_SET_TABLE, kNftTable);
    b.put_strz(NFTA_SET_NAME, kAnonSet);
    b.put_be32(NFTA_SET_FLAGS, NFT_SET_ANONYMOUS | NFT_SET_CONSTANT);
    b.put_be32(NFTA_SET_KEY_TYPE, 4);  // nft's "integer"
    b.put_be32(NFTA_SET_KEY_LEN, 4);
    b.put_be32(NFTA_SET_ID, kSetId);
    nlattr* desc = b.nest_start(NFTA_SET_DESC | N);
    b.put_be32(NFTA_SET_DESC_SIZE, n);
    b.nest_end(desc);
    b.put_attr(NFTA_SET_USERDATA, &kSetUserdata, sizeof kSetUserdata);

    msg(b, NFT_MSG_NEWSETELEM, kAck | NLM_F_CREATE, kNfprotoIpv4);
    b.put_strz(NFTA_SET_ELEM_LIST_TABLE, kNftTable);
    b.put_strz(NFTA_SET_ELEM_LIST_SET, kAnonSet);
    b.put_be32(NFTA_SET_ELEM_LIST_SET_ID, kSetId);
    nlattr* list = b.nest_start(NFTA_SET_ELEM_LIST_ELEMENTS | N);
    uint16_t i = 0;  // libnftnl numbers the elements 1, 2, ... instead of NFTA_LIST_ELEM
    for (uint32_t bucket = 1; bucket <= uint32_t(kBuckets); bucket++) {
        if (!(buckets >> (bucket - 1) & 1)) continue;
        nlattr* e = b.nest_start(uint16_t(++i | N));
        data_value(b, NFTA_SET_ELEM_KEY, &bucket, sizeof bucket);  // host order, as the hash writes it
        b.nest_end(e);
    }
    b.nest_end(list);
}

// iifname NAME ip daddr CIP
void to_cip_on(NlBuf& b, const char* name, uint32_t cip_be) {
    meta_load(b, NFT_META_IIFNAME, kReg1);
    cmp(b, NFT_CMP_EQ, kReg1, name, kIfNameSize);
    payload_load(b, NFT_PAYLOAD_NETWORK_HEADER, kIpDaddr, 4, kReg1);
    cmp(b, NFT_CMP_EQ, kReg1, &cip_be, 4);
}

// meta pkttype set host accept
void accept_as_host(NlBuf& b) {
    immediate(b, kReg1, &kPacketHost, 1);
    meta_set(b, NFT_META_PKTTYPE, kReg1);
    verdict(b, NF_ACCEPT);
}

void ip_table(NlBuf& b, const ClusterRules& r) {
    uint32_t cip = htonl(r.cip);
    table(b, NFT_MSG_NEWTABLE, kNfprotoIpv4);
    chain(b, kNfprotoIpv4, "prerouting", NF_INET_PRE_ROUTING, kPrioMangle);
    bucket_set(b, r.buckets);

    nlattr* e = rule_start(b, kNfprotoIpv4, "prerouting");
    char name[kIfNameSize] = {};  // zero-padded: the kernel compares all IFNAMSIZ bytes
    copy_str(name, std::string_view(r.ifname).substr(0, sizeof name - 1));
    to_cip_on(b, name, cip);
    payload_load(b, NFT_PAYLOAD_NETWORK_HEADER, kIpSaddr, 4, kReg2);
    // CLUSTERIP's hash: jhash_1word(ntohl(saddr), 0).  jhash() of 4 bytes
    // reads them little-endian, so the address is byte-swapped first (on a
    // little-endian host; README.md: the one step nft cannot be asked for).
    byteorder(b, kReg2, NFT_BYTEORDER_NTOH, 4, 4);
    jhash(b, kReg2, 4, kBuckets, kClusterSeed, 1, kReg1);
    lookup(b, kReg1, kAnonSet, kSetId);
    accept_as_host(b);
    b.nest_end(e);

    // ICMP errors (and anything else conntrack relates) go to the node whose
    // connection they quote, as CLUSTERIP lets them through there.
    e = rule_start(b, kNfprotoIpv4, "prerouting");
    to_cip_on(b, name, cip);
    ct_load(b, NFT_CT_STATE, kReg1);
    bitwise_and(b, kReg1, kCtRelated);
    cmp(b, NFT_CMP_NEQ, kReg1, &kZero, 4);
    accept_as_host(b);
    b.nest_end(e);

    e = rule_start(b, kNfprotoIpv4, "prerouting");
    meta_load(b, NFT_META_IIF, kReg1);
    cmp(b, NFT_CMP_NEQ, kReg1, &kLoIfindex, 4);
    payload_load(b, NFT_PAYLOAD_NETWORK_HEADER, kIpDaddr, 4, kReg1);
    cmp(b, NFT_CMP_EQ, kReg1, &cip, 4);
    verdict(b, NF_DROP);
    b.nest_end(e);
}

void arp_table(NlBuf& b, const ClusterRules& r) {
    uint32_t cip = htonl(r.cip);
    table(b, NFT_MSG_NEWTABLE, kNfprotoArp);
    chain(b, kNfprotoArp, "output", 1 /* NF_ARP_OUT */, 0);
    nlattr* e = rule_start(b, kNfprotoArp, "output");
    payload_load(b, NFT_PAYLOAD_NETWORK_HEADER, kArpSpa, 4, kReg1);
    cmp(b, NFT_CMP_EQ, kReg1, &cip, 4);
    immediate(b, kReg1, r.cmac.b, 6);
    payload_write(b, NFT_PAYLOAD_NETWORK_HEADER, kArpSha, 6, kReg1);
    b.nest_end(e);
}

}  // namespace

void build_cluster_install(NlBuf& b, const ClusterRules& r) {
    batch_begin(b);
    drop_table(b, kNfprotoIpv4);
    ip_table(b, r);
    drop_table(b, kNfprotoArp);
    arp_table(b, r);
    batch_end(b);
}

void build_cluster_remove(NlBuf& b) {
    batch_begin(b);
    drop_table(b, kNfprotoIpv4);
    drop_table(b, kNfprotoArp);
    batch_end(b);
}

Result<void> cluster_rules_install(Socket& s, const ClusterRules& r) {
    Text<kErrObject> obj;
    obj.put("tables ip/arp krgnet for ").put_ip4(r.cip).put(" on ").put(r.ifname);
    MsgBuf<kClusterBatchSize> req;
    build_cluster_install(req, r);
    return s.transact(req, {"install cluster IP rules", obj.c_str()});
}

Result<void> cluster_rules_remove(Socket& s) {
    MsgBuf<256> req;
    build_cluster_remove(req);
    return s.transact(req, {"remove cluster IP rules", "tables ip/arp krgnet"});
}

}  // namespace krg::nl
