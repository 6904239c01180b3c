// The one way a reader or parser of stridecue says how it went: the value, or what was wrong
// and where, as one line for the user ("trial.csv:12:3: not a number: 'x'",
// "devices/plate.toml:4:1: channel 7 is used twice"). Files, profiles and marker data are read
// through it; config files (ConfigError) and the control API (JSON error replies) keep their own
// forms at their boundaries, built from these messages.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace stridecue {

struct ParseError {
  std::string message;  // "<where>: <what>", where = file[:line[:column]] or file: byte N
};

template <class T>
class [[nodiscard]] ParseResult {
 public:
  ParseResult(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  ParseResult(ParseError error)                                               // NOLINT: implicit
      : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  bool has_value() const { return ok(); }  // as std::optional and std::expected
  explicit operator bool() const { return ok(); }

  // The value; reading it from a failure is a programming error and throws.
  T& value() & { return checked(); }
  const T& value() const& { return const_cast<ParseResult*>(this)->checked(); }
  T&& value() && { return std::move(checked()); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(checked()); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // What was wrong and where; empty when ok().
  const std::string& error() const {
    static const std::string none;
    return ok() ? none : std::get<1>(state_).message;
  }

  // For callers that keep the value apart from the outcome.
  std::optional<T> take() && {
    if (!ok()) return std::nullopt;
    return std::move(std::get<0>(state_));
  }

 private:
  T& checked() {
    if (!ok()) throw std::logic_error("ParseResult::value() of a failure: " + error());
    return std::get<0>(state_);
  }
  std::variant<T, ParseError> state_;
};

// A reader written as `std::optional<T> read(std::string* error)`, as a ParseResult.
template <class Read>
auto parse_result_of(Read&& read)
    -> ParseResult<typename std::invoke_result_t<Read, std::string*>::value_type> {
  std::string error;
  auto value = read(&error);
  if (!value) return ParseError{error.empty() ? std::string("unreadable") : std::move(error)};
  return std::move(*value);
}

}  // namespace stridecue
