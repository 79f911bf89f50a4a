// SPDX-License-Identifier: GPL-2.0-or-later
// The static build links no libstdc++ runtime.  A few header-only std types
// still name libstdc++'s error hooks on their checked paths (string_view::substr
// past the end, ...); here those hooks trap, since nothing may throw.
// The host build (glibc, sanitizers) uses libstdc++'s own definitions.
#if KRG_STATIC
#include "base/result.h"

namespace std {
[[noreturn]] void __throw_out_of_range_fmt(const char*, ...) { krg::trap("out of range"); }
[[noreturn]] void __throw_out_of_range(const char*) { krg::trap("out of range"); }
[[noreturn]] void __throw_length_error(const char*) { krg::trap("length error"); }
[[noreturn]] void __throw_logic_error(const char*) { krg::trap("logic error"); }
[[noreturn]] void __throw_bad_optional_access() { krg::trap("bad optional access"); }
}  // namespace std
#endif
