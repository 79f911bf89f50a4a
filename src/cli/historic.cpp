// SPDX-License-Identifier: GPL-2.0-or-later
// The historic Kerrighed network scripts, when they are still installed
// beside net.conf: each would redo, or undo, what krgnet did (docs/migrating.md).
// `up` warns about each by name; it does not remove them.
#include "cli/historic.h"

#include "base/file.h"
#include "base/log.h"
#include "base/text.h"
#include "generated/config.h"

namespace krg {

namespace {

struct Historic {
    const char* script;  // relative to the directory of net.conf
    const char* why;
};

// Names as kerrighed-tools installs them in /etc/kerrighed.
constexpr Historic kHistoric[] = {
    {"krgboot_helper-pre.d/50net", "makes a net-conf FIFO only the historic scripts read"},
    {"krgboot_helper-post.d/50net", "creates a second krg0 with the same MAC"},
    {"krginit_helper-pre.d/10net", "adds the address krgnet attach already added, and fails"},
    {"krginit_helper-post.d/20clusterip", "adds the cluster IP a second time"},
};

}  // namespace

void warn_historic_scripts(const char* conf) {
    std::string_view path = conf ? conf : CONFIG_NETCONF_PATH;
    size_t slash = path.rfind('/');
    std::string_view dir = slash == std::string_view::npos ? std::string_view(".") : path.substr(0, slash);
    for (const Historic& h : kHistoric) {
        Text<256> file;
        file.put(dir).put('/').put(h.script);
        if (file.overflow() || !file_exists(file.c_str())) continue;
        Text<400> w;
        w.put("historic ").put(file.c_str()).put(" is still installed: it ").put(h.why);
        w.put("; remove it (docs/migrating.md)");
        warn(w.c_str());
    }
}

}  // namespace krg
