// SPDX-License-Identifier: GPL-2.0-or-later
// Result<T>: a value or a plain-data Error, without exceptions or heap.
//
//   Result<int> parse(...);          return Error::config(...) or a value
//   int v = TRY(parse(...));         propagate the error to the caller
//   MUST(write_all(...));            for what cannot fail (traps otherwise)
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

namespace krg {

// Exit statuses of the krgnet command (README "Exit status").
enum class Exit : uint8_t {
    ok = 0,
    differs = 1,   // `status`: the kernel's state differs from the plan
    usage = 2,     // bad command line of krgnet itself
    config = 100,  // bad configuration value (nothing was touched)
    system = 111,  // the kernel or the system refused (rolled back)
};

inline constexpr size_t kErrObject = 128;
inline constexpr size_t kErrDetail = 160;

// One failure: which step, on which object, why.  Printed as
//   krgnet: <step> <object>: <detail>
// where detail defaults to errno_text(code) when empty.  Plain data, copied
// by value: the cause travels inside the Result, never through errno or a
// global.
struct Error {
    Exit exit = Exit::system;
    int code = 0;          // errno value (positive) or 0
    const char* step = "";  // static string, may be "" (configuration errors)
    char object[kErrObject] = {};
    char detail[kErrDetail] = {};
    bool hinted = false;   // one hint per error: the first, most specific, stays

    static Error make(Exit exit, int code, const char* step, const char* object, const char* detail);
    static Error config(const char* object, const char* detail) { return make(Exit::config, 0, "", object, detail); }
    static Error usage(const char* object, const char* detail) { return make(Exit::usage, 0, "", object, detail); }
    static Error system(int code, const char* step, const char* object, const char* detail = "") {
        return make(Exit::system, code, step, object, detail);
    }
    // Append " (hint)" to the detail, or to errno_text(code) when detail is
    // empty; nothing when the error has a hint already.
    Error& hint(const char* text);
};

// Writes the one-line message for e to stderr (and the kernel log when enabled).
void report(const Error& e);
// Formats the message (without trailing newline) into buf; returns its length.
size_t format_error(const Error& e, char* buf, size_t size);

[[noreturn]] void trap(const char* what);

template <typename T>
class [[nodiscard]] Result {
public:
    Result(const T& v) : ok_(true) { new (&u_.value) T(v); }
    Result(T&& v) : ok_(true) { new (&u_.value) T(std::move(v)); }
    Result(const Error& e) : ok_(false) { new (&u_.error) Error(e); }
    Result(const Result& o) : ok_(o.ok_) {
        if (ok_) new (&u_.value) T(o.u_.value); else new (&u_.error) Error(o.u_.error);
    }
    Result& operator=(const Result&) = delete;
    ~Result() { if (ok_) u_.value.~T(); }

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    T& value() { if (!ok_) trap("Result::value on error"); return u_.value; }
    const T& value() const { if (!ok_) trap("Result::value on error"); return u_.value; }
    const Error& error() const { if (ok_) trap("Result::error on value"); return u_.error; }
    // For TRY and the like, once ok() has been checked: no second check
    // (and no trap call) at each of the many call sites.
    T release_value() { return std::move(u_.value); }
    const Error& release_error() const { return u_.error; }

private:
    bool ok_;
    union U { T value; Error error; U() {} ~U() {} } u_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() : ok_(true) {}
    Result(const Error& e) : ok_(false) { new (&u_.error) Error(e); }
    Result(const Result& o) : ok_(o.ok_) { if (!ok_) new (&u_.error) Error(o.u_.error); }
    Result& operator=(const Result& o) {
        ok_ = o.ok_;
        if (!ok_) new (&u_.error) Error(o.u_.error);
        return *this;
    }
    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    void value() const { if (!ok_) trap("Result::value on error"); }
    void release_value() const {}  // TRY has checked ok() already
    const Error& error() const { if (ok_) trap("Result::error on value"); return u_.error; }
    const Error& release_error() const { return u_.error; }  // once !ok() is known

private:
    bool ok_;
    // A union: success constructs no Error (its buffers would be zeroed).
    union U { Error error; U() {} } u_;
};

}  // namespace krg

// Propagates an error out of the enclosing function; yields the value otherwise.
#define TRY(expr)                                                   \
    ({                                                              \
        auto _try_result = (expr);                                  \
        if (!_try_result.ok()) return _try_result.release_error();  \
        _try_result.release_value();                                \
    })

// For what cannot fail: traps (no unwinding) if it does.
#define MUST(expr)                                                  \
    ({                                                              \
        auto _must_result = (expr);                                 \
        if (!_must_result.ok()) ::krg::trap("MUST failed: " #expr); \
        _must_result.release_value();                               \
    })
