#include "api/lingering_close.hpp"

#include <array>

namespace stridecue::api_internal {
namespace {

// At most this many goodbyes at once: under a flood of refused connections the oldest is cut
// short to make room, so that every client still gets its last words (the 503) written.
constexpr std::size_t kMaxLingering = 64;

class LingeringClose : public Connection, public std::enable_shared_from_this<LingeringClose> {
 public:
  LingeringClose(tcp::socket socket, ServerState& state,
                 std::shared_ptr<const std::string> last_words)
      : socket_(std::move(socket)),
        state_(state),
        last_words_(std::move(last_words)),
        deadline_(socket_.get_executor()) {}
  ~LingeringClose() override { state_.closers.remove(this); }

  void start() {
    state_.closers.add(shared_from_this());
    state_.closers_by_age.push_back(shared_from_this());
    deadline_.expires_after(state_.options.close_grace);
    deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->close_now();
    });
    if (!last_words_) return stop_sending();
    net::async_write(socket_, net::buffer(*last_words_),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->close_now();
                       self->stop_sending();
                     });
  }

  void shut_down() override { close_now(); }

 private:
  void stop_sending() {
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    drain();
  }

  void drain() {
    socket_.async_read_some(net::buffer(discard_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->close_now();  // the client closed: done
                              self->drain();
                            });
  }

  // Leaves the registry at once, not when the last handler lets go: a cut goodbye no longer
  // counts against kMaxLingering.
  void close_now() {
    beast::error_code ec;
    socket_.close(ec);
    deadline_.cancel();
    state_.closers.remove(this);
  }

  tcp::socket socket_;
  ServerState& state_;
  std::shared_ptr<const std::string> last_words_;
  net::steady_timer deadline_;
  std::array<char, 4096> discard_{};
};

void cut_oldest_goodbye(ServerState& state) {
  auto& queue = state.closers_by_age;
  while (!queue.empty()) {
    const auto oldest = queue.front().lock();
    queue.pop_front();
    // One already cut (its handlers not yet run) is not counted any more: look further.
    if (oldest && state.closers.contains(oldest.get())) return oldest->shut_down();
  }
}

}  // namespace

void close_lingering(tcp::socket socket, ServerState& state,
                     std::shared_ptr<const std::string> last_words) {
  if (state.stopping) {
    beast::error_code ec;
    socket.close(ec);
    return;
  }
  if (state.closers.size() >= kMaxLingering) cut_oldest_goodbye(state);
  // Goodbyes that ended by themselves leave expired entries behind the oldest live one.
  if (state.closers_by_age.size() > 4 * kMaxLingering) {
    std::erase_if(state.closers_by_age, [](const auto& weak) { return weak.expired(); });
  }
  std::make_shared<LingeringClose>(std::move(socket), state, std::move(last_words))->start();
}

}  // namespace stridecue::api_internal
