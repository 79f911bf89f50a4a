// SPDX-License-Identifier: GPL-2.0-or-later
// Duplicate-address detection by ARP (DESIGN.md step 4, RFC 5227 probes).
//
// The probe leaves the parent NIC from the NIC's own MAC, before the VLAN
// link exists (a duplicate node has the same derived MAC, so a probe from
// that MAC might never see its answer):
//
//   ff:ff:ff:ff:ff:ff <parent mac> [81 00 <vid>] 08 06          Ethernet
//   00 01 08 00 06 04 00 01 <parent mac> 0.0.0.0 00:..:00 <target>  ARP request
//   zero padding to 60 bytes (64 with the tag)
//
// A claim on the target is an ARP frame on the probed VLAN, not sent by us,
// that is either from the target address (reply, request, announcement) or
// another host's probe for it (sender 0.0.0.0, target IP = target).  The
// VLAN comes from the packet metadata (the kernel strips the tag into
// PACKET_AUXDATA) or from an 802.1Q header left in the frame.
#pragma once

#include <linux/filter.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/result.h"
#include "base/text.h"

namespace krg {

inline constexpr uint16_t kUntagged = 0;      // vlan id of an untagged probe
inline constexpr size_t kProbeFrameMax = 64;  // tagged probe with padding
inline constexpr int kDefaultProbeAttempts = 3;
inline constexpr uint32_t kDefaultNodesProbeMs = 300;  // krgnet nodes, when krg.dad=0

struct ProbeRequest {
    int ifindex = 0;              // the parent NIC (or krg0, with netns_fd)
    int netns_fd = -1;            // >= 0: the link lives in that namespace
    const char* ifname = nullptr; // for messages only
    Mac mac{};                    // the parent's own MAC: sender of the probes
    Ip4 target = 0;               // the derived address
    // 0: an RFC 5227 probe (sender 0.0.0.0), for duplicate detection.  The
    // node's own address: an ordinary request, for asking whether a peer
    // answers (node 1's check, `krgnet nodes`).  A probe there would look,
    // to a peer probing that same address at boot, like a rival probe:
    // the peer would refuse its own, rightful address.
    Ip4 sender = 0;
    uint16_t vlan = kUntagged;    // 802.1Q id, 0 = untagged
    uint32_t timeout_ms = 0;      // the whole probe, all attempts
    int attempts = kDefaultProbeAttempts;  // probes spread evenly over the timeout
};

struct ProbeResult {
    bool taken = false;
    Mac holder{};   // the MAC that claimed the address (when taken)
    int sent = 0;   // probes sent
};

// Sends up to req.attempts probes, one every timeout/attempts, and returns as
// soon as someone claims the address, or "free" at the deadline.  Needs
// CAP_NET_RAW.  Tagged probes put the parent in promiscuous mode while the
// socket is open: NICs (and QEMU's virtio-net) filter VLAN ids that have no
// VLAN device yet, which would hide the answer.
Result<ProbeResult> probe_address(const ProbeRequest& req);

// krgnet nodes: asks every target at once, from one socket, with ordinary
// requests from req.sender (req.target is not used): req.attempts rounds,
// each to every target that has not answered yet, spread over
// req.timeout_ms.  answered(ctx, i, holder) runs once for each target i that
// answers, as it answers; returns when all have, or at the deadline.
inline constexpr size_t kMaxSweepTargets = 256;
using SweepFn = void (*)(void* ctx, size_t i, const Mac& holder);
Result<void> sweep_addresses(const ProbeRequest& req, std::span<const Ip4> targets, SweepFn answered, void* ctx);

// "10.4.135.4 on eth0 vlan 7" (the object of every probe message).
void describe_probe(Writer& w, const ProbeRequest& req);
// The duplicate-address failure: "... already held by f0:00:00:00:07:04".
Error duplicate_error(const ProbeRequest& req, const Mac& holder);

// --- pure pieces, exposed for the unit tests --------------------------------

// Writes the probe frame into buf; returns its length (0 if buf is too small).
// sender: the ARP sender address (0 for a duplicate-detection probe).
size_t build_probe(std::span<uint8_t> buf, const Mac& src, Ip4 target, uint16_t vlan, Ip4 sender = 0);

// What the kernel reports beside the bytes of a received frame.
struct FrameMeta {
    bool outgoing = false;    // PACKET_OUTGOING: a copy of our own transmission
    bool vlan_valid = false;  // TP_STATUS_VLAN_VALID: the tag was stripped
    uint16_t vlan_tci = 0;
    bool tpid_valid = false;  // TP_STATUS_VLAN_TPID_VALID
    uint16_t vlan_tpid = 0;
};

// The MAC claiming req.target in this frame, if it is a claim on req.vlan.
std::optional<Mac> parse_claim(std::span<const uint8_t> frame, const FrameMeta& meta,
                               const ProbeRequest& req);

// Classic BPF: accept ARP frames (untagged, or with one in-frame 802.1Q
// tag) whose sender or target IP is `target`, cut to kProbeFrameMax bytes.
inline constexpr size_t kProbeFilterLen = 13;
void build_probe_filter(sock_filter (&prog)[kProbeFilterLen], Ip4 target);

}  // namespace krg
