// Milliseconds on CLOCK_MONOTONIC: deadlines and durations, immune to the
// wall clock being set during boot.
#pragma once

#include <time.h>

#include <cstdint>

namespace krg {

inline uint64_t monotonic_ms() {
    constexpr uint64_t kMsPerSec = 1000, kNsPerMs = 1000000;
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * kMsPerSec + uint64_t(ts.tv_nsec) / kNsPerMs;
}

}  // namespace krg
