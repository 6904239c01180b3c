// The one shape of every error the control API returns: {"error": "...", "field": "..."}, the
// field only when one field of the request is at fault. And the two rules that keep any reply
// writable whatever bytes a client sent: what is echoed is escaped, and bodies are dumped with
// invalid UTF-8 replaced rather than thrown on.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/control_handler.hpp"

namespace stridecue {

ApiReply api_error(int status, std::string message, std::string field = {});

// Client bytes as they may appear in a message: printable ASCII as is, every other byte as
// \xNN, and at most `max_bytes` of the input (then "..." and the length), so that a path, a
// header or a JSON fragment can be quoted back without breaking the reply or a log line.
std::string shown_bytes(std::string_view bytes, std::size_t max_bytes = 200);

// The reply body as sent: never throws (nlohmann's dump() does on invalid UTF-8; here such a
// byte becomes U+FFFD).
std::string json_text(const nlohmann::json& body);

}  // namespace stridecue
