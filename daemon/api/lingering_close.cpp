#include "api/lingering_close.hpp"

#include <array>

namespace stridecue::api_internal {
namespace {

// More goodbyes than this at once (a flood of refused connections) are cut short.
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

  void close_now() {
    beast::error_code ec;
    socket_.close(ec);
    deadline_.cancel();
  }

  tcp::socket socket_;
  ServerState& state_;
  std::shared_ptr<const std::string> last_words_;
  net::steady_timer deadline_;
  std::array<char, 4096> discard_{};
};

}  // namespace

void close_lingering(tcp::socket socket, ServerState& state,
                     std::shared_ptr<const std::string> last_words) {
  if (state.stopping || state.closers.size() >= kMaxLingering) {
    beast::error_code ec;
    socket.close(ec);
    return;
  }
  std::make_shared<LingeringClose>(std::move(socket), state, std::move(last_words))->start();
}

}  // namespace stridecue::api_internal
