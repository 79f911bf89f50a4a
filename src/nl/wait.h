// Waiting for a link to appear (the parent NIC whose driver is still
// loading) without polling in a sleep loop:
//   1. an event socket is subscribed to RTNLGRP_LINK first,
//   2. then the link is looked up once (RTM_GETLINK / a dump for a MAC),
//   3. then poll() on the event socket until an RTM_NEWLINK matches or the
//      CLOCK_MONOTONIC deadline passes (lost events, ENOBUFS: look up again).
// Subscribing before looking closes the window in which a link appearing
// between the two would be missed.
//
//   auto eth = TRY(wait_for_link(s, LinkMatch::named("eth0"), 10000));
#pragma once

#include <cstdint>

#include "base/result.h"
#include "base/text.h"
#include "nl/link.h"
#include "nl/socket.h"

namespace krg::nl {

struct LinkMatch {
    const char* name = nullptr;  // match by name, or
    bool by_mac = false;         // by MAC (BOOTIF)
    Mac mac{};

    static LinkMatch named(const char* n) { return {n, false, {}}; }
    static LinkMatch with_mac(const Mac& m) { return {nullptr, true, m}; }
    bool matches(const LinkInfo& l) const;
    // "eth0" or "the NIC with MAC 52:54:00:12:34:56", for messages.
    void describe(Writer& w) const;
};

// The link m names, looked up once (empty when it is not there).
Result<std::optional<LinkInfo>> find_link(Socket& s, const LinkMatch& m);

// The event socket for wait_for_link (RTNLGRP_LINK), in the current namespace.
Result<Socket> open_link_events();

// query and events must be in the same network namespace, events opened
// (subscribed) before the call.  Times out with ETIMEDOUT, step "wait for",
// object "eth0" (or "the NIC with MAC ...").
Result<LinkInfo> wait_for_link(Socket& query, Socket& events, const LinkMatch& m, uint32_t timeout_ms);
// Same, opening the event socket itself in the current namespace.
Result<LinkInfo> wait_for_link(Socket& query, const LinkMatch& m, uint32_t timeout_ms);

}  // namespace krg::nl
