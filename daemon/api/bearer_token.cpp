#include "api/bearer_token.hpp"

#include <utility>  // before Boost: Asio's headers need std::exchange under g++ 12 / C++20

#include <boost/asio/ip/address.hpp>
#include <boost/system/error_code.hpp>
#include <string>

namespace stridecue {

bool bearer_token_accepted(std::string_view authorization_header, std::string_view token) {
  if (token.empty()) return true;
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization_header.substr(0, kScheme.size()) != kScheme) return false;
  return same_secret(authorization_header.substr(kScheme.size()), token);
}

bool same_secret(std::string_view given, std::string_view expected) {
  if (expected.empty()) return false;
  // One pass over what the client sent, whatever its length and wherever it differs: the time
  // depends on the given length only, which the client knows, never on the secret's length or
  // content. The secret is read cyclically so that a given shorter or longer than it costs the
  // same per byte; a length difference is folded in at the end, not returned on.
  std::size_t difference = given.size() ^ expected.size();
  std::size_t e = 0;
  for (const char c : given) {
    difference |= static_cast<unsigned char>(c ^ expected[e]);
    e = e + 1 == expected.size() ? 0 : e + 1;
  }
  return difference == 0;
}

bool is_loopback_address(std::string_view address) {
  if (address == "localhost") return true;
  boost::system::error_code ec;
  const auto ip = boost::asio::ip::make_address(std::string(address), ec);
  return !ec && ip.is_loopback();
}

}  // namespace stridecue
