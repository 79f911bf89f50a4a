// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet plan: the derived configuration, touching nothing.  The helper
// prints text and env; krgnet-server adds ip, nft, json, networkd and
// ifupdown (cli/server.cpp).
#include <cerrno>

#include "cli/options.h"
#include "cli/session.h"
#include "config/format.h"
#include "generated/config.h"

namespace krg {

namespace {

constexpr const char kDisabled[] = "krgnet disabled (krg.net=0): up does nothing\n";

// --layout-only: everything but the node id, which may still be
// krg.node=dhcp before the lease exists (the dracut cmdline hook).  The
// first line is how the boot scripts ask whether `up` has work, by krgnet's
// rules (node_id=, /etc/cmdline.d, krg.net): "krgnet disabled ...", or
// "node: " and the id as given (krg.node=, else node_id=), "dhcp", or
// "not set" (nothing to do); printed before a bad layout's error.  A valid
// layout with a cluster IP, from any source, adds the line "cluster IP": the
// boot scripts then load the backends' modules, so that `auto` resolves by
// the configuration and the kernel alone (docs/cluster-ip.md, "Backends").
int cmd_layout(const RawConfig& cfg) {
    auto layout = derive_layout(cfg);
    if (layout.ok() && !layout.value().enabled) return write_out(kDisabled, sizeof kDisabled - 1), 0;
    std::string_view node = cfg.has(Key::node) ? cfg.value(Key::node) : "not set";
    Text<kMaxValue + 8> line;
    line.put("node: ").put(node).put('\n');
    write_out(line.c_str(), line.size());
    if (!layout.ok()) return exit_with(layout.error());
    if (ENABLE_CLUSTERIP && layout.value().cluster) write_out("cluster IP\n", 11);
    Plan p;
    static_cast<Layout&>(p) = layout.value();
    if constexpr (ENABLE_OPERATOR_COMMANDS) format_text(g_out, p);
    else g_out.put("layout valid\n");
    return print_out();
}

}  // namespace

// krgnet-server's table needs room (kServerOutputSize); the helper prints a
// plan at most.  Its bss size matters for the file: ld page-aligns the data
// segment in the file (up to 4 KiB of padding) when that saves a page of
// memory, so a smaller bss keeps the minimal build inside its budget.
Text<kOutputSize> g_out;

int print_out() {
    if (g_out.overflow()) return exit_with(Error::system(EFBIG, "print", "the output", "longer than krgnet's buffer"));
    write_out(g_out.c_str(), g_out.size());
    return 0;
}

int cmd_plan(const Args& a) {
    RawConfig cfg;
    if (auto r = load_config(a.run.sources, cfg); !r.ok()) return exit_with(r.error());
    if (a.layout_only) return cmd_layout(cfg);
    auto plan = derive(cfg);
    if (!plan.ok()) return exit_with(plan.error());
    if (!plan.value().enabled) return write_out(kDisabled, sizeof kDisabled - 1), 0;
    // Without the operator commands, plan speaks env only (the boot path
    // reads exit statuses and net.env, not prose).
    if (ENABLE_OPERATOR_COMMANDS && a.format == Format::text) format_text(g_out, plan.value());
    else format_env(g_out, plan.value());
    return print_out();
}

}  // namespace krg
