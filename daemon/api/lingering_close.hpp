// Closing a connection the way HTTP servers must: send the last bytes, shut down our side, then
// read and discard whatever the client still sends until it closes (or a deadline passes).
// Closing at once with unread input makes the kernel send a reset, and the client may lose the
// response it was about to read — e.g. the 413 for a body it is still uploading.
#pragma once

#include <memory>
#include <string>

#include "api/beast.hpp"
#include "api/server_state.hpp"

namespace stridecue::api_internal {

// `last_words` (may be null) are written first: a ready-made response such as the 503.
void close_lingering(tcp::socket socket, ServerState& state,
                     std::shared_ptr<const std::string> last_words = nullptr);

}  // namespace stridecue::api_internal
