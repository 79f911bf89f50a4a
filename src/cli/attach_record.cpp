// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/attach_record.h"

#include <unistd.h>

#include "base/file.h"
#include "config/assign.h"
#include "sys/atomic_file.h"
#include "sys/netns.h"

namespace krg {

namespace {

constexpr size_t kAttachSize = 512;

struct Ctx {
    AttachRecord* r;
    const char* path;
};

Result<void> take(void* ctx, uint32_t line, const Assignment& a) {
    auto* c = static_cast<Ctx*>(ctx);
    if (a.key == "KRG_ATTACH_PATH") copy_str(c->r->path, a.view());
    else if (a.key == "KRG_ATTACH_NETNS") copy_str(c->r->netns, a.view());
    else if (a.key == "KRG_ATTACH_DONE") c->r->done = a.view() == "1";
    else return line_error(c->path, line, "not a key of the attach record");
    return {};
}

}  // namespace

Result<AttachRecord> read_attach_record(const char* dir) {
    AttachRecord r;
    Text<kStatePathSize> path;
    TRY(join_path(path, dir, kAttachFile));
    if (!file_exists(path.c_str())) return r;
    static char text[kAttachSize];
    std::string_view content = TRY(read_file(path.c_str(), text, sizeof text, "read attach record"));
    Ctx ctx{&r, path.c_str()};
    TRY(parse_assignments(content, path.c_str(), take, &ctx));
    r.found = r.path[0] && r.netns[0];
    if (!r.found) return Error::config(path.c_str(), "no KRG_ATTACH_PATH or KRG_ATTACH_NETNS: not a record krgnet wrote");
    return r;
}

Result<void> write_attach_record(const char* dir, const AttachRecord& r) {
    Text<kAttachSize> w;
    w.put("KRG_ATTACH_PATH=").put(r.path).put("\nKRG_ATTACH_NETNS=").put(r.netns);
    w.put("\nKRG_ATTACH_DONE=").put(r.done ? "1" : "0").put('\n');
    return write_file_atomic(dir, kAttachFile, w.view());
}

int open_recorded_netns(const AttachRecord& r) {
    auto fd = netns_open_file(r.path);
    if (!fd.ok()) return -1;
    Text<kNetnsIdSize> id;
    netns_identity(id, fd.value());
    if (id.view() == std::string_view(r.netns)) return fd.value();
    close(fd.value());
    return -1;
}

}  // namespace krg
