// SPDX-License-Identifier: GPL-2.0-or-later
// krgnet status: asks every unit whether the kernel's state matches the
// plan and prints each difference; exit 0 only when all match, 1 when any
// differs.  It works from up's record when there is one.
#include <unistd.h>

#include <cerrno>

#include "base/file.h"
#include "cli/session.h"
#include "config/render.h"
#include "node/node.h"
#include "sys/atomic_file.h"

namespace krg {

namespace {

char g_failure[512];

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

// Writes the comparison as text (one line per difference) or as JSON;
// returns the number of differences.
Result<int> compare(const RunOptions& opt, Writer& w, bool json) {
    json = kServerTool && json;  // the helper leaves the JSON out (main.cpp hands it over)
    bool from_record = false;
    Plan plan = TRY(load_existing_plan(opt, &from_record));
    const char* dir = state_dir(opt);
    Text<kStatePathSize> path;
    if (json) {
        format_plan_json(w.put("{\"plan\":"), plan);
        w.put(",\"record\":");
        if (from_record) {
            TRY(join_path(path, dir, "net.env"));
            put_json_string(w, path.view());
        } else {
            w.put("null");
        }
        w.put(",\"enabled\":").put(plan.enabled ? "true" : "false");
    } else {
        w.put("plan: node ").put_uint(uint64_t(plan.node)).put(" from ");
        if (from_record) w.put("the record ").put(dir).put("/net.env\n");
        else w.put("the configuration (no record in ").put(dir).put(")\n");
        if (!plan.enabled) w.put("krgnet disabled (krg.net=0)\n");
    }
    int diffs = 0;
    if (plan.enabled) {
        path.clear();
        TRY(join_path(path, dir, kFailureFile));
        auto failed = read_file(path.c_str(), g_failure, sizeof g_failure, "read");
        if (failed.ok()) diffs++;
        if (json) {
            w.put(",\"last_failure\":");
            if (failed.ok()) put_json_string(w, trim(failed.value().substr(0, failed.value().find('\n'))));
            else w.put("null");
            w.put(",\"units\":[");
        } else if (failed.ok()) {
            w.put("last up failed: ").put(failed.value());
        }
        Node node(plan, dir, false);
        const char* sep = "";
        for (const Unit* u : units()) {
            Text<1024> lines;
            int n = TRY(u->matches(node, lines));
            diffs += n;
            if (!json) {
                w.put(lines.view());
                continue;
            }
            Text<256> planned;
            if (u->planned) u->planned(node, planned);
            w.put(sep).put("\n{\"unit\":\"").put(u->name).put('"');
            put_json_string(w.put(",\"planned\":"), planned.view());
            w.put(",\"matches\":").put(n ? "false" : "true");
            json_lines(w.put(",\"differences\":"), lines.view());
            w.put('}'), sep = ",";
        }
        if (json) w.put(']');
    }
    if (json) w.put(",\"matches\":").put(diffs ? "false" : "true").put("}\n");
    return diffs;
}

}  // namespace

int cmd_status(const RunOptions& opt, bool json) {
    // six units' differences (up to 1 KiB each), their plans and the plan
    static Text<kServerTool ? 16384 : 4096> w;
    auto r = compare(opt, w, json);
    if (!r.ok()) return exit_with(r.error());
    if (w.overflow()) return exit_with(Error::system(EFBIG, "print", "the status", "longer than krgnet's buffer"));
    (void)!write(STDOUT_FILENO, w.c_str(), w.size());
    if (r.value() == 0) {
        const char ok[] = "krgnet: status: the kernel's state matches the plan\n";
        if (!json) (void)!write(STDOUT_FILENO, ok, sizeof ok - 1);
        return int(Exit::ok);
    }
    return int(Exit::differs);
}

}  // namespace krg
