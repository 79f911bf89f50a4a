// SPDX-License-Identifier: GPL-2.0-or-later
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

// What a wait is for: a link that appears (wait_for_link) or the carrier of
// one (wait_for_carrier).  look() asks the kernel once; done() judges a
// link, from that answer or from an RTM_NEWLINK event.
struct Goal {
    Result<std::optional<LinkInfo>> (*look)(Socket& s, const void* ctx);
    bool (*done)(const LinkInfo& l, const void* ctx);
    const void* ctx;
};

// What one batch of queued events tells.
enum class Seen { nothing, link, lost };

// Reads the queued events: the first link meeting the goal goes to *out
// (Seen::link); Seen::lost when events were lost and the state must be read again.
Result<Seen> read_events(Socket& events, const Goal& g, LinkInfo* out) {
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
            if (seen != Seen::link && parse_link(h, out) && g.done(*out, g.ctx)) seen = Seen::link;
    }
}

// Subscribed first (events), then one look, then events until the goal is
// met or the CLOCK_MONOTONIC deadline passes; lost events (ENOBUFS) make it
// look again.  Empty on timeout; errors carry the failing request's text,
// a failed poll() gets `what`.
Result<std::optional<LinkInfo>> wait_until(Socket& query, Socket& events, const Goal& g, uint32_t timeout_ms,
                                           const What& what, bool look = true) {
    const int64_t deadline = int64_t(monotonic_ms()) + timeout_ms;
    for (;;) {
        if (look) {
            auto found = g.look(query, g.ctx);
            if (!found) return found.release_error();
            if (found.value().has_value() && g.done(*found.value(), g.ctx)) return found.value();
            look = false;
        }
        int64_t left = deadline - int64_t(monotonic_ms());
        if (left <= 0) return std::optional<LinkInfo>{};
        pollfd p{events.fd(), POLLIN, 0};
        int n = poll(&p, 1, int(left > INT32_MAX ? INT32_MAX : left));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return request_error(what, errno, "");
        if (n == 0) return std::optional<LinkInfo>{};
        LinkInfo link;
        Seen seen = TRY(read_events(events, g, &link));
        if (seen == Seen::link) return std::optional<LinkInfo>{link};
        look = seen == Seen::lost;
    }
}

// "... after 1.5 s" for the timeout messages.
void put_after(Writer& w, const char* what, uint32_t timeout_ms) {
    w.put(what).put(" after ").put_uint(timeout_ms / kMsPerS);
    if (timeout_ms % kMsPerS) w.put('.').put_uint(timeout_ms % kMsPerS / 100);
    w.put(" s");
}

Result<std::optional<LinkInfo>> look_match(Socket& s, const void* ctx) {
    return find_link(s, *static_cast<const LinkMatch*>(ctx));
}
bool is_match(const LinkInfo& l, const void* ctx) { return static_cast<const LinkMatch*>(ctx)->matches(l); }

struct CarrierCtx {
    int ifindex;
    bool gone;  // the link was not there when looked up
};
Result<std::optional<LinkInfo>> look_index(Socket& s, const void* ctx) {
    auto* c = static_cast<const CarrierCtx*>(ctx);
    auto r = get_link(s, c->ifindex);
    if (r.ok() && !r.value().has_value()) const_cast<CarrierCtx*>(c)->gone = true;
    return r;
}
bool carrier_on(const LinkInfo& l, const void* ctx) {
    return l.ifindex == static_cast<const CarrierCtx*>(ctx)->ifindex && has_carrier(l);
}

}  // namespace

Result<LinkInfo> wait_for_link(Socket& query, Socket& events, const LinkMatch& m, uint32_t timeout_ms) {
    Text<kErrObject> obj;
    m.describe(obj);
    const What what{"wait for", obj.c_str()};
    Goal g{look_match, is_match, &m};
    auto r = TRY(wait_until(query, events, g, timeout_ms, what));
    if (r.has_value()) return *r;
    Text<kErrDetail> d;
    put_after(d, "not there", timeout_ms);
    return request_error(what, ETIMEDOUT, d.c_str());
}

Result<LinkInfo> wait_for_link(Socket& query, const LinkMatch& m, uint32_t timeout_ms) {
    Result<Socket> events = open_link_events();
    if (!events) return events.release_error();
    return wait_for_link(query, events.value(), m, timeout_ms);
}

// <linux/if.h>'s IFF_UP and IFF_LOWER_UP (the C library's <net/if.h> lacks the latter).
inline constexpr unsigned kIffUp = 0x1, kIffLowerUp = 0x10000;

bool has_carrier(const LinkInfo& l) { return (l.flags & kIffUp) && (l.flags & kIffLowerUp); }

Result<uint32_t> wait_for_carrier(Socket& query, Socket& events, int ifindex, uint32_t timeout_ms) {
    const uint64_t start = monotonic_ms();
    // The name for messages, from the same lookup the wait starts with.
    auto first = TRY(get_link(query, ifindex));
    Text<kErrObject> obj;
    if (first.has_value()) obj.put(first->name);
    else obj.put("ifindex ").put_int(ifindex);
    const What what{"wait for carrier on", obj.c_str()};
    if (!first.has_value()) return request_error(what, ENODEV, "");
    CarrierCtx c{ifindex, false};
    if (carrier_on(*first, &c)) return 0u;
    // events was subscribed before that lookup: it was the first look.
    Goal g{look_index, carrier_on, &c};
    auto r = TRY(wait_until(query, events, g, timeout_ms, what, false));
    if (r.has_value()) return uint32_t(monotonic_ms() - start);
    if (c.gone) return request_error(what, ENODEV, "");
    Text<kErrDetail> d;
    put_after(d, "no carrier", timeout_ms);
    return request_error(what, ETIMEDOUT, d.c_str());
}

Result<uint32_t> wait_for_carrier(Socket& query, int ifindex, uint32_t timeout_ms) {
    Result<Socket> events = open_link_events();
    if (!events) return events.release_error();
    return wait_for_carrier(query, events.value(), ifindex, timeout_ms);
}

}  // namespace krg::nl
