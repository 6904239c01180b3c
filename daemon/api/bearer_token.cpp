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
  const std::string_view given = authorization_header.substr(kScheme.size());
  if (given.size() != token.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < token.size(); ++i)
    difference |= static_cast<unsigned char>(given[i] ^ token[i]);
  return difference == 0;
}

bool is_loopback_address(std::string_view address) {
  if (address == "localhost") return true;
  boost::system::error_code ec;
  const auto ip = boost::asio::ip::make_address(std::string(address), ec);
  return !ec && ip.is_loopback();
}

}  // namespace stridecue
