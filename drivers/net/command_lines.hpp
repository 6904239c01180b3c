// The Trigno command port's text: replies are ASCII lines ending in CR LF, and the server
// follows each with an empty line (<CR><LF><CR><LF>). Bytes arrive in any pieces; this splits
// them into the non-empty lines, in order.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace stridecue {

class CommandLines {
 public:
  // Appends bytes; a line longer than max_line_bytes without an end is cut there, so a server
  // that sends garbage cannot grow this without bound.
  void append(std::string_view bytes);
  // The next complete, non-empty line without its CR LF (surrounding blanks trimmed).
  std::optional<std::string> pop();
  void clear();

  static constexpr std::size_t max_line_bytes = 4096;

 private:
  std::string partial_;
  std::deque<std::string> lines_;
};

// A command as the SDK wants it on the wire: the text and <CR><LF><CR><LF>.
std::string trigno_command(std::string_view text);

// The first number in a reply ("1925.92592592593", "RATE 2000"), if there is one.
std::optional<double> first_number(std::string_view reply);

}  // namespace stridecue
