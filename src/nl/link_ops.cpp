// Link operations: build a request (link.cpp), transact, read the answer.
#include <cerrno>
#include <cstring>

#include "nl/attr.h"
#include "nl/link.h"

namespace krg::nl {

namespace {

constexpr size_t kReqSize = 256;  // the largest link request is ~120 bytes

Error bad_name(const char* step, const char* name) {
    return Error::system(EINVAL, step, name ? name : "", "interface name empty or longer than 15 characters");
}

bool name_ok(const char* name) { return name && name[0] && strlen(name) < kNameSize; }

struct GetCtx {
    LinkInfo* out;
    bool found;
};

Result<void> on_link(const nlmsghdr* h, void* ctx) {
    auto* c = static_cast<GetCtx*>(ctx);
    if (!parse_link(h, c->out)) return Error::system(EPROTO, "", "", "malformed RTM_NEWLINK reply");
    c->found = true;
    return {};
}

Result<std::optional<LinkInfo>> get(Socket& s, NlBuf& req, const What& what) {
    LinkInfo info;
    GetCtx c{&info, false};
    Result<void> r = s.transact(req, what, on_link, &c);
    if (!r) {
        if (r.error().code == ENODEV) return std::optional<LinkInfo>{};
        return r.error();
    }
    if (!c.found) return Error::system(EPROTO, what.step, what.object, "no RTM_NEWLINK in the reply");
    return std::optional<LinkInfo>{info};
}

void index_object(Writer& w, int ifindex, const char* name) {
    if (name) w.put(name);
    else w.put("ifindex ").put_int(ifindex);
}

}  // namespace

Result<std::optional<LinkInfo>> get_link(Socket& s, const char* name) {
    if (!name_ok(name)) return bad_name("find", name);
    MsgBuf<kReqSize> req;
    build_get_link(req, name);
    return get(s, req, {"find", name});
}

Result<std::optional<LinkInfo>> get_link(Socket& s, int ifindex) {
    MsgBuf<kReqSize> req;
    build_get_link(req, ifindex);
    Text<kErrObject> obj;
    index_object(obj, ifindex, nullptr);
    return get(s, req, {"find", obj.c_str()});
}

namespace {

struct DumpCtx {
    LinkFn fn;
    void* ctx;
};

Result<void> on_dump(const nlmsghdr* h, void* ctx) {
    auto* c = static_cast<DumpCtx*>(ctx);
    LinkInfo info;
    if (!parse_link(h, &info)) return Error::system(EPROTO, "", "", "malformed RTM_NEWLINK in the dump");
    c->fn(info, c->ctx);
    return {};
}

struct MacCtx {
    Mac mac;
    LinkInfo best;
    bool found;
};

void on_mac(const LinkInfo& l, void* ctx) {
    auto* c = static_cast<MacCtx*>(ctx);
    if (!l.has_mac || !(l.mac == c->mac)) return;
    if (!c->found || (c->best.kind[0] && !l.kind[0])) c->best = l;
    c->found = true;
}

}  // namespace

Result<void> dump_links(Socket& s, LinkFn fn, void* ctx) {
    MsgBuf<kReqSize> req;
    build_dump_links(req);
    DumpCtx c{fn, ctx};
    return s.transact(req, {"list", "links"}, on_dump, &c);
}

Result<std::optional<LinkInfo>> find_link_by_mac(Socket& s, const Mac& mac) {
    MacCtx c{mac, {}, false};
    TRY(dump_links(s, on_mac, &c));
    if (!c.found) return std::optional<LinkInfo>{};
    return std::optional<LinkInfo>{c.best};
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
    Text<kErrObject> obj;
    index_object(obj, ifindex, name);
    MsgBuf<kReqSize> req;
    build_set_up(req, ifindex, up);
    return s.transact(req, {up ? "bring up" : "bring down", obj.c_str()});
}

Result<void> delete_link(Socket& s, int ifindex, const char* name) {
    Text<kErrObject> obj;
    index_object(obj, ifindex, name);
    MsgBuf<kReqSize> req;
    build_del_link(req, ifindex);
    return s.transact(req, {"delete", obj.c_str()});
}

Result<void> delete_link(Socket& s, const char* name) {
    if (!name_ok(name)) return bad_name("delete", name);
    MsgBuf<kReqSize> req;
    build_del_link(req, name);
    return s.transact(req, {"delete", name});
}

Error& add_kind_hint(Error& e, LinkKind kind) {
    if (e.code == EOPNOTSUPP)
        e.hint(kind == LinkKind::vlan ? "is the 8021q module loaded?" : "is the macvlan module loaded?");
    return e;
}

}  // namespace krg::nl
