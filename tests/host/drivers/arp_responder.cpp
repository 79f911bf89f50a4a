// SPDX-License-Identifier: GPL-2.0-or-later
// Host-test stand-in for a node holding an address on a VLAN, on kernels
// without 802.1Q: reads frames raw and answers ARP requests for IP itself.
//   arp_responder IFNAME IP MAC MODE REPLY_VLAN
// MODE reply: answer each request for IP with a reply from IP/MAC;
// MODE probe: answer it with an RFC 5227 probe for IP from MAC (a rival).
// REPLY_VLAN 0 sends untagged, else with an in-frame 802.1Q tag.
// Prints "ready", then one line per request seen:
//   request vlan=7 tag=aux src=52:54:00:aa:00:01 sha=52:54:00:aa:00:01 spa=0.0.0.0 tpa=10.4.135.6 len=64
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cstdio>
#include <cstring>

#include "base/text.h"

using namespace krg;

namespace {

constexpr size_t kBuf = 2048;
constexpr uint16_t kVidMask = 0x0fff;

uint16_t get16(const uint8_t* p) { return uint16_t(p[0] << 8 | p[1]); }
uint32_t get32(const uint8_t* p) { return uint32_t(get16(p)) << 16 | get16(p + 2); }

size_t build(uint8_t* f, const Mac& dst, const Mac& me, int vlan, uint16_t op, Ip4 spa, const Mac& tha, Ip4 tpa) {
    uint8_t* p = f;
    memcpy(p, dst.b, 6), memcpy(p + 6, me.b, 6), p += 12;
    if (vlan) *p++ = 0x81, *p++ = 0x00, *p++ = uint8_t(vlan >> 8), *p++ = uint8_t(vlan);
    const uint8_t head[] = {0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, uint8_t(op)};
    memcpy(p, head, sizeof head), p += sizeof head;
    memcpy(p, me.b, 6), p += 6;
    for (int i = 3; i >= 0; i--) *p++ = uint8_t(spa >> (8 * i));
    memcpy(p, tha.b, 6), p += 6;
    for (int i = 3; i >= 0; i--) *p++ = uint8_t(tpa >> (8 * i));
    return size_t(p - f);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: arp_responder IFNAME IP MAC reply|probe REPLY_VLAN\n");
        return 2;
    }
    int ifindex = int(if_nametoindex(argv[1]));
    auto ip = parse_ip4(argv[2]);
    auto me = parse_mac(argv[3]);
    bool rival = !strcmp(argv[4], "probe");
    auto reply_vlan = parse_uint(argv[5], 4094);
    if (!ifindex || !ip.has_value() || !me.has_value() || !reply_vlan.has_value()) {
        fprintf(stderr, "arp_responder: bad arguments\n");
        return 2;
    }
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
    int one = 1;
    sockaddr_ll at{};
    at.sll_family = AF_PACKET;
    at.sll_protocol = htons(ETH_P_ALL);
    at.sll_ifindex = ifindex;
    if (fd < 0 || setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one) < 0 ||
        bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof at) < 0) {
        perror("arp_responder: socket");
        return 1;
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        uint8_t f[kBuf];
        alignas(cmsghdr) uint8_t control[CMSG_SPACE(sizeof(tpacket_auxdata))];
        sockaddr_ll from{};
        iovec iov = {f, sizeof f};
        msghdr msg{};
        msg.msg_name = &from, msg.msg_namelen = sizeof from;
        msg.msg_iov = &iov, msg.msg_iovlen = 1;
        msg.msg_control = control, msg.msg_controllen = sizeof control;
        ssize_t n = recvmsg(fd, &msg, 0);
        if (n < 0) return 1;
        if (from.sll_pkttype == PACKET_OUTGOING) continue;
        int vlan = 0;
        const char* tag = "none";  // where the 802.1Q tag was: "aux" (stripped by the kernel) or "frame"
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            tpacket_auxdata aux;
            memcpy(&aux, CMSG_DATA(c), sizeof aux);
            if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA && (aux.tp_status & TP_STATUS_VLAN_VALID))
                vlan = aux.tp_vlan_tci & kVidMask, tag = "aux";
        }
        size_t at_type = 12;
        if (size_t(n) >= 18 && get16(f + 12) == ETH_P_8021Q) vlan = get16(f + 14) & kVidMask, at_type = 16, tag = "frame";
        const uint8_t* arp = f + at_type + 2;
        if (size_t(n) < at_type + 2 + 28 || get16(f + at_type) != ETH_P_ARP || get16(arp + 6) != 1) continue;
        Mac src, sha;
        memcpy(src.b, f + 6, 6);
        memcpy(sha.b, arp + 8, 6);
        Ip4 spa = get32(arp + 14), tpa = get32(arp + 24);
        if (tpa != *ip || sha == *me) continue;
        Text<160> line;
        line.put("request vlan=").put_uint(uint64_t(vlan)).put(" tag=").put(tag).put(" src=").put_mac(src).put(" sha=").put_mac(sha);
        line.put(" spa=").put_ip4(spa).put(" tpa=").put_ip4(tpa).put(" len=").put_uint(uint64_t(n + (at_type == 12 && vlan ? 4 : 0)));
        printf("%s\n", line.c_str());
        fflush(stdout);
        uint8_t out[64] = {};
        constexpr Mac kBroadcast = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
        size_t len = rival ? build(out, kBroadcast, *me, int(*reply_vlan), 1, 0, Mac{}, *ip)
                           : build(out, sha, *me, int(*reply_vlan), 2, *ip, sha, spa);
        sockaddr_ll to = at;
        to.sll_halen = 6;
        memcpy(to.sll_addr, out, 6);
        if (sendto(fd, out, len, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0) perror("arp_responder: send");
    }
}
