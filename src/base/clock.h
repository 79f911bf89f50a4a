// SPDX-License-Identifier: GPL-2.0-or-later
// Milliseconds on CLOCK_MONOTONIC: deadlines and durations, immune to the
// wall clock being set during boot.
//
// The system call directly, not clock_gettime(): musl's clock_gettime
// first looks the function up in the vDSO, which costs about 0.8 KiB of
// binary for a call krgnet makes a handful of times per run.
#pragma once

#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>

namespace krg {

inline constexpr uint32_t kMsPerS = 1000;

inline uint64_t monotonic_ms() {
    constexpr uint64_t kNsPerMs = 1000000;
    timespec ts;
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * kMsPerS + uint64_t(ts.tv_nsec) / kNsPerMs;
}

}  // namespace krg
