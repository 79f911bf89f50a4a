// SPDX-License-Identifier: GPL-2.0-or-later
// Duplicate-address detection by ARP; the frame format is in probe.h.
#include "sys/probe.h"

#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>

#include "base/clock.h"
#include "sys/fd.h"
#include "sys/netns.h"

namespace krg {

namespace {

// Ethernet, 802.1Q and ARP layout (RFC 826, IEEE 802.1Q).
constexpr size_t kMacLen = ETH_ALEN;
constexpr size_t kEthDst = 0;
constexpr size_t kEthSrc = kMacLen;
constexpr size_t kEthType = 2 * kMacLen;      // 12
constexpr size_t kEthHeader = ETH_HLEN;       // 14
constexpr size_t kVlanTag = 4;                // TPID + TCI
constexpr uint16_t kVidMask = 0x0fff;
constexpr size_t kEthMinFrame = ETH_ZLEN;     // 60, without the FCS
constexpr size_t kArpLen = 28;
constexpr size_t kArpOp = 6, kArpSha = 8, kArpSpa = 14, kArpTpa = 24;  // target MAC at 18
constexpr uint16_t kArpHwEther = 1;           // ARPHRD_ETHER
constexpr uint8_t kIp4Len = 4;
constexpr uint16_t kArpRequest = 1, kArpReply = 2;
// What comes before the operation: htype Ethernet, ptype IPv4, hlen 6, plen 4.
constexpr uint8_t kArpHead[kArpOp] = {0, kArpHwEther, ETH_P_IP >> 8, ETH_P_IP & 0xff, kMacLen, kIp4Len};
constexpr Mac kBroadcast = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
constexpr uint64_t kMaxPollMs = INT32_MAX;   // poll() takes an int

// Network byte order in and out of frames.
void put16(std::span<uint8_t> b, size_t at, uint16_t v) { b[at] = uint8_t(v >> 8), b[at + 1] = uint8_t(v); }
void put32(std::span<uint8_t> b, size_t at, uint32_t v) { put16(b, at, uint16_t(v >> 16)), put16(b, at + 2, uint16_t(v)); }
void put_mac(std::span<uint8_t> b, size_t at, const Mac& m) { memcpy(&b[at], m.b, kMacLen); }
uint16_t get16(std::span<const uint8_t> b, size_t at) { return uint16_t(b[at] << 8 | b[at + 1]); }
uint32_t get32(std::span<const uint8_t> b, size_t at) { return uint32_t(get16(b, at)) << 16 | get16(b, at + 2); }
Mac get_mac(std::span<const uint8_t> b, size_t at) {
    Mac m;
    memcpy(m.b, &b[at], kMacLen);
    return m;
}
bool is_mac(std::span<const uint8_t> b, size_t at, const Mac& m) { return memcmp(&b[at], m.b, kMacLen) == 0; }

const char* hint_for(int code) {
    if (code == EPERM || code == EACCES) return "needs CAP_NET_RAW";
    if (code == ENETDOWN) return "is the parent NIC up?";
    if (code == ENODEV || code == ENXIO) return "the parent NIC is gone";
    return nullptr;
}

// Step "probe", object "10.4.135.4 on eth0 vlan 7", detail "<call>: <errno text> (<hint>)".
Error probe_error(int code, const ProbeRequest& req, const char* call, const char* hint = nullptr) {
    Text<kErrObject> object;
    describe_probe(object, req);
    return call_error(code, "probe", object.c_str(), call, hint ? hint : hint_for(code));
}

template <typename T>
bool set_opt(int fd, int level, int name, const T& value) {
    return setsockopt(fd, level, name, &value, sizeof value) == 0;
}

// The functions below build their error at the call that failed, with its
// errno (failed() reads errno right there).
Error failed(const ProbeRequest& req, const char* call) { return probe_error(errno, req, call); }

// An AF_PACKET socket on the parent that sees only ARP frames about the
// target (any_target: every ARP frame, for a sweep).  Created with protocol
// 0 so nothing is queued before the filter.
// With req.netns_fd, the socket lives in that namespace (the container's).
Result<void> open_socket(const ProbeRequest& req, Fd& sock, bool any_target = false) {
    if (req.netns_fd >= 0) sock.fd = TRY(socket_in(req.netns_fd, AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, 0));
    else sock.fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (sock.fd < 0) return failed(req, "socket");
    sock_filter prog[kProbeFilterLen];
    build_probe_filter(prog, req.target);
    constexpr size_t kAfterTheType = 7;  // the first address comparison: keep instead
    if (any_target) prog[kAfterTheType] = BPF_STMT(BPF_RET | BPF_K, kProbeFrameMax);
    sock_fprog fprog = {kProbeFilterLen, prog};
    if (!set_opt(sock.fd, SOL_SOCKET, SO_ATTACH_FILTER, fprog)) return failed(req, "attach filter");
    if (!set_opt(sock.fd, SOL_PACKET, PACKET_AUXDATA, 1)) return failed(req, "PACKET_AUXDATA");
    sockaddr_ll at{};
    at.sll_family = AF_PACKET;
    at.sll_protocol = htons(ETH_P_ALL);  // ETH_P_ARP sockets get frames with the VLAN tag already dropped
    at.sll_ifindex = req.ifindex;
    if (bind(sock.fd, reinterpret_cast<sockaddr*>(&at), sizeof at) < 0) return failed(req, "bind");
    if (req.vlan != kUntagged) {
        packet_mreq promisc{};
        promisc.mr_ifindex = req.ifindex;
        promisc.mr_type = PACKET_MR_PROMISC;
        if (!set_opt(sock.fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, promisc)) return failed(req, "promiscuous mode");
    }
    return {};
}

Result<void> send_probe(int fd, const ProbeRequest& req, std::span<const uint8_t> frame) {
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_protocol = htons(req.vlan != kUntagged ? ETH_P_8021Q : ETH_P_ARP);
    to.sll_ifindex = req.ifindex;
    to.sll_halen = kMacLen;
    memcpy(to.sll_addr, kBroadcast.b, kMacLen);
    while (sendto(fd, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0)
        if (errno != EINTR) return failed(req, "send");
    return {};
}

// Reads every queued frame, handing each to claim(ctx, frame, meta); stops
// when it returns true.
using ClaimFn = bool (*)(void* ctx, std::span<const uint8_t> frame, const FrameMeta& meta);
Result<void> drain(int fd, const ProbeRequest& req, ClaimFn claim, void* ctx) {
    for (;;) {
        uint8_t buf[kProbeFrameMax];
        alignas(cmsghdr) uint8_t control[CMSG_SPACE(sizeof(tpacket_auxdata))];
        sockaddr_ll from{};
        iovec iov = {buf, sizeof buf};
        msghdr msg{};
        msg.msg_name = &from;
        msg.msg_namelen = sizeof from;
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return {};
            return failed(req, "receive");
        }
        FrameMeta meta;
        meta.outgoing = from.sll_pkttype == PACKET_OUTGOING;
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA) continue;
            tpacket_auxdata aux;
            memcpy(&aux, CMSG_DATA(c), sizeof aux);
            meta.vlan_valid = aux.tp_status & TP_STATUS_VLAN_VALID;
            meta.vlan_tci = aux.tp_vlan_tci;
            meta.tpid_valid = aux.tp_status & TP_STATUS_VLAN_TPID_VALID;
            meta.vlan_tpid = aux.tp_vlan_tpid;
        }
        size_t len = size_t(n) < sizeof buf ? size_t(n) : sizeof buf;
        if (claim(ctx, {buf, len}, meta)) return {};
    }
}

// Waits up to wake (monotonic ms) for frames; false on a socket error.
Result<bool> wait_frames(int fd, const ProbeRequest& req, uint64_t now, uint64_t wake) {
    pollfd p = {fd, POLLIN, 0};
    uint64_t wait = wake - now < kMaxPollMs ? wake - now : kMaxPollMs;
    int n = poll(&p, 1, int(wait));
    if (n < 0 && errno != EINTR) return failed(req, "poll");
    if (n <= 0) return false;
    if (p.revents & POLLERR) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err) return probe_error(err, req, "receive");
    }
    return true;
}

struct Single {
    const ProbeRequest* req;
    ProbeResult* result;
};

bool single_claim(void* ctx, std::span<const uint8_t> frame, const FrameMeta& meta) {
    auto* s = static_cast<Single*>(ctx);
    auto holder = parse_claim(frame, meta, *s->req);
    if (!holder.has_value()) return false;
    s->result->taken = true;
    s->result->holder = *holder;
    return true;
}

// Sends the probes and listens until a claim or the deadline.
Result<void> run(const ProbeRequest& req, ProbeResult* result) {
    Fd sock;
    TRY(open_socket(req, sock));
    uint8_t frame[kProbeFrameMax];
    size_t frame_len = build_probe(frame, req.mac, req.target, req.vlan, req.sender);
    const int attempts = req.attempts > 0 ? req.attempts : 1;
    const uint64_t start = monotonic_ms(), deadline = start + req.timeout_ms;
    const uint64_t interval = req.timeout_ms / uint64_t(attempts);
    for (;;) {
        uint64_t now = monotonic_ms();
        uint64_t next_send = start + uint64_t(result->sent) * interval;
        if (result->sent < attempts && now >= next_send) {
            TRY(send_probe(sock.fd, req, {frame, frame_len}));
            result->sent++;
            continue;
        }
        if (now >= deadline) return {};  // nobody claimed it: free
        uint64_t wake = result->sent < attempts && next_send < deadline ? next_send : deadline;
        if (!TRY(wait_frames(sock.fd, req, now, wake))) continue;
        Single s = {&req, result};
        TRY(drain(sock.fd, req, single_claim, &s));
        if (result->taken) return {};
    }
}

struct Sweep {
    const ProbeRequest* req;
    std::span<const Ip4> targets;
    bool answered[kMaxSweepTargets] = {};
    size_t left = 0;
    SweepFn fn;
    void* ctx;
};

bool sweep_claim(void* ctx, std::span<const uint8_t> frame, const FrameMeta& meta) {
    auto* s = static_cast<Sweep*>(ctx);
    if (meta.outgoing) return false;  // our own requests, before 254 comparisons
    ProbeRequest one = *s->req;
    for (size_t i = 0; i < s->targets.size(); i++) {
        if (s->answered[i]) continue;
        one.target = s->targets[i];
        auto holder = parse_claim(frame, meta, one);
        if (!holder.has_value()) continue;
        s->answered[i] = true;
        s->fn(s->ctx, i, *holder);
        return --s->left == 0;
    }
    return false;
}

}  // namespace

void describe_probe(Writer& w, const ProbeRequest& req) {
    w.put_ip4(req.target).put(" on ");
    if (req.ifname) w.put(req.ifname);
    else w.put("ifindex ").put_int(req.ifindex);
    if (req.vlan != kUntagged) w.put(" vlan ").put_uint(req.vlan);
}

Error duplicate_error(const ProbeRequest& req, const Mac& holder) {
    Text<kErrObject> object;
    describe_probe(object, req);
    Text<kErrDetail> detail;
    detail.put("address already held by ").put_mac(holder).put(" (another node booted with the same id?)");
    return Error::system(EADDRINUSE, "probe", object.c_str(), detail.c_str());
}

size_t build_probe(std::span<uint8_t> buf, const Mac& src, Ip4 target, uint16_t vlan, Ip4 sender) {
    size_t tag = vlan != kUntagged ? kVlanTag : 0;
    size_t len = kEthMinFrame + tag;
    if (buf.size() < len) return 0;
    memset(buf.data(), 0, len);  // also target MAC unknown
    put_mac(buf, kEthDst, kBroadcast);
    put_mac(buf, kEthSrc, src);
    if (tag) {
        put16(buf, kEthType, ETH_P_8021Q);
        put16(buf, kEthType + 2, vlan & kVidMask);  // priority 0, DEI 0
    }
    put16(buf, kEthType + tag, ETH_P_ARP);
    size_t arp = kEthHeader + tag;
    memcpy(&buf[arp], kArpHead, sizeof kArpHead);
    put16(buf, arp + kArpOp, kArpRequest);
    put_mac(buf, arp + kArpSha, src);
    put32(buf, arp + kArpSpa, sender);  // 0.0.0.0 for a probe (RFC 5227)
    put32(buf, arp + kArpTpa, target);
    return len;
}

std::optional<Mac> parse_claim(std::span<const uint8_t> frame, const FrameMeta& meta, const ProbeRequest& req) {
    if (meta.outgoing || frame.size() < kEthHeader) return std::nullopt;
    int tags = 0;
    uint16_t vid = kUntagged;
    if (meta.vlan_valid) {
        if (meta.tpid_valid && meta.vlan_tpid != ETH_P_8021Q) return std::nullopt;  // 802.1ad
        tags++;
        vid = meta.vlan_tci & kVidMask;
    }
    size_t type_at = kEthType;
    if (get16(frame, type_at) == ETH_P_8021Q) {
        if (frame.size() < kEthHeader + kVlanTag) return std::nullopt;
        tags++;
        vid = get16(frame, type_at + 2) & kVidMask;
        type_at += kVlanTag;
    }
    // Exactly our tag (a VID 0 priority tag counts as untagged); no stacked tags.
    if (tags > 1 || vid != req.vlan || get16(frame, type_at) != ETH_P_ARP) return std::nullopt;
    size_t arp = type_at + 2;
    if (frame.size() < arp + kArpLen) return std::nullopt;
    uint16_t op = get16(frame, arp + kArpOp);
    if (memcmp(&frame[arp], kArpHead, kArpOp) != 0 || (op != kArpRequest && op != kArpReply)) return std::nullopt;
    if (is_mac(frame, arp + kArpSha, req.mac) || is_mac(frame, kEthSrc, req.mac)) return std::nullopt;  // our own probe
    Ip4 spa = get32(frame, arp + kArpSpa);
    bool from_target = spa == req.target;
    bool rival_probe = op == kArpRequest && spa == 0 && get32(frame, arp + kArpTpa) == req.target;
    if (!from_target && !rival_probe) return std::nullopt;
    return get_mac(frame, arp + kArpSha);
}

void build_probe_filter(sock_filter (&prog)[kProbeFilterLen], Ip4 target) {
    // X holds the length of an in-frame tag (0 or 4); ARP fields load at [x + k].
    constexpr uint32_t kInnerType = kEthType + kVlanTag;
    constexpr uint32_t kSpa = kEthHeader + kArpSpa, kTpa = kEthHeader + kArpTpa;
    constexpr uint32_t kDrop = 0, kKeep = kProbeFrameMax;
    constexpr uint32_t kTarget = 0;                   // filled in below
    constexpr size_t kSpaIsTarget = 8, kTpaIsTarget = 10;
    static constexpr sock_filter kProgram[kProbeFilterLen] = {
        /*  0 */ BPF_STMT(BPF_LDX | BPF_W | BPF_IMM, 0),
        /*  1 */ BPF_STMT(BPF_LD | BPF_H | BPF_ABS, kEthType),
        /*  2 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_ARP, 4, 0),     // -> 7
        /*  3 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_8021Q, 0, 7),   // -> 4 | drop
        /*  4 */ BPF_STMT(BPF_LD | BPF_H | BPF_ABS, kInnerType),
        /*  5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_ARP, 0, 5),     // -> 6 | drop
        /*  6 */ BPF_STMT(BPF_LDX | BPF_W | BPF_IMM, kVlanTag),
        /*  7 */ BPF_STMT(BPF_LD | BPF_W | BPF_IND, kSpa),
        /*  8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kTarget, 3, 0),       // -> keep
        /*  9 */ BPF_STMT(BPF_LD | BPF_W | BPF_IND, kTpa),
        /* 10 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kTarget, 1, 0),       // -> keep | drop
        /* 11 */ BPF_STMT(BPF_RET | BPF_K, kDrop),
        /* 12 */ BPF_STMT(BPF_RET | BPF_K, kKeep),
    };
    memcpy(prog, kProgram, sizeof kProgram);
    prog[kSpaIsTarget].k = prog[kTpaIsTarget].k = target;
}

Result<void> sweep_addresses(const ProbeRequest& req, std::span<const Ip4> targets, SweepFn answered, void* ctx) {
    if (req.ifindex <= 0) return probe_error(ENODEV, req, "parent", "no interface index");
    if (targets.size() > kMaxSweepTargets) return probe_error(E2BIG, req, "sweep", "too many targets");
    Sweep s = {&req, targets};
    s.left = targets.size(), s.fn = answered, s.ctx = ctx;
    Fd sock;
    TRY(open_socket(req, sock, true));
    const int attempts = req.attempts > 0 ? req.attempts : 1;
    const uint64_t start = monotonic_ms(), deadline = start + req.timeout_ms;
    const uint64_t interval = req.timeout_ms / uint64_t(attempts);
    int sent = 0;
    while (s.left > 0) {
        uint64_t now = monotonic_ms();
        uint64_t next_send = start + uint64_t(sent) * interval;
        if (sent < attempts && now >= next_send) {  // one round: every target still silent
            for (size_t i = 0; i < targets.size(); i++) {
                if (s.answered[i]) continue;
                uint8_t frame[kProbeFrameMax];
                size_t len = build_probe(frame, req.mac, targets[i], req.vlan, req.sender);
                TRY(send_probe(sock.fd, req, {frame, len}));
            }
            sent++;
            continue;
        }
        if (now >= deadline) return {};
        uint64_t wake = sent < attempts && next_send < deadline ? next_send : deadline;
        if (TRY(wait_frames(sock.fd, req, now, wake))) TRY(drain(sock.fd, req, sweep_claim, &s));
    }
    return {};
}

Result<ProbeResult> probe_address(const ProbeRequest& req) {
    if (req.ifindex <= 0) return probe_error(ENODEV, req, "parent", "no interface index");
    ProbeResult result;
    TRY(run(req, &result));
    return result;
}

}  // namespace krg
