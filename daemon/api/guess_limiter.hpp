// How many wrong tokens one client address may send (docs/api.md, "Auth"). Off loopback the
// token is all that stands between the clinic's Wi-Fi and the cues, so guessing it must be slow:
// after `max_wrong` wrong tokens (a bearer header, the stream's upgrade, the console's login)
// within `window` of the first, the address is refused with a 429 for `window`, its secrets not
// even compared, and then starts afresh.
//   - Loopback clients are never counted nor refused: they are this machine, which needs no
//     token on the default loopback listener, and the overlay and `stridecue ctl` beside the
//     treadmill must not be locked out by anyone.
//   - IPv6 clients are counted by their /64: one host commonly holds a whole /64 and could
//     otherwise take a new address for every few guesses. IPv4-mapped IPv6 counts as IPv4.
//   - A fixed table of addresses: memory stays the same under a flood. When it is full, an
//     address whose window and block have passed makes room, else the one still counting whose
//     last wrong token is oldest; a blocked address only when every one is blocked.
// The clock is injected, so that tests move time instead of sleeping. Touched on the server
// thread only.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace stridecue {

struct GuessLimits {
  int max_wrong = 10;  // wrong tokens within `window` of the first that block an address
  std::chrono::milliseconds window{60'000};  // counted over this, then refused for this long
};

class GuessLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::size_t kAddresses = 256;

  explicit GuessLimiter(GuessLimits limits, Clock now = &std::chrono::steady_clock::now);

  // How long `address` (an IP literal, as the socket gives it) must wait before its token is
  // looked at again, rounded up to whole seconds; none when it may try now.
  std::optional<std::chrono::seconds> wait_before_next(std::string_view address);

  // Counts a wrong token from `address`. True when this is the one that blocks it: once per
  // block, for the log.
  bool count_wrong(std::string_view address);

  // What a block applies to, for messages: "10.0.0.7", "2001:db8:1:2::/64".
  static std::string counted_as(std::string_view address);

  const GuessLimits& limits() const { return limits_; }

 private:
  using Time = std::chrono::steady_clock::time_point;
  using Key = std::array<unsigned char, 16>;
  struct Entry {
    bool used = false;
    Key key{};
    int wrong = 0;
    Time window_start{};  // the first wrong token of the current count
    Time last_wrong{};
    Time blocked_until{};
  };

  Entry* find(const Key& key);
  Entry& claim(const Key& key, Time now);
  bool idle(const Entry& e, Time now) const;

  GuessLimits limits_;
  Clock now_;
  std::array<Entry, kAddresses> entries_{};
};

}  // namespace stridecue
