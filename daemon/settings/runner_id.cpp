#include "settings/runner_id.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace stridecue {
namespace {

bool is_letter_or_digit(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_allowed(char c) {
  return is_letter_or_digit(c) || c == ' ' || c == '-' || c == '_' || c == '.';
}

}  // namespace

std::optional<std::string> runner_id_problem(std::string_view id) {
  if (!id.empty() && id.size() <= kRunnerIdMaxLength && is_letter_or_digit(id.front()) &&
      std::all_of(id.begin(), id.end(), is_allowed))
    return std::nullopt;
  return fmt::format("runner_id \"{}\" is refused: a runner id is {}", printable_runner_id(id),
                     kRunnerIdRule);
}

std::optional<std::string> runner_id_value_problem(const nlohmann::json& id) {
  if (!id.is_string())
    return fmt::format("runner_id must be a string, not {}: a runner id is {}", id.type_name(),
                       kRunnerIdRule);
  return runner_id_problem(std::string_view(id.get_ref<const std::string&>()));
}

std::string printable_runner_id(std::string_view id) {
  std::string out;
  const std::string_view shown = id.substr(0, kRunnerIdMaxLength);
  for (const char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      out += fmt::format("\\x{:02X}", byte);
    }
  }
  if (id.size() > shown.size()) out += fmt::format("... ({} bytes)", id.size());
  return out;
}

}  // namespace stridecue
