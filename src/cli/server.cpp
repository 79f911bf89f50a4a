// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet-server's own commands: table, nodes, attach, the operator's plan
// formats (ip, nft, json, networkd, ifupdown) and status --json.  Only krgnet-server is built
// from this file (Makefile: SERVER_SRCS); the helper hands these command
// lines over (main.cpp).
#include "base/file.h"
#include "cli/options.h"
#include "cli/session.h"
#include "cli/status.h"
#include "config/record.h"
#include "config/render.h"
#include "sys/atomic_file.h"
#include "config/sources.h"

namespace krg {

namespace {

char g_macs_text[16384];
MacMap g_macs;

// The options of table --format dnsmasq (and --names) into o.
int table_options(const Args& a, TableOptions& o) {
    o.format = a.format;
    if (a.names) o.names = a.names;
    if (!valid_name_template(o.names)) return usage_error("--names", "not a host name with one %d (letters, digits, - inside; never a number)");
    bool dnsmasq = o.format == Format::dnsmasq;
    if (dnsmasq && !names_give_back_the_id(o.names)) {
        return usage_error("--names", "for dnsmasq, must end in %d after a non-digit (krg.node=dhcp reads the trailing digits)");
    }
    if ((a.macs || a.boot_prefix) && !dnsmasq) return usage_error(a.macs ? "--macs" : "--boot-prefix", "only with --format dnsmasq");
    if (!dnsmasq) return -1;
    if (!a.macs) return usage_error("--format dnsmasq", "needs --macs FILE (one 'MAC node-id' a line)");
    if (a.boot_prefix) {
        auto boot = parse_cidr(a.boot_prefix);
        if (!boot || boot->len < kMinPrefixLen || boot->len > kMaxPrefixLen) return usage_error(a.boot_prefix, "not a prefix like 10.4.7.0/18 (length 8..30)");
        o.boot = true, o.boot_prefix = *boot;
    }
    auto text = read_config_file(a.macs, g_macs_text, sizeof g_macs_text, "read --macs");
    if (!text.ok()) return exit_with(text.error());
    if (auto r = parse_macs(text.value(), a.macs, g_macs); !r.ok()) return exit_with(r.error());
    o.macs = &g_macs;
    return -1;
}

// The table iterates the layout: no node of its own is needed, and the
// node given (if any, and valid) is marked.
int cmd_table(const Args& a) {
    TableOptions o;
    if (int rc = table_options(a, o); rc >= 0) return rc;
    RawConfig cfg;
    if (auto r = load_config(a.run.sources, cfg); !r.ok()) return exit_with(r.error());
    auto layout = derive_layout(cfg);
    if (!layout.ok()) return exit_with(layout.error());
    auto plan = derive(cfg);
    o.this_node = plan.ok() ? plan.value().node : 0;
    if (auto r = format_table(g_out, layout.value(), o); !r.ok()) return exit_with(r.error());
    return print_out();
}

// plan --format ip | nft | json | networkd | ifupdown.
int plan_formats(const Args& a) {
    RawConfig cfg;
    if (auto r = load_config(a.run.sources, cfg); !r.ok()) return exit_with(r.error());
    auto plan = derive(cfg);
    if (!plan.ok()) return exit_with(plan.error());
    const Plan& p = plan.value();
    if (!p.enabled) return cmd_plan(a);
    Result<void> r;
    if (a.format == Format::ip) format_ip(g_out, p);
    else if (a.format == Format::nft) format_nft(g_out, p);
    else if (a.format == Format::json) format_plan_json(g_out, p), g_out.put('\n');
    else if (a.format == Format::networkd) r = format_networkd(g_out, p);
    else r = format_ifupdown(g_out, p);
    if (!r.ok()) return exit_with(r.error());
    return print_out();
}

// The JSON strings of text's lines: ["a","b"].
void json_lines(Writer& w, std::string_view text) {
    w.put('[');
    for (const char* sep = ""; !text.empty(); sep = ",") {
        size_t end = text.find('\n');
        put_json_string(w.put(sep), text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    w.put(']');
}

// status --json: one object, the plan, the record, the last failure, per
// unit what it plans, whether it matches and its differences.
int status_json(const RunOptions& opt) {
    static Text<16384> w;
    struct Ctx {
        Writer* w;
        const char* sep = "";
        bool failed = false;
        Text<kMaxPath> cut_short;  // an attach cut short: its target
    } ctx{&w};
    StatusSink sink{
        &ctx,
        [](void* c, const Session& s) {
            Writer& o = *static_cast<Ctx*>(c)->w;
            format_plan_json(o.put("{\"plan\":"), s.plan);
            o.put(",\"record\":");
            Text<kStatePathSize> record;
            if (s.from_record && join_path(record, s.dir, kRecordFile).ok()) put_json_string(o, record.view());
            else o.put("null");
            o.put(",\"enabled\":").put(s.plan.enabled ? "true" : "false");
            if (s.plan.enabled) o.put(",\"last_failure\":");
        },
        [](void* c, std::string_view line) {
            auto* x = static_cast<Ctx*>(c);
            put_json_string(*x->w, trim(line.substr(0, line.find('\n'))));
            x->failed = true;
        },
        [](void* c, const Node& n, const Unit& u, std::string_view lines, int count) {
            auto* x = static_cast<Ctx*>(c);
            Writer& o = *x->w;
            if (!*x->sep) o.put(x->failed ? "" : "null").put(",\"units\":[");
            Text<256> planned;
            describe_unit(n, u, planned);
            o.put(x->sep).put("\n{\"unit\":\"").put(u.name).put('"');
            put_json_string(o.put(",\"planned\":"), planned.view());
            o.put(",\"matches\":").put(count ? "false" : "true");
            json_lines(o.put(",\"differences\":"), lines);
            o.put('}'), x->sep = ",";
        },
        [](void* c, std::string_view path) { static_cast<Ctx*>(c)->cut_short.put(path); },
    };
    bool enabled = true;
    auto r = compare_all(opt, sink, &enabled);
    if (r.ok() && enabled) w.put(']');
    if (r.ok() && enabled) {
        w.put(",\"attach_cut_short\":");
        if (ctx.cut_short.size()) put_json_string(w, ctx.cut_short.view());
        else w.put("null");
    }
    if (r.ok()) w.put(",\"matches\":").put(r.value() ? "false" : "true").put("}\n");
    return print_status(w, r, false);
}

}  // namespace

int server_main(const Args& a) {
    if (!a.server) return -1;  // the helper's own
    if (a.cmd == kTable) return cmd_table(a);
    if (a.cmd == kNodes) return cmd_nodes(a.run);
    if (a.cmd == kAttach) return cmd_attach(a.run, a.attach);
    if (a.cmd == kDown) return cmd_down(a.run);
    if (a.cmd == kServe) return cmd_buckets(a.run, a.live);
    if (a.cmd == kWatch) return cmd_watch(a.run);
    if (a.cmd == kStatus) return status_json(a.run);
    return plan_formats(a);
}

}  // namespace krg
