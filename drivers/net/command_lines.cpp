#include "net/command_lines.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

namespace stridecue {
namespace {

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

void CommandLines::append(std::string_view bytes) {
  for (const char c : bytes) {
    if (c == '\n' || partial_.size() >= max_line_bytes) {
      std::string line = trimmed(partial_);
      partial_.clear();
      if (!line.empty()) lines_.push_back(std::move(line));
      if (c == '\n') continue;
    }
    partial_.push_back(c);
  }
}

std::optional<std::string> CommandLines::pop() {
  if (lines_.empty()) return std::nullopt;
  std::string line = std::move(lines_.front());
  lines_.pop_front();
  return line;
}

void CommandLines::clear() {
  partial_.clear();
  lines_.clear();
}

std::string trigno_command(std::string_view text) {
  std::string out(text);
  out += "\r\n\r\n";
  return out;
}

std::optional<double> first_number(std::string_view reply) {
  // Whole space-separated words only: "SP-W02C-1759" holds digits but is no number.
  std::size_t i = 0;
  while (i < reply.size()) {
    while (i < reply.size() && reply[i] == ' ')
      ++i;
    std::size_t end = i;
    while (end < reply.size() && reply[end] != ' ')
      ++end;
    double value = 0.0;
    const auto result = std::from_chars(reply.data() + i, reply.data() + end, value);
    if (end > i && result.ec == std::errc() && result.ptr == reply.data() + end &&
        std::isfinite(value)) {
      return value;
    }
    i = end;
  }
  return std::nullopt;
}

}  // namespace stridecue
