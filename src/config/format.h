// Printing a plan: the env lines `up` writes to net.env, a human summary, the
// equivalent ip(8) commands, and the cluster address table.
#pragma once

#include "config/plan.h"

namespace krg {

// KRG_NODE=4 ... KRG_NODES=1-16, one per line (the net.env format).
void format_env(Writer& w, const Plan& p);
void format_text(Writer& w, const Plan& p);
void format_ip(Writer& w, const Plan& p);
// node, MAC, IP for every node of the declared set plus the server (254).
void format_table(Writer& w, const Plan& p);

// Derived address and MAC of any node id under p's templates.
Mac node_mac(const Plan& p, int node);
Ip4 node_addr(const Plan& p, int node);

const char* kind_name(Kind k);

}  // namespace krg
