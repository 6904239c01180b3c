// Boost.Asio and Beast for the API's own .cpp files only: they cost ~10 s per file to compile,
// so no header outside daemon/api's internals includes this.
#pragma once

#include <utility>  // before Boost: Asio's awaitable.hpp needs std::exchange under g++ 12 / C++20

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <string_view>

namespace stridecue::api_internal {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;

inline std::string_view to_std(beast::string_view text) {
  return {text.data(), text.size()};
}

inline beast::string_view to_beast(std::string_view text) {
  return {text.data(), text.size()};
}

}  // namespace stridecue::api_internal
