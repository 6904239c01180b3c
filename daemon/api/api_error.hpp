// The one shape of every error the control API returns: {"error": "...", "field": "..."}, the
// field only when one field of the request is at fault.
#pragma once

#include <string>

#include "api/control_handler.hpp"

namespace stridecue {

ApiReply api_error(int status, std::string message, std::string field = {});

}  // namespace stridecue
