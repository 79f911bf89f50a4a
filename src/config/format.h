// SPDX-License-Identifier: GPL-2.0-or-later
// Printing a plan: the env lines `up` writes to net.env, a human summary and
// the equivalent ip(8) commands (config/render.h: the operator's formats).
#pragma once

#include "config/plan.h"
#include "nl/nft.h"

namespace krg {

// Every --format (cli/options.cpp kFormats says which command takes which).
enum class Format : uint8_t { text, env, ip, nft, networkd, ifupdown, json, hosts, ethers, dnsmasq };

// KRG_NODE=4 ... KRG_NODES=1-16, one per line (the net.env format).
void format_env(Writer& w, const Plan& p);
void format_text(Writer& w, const Plan& p);
void format_ip(Writer& w, const Plan& p);
// The cluster IP's nf_tables ruleset as `nft list ruleset` prints it.
void format_nft(Writer& w, const Plan& p);
// The nf_tables rules of p's cluster IP (cluster/buckets.h for the buckets).
nl::ClusterRules cluster_rules(const Plan& p);

}  // namespace krg
