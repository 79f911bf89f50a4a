// SPDX-License-Identifier: GPL-2.0-or-later
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
//   uint32_t ms = TRY(wait_for_carrier(s, eth.ifindex, 10000));
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

// Carrier: the link is up and its lower layer too (IFF_UP and IFF_LOWER_UP,
// which the kernel sets with netif_carrier_ok(): a NIC that negotiated, a
// veth whose peer is up).
bool has_carrier(const LinkInfo& l);

// Waits, the same way (subscribed before the first look), until the link
// ifindex has carrier; returns how many ms that took (0 when it had it).
// Errors: step "wait for carrier on", object the link's name:
//   "wait for carrier on eth0: no carrier after 10 s"  (ETIMEDOUT)
//   "wait for carrier on eth0: No such device"          (it went away)
// A real NIC negotiates for 1-3 s after it is brought up: the duplicate-
// address probe must not go out before.
Result<uint32_t> wait_for_carrier(Socket& query, Socket& events, int ifindex, uint32_t timeout_ms);
Result<uint32_t> wait_for_carrier(Socket& query, int ifindex, uint32_t timeout_ms);

}  // namespace krg::nl
