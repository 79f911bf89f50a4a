// SPDX-License-Identifier: GPL-2.0-or-later
// Link operations: build a request (link.cpp), transact, read the answer.
#include <cerrno>
#include <cstring>

#include "nl/attr.h"
#include "nl/link.h"

namespace krg::nl {

namespace {

constexpr size_t kReqSize = 256;  // the largest link request is ~120 bytes

Error bad_name(const char* step, const char* name) {
    return request_error({step, name}, EINVAL, "not an interface name (1..15 characters)");
}

bool name_ok(const char* name) { return name && name[0] && strlen(name) < kIfNameSize; }

// "eth0", or "ifindex 3" when the name is not known.
void index_object(Writer& w, int ifindex, const char* name) {
    if (name) w.put(name);
    else w.put("ifindex ").put_int(ifindex);
}

// Sends a request about one link; its errors name the link.
Result<void> link_request(Socket& s, NlBuf& req, const char* step, int ifindex, const char* name) {
    Text<kErrObject> obj;
    index_object(obj, ifindex, name);
    return s.transact(req, {step, obj.c_str()});
}

Result<void> on_link(const nlmsghdr* h, void* ctx) {
    auto* link = static_cast<std::optional<LinkInfo>*>(ctx);
    if (!parse_link(h, &link->emplace())) return reply_error("malformed RTM_NEWLINK");
    return {};
}

// Not found (ENODEV) is an empty optional.
Result<std::optional<LinkInfo>> get(Socket& s, NlBuf& req, int ifindex, const char* name) {
    Text<kErrObject> obj;
    index_object(obj, ifindex, name);
    const What what{"find", obj.c_str()};
    std::optional<LinkInfo> link;
    Result<void> r = s.transact(req, what, on_link, &link);
    if (!r) {
        if (r.error().code == ENODEV) return std::optional<LinkInfo>{};
        return r.release_error();
    }
    if (!link.has_value()) return request_error(what, EPROTO, "no RTM_NEWLINK in the reply");
    return link;
}

}  // namespace

Result<std::optional<LinkInfo>> get_link(Socket& s, const char* name) {
    if (!name_ok(name)) return bad_name("find", name);
    MsgBuf<kReqSize> req;
    build_get_link(req, name);
    return get(s, req, 0, name);
}

Result<std::optional<LinkInfo>> get_link(Socket& s, int ifindex) {
    MsgBuf<kReqSize> req;
    build_get_link(req, ifindex);
    return get(s, req, ifindex, nullptr);
}

namespace {

struct DumpCtx {
    LinkFn fn;
    void* ctx;
};

Result<void> on_dump(const nlmsghdr* h, void* ctx) {
    auto* c = static_cast<DumpCtx*>(ctx);
    LinkInfo info;
    if (!parse_link(h, &info)) return reply_error("malformed RTM_NEWLINK");
    c->fn(info, c->ctx);
    return {};
}

struct MacCtx {
    Mac mac;
    std::optional<LinkInfo> best;
};

void on_mac(const LinkInfo& l, void* ctx) {
    auto* c = static_cast<MacCtx*>(ctx);
    if (!l.has_mac || !(l.mac == c->mac)) return;
    if (!c->best.has_value() || (c->best->kind[0] && !l.kind[0])) c->best = l;
}

}  // namespace

Result<void> dump_links(Socket& s, LinkFn fn, void* ctx) {
    MsgBuf<kReqSize> req;
    build_dump_links(req);
    DumpCtx c{fn, ctx};
    return s.transact(req, {"list", "links"}, on_dump, &c);
}

Result<std::optional<LinkInfo>> find_link_by_mac(Socket& s, const Mac& mac) {
    MacCtx c{mac, {}};
    TRY(dump_links(s, on_mac, &c));
    return c.best;
}

Result<void> create_link(Socket& s, const NewLink& l) {
    Text<kErrObject> obj;
    describe_new_link(obj, l);
    if (!name_ok(l.name)) return bad_name("create", obj.c_str());
    MsgBuf<kReqSize> req;
    build_new_link(req, l);
    return s.transact(req, {"create", obj.c_str()});
}

Result<void> set_link_up(Socket& s, int ifindex, const char* name, bool up) {
    MsgBuf<kReqSize> req;
    build_set_up(req, ifindex, up);
    return link_request(s, req, up ? "bring up" : "bring down", ifindex, name);
}

Result<void> delete_link(Socket& s, int ifindex, const char* name) {
    MsgBuf<kReqSize> req;
    build_del_link(req, ifindex);
    return link_request(s, req, "delete", ifindex, name);
}

Result<void> move_link(Socket& s, int ifindex, int netns_fd, const char* name) {
    MsgBuf<kReqSize> req;
    build_set_netns(req, ifindex, netns_fd);
    return link_request(s, req, "move", ifindex, name);
}

Result<void> delete_link(Socket& s, const char* name) {
    if (!name_ok(name)) return bad_name("delete", name);
    MsgBuf<kReqSize> req;
    build_del_link(req, name);
    return link_request(s, req, "delete", 0, name);
}

Result<void> set_master_up(Socket& s, const char* name, int master) {
    MsgBuf<kReqSize> req;
    build_set_master_up(req, name, master);
    return link_request(s, req, "join", 0, name);
}

Error& add_kind_hint(Error& e, LinkKind kind) {
    static constexpr const char* kModules[] = {"is the 8021q module loaded?", "is the macvlan module loaded?",
                                               "is the veth module loaded?"};  // LinkKind's order
    if (e.code == EOPNOTSUPP) e.hint(kModules[size_t(kind)]);
    return e;
}

}  // namespace krg::nl
