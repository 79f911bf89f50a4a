// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers shared by the configuration unit tests: temporary files (removed
// again, also after a failed assertion), stderr capture for warnings, error
// texts, and "defaults + this kernel command line" configurations.
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
extern "C" {
#include <cmocka.h>  // 1.1.x has no extern "C" of its own
}

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "base/result.h"
#include "base/text.h"
#include "config/cmdline.h"
#include "config/config.h"
#include "config/plan.h"
#include "config/sources.h"

namespace krgtest {

using namespace krg;

// --- temporary files ------------------------------------------------------------
inline constexpr int kMaxTemps = 64;
inline char g_temps[kMaxTemps][256];
inline bool g_temp_is_dir[kMaxTemps];
inline int g_ntemps = 0;

inline const char* remember(const char* path, bool dir) {
    if (g_ntemps == kMaxTemps) fail_msg("too many temporary files in one test");
    snprintf(g_temps[g_ntemps], sizeof g_temps[0], "%s", path);
    g_temp_is_dir[g_ntemps] = dir;
    return g_temps[g_ntemps++];
}

inline void write_all(int fd, std::string_view content) {
    while (!content.empty()) {
        ssize_t n = write(fd, content.data(), content.size());
        if (n <= 0) fail_msg("write to a temporary file failed");
        content.remove_prefix(size_t(n));
    }
}

// A new file in /tmp holding content (which may contain NUL bytes).
inline const char* temp_file(std::string_view content) {
    char path[] = "/tmp/krgnet-test-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) fail_msg("mkstemp failed");
    write_all(fd, content);
    close(fd);
    return remember(path, false);
}

// A new, empty directory in /tmp.
inline const char* temp_dir() {
    char path[] = "/tmp/krgnet-test-XXXXXX";
    if (!mkdtemp(path)) fail_msg("mkdtemp failed");
    return remember(path, true);
}

// dir/name holding content.
inline const char* file_in(const char* dir, const char* name, std::string_view content) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail_msg("cannot create %s", path);
    write_all(fd, content);
    close(fd);
    return remember(path, false);
}

// Removes everything the test created, newest first (files before their dir).
inline int remove_temps(void** = nullptr) {
    while (g_ntemps > 0) {
        g_ntemps--;
        if (g_temp_is_dir[g_ntemps]) rmdir(g_temps[g_ntemps]);
        else unlink(g_temps[g_ntemps]);
    }
    return 0;
}

// --- stderr capture ------------------------------------------------------------------
// Captures what the code writes to fd 2 (warnings) between start() and stop().
struct StderrCapture {
    int saved = -1;
    int fd = -1;
    char text[4096] = {};

    void start() {
        char path[] = "/tmp/krgnet-test-XXXXXX";
        fd = mkstemp(path);
        if (fd < 0) fail_msg("mkstemp failed");
        unlink(path);
        fflush(stderr);
        saved = dup(2);
        dup2(fd, 2);
    }
    const char* stop() {
        fflush(stderr);
        dup2(saved, 2);
        close(saved);
        ssize_t n = pread(fd, text, sizeof text - 1, 0);
        text[n > 0 ? n : 0] = '\0';
        close(fd);
        return text;
    }
};

// --- errors and values ---------------------------------------------------------------
// The one-line message of e (what `krgnet: ` is followed by).
inline const char* message(const Error& e) {
    static char buf[kErrObject + kErrDetail + 64];
    format_error(e, buf, sizeof buf);
    return buf;
}

// NUL-terminated copy of a view, for assert_string_equal.
inline const char* str(std::string_view v) {
    static char bufs[4][8192];
    static int next = 0;
    char* b = bufs[next++ & 3];
    if (v.size() >= sizeof bufs[0]) fail_msg("view too long to compare");
    memcpy(b, v.data(), v.size());
    b[v.size()] = '\0';
    return b;
}

// The result failed with Exit::config and exactly this message.
#define assert_config_error(result, text)                          \
    do {                                                           \
        auto&& _r = (result);                                      \
        assert_false(_r.ok());                                     \
        assert_string_equal(::krgtest::message(_r.error()), text); \
        assert_int_equal(int(_r.error().exit), int(::krg::Exit::config)); \
    } while (0)

#define assert_ok(result)                                                       \
    do {                                                                        \
        auto&& _r = (result);                                                   \
        if (!_r.ok()) fail_msg("unexpected error: %s", ::krgtest::message(_r.error())); \
    } while (0)

#define assert_value(cfg, key, text) assert_string_equal(::krgtest::str((cfg).value(key)), text)

// --- configurations ------------------------------------------------------------------
// Built-in defaults plus one kernel command line (no net.conf, no lease).
inline RawConfig& raw_from_cmdline(std::string_view cmdline) {
    static RawConfig cfg;
    cfg = RawConfig{};
    load_defaults(cfg);
    Origin o;
    o.source = Source::cmdline;
    auto r = parse_cmdline(cmdline, o, cfg);
    if (!r.ok()) fail_msg("cmdline rejected: %s", message(r.error()));
    return cfg;
}

// derive() of defaults plus this kernel command line.
inline Result<Plan> plan_from(std::string_view cmdline) { return derive(raw_from_cmdline(cmdline)); }

// The plan, failing the test when derivation fails.
inline Plan must_plan(std::string_view cmdline) {
    auto r = plan_from(cmdline);
    if (!r.ok()) fail_msg("derive failed: %s", message(r.error()));
    return r.value();
}

// load_config() + derive() with every source given explicitly, so nothing
// of the machine running the tests (/proc/cmdline, /etc, /tmp leases) leaks in.
struct Loaded {
    RawConfig cfg;
    bool loaded = false;
    Error error{};
};

inline SourceOptions sources(const char* cmdline, const char* conf = "/dev/null", const char* lease = nullptr,
                             const char* lease_dir = nullptr) {
    SourceOptions o;
    o.cmdline = cmdline;
    o.conf = conf;
    o.lease = lease;
    o.lease_dir = lease_dir ? lease_dir : temp_dir();
    return o;
}

// load_config into a zeroed RawConfig.
inline Result<void> load(const SourceOptions& opt, RawConfig& cfg) {
    cfg = RawConfig{};
    return load_config(opt, cfg);
}

inline Result<Plan> load_and_derive(const SourceOptions& opt) {
    static RawConfig cfg;
    auto r = load(opt, cfg);
    if (!r.ok()) return r.error();
    return derive(cfg);
}

inline const char* describe(Key k, const RawConfig& cfg) {
    static Text<kErrObject> w;
    w.clear();
    describe_setting(w, k, cfg.get(k));
    return w.c_str();
}

}  // namespace krgtest

#define KRG_RUN_TESTS(tests) cmocka_run_group_tests(tests, nullptr, ::krgtest::remove_temps)
#define KRG_TEST(f) cmocka_unit_test_teardown(f, ::krgtest::remove_temps)
