#include "nl/wait.h"

#include <poll.h>
#include <time.h>

#include <cerrno>
#include <cstring>

#include "nl/attr.h"

namespace krg::nl {

bool LinkMatch::matches(const LinkInfo& l) const {
    if (by_mac) return l.has_mac && l.mac == mac;
    return name && strcmp(l.name, name) == 0;
}

Result<Socket> open_link_events() { return Socket::open(NETLINK_ROUTE, 1u << (kGroupLink - 1)); }

namespace {

int64_t now_ms() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

Result<std::optional<LinkInfo>> look_up(Socket& s, const LinkMatch& m) {
    if (m.by_mac) return find_link_by_mac(s, m.mac);
    return get_link(s, m.name);
}

void describe(Writer& w, const LinkMatch& m) {
    if (m.by_mac) w.put("the NIC with MAC ").put_mac(m.mac);
    else w.put(m.name ? m.name : "?");
}

// What one batch of queued events tells: the link, or that events were
// lost and the state must be read again.
struct Seen {
    bool found = false;
    bool lost = false;
    LinkInfo link;
};

Result<Seen> read_events(Socket& events, const LinkMatch& m) {
    Seen seen;
    for (;;) {
        auto r = events.receive(false);
        if (!r) {
            if (r.error().code == EAGAIN || r.error().code == EWOULDBLOCK) return seen;
            if (r.error().code == ENOBUFS) {
                seen.lost = true;
                continue;
            }
            return r.error();
        }
        std::span<const uint8_t> d = r.value();
        for (Msgs it(d.data(), d.size()); const nlmsghdr* h = it.next();) {
            LinkInfo l;
            if (h->nlmsg_type == RTM_NEWLINK && parse_link(h, &l) && m.matches(l) && !seen.found) {
                seen.found = true;
                seen.link = l;
            }
        }
    }
}

}  // namespace

Result<LinkInfo> wait_for_link(Socket& query, Socket& events, const LinkMatch& m, uint32_t timeout_ms) {
    const int64_t deadline = now_ms() + timeout_ms;
    Text<kErrObject> obj;
    describe(obj, m);
    bool look = true;
    for (;;) {
        if (look) {
            std::optional<LinkInfo> l = TRY(look_up(query, m));
            if (l.has_value()) return *l;
            look = false;
        }
        int64_t left = deadline - now_ms();
        if (left <= 0) break;
        pollfd p{events.fd(), POLLIN, 0};
        int n = poll(&p, 1, int(left > INT32_MAX ? INT32_MAX : left));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error::system(errno, "wait for", obj.c_str(), "");
        if (n == 0) break;
        Seen seen = TRY(read_events(events, m));
        if (seen.found) return seen.link;
        look = seen.lost;
    }
    Text<kErrDetail> d;
    d.put("not there after ").put_uint(timeout_ms / 1000);
    if (timeout_ms % 1000) d.put('.').put_uint(timeout_ms % 1000 / 100);
    d.put(" s");
    return Error::system(ETIMEDOUT, "wait for", obj.c_str(), d.c_str());
}

Result<LinkInfo> wait_for_link(Socket& query, const LinkMatch& m, uint32_t timeout_ms) {
    Socket events = TRY(open_link_events());
    return wait_for_link(query, events, m, timeout_ms);
}

}  // namespace krg::nl
