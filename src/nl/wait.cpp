#include "nl/wait.h"

#include <poll.h>

#include <cerrno>
#include <cstring>

#include "base/clock.h"
#include "nl/attr.h"

namespace krg::nl {

void LinkMatch::describe(Writer& w) const {
    if (by_mac) w.put("the NIC with MAC ").put_mac(mac);
    else w.put(name ? name : "?");
}

Result<std::optional<LinkInfo>> find_link(Socket& s, const LinkMatch& m) {
    if (m.by_mac) return find_link_by_mac(s, m.mac);
    return get_link(s, m.name);
}

bool LinkMatch::matches(const LinkInfo& l) const {
    if (by_mac) return l.has_mac && l.mac == mac;
    return name && strcmp(l.name, name) == 0;
}

Result<Socket> open_link_events() { return Socket::open(NETLINK_ROUTE, 1u << (kGroupLink - 1)); }

namespace {

// Step "wait for", object "eth0" or "the NIC with MAC ...".
ErrorRef wait_error(int code, const LinkMatch& m, const char* detail) {
    Text<kErrObject> obj;
    m.describe(obj);
    return request_error({"wait for", obj.c_str()}, code, detail);
}

// What one batch of queued events tells.
enum class Seen { nothing, link, lost };

// Reads the queued events: the first matching link goes to *out (Seen::link);
// Seen::lost when events were lost and the state must be read again.
Result<Seen> read_events(Socket& events, const LinkMatch& m, LinkInfo* out) {
    Seen seen = Seen::nothing;
    for (;;) {
        auto r = events.receive(false);
        if (!r) {
            int code = r.error().code;
            if (code == EAGAIN || code == EWOULDBLOCK) return seen;
            if (code != ENOBUFS) return r.release_error();
            if (seen == Seen::nothing) seen = Seen::lost;
            continue;
        }
        std::span<const uint8_t> d = r.value();
        for (Msgs it(d.data(), d.size()); const nlmsghdr* h = it.next();)
            if (seen != Seen::link && parse_link(h, out) && m.matches(*out)) seen = Seen::link;
    }
}

}  // namespace

Result<LinkInfo> wait_for_link(Socket& query, Socket& events, const LinkMatch& m, uint32_t timeout_ms) {
    const int64_t deadline = int64_t(monotonic_ms()) + timeout_ms;
    bool look = true;
    for (;;) {
        if (look) {
            auto found = find_link(query, m);
            if (!found) return found.release_error();
            if (found.value().has_value()) return *found.value();
            look = false;
        }
        int64_t left = deadline - int64_t(monotonic_ms());
        if (left <= 0) break;
        pollfd p{events.fd(), POLLIN, 0};
        int n = poll(&p, 1, int(left > INT32_MAX ? INT32_MAX : left));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return wait_error(errno, m, "");
        if (n == 0) break;
        LinkInfo link;
        Seen seen = TRY(read_events(events, m, &link));
        if (seen == Seen::link) return link;
        look = seen == Seen::lost;
    }
    Text<kErrDetail> d;
    d.put("not there after ").put_uint(timeout_ms / 1000);
    if (timeout_ms % 1000) d.put('.').put_uint(timeout_ms % 1000 / 100);
    d.put(" s");
    return wait_error(ETIMEDOUT, m, d.c_str());
}

Result<LinkInfo> wait_for_link(Socket& query, const LinkMatch& m, uint32_t timeout_ms) {
    Result<Socket> events = open_link_events();
    if (!events) return events.release_error();
    return wait_for_link(query, events.value(), m, timeout_ms);
}

}  // namespace krg::nl
