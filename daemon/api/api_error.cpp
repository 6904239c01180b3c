#include "api/api_error.hpp"

#include <fmt/format.h>

#include <utility>

namespace stridecue {

ApiReply api_error(int status, std::string message, std::string field) {
  ApiReply reply{status, {{"error", std::move(message)}}};
  if (!field.empty()) reply.body["field"] = std::move(field);
  return reply;
}

std::string shown_bytes(std::string_view bytes, std::size_t max_bytes) {
  std::string out;
  const std::string_view shown = bytes.substr(0, max_bytes);
  out.reserve(shown.size());
  for (const char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      out += fmt::format("\\x{:02X}", byte);
    }
  }
  if (bytes.size() > shown.size()) out += fmt::format("... ({} bytes)", bytes.size());
  return out;
}

std::string json_text(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace stridecue
