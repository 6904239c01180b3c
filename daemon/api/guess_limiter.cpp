#include "api/guess_limiter.hpp"

#include <utility>  // before Boost: Asio's headers need std::exchange under g++ 12 / C++20

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/system/error_code.hpp>

namespace stridecue {
namespace {

namespace ip = boost::asio::ip;

// The address as it is counted, or none for loopback and for text that is no IP address (the
// socket always gives one; a connection whose peer is gone has nothing left to guess with).
std::optional<ip::address> counted_address(std::string_view text) {
  boost::system::error_code ec;
  ip::address address = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    address = ip::make_address_v4(ip::v4_mapped, address.to_v6());
  if (address.is_loopback()) return std::nullopt;
  if (address.is_v6()) {
    ip::address_v6::bytes_type bytes = address.to_v6().to_bytes();
    std::fill(bytes.begin() + 8, bytes.end(), 0);  // the /64
    address = ip::address_v6(bytes);
  }
  return address;
}

// IPv4 in its mapped form, IPv6 as its /64: the two never share a key.
std::array<unsigned char, 16> key_of(const ip::address& address) {
  if (address.is_v4()) return ip::make_address_v6(ip::v4_mapped, address.to_v4()).to_bytes();
  return address.to_v6().to_bytes();
}

}  // namespace

GuessLimiter::GuessLimiter(GuessLimits limits, Clock now) : limits_(limits), now_(std::move(now)) {}

std::optional<std::chrono::seconds> GuessLimiter::wait_before_next(std::string_view address) {
  const auto counted = counted_address(address);
  if (!counted) return std::nullopt;
  const Entry* e = find(key_of(*counted));
  if (e == nullptr) return std::nullopt;
  const Time now = now_();
  if (e->blocked_until <= now) return std::nullopt;
  // Rounded up: a client that waits as long as told is never refused again for the same block.
  const auto left = std::chrono::ceil<std::chrono::seconds>(e->blocked_until - now);
  return std::max(left, std::chrono::seconds(1));
}

bool GuessLimiter::count_wrong(std::string_view address) {
  const auto counted = counted_address(address);
  if (!counted) return false;
  const Key key = key_of(*counted);
  const Time now = now_();
  Entry* found = find(key);
  Entry& e = found != nullptr ? *found : claim(key, now);
  if (e.wrong == 0 || now >= e.window_start + limits_.window) {
    e.wrong = 0;
    e.window_start = now;
  }
  e.last_wrong = now;
  if (++e.wrong < limits_.max_wrong) return false;
  e.blocked_until = now + limits_.window;
  e.wrong = 0;  // after the block, a fresh count
  return true;
}

std::string GuessLimiter::counted_as(std::string_view address) {
  const auto counted = counted_address(address);
  if (!counted) return std::string(address);
  return counted->is_v6() ? counted->to_string() + "/64" : counted->to_string();
}

GuessLimiter::Entry* GuessLimiter::find(const Key& key) {
  for (Entry& e : entries_)
    if (e.used && e.key == key) return &e;
  return nullptr;
}

bool GuessLimiter::idle(const Entry& e, Time now) const {
  return now >= e.blocked_until && (e.wrong == 0 || now >= e.window_start + limits_.window);
}

GuessLimiter::Entry& GuessLimiter::claim(const Key& key, Time now) {
  // A free or idle entry; else the counting one whose last wrong token is oldest; a blocked one
  // only when all are, so that guessing from many addresses does not lift a block.
  const auto rank = [now](const Entry& e) {
    return std::pair(now < e.blocked_until, e.last_wrong);
  };
  Entry* chosen = nullptr;
  for (Entry& e : entries_) {
    if (!e.used || idle(e, now)) {
      chosen = &e;
      break;
    }
    if (chosen == nullptr || rank(e) < rank(*chosen)) chosen = &e;
  }
  *chosen = Entry{};
  chosen->used = true;
  chosen->key = key;
  return *chosen;
}

}  // namespace stridecue
