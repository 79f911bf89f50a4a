// SPDX-License-Identifier: GPL-2.0-or-later
// Reading the cluster-IP ruleset back (nft.h): the same three questions
// `nft list table ip krgnet` asks, parsed from bytes a test can record.
#include <arpa/inet.h>

#include <cerrno>
#include <cstring>

#include "nl/attr.h"
#include "nl/nft.h"

namespace krg::nl {

namespace {

constexpr size_t kSetNameSize = 32;  // "__set0"...

// Calls fn for every attribute nested in `nest` (lists repeat one type).
template <typename Fn>
bool each_attr(const nlattr* nest, Fn fn) {
    const uint8_t* p = attr_data(nest);
    size_t len = attr_len(nest);
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

bool be32(const nlattr* a, uint32_t* out) {
    if (!attr_u32(a, out)) return false;
    *out = ntohl(*out);
    return true;
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

// One expression of a rule; *daddr_next is set by a payload load of the
// IPv4 destination, so that the cmp after it is read as the cluster IP.
bool on_expr(const nlattr* elem, RuleCtx* c, bool* daddr_next, bool* has_lookup) {
    const nlattr* tb[NFTA_EXPR_MAX + 1];
    const nlattr* d[16];
    std::string_view name;
    if (!parse_nested(elem, tb, NFTA_EXPR_MAX) || !attr_str(tb[NFTA_EXPR_NAME], &name)) return false;
    if (!tb[NFTA_EXPR_DATA] || !parse_nested(tb[NFTA_EXPR_DATA], d, 15)) return false;
    uint32_t v = 0;
    if (name == "payload") {
        *daddr_next = be32(d[NFTA_PAYLOAD_OFFSET], &v) && v == 16 && !d[NFTA_PAYLOAD_SREG];
    } else if (name == "cmp" && *daddr_next) {
        if (!data_value(d[NFTA_CMP_DATA], &v, 4)) return false;
        c->seen->cip = ntohl(v);
        *daddr_next = false;
    } else if (name == "byteorder") {
        c->seen->host_order = true;
    } else if (name == "hash") {
        if (!be32(d[NFTA_HASH_SEED], &c->seen->seed)) return false;
    } else if (name == "lookup") {
        *has_lookup = attr_strcpy(d[NFTA_LOOKUP_SET], c->set, sizeof c->set);
    }
    return true;
}

Result<void> on_rule(const nlmsghdr* h, void* ctx) {
    auto* c = static_cast<RuleCtx*>(ctx);
    if (h->nlmsg_type != nft_type(NFT_MSG_NEWRULE)) return {};
    const nlattr* tb[NFTA_RULE_MAX + 1];
    if (!parse_attrs(h, sizeof(nfgenmsg), tb, NFTA_RULE_MAX) || !tb[NFTA_RULE_EXPRESSIONS])
        return reply_error("malformed NFT_MSG_NEWRULE");
    c->seen->rules++;
    bool daddr_next = false, has_lookup = false;
    ClusterRulesSeen before = *c->seen;
    if (!each_attr(tb[NFTA_RULE_EXPRESSIONS], [&](const nlattr* e) { return on_expr(e, c, &daddr_next, &has_lookup); }))
        return reply_error("malformed rule expression");
    if (has_lookup) c->seen->filter_rule = true;
    else c->seen->cip = before.cip, c->seen->seed = before.seed, c->seen->host_order = before.host_order;  // only the filter rule counts
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

Result<bool> has_table(Socket& s, uint8_t family, const char* object) {
    MsgBuf<64> req;
    build_get_table(req, family);
    auto r = s.transact(req, {"query cluster IP rules", object});
    if (r.ok()) return true;
    if (r.error().code == ENOENT) return false;
    return r.error();
}

}  // namespace

void build_get_table(NlBuf& b, uint8_t family) {
    get_msg(b, NFT_MSG_GETTABLE, NLM_F_REQUEST | NLM_F_ACK, family);
    b.put_strz(NFTA_TABLE_NAME, kNftTable);
}

void build_dump_rules(NlBuf& b) {
    get_msg(b, NFT_MSG_GETRULE, NLM_F_REQUEST | NLM_F_DUMP, kNfprotoIpv4);
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
    if (c.set[0]) copy_str(set, cap, c.set);
    return {};
}

Result<void> parse_elems_reply(const nlmsghdr* h, ClusterRulesSeen* seen) { return on_elems(h, seen); }

Result<ClusterRulesSeen> cluster_rules_query(Socket& s) {
    ClusterRulesSeen seen;
    seen.ip_table = TRY(has_table(s, kNfprotoIpv4, "table ip krgnet"));
    seen.arp_table = TRY(has_table(s, kNfprotoArp, "table arp krgnet"));
    if (!seen.ip_table) return seen;
    MsgBuf<64> req;
    build_dump_rules(req);
    RuleCtx c{&seen, {}};
    TRY(s.transact(req, {"query cluster IP rules", "table ip krgnet"}, on_rule, &c));
    if (!c.set[0]) return seen;
    req.reset();
    build_dump_set_elems(req, c.set);
    TRY(s.transact(req, {"query cluster IP rules", "the bucket set of table ip krgnet"}, on_elems, &seen));
    return seen;
}

}  // namespace krg::nl
