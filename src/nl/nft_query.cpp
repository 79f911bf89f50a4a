// SPDX-License-Identifier: GPL-2.0-or-later
// Reading the cluster-IP ruleset back (nft.h): the chains and rules of both
// tables in two dumps, then the bucket set, parsed from bytes a test can
// record; and the same parse of the batch krgnet would send, to compare.
#include <arpa/inet.h>

#include <cerrno>
#include <cstring>

#include "nl/attr.h"
#include "nl/nft.h"

namespace krg::nl {

namespace {

constexpr size_t kSetNameSize = 32;  // "__set0"...

// Calls fn for every attribute of p[0..len) (lists repeat one type).
template <typename Fn>
bool each_attr(const uint8_t* p, size_t len, Fn fn) {
    while (len >= NLA_HDRLEN) {
        auto* a = reinterpret_cast<const nlattr*>(p);
        if (a->nla_len < NLA_HDRLEN || a->nla_len > len) return false;
        if (!fn(a)) return false;
        size_t step = NLA_ALIGN(a->nla_len);
        if (step >= len) return true;
        p += step;
        len -= step;
    }
    return len == 0;
}
template <typename Fn>
bool each_attr(const nlattr* nest, Fn fn) { return each_attr(attr_data(nest), attr_len(nest), fn); }

// --- fingerprints --------------------------------------------------------------
// What krgnet sends and what the kernel lists differ in attribute order and
// in a few attributes one side adds; a fingerprint folds only what both
// carry, so the kernel's tables compare with the batch krgnet would send.
constexpr uint32_t kFnvBasis = 2166136261u, kFnvPrime = 16777619u;

uint32_t fnv(uint32_t h, const void* p, size_t n) {
    for (auto* b = static_cast<const uint8_t*>(p); n--; b++) h = (h ^ *b) * kFnvPrime;
    return h;
}

// The sum (so order-free) of the attributes' hashes but those in skip
// (a bit per type); those in nested are nests of nft data (a value or a
// verdict), folded in turn.  Nothing relies on NLA_F_NESTED: the kernel's
// dumps leave it out.
uint32_t fold(const uint8_t* p, size_t len, uint32_t nested, uint32_t skip) {
    uint32_t sum = 0;
    each_attr(p, len, [&](const nlattr* a) {
        uint16_t type = a->nla_type & NLA_TYPE_MASK;
        if (type < 32 && (skip >> type & 1)) return true;
        uint32_t h = fnv(kFnvBasis, &type, sizeof type);
        if (type < 32 && (nested >> type & 1)) h ^= fold(attr_data(a), attr_len(a), 1u << NFTA_DATA_VERDICT, 0) * kFnvPrime;
        else h = fnv(h, attr_data(a), attr_len(a));
        sum += h;
        return true;
    });
    return sum;
}

// Per expression: its nests of nft data, and what only one side sends
// (the kernel adds bitwise's operation and payload's checksum fields;
// a lookup names its set differently, and the set is compared by content).
struct ExprFold {
    const char* name;
    uint32_t nested, skip;
};
constexpr ExprFold kExprFolds[] = {
    {"cmp", 1u << NFTA_CMP_DATA, 0},
    {"immediate", 1u << NFTA_IMMEDIATE_DATA, 0},
    {"bitwise", 1u << NFTA_BITWISE_MASK | 1u << NFTA_BITWISE_XOR, 1u << NFTA_BITWISE_OP},
    {"payload", 0, 1u << NFTA_PAYLOAD_CSUM_TYPE | 1u << NFTA_PAYLOAD_CSUM_OFFSET | 1u << NFTA_PAYLOAD_CSUM_FLAGS},
    {"lookup", 0, ~0u},
};

uint32_t fold_expr(std::string_view name, const nlattr* data) {
    ExprFold f{nullptr, 0, 0};
    for (const ExprFold& e : kExprFolds)
        if (name == e.name) f = e;
    return fnv(kFnvBasis, name.data(), name.size()) + fold(attr_data(data), attr_len(data), f.nested, f.skip);
}

// The table (kIpTable / kArpTable) a message of ours is about, or nullptr.
NftTableSeen* table_of(const nlmsghdr* h, ClusterRulesSeen* seen, const nlattr* table_name) {
    std::string_view t;
    auto* g = reinterpret_cast<const nfgenmsg*>(msg_payload(h));
    if (!attr_str(table_name, &t) || t != kNftTable) return nullptr;
    if (g->nfgen_family == kNfprotoIpv4) return &seen->table[kIpTable];
    return g->nfgen_family == kNfprotoArp ? &seen->table[kArpTable] : nullptr;
}

// NFTA_DATA_VALUE of exactly len bytes inside the nest a.
bool data_value(const nlattr* a, void* out, size_t len) {
    const nlattr* tb[NFTA_DATA_MAX + 1];
    if (!a || !parse_nested(a, tb, NFTA_DATA_MAX) || !tb[NFTA_DATA_VALUE]) return false;
    if (attr_len(tb[NFTA_DATA_VALUE]) != len) return false;
    memcpy(out, attr_data(tb[NFTA_DATA_VALUE]), len);
    return true;
}

struct RuleCtx {
    ClusterRulesSeen* seen;
    char set[kSetNameSize];
};

// One expression of a rule: folded into *sig; a lookup names the bucket set.
bool on_expr(const nlattr* elem, RuleCtx* c, uint32_t* sig) {
    const nlattr* tb[NFTA_EXPR_MAX + 1];
    const nlattr* d[NFTA_LOOKUP_MAX + 1];
    std::string_view name;
    if (!parse_nested(elem, tb, NFTA_EXPR_MAX) || !attr_str(tb[NFTA_EXPR_NAME], &name) || !tb[NFTA_EXPR_DATA]) return false;
    *sig = *sig * kFnvPrime + fold_expr(name, tb[NFTA_EXPR_DATA]);
    if (name == "lookup" && parse_nested(tb[NFTA_EXPR_DATA], d, NFTA_LOOKUP_MAX))
        attr_strcpy(d[NFTA_LOOKUP_SET], c->set, sizeof c->set);
    return true;
}

Result<void> on_rule(const nlmsghdr* h, void* ctx) {
    auto* c = static_cast<RuleCtx*>(ctx);
    if (h->nlmsg_type != nft_type(NFT_MSG_NEWRULE)) return {};
    const nlattr* tb[NFTA_RULE_MAX + 1];
    if (!parse_attrs(h, sizeof(nfgenmsg), tb, NFTA_RULE_MAX) || !tb[NFTA_RULE_EXPRESSIONS])
        return reply_error("malformed NFT_MSG_NEWRULE");
    NftTableSeen* t = table_of(h, c->seen, tb[NFTA_RULE_TABLE]);
    if (!t) return {};
    t->rules++;
    uint32_t sig = tb[NFTA_RULE_CHAIN] ? fnv(kFnvBasis, attr_data(tb[NFTA_RULE_CHAIN]), attr_len(tb[NFTA_RULE_CHAIN])) : 0;
    if (!each_attr(tb[NFTA_RULE_EXPRESSIONS], [&](const nlattr* e) { return on_expr(e, c, &sig); }))
        return reply_error("malformed rule expression");
    t->rule_sig = t->rule_sig * kFnvPrime + sig;
    return {};
}

// A chain: its name, type, policy and hook (number, priority); not its
// handle, use count or flags.
Result<void> on_chain(const nlmsghdr* h, void* ctx) {
    auto* seen = static_cast<ClusterRulesSeen*>(ctx);
    if (h->nlmsg_type != nft_type(NFT_MSG_NEWCHAIN)) return {};
    const nlattr* tb[NFTA_CHAIN_MAX + 1];
    if (!parse_attrs(h, sizeof(nfgenmsg), tb, NFTA_CHAIN_MAX)) return reply_error("malformed NFT_MSG_NEWCHAIN");
    NftTableSeen* t = table_of(h, seen, tb[NFTA_CHAIN_TABLE]);
    if (!t) return {};
    t->present = true;
    t->chains++;
    constexpr uint32_t kKept = 1u << NFTA_CHAIN_NAME | 1u << NFTA_CHAIN_HOOK | 1u << NFTA_CHAIN_POLICY | 1u << NFTA_CHAIN_TYPE;
    t->chain_sig += fold(msg_payload(h) + sizeof(nfgenmsg), msg_payload_len(h) - sizeof(nfgenmsg), 1u << NFTA_CHAIN_HOOK, ~kKept);
    return {};
}

Result<void> on_elems(const nlmsghdr* h, void* ctx) {
    auto* seen = static_cast<ClusterRulesSeen*>(ctx);
    if (h->nlmsg_type != nft_type(NFT_MSG_NEWSETELEM)) return {};
    const nlattr* tb[NFTA_SET_ELEM_LIST_MAX + 1];
    if (!parse_attrs(h, sizeof(nfgenmsg), tb, NFTA_SET_ELEM_LIST_MAX)) return reply_error("malformed NFT_MSG_NEWSETELEM");
    if (!tb[NFTA_SET_ELEM_LIST_ELEMENTS]) return {};
    bool ok = each_attr(tb[NFTA_SET_ELEM_LIST_ELEMENTS], [&](const nlattr* e) {
        const nlattr* el[NFTA_SET_ELEM_MAX + 1];
        uint32_t b;
        if (!parse_nested(e, el, NFTA_SET_ELEM_MAX) || !data_value(el[NFTA_SET_ELEM_KEY], &b, 4)) return false;
        if (b >= 1 && b <= uint32_t(kBuckets)) seen->buckets = uint16_t(seen->buckets | 1u << (b - 1));
        return true;
    });
    return ok ? Result<void>{} : Result<void>{reply_error("malformed set element")};
}

void get_msg(NlBuf& b, uint16_t type, uint16_t flags, uint8_t family) {
    b.put_header(nft_type(type), flags);
    put_nfgen(b, family);
}

}  // namespace

void build_dump_chains(NlBuf& b) { get_msg(b, NFT_MSG_GETCHAIN, NLM_F_REQUEST | NLM_F_DUMP, kNfprotoUnspec); }

void build_dump_rules(NlBuf& b, uint8_t family) {
    get_msg(b, NFT_MSG_GETRULE, NLM_F_REQUEST | NLM_F_DUMP, family);
    b.put_strz(NFTA_RULE_TABLE, kNftTable);
}

void build_dump_set_elems(NlBuf& b, const char* set) {
    get_msg(b, NFT_MSG_GETSETELEM, NLM_F_REQUEST | NLM_F_DUMP, kNfprotoIpv4);
    b.put_strz(NFTA_SET_ELEM_LIST_SET, set);
    b.put_strz(NFTA_SET_ELEM_LIST_TABLE, kNftTable);
}

Result<void> parse_rules_reply(const nlmsghdr* h, ClusterRulesSeen* seen, char* set, size_t cap) {
    RuleCtx c{seen, {}};
    TRY(on_rule(h, &c));
    TRY(on_chain(h, seen));
    if (c.set[0]) copy_str(set, cap, c.set);
    return {};
}

Result<void> parse_elems_reply(const nlmsghdr* h, ClusterRulesSeen* seen) { return on_elems(h, seen); }

Result<ClusterRulesSeen> cluster_rules_query(Socket& s) {
    ClusterRulesSeen seen;
    RuleCtx c{&seen, {}};
    MsgBuf<64> req;
    auto dump = [&](ReplyFn fn, void* ctx) { return s.transact(req, {"query cluster IP rules", "tables ip/arp krgnet"}, fn, ctx); };
    build_dump_chains(req);
    TRY(dump(on_chain, &seen));
    for (uint8_t family : {kNfprotoIpv4, kNfprotoArp}) {  // a dump names one table: the first it finds
        req.reset();
        build_dump_rules(req, family);
        TRY(dump(on_rule, &c));
    }
    if (!c.set[0]) return seen;
    req.reset();
    build_dump_set_elems(req, c.set);
    TRY(dump(on_elems, &seen));
    return seen;
}

ClusterRulesSeen cluster_rules_planned(const ClusterRules& r) {
    ClusterRulesSeen seen;
    MsgBuf<kClusterBatchSize> b;
    build_cluster_install(b, r);
    RuleCtx c{&seen, {}};
    for (Msgs it(b.data(), b.size()); const nlmsghdr* h = it.next();) {
        MUST(on_chain(h, &seen));
        MUST(on_rule(h, &c));
        MUST(on_elems(h, &seen));
    }
    return seen;
}

}  // namespace krg::nl
