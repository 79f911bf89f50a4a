// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/session.h"

#include "base/clock.h"
#include "base/log.h"
#include "config/record.h"
#include "config/sources.h"
#include "generated/config.h"
#include "sys/lock.h"

namespace krg {

static RawConfig g_cfg;

int exit_with(const Error& e) {
    report(e);
    return int(e.exit);
}

Result<bool> begin(Session& s, const RunOptions& opt, From from, const char* what, bool lock) {
    s.dir = opt.state_dir ? opt.state_dir : CONFIG_STATE_DIR;
    if (from == From::record) s.from_record = TRY(load_record(s.dir, g_cfg));
    if (!s.from_record) TRY(load_config(opt.sources, g_cfg));
    s.plan = TRY(derive(g_cfg));
    if constexpr (ENABLE_CLUSTERIP) TRY(load_live(s.dir, s.plan));
    if (!s.plan.enabled) {
        Text<96> w;
        w.put("disabled by krg.net=0: nothing to ").put(what);
        log_info(w.c_str());
        return false;
    }
    if (lock) s.lock.fd = TRY(lock_run(s.dir, s.plan.timeout_s * kMsPerS));
    return true;
}

void describe_source(Writer& w, const Session& s) {
    if (s.from_record) w.put("the record ").put(s.dir).put('/').put(kRecordFile);
    else w.put("the configuration (no record in ").put(s.dir).put(')');
}

}  // namespace krg
