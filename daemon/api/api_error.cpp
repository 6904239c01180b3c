#include "api/api_error.hpp"

#include <utility>

namespace stridecue {

ApiReply api_error(int status, std::string message, std::string field) {
  ApiReply reply{status, {{"error", std::move(message)}}};
  if (!field.empty()) reply.body["field"] = std::move(field);
  return reply;
}

}  // namespace stridecue
